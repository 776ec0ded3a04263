"""Open a PDF the app made, as a person would read it: its pages and their text."""

import io

from pypdf import PdfReader


def pages_of(data):
    assert data[:5] == b"%PDF-", "not a PDF"
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text_of(data):
    # pypdf keeps the PDF's line breaks; fold them so a sentence reads as one.
    return " ".join(" ".join(pages_of(data)).split())


def body(response):
    """The bytes of a response, whether it is streamed (FileResponse) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
