"""HTML to tagged PDF (PDF/UA-1) with WeasyPrint, for reports, attendance lists and
data requests. A PDF may load only its own fonts and stylesheet from static/: nothing
else on disk and nothing on the network, even if a user typed a URL into a text field.
See docs/reports.md.
"""

import atexit
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# The only files a PDF may load. Nothing else on disk, and nothing on the network.
PDF_ASSETS = frozenset(
    (STATIC_DIR / name).resolve()
    for name in (
        "css/report-pdf.css",
        "fonts/dejavu/DejaVuSans.ttf",
        "fonts/dejavu/DejaVuSans-Bold.ttf",
    )
)
MIME_TYPES = {".css": "text/css", ".ttf": "font/ttf"}


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the report's own font and stylesheet files; refuses everything else."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"PDF may not load {parts.scheme or 'relative'} URLs")
            path = Path(unquote(parts.path)).resolve()
            if path not in PDF_ASSETS:
                raise ValueError("PDF may only load its own static fonts and stylesheet")
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": MIME_TYPES[path.suffix]}
            )

    return StaticOnlyFetcher


@cache
def _pdf_resources():
    """Fonts and stylesheet parsed once per process: warm renders reuse them."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class()(allowed_protocols=("file",))
    font_config = FontConfiguration()
    css = CSS(
        filename=str(STATIC_DIR / "css" / "report-pdf.css"),
        url_fetcher=fetcher,
        font_config=font_config,
    )
    return fetcher, font_config, css


# Drop the fonts while the interpreter is still whole: FontConfiguration's finaliser
# needs its C library, which is gone by the time module globals are collected.
atexit.register(_pdf_resources.cache_clear)


def url_fetcher():
    return _pdf_resources()[0]


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    fetcher, font_config, css = _pdf_resources()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[css],
        font_config=font_config,
        pdf_variant="pdf/ua-1",
        pdf_identifier=False,
        custom_metadata=False,
        finisher=_scope_table_headers,
    )


ROW_SCOPES = frozenset({"row", "rowgroup"})


def _scope_table_headers(document, pdf) -> None:
    """Writes /Scope into every TH structure element, as PDF/UA-1 requires.

    WeasyPrint 70 tags <th> as TH and links data cells to their headers (it reads
    `scope="row"`), but writes no /Scope. It keeps each cell's structure element on its
    box (`box.mark`), so the scope is taken from the same HTML attribute: "row" or
    "rowgroup" → /Row, anything else (as WeasyPrint itself assumes) → /Column.
    tests/test_pdf_tables.py fails if a WeasyPrint upgrade changes this."""
    for page in document.pages:
        for box in page._page_box.descendants(placeholders=True):
            mark = getattr(box, "mark", None)
            if getattr(box, "element_tag", None) != "th" or not isinstance(mark, dict):
                continue
            scope = (box.element.get("scope") or "").lower()
            mark["A"]["Scope"] = "/Row" if scope in ROW_SCOPES else "/Column"
