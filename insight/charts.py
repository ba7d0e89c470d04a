"""Server-rendered SVG bar charts: no script, accessible (role="img", title, desc).

The numbers come from the same suppressed cells as the table next to the chart: a
suppressed count is drawn without a bar and labelled "< 5".
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from insight.suppression import is_suppressed

WIDTH = 640
LABEL_WIDTH = 270
VALUE_WIDTH = 60
BAR_HEIGHT = 20
GAP = 8
DEFAULT_COLOUR = "#1f5f8b"


def bar_chart(*, chart_id: str, title: str, description: str, bars: list) -> SafeString:
    """`bars`: (label, value, colour or None) with value an int or SUPPRESSED."""
    shown = [value for _, value, _ in bars if not is_suppressed(value)]
    largest = max(shown, default=0) or 1
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for index, (label, value, colour) in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        text_y = y + BAR_HEIGHT * 0.7
        length = 0 if is_suppressed(value) else round(plot_width * value / largest)
        rows.append(
            (
                LABEL_WIDTH - 8,
                text_y,
                label,
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                colour or DEFAULT_COLOUR,
                LABEL_WIDTH + length + 6,
                text_y,
                str(value),
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#333333"></rect>'
        '<text x="{}" y="{}">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="insight-chart" role="img" aria-labelledby="{0}-title {0}-desc" '
        'viewBox="0 0 {1} {2}" width="{1}" height="{2}" font-size="14" font-family="sans-serif" '
        'fill="#000000" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        chart_id,
        WIDTH,
        height,
        title,
        description,
        body,
    )
