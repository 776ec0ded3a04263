from django.http import Http404

from consumers import access
from curriculum import pdf, printing
from fidelity import fidelity_scale, instruments, scoring

SCORE_SHEETS = {
    "imr-fidelity-scale": (
        "IMR Fidelity Scale score sheet",
        instruments.IMR_FIDELITY_ITEMS,
        f"Total (13 to 65): {fidelity_scale.band_rule()}. {scoring.mean_rule()}",
    ),
    "goi": (
        "General Organizational Index score sheet",
        instruments.GOI_ITEMS,
        "Total (12 to 60) and the mean of the rated items.",
    ),
}


@access.needs(access.PRINT)
def fidelity_blank_pdf(request, name):
    if name not in SCORE_SHEETS:
        raise Http404("No such score sheet.")
    title, items, scoring = SCORE_SHEETS[name]
    data = pdf.render_pdf(
        "print/score_sheet.html",
        printing.blank(request.user) | {"doc_title": title, "items": items, "scoring": scoring},
    )
    return pdf.pdf_response(data, f"{name}-score-sheet.pdf")
