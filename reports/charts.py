"""The monthly trend chart as server-rendered SVG (and as PNG for the Word file): no script, no CDN, legible on a
projector and in print.

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


def _layout(rows, key):
    """The chart's figures and geometry (the SVG's units): this year's and last year's values per month, the
    top of the scale, the plot's width and height, the step between months and a bar's width."""
    values = [Decimal(r.values.get(key) or 0) for r in rows]
    previous = [Decimal(r.previous.get(key) or 0) for r in rows]
    top = max([*values, *previous, Decimal(1)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(rows), 1)
    return values, previous, top, plot_w, plot_h, step, step * 0.6


def trend_svg(rows, key, *, title, this_label, last_label):
    """An SVG bar chart of ``row.values[key]`` per month, with ``row.previous[key]`` as a dashed line."""
    values, previous, top, plot_w, plot_h, step, bar_w = _layout(rows, key)

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


# --- the same chart as a PNG, for the Word file (python-docx inserts pictures, not SVG) ------------------------

# Where the Chinese font the project installs for its PDF lives (Debian's fonts-wqy-microhei: ``make`` and .ci/run
# install it), then other CJK fonts a system may have. Without any, the chart is drawn with Pillow's own font and
# without its legend, which the Word file also gives as a caption under the picture.
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
SCALE = 2  # drawn at twice the SVG's size: sharp when printed at the page's width


def chart_font(size, paths=CJK_FONTS):
    """(a font of ``size`` pixels, whether it has Chinese characters): the first CJK font found, else Pillow's."""
    from PIL import ImageFont

    for path in paths:
        try:
            return ImageFont.truetype(path, size), True
        except OSError:
            continue
    return ImageFont.load_default(size), False


def _dashed(draw, points, *, fill, width, dash=12, gap=8):
    """A dashed polyline (Pillow draws solid lines only)."""
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 or 1
        position = 0.0
        while position < length:
            end = min(position + dash, length)
            draw.line(
                [
                    (x1 + (x2 - x1) * position / length, y1 + (y2 - y1) * position / length),
                    (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length),
                ],
                fill=fill,
                width=width,
            )
            position = end + gap


def trend_png(rows, key, *, this_label, last_label, font_paths=CJK_FONTS):
    """``trend_svg``'s chart as PNG bytes: the same bars, values, months and dashed line of a year earlier.

    The title is the Word file's heading above the picture, not drawn in it; the legend is drawn when a
    Chinese font is found (``chart_font``).
    """
    import io

    from PIL import Image, ImageDraw

    s = SCALE
    values, previous, top, plot_w, plot_h, step, bar_w = _layout(rows, key)
    font, has_cjk = chart_font(16 * s, font_paths)

    def y(value):
        return (TOP + plot_h - float(value / top) * plot_h) * s

    image = Image.new("RGB", (WIDTH * s, HEIGHT * s), "white")
    draw = ImageDraw.Draw(image)
    if has_cjk:
        draw.rectangle([(WIDTH - 330) * s, 10 * s, (WIDTH - 314) * s, 26 * s], fill=BAR)
        draw.text(((WIDTH - 308) * s, 24 * s), this_label, fill=LINE, font=font, anchor="ls")
        _dashed(draw, [((WIDTH - 170) * s, 18 * s), ((WIDTH - 140) * s, 18 * s)], fill=LINE, width=3 * s)
        draw.text(((WIDTH - 132) * s, 24 * s), last_label, fill=LINE, font=font, anchor="ls")
    base = (TOP + plot_h) * s
    draw.line([(LEFT * s, base), ((WIDTH - RIGHT) * s, base)], fill=LINE, width=s)
    draw.text(((LEFT - 8) * s, (TOP + 6) * s), _fmt(top), fill=LINE, font=font, anchor="rs")
    draw.text(((LEFT - 8) * s, base), "0", fill=LINE, font=font, anchor="rs")
    one_year = len({r.label[:4] for r in rows}) == 1
    points = []
    for i, (row, value, before) in enumerate(zip(rows, values, previous, strict=True)):
        centre = (LEFT + step * i + step / 2) * s
        if value:
            draw.rectangle([centre - bar_w * s / 2, y(value), centre + bar_w * s / 2, base], fill=BAR)
            draw.text((centre, y(value) - 6 * s), _fmt(value), fill=LINE, font=font, anchor="ms")
        label = row.label[5:] if one_year else row.label
        draw.text((centre, base + 24 * s), label, fill=LINE, font=font, anchor="ms")
        points.append((centre, y(before)))
    if any(previous):
        _dashed(draw, points, fill=LINE, width=3 * s)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
