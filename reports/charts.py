"""The monthly trend chart as server-rendered SVG: no script, no CDN, legible on a projector and in print.

Bars for the period's months, a dashed line for the same months a year earlier,
the value written above each bar, large type and a white background, so the
chart survives a beamer and a black-and-white printer alike.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 960, 360
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 60
BAR, LINE = "#b3261e", "#1f2328"


def _fmt(value):
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def trend_svg(rows, key, *, title, this_label, last_label):
    """An SVG bar chart of ``row.values[key]`` per month, with ``row.previous[key]`` as a dashed line."""
    values = [Decimal(r.values.get(key) or 0) for r in rows]
    previous = [Decimal(r.previous.get(key) or 0) for r in rows]
    top = max([*values, *previous, Decimal(1)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(rows), 1)
    bar_w = step * 0.6

    def y(value):
        return TOP + plot_h - float(value / top) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="trend-chart" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="16">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        f'<text x="{LEFT}" y="24" font-size="18" font-weight="bold" fill="{LINE}">{escape(title)}</text>',
        f'<rect x="{WIDTH - 330}" y="10" width="16" height="16" fill="{BAR}"/>'
        f'<text x="{WIDTH - 308}" y="24" fill="{LINE}">{escape(this_label)}</text>',
        f'<line x1="{WIDTH - 170}" y1="18" x2="{WIDTH - 140}" y2="18" stroke="{LINE}" stroke-width="3" '
        f'stroke-dasharray="6 4"/><text x="{WIDTH - 132}" y="24" fill="{LINE}">{escape(last_label)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{LINE}"/>',
        f'<text x="{LEFT - 8}" y="{TOP + 6}" text-anchor="end" fill="{LINE}">{_fmt(top)}</text>',
        f'<text x="{LEFT - 8}" y="{TOP + plot_h}" text-anchor="end" fill="{LINE}">0</text>',
    ]
    points = []
    one_year = len({r.label[:4] for r in rows}) == 1
    for i, (row, value, before) in enumerate(zip(rows, values, previous, strict=True)):
        centre = LEFT + step * i + step / 2
        height = TOP + plot_h - y(value)
        parts.append(
            f'<rect x="{centre - bar_w / 2:.1f}" y="{y(value):.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
            f'fill="{BAR}"><title>{escape(row.label)}: {_fmt(value)}</title></rect>'
        )
        if value:
            parts.append(
                f'<text x="{centre:.1f}" y="{y(value) - 6:.1f}" text-anchor="middle" fill="{LINE}">{_fmt(value)}</text>'
            )
        label = row.label[5:] if one_year else row.label  # "03" within one year, "2021-03" across years
        parts.append(
            f'<text x="{centre:.1f}" y="{TOP + plot_h + 24}" text-anchor="middle" fill="{LINE}">{escape(label)}</text>'
        )
        points.append(f"{centre:.1f},{y(before):.1f}")
    if any(previous):
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="3" '
            f'stroke-dasharray="6 4"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped above
