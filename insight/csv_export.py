"""CSV for education providers: the page's tables and texts, safe for spreadsheets."""

import csv

from config.spreadsheets import safe_cell


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows):
    """Yields encoded CSV lines (semicolons, as Dutch spreadsheets expect) for streaming."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # byte order mark: Excel then reads UTF-8
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])
