"""Horizontal bar charts drawn on the server as SVG: no script, no outside font or file.

The chart is an image with a title and a description naming every bar's figure; the same
figures stand in a table beside it (templates/cases/statistics/breakdown.html), which
screen readers and printers read."""

from django.utils.html import format_html, format_html_join

ROW = 30  # px per bar
LABEL_WIDTH = 190
BAR_WIDTH = 300
NUMBER_WIDTH = 50


def _label(text, limit=12):
    # A long street or type is cut in the picture; the table beside it has it whole.
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(chart_id, title, rows):
    """An SVG bar chart of (label, count) rows, scaled to the largest count."""
    largest = max((count for _, count in rows), default=0) or 1
    height = ROW * max(len(rows), 1) + 10
    width = LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH
    description = "；".join(f"{label} {count}" for label, count in rows) or "暂无数据"
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})">'
        '<text x="{}" y="19" text-anchor="end" font-size="13" fill="#1f2933">{}</text>'
        '<rect x="{}" y="5" width="{}" height="20" rx="2" fill="#1f5f8b"></rect>'
        '<text x="{}" y="19" font-size="13" font-weight="bold" fill="#1f2933">{}</text></g>',
        (
            (
                i * ROW,
                LABEL_WIDTH - 8,
                _label(label),
                LABEL_WIDTH,
                round(BAR_WIDTH * count / largest, 1),
                LABEL_WIDTH + round(BAR_WIDTH * count / largest, 1) + 6,
                count,
            )
            for i, (label, count) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" font-family="sans-serif" '
        'aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{bars}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        bars=bars,
    )
