"""CSV for education providers: the page's tables and texts, safe for spreadsheets."""

import csv

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value) -> str:
    """Neutralises CSV (formula) injection: a leading quote makes the cell plain text."""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows):
    """Yields encoded CSV lines (semicolons, as Dutch spreadsheets expect) for streaming."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # byte order mark: Excel then reads UTF-8
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])
