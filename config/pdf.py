"""HTML to PDF with WeasyPrint that can reach neither the network nor the file system.

Documents are rendered from our own templates with their CSS inline; fonts come from the
system's fontconfig (Debian's DejaVu). Any URL in the HTML, even one a user typed into a
text field, is refused instead of fetched. See docs/reports.md.
"""

from weasyprint import HTML
from weasyprint.urls import URLFetcher


class NoFetching(URLFetcher):
    def fetch(self, url, headers=None):
        raise ValueError(f"PDF rendering fetches nothing: {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the HTML."""
    return HTML(string=html, base_url="about:blank", url_fetcher=NoFetching()).write_pdf(
        pdf_variant="pdf/ua-1"
    )
