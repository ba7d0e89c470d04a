"""Cells for CSV files that people open in a spreadsheet (attendance lists, insight)."""

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value) -> str:
    """Neutralises CSV (formula) injection: a leading quote makes the cell plain text."""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
