"""The one rendering seam: a template and its context in, PDF bytes out.

Every PDF in the app (handouts, binders, worksheets, blank and filled forms,
notes, fidelity score sheets) goes through render_pdf(). The print stylesheet
is found through staticfiles; nothing is fetched from a network.
"""

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string
from weasyprint.urls import URLFetcher

from imr_site import fragments

PRINT_CSS = "css/pdf.css"
# Inline data only: a PDF must never reach out to a network while it renders.
OFFLINE = URLFetcher(allowed_protocols=("data",))


@functools.cache
def stylesheet():
    return weasyprint.CSS(filename=finders.find(PRINT_CSS))


def render_document(template, context):
    """The laid-out document, for when several are joined into one PDF (binders)."""
    return document_of(render_to_string(template, context))


def document_of(html):
    return weasyprint.HTML(string=html, url_fetcher=OFFLINE).render(stylesheets=[stylesheet()])


def write(document, *, tagged=True):
    # Tagged PDF: screen readers can follow headings, lists and tables.
    return document.write_pdf(pdf_tags=tagged)


def render_pdf(template, context):
    return write(render_document(template, context))


def join(documents, *, tagged=True):
    """One PDF of several documents, each keeping its own page numbers.

    Tagging costs time in proportion to pages times tags (pydyf rebuilds its page
    list for every tag), so a print run of hundreds of pages meant for paper is
    written untagged; each person's own PDF stays tagged.
    """
    documents = list(documents)
    pages = [page for document in documents for page in document.pages]
    return write(documents[0].copy(pages), tagged=tagged)


def pdf_response(data, filename, *, inline=True):
    """The PDF as a download. File names carry record numbers or topics, never names."""
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@functools.cache
def revision(*templates):
    """A fingerprint of what besides its context shapes a PDF: the stylesheet, WeasyPrint's
    version, the print templates (they include one another) and the templates named."""
    digest = hashlib.sha256(Path(finders.find(PRINT_CSS)).read_bytes())
    digest.update(weasyprint.__version__.encode())
    folder = Path(settings.BASE_DIR) / "templates"
    paths = {
        *(folder / "print").rglob("*.html"),
        folder / "curriculum" / "_blocks.html",
        *(Path(get_template(name).origin.name) for name in templates),
    }
    for path in sorted(paths):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_pdf(template, context, *, key):
    """render_pdf(), kept on disk by key: a repeated print is a file read.

    The key must name everything the output depends on (the content's hash and
    the options); the templates' and stylesheet's revision is added here.
    """
    name = hashlib.sha256(
        json.dumps([key, revision(template)], sort_keys=True).encode()
    ).hexdigest()
    path = Path(settings.PDF_CACHE_DIR) / f"{name}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = render_pdf(template, context)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a reader never sees half a file, and two
    # workers rendering the same handout at once both end with a whole one.
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as part:
        part.write(data)
    os.replace(part.name, path)
    return data


def _kept(key):
    """The kept PDF of this key, or None. Plain SQL: a reprint's whole cost is a few
    milliseconds, and Django took longer to build this query than to run it."""
    from curriculum.models import KeptPdf

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT data FROM {connection.ops.quote_name(KeptPdf._meta.db_table)} "  # noqa: S608 (ours)
            "WHERE key = %s LIMIT 1",
            [key],
        )
        found = cursor.fetchone()
    return bytes(found[0]) if found else None


def kept_pdf_of(parts_of, args, template, make_context, *, consumer=None, also=(), keep_if=None):
    """A kept PDF found by the rows it prints, so a reprint draws nothing at all.

    `parts_of(*args)` names every table the page reads as imr_site/fragments.py
    fingerprints them (every stored field of each row; its SQL compiled once per
    process), and `also` whatever else it shows (the agency's name, the full name or
    initials). `make_context()` is called only when the PDF must be made. The key also
    holds the templates' and stylesheet's revision and WeasyPrint's version.

    `keep_if()`, when given, says whether a PDF just made may be kept (are its notes all
    signed?). It is asked only then: a PDF found was kept for these very rows, so what
    was true of them then still is, and a reprint pays no query for it.
    """
    from curriculum.models import KeptPdf

    prints = fragments.fingerprints(parts_of, *args)
    parts = [*(prints[name] for name in sorted(prints)), *map(str, also), template]
    key = hashlib.sha256("rows:".join([*parts, revision(template)]).encode()).hexdigest()
    kept = _kept(key)
    if kept is not None:
        return kept
    data = render_pdf(template, make_context())
    if keep_if is None or keep_if():
        KeptPdf.objects.bulk_create(
            [KeptPdf(key=key, consumer=consumer, data=data)], ignore_conflicts=True
        )
    return data


def kept_pdf(template, context, *, consumer=None):
    """render_pdf() of a record that no longer changes, made once and then read back.

    The key is the HTML itself (with the stylesheet), not the caller's idea of what the
    page shows: if anything printed changed, from an addendum to the agency's name, the
    key changes with it, so a kept PDF is never stale. Laying out the PDF is what costs;
    the HTML is cheap to make again.
    """
    from curriculum.models import KeptPdf

    html = render_to_string(template, context)
    key = hashlib.sha256(html.encode() + revision(template).encode()).hexdigest()
    kept = _kept(key)
    if kept is not None:
        return kept
    data = write(document_of(html))
    # Two printing the same record at once both end with the one kept copy.
    KeptPdf.objects.bulk_create(
        [KeptPdf(key=key, consumer=consumer, data=data)], ignore_conflicts=True
    )
    return data
