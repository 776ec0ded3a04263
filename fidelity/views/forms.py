from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consumers import access
from curriculum import pdf, printing
from fidelity import fidelity_scale, instruments, scoring


def _fidelity_scale_scoring():
    return _("Total (13 to 65): %(bands)s. %(mean_rule)s") % {
        "bands": fidelity_scale.band_rule(),
        "mean_rule": scoring.mean_rule(),
    }


def _goi_scoring():
    return _("Total (12 to 60) and the mean of the rated items.")


# name -> (title, items, how the sheet is scored: a function, so it reads in the reader's language)
SCORE_SHEETS = {
    "imr-fidelity-scale": (
        gettext_lazy("IMR Fidelity Scale score sheet"),
        instruments.IMR_FIDELITY_ITEMS,
        _fidelity_scale_scoring,
    ),
    "goi": (
        gettext_lazy("General Organizational Index score sheet"),
        instruments.GOI_ITEMS,
        _goi_scoring,
    ),
}


@access.needs(access.PRINT)
def fidelity_blank_pdf(request, name):
    if name not in SCORE_SHEETS:
        raise Http404("No such score sheet.")
    title, items, how_scored = SCORE_SHEETS[name]
    data = pdf.render_pdf(
        "print/score_sheet.html",
        printing.blank(request.user)
        | {"doc_title": title, "items": items, "scoring": how_scored()},
    )
    return pdf.pdf_response(data, f"{name}-score-sheet.pdf")
