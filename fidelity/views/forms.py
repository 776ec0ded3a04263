from django.http import Http404

from consumers import access
from curriculum import pdf, printing
from fidelity import instruments

SCORE_SHEETS = {
    "imr-fidelity-scale": (
        "IMR Fidelity Scale score sheet",
        instruments.IMR_FIDELITY_ITEMS,
        "Total (13 to 65): 58 to 65 good implementation, 47 to 57 fair implementation, "
        "46 or less not IMR. A mean of 4.0 or more is good fidelity.",
    ),
    "goi": (
        "General Organizational Index score sheet",
        instruments.GOI_ITEMS,
        "Total (12 to 60) and the mean of the rated items.",
    ),
}


@access.capability_required(access.PRINT)
def fidelity_blank_pdf(request, name):
    if name not in SCORE_SHEETS:
        raise Http404("No such score sheet.")
    title, items, scoring = SCORE_SHEETS[name]
    data = pdf.render_pdf(
        "print/score_sheet.html",
        printing.blank(request.user) | {"doc_title": title, "items": items, "scoring": scoring},
    )
    return pdf.pdf_response(data, f"{name}-score-sheet.pdf")
