"""The monthly chart as a PNG for the Word file: the bars where the months have figures, drawn with the project's
Chinese font, and still drawn (without the legend) on a system that has none."""

import io
from types import SimpleNamespace

from django.test import SimpleTestCase
from PIL import Image

from reports.charts import BAR, CJK_FONTS, SCALE, chart_font, trend_png


def months(values, previous=None):
    previous = previous or [0] * len(values)
    return [
        SimpleNamespace(label=f"2021-{i + 1:02d}", values={"records": v}, previous={"records": p})
        for i, (v, p) in enumerate(zip(values, previous, strict=True))
    ]


def red_columns(png):
    """The x positions (in SVG units) of the columns holding the bars' colour."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    red = tuple(int(BAR[i : i + 2], 16) for i in (1, 3, 5))
    width, height = image.size
    middle = height * 2 // 3  # below every bar's top, above the month labels
    return {x // SCALE for x in range(width) if image.getpixel((x, middle)) == red}


class TrendPngTests(SimpleTestCase):
    def test_bars_stand_in_the_months_with_figures_only(self):
        png = trend_png(months([0, 5, 0, 10]), "records", this_label="2021年", last_label="2020年")
        image = Image.open(io.BytesIO(png))
        self.assertEqual((image.format, image.size), ("PNG", (960 * SCALE, 360 * SCALE)))
        columns = red_columns(png)
        # Four months over the plot from x=70 to x=940: the 2nd's bar is around 70 + 1.5 * 217.5, the 4th's 70 + 3.5 *.
        self.assertIn(396, columns)
        self.assertIn(831, columns)
        self.assertNotIn(179, columns)  # January: nothing, no bar
        self.assertNotIn(614, columns)

    def test_the_projects_chinese_font_is_found(self):
        font, has_cjk = chart_font(16)
        self.assertTrue(has_cjk, f"install fonts-wqy-microhei ({CJK_FONTS[0]})")
        self.assertIsNotNone(font.getbbox("年"))

    def test_without_a_chinese_font_the_chart_is_drawn_without_its_legend(self):
        font, has_cjk = chart_font(16, paths=("/nonexistent/font.ttc",))
        self.assertFalse(has_cjk)
        png = trend_png(
            months([3, 4], previous=[1, 2]),
            "records",
            this_label="2021年",
            last_label="2020年",
            font_paths=("/nonexistent/font.ttc",),
        )
        image = Image.open(io.BytesIO(png)).convert("RGB")
        legend = image.crop(((960 - 330) * SCALE, 10 * SCALE, (960 - 314) * SCALE, 26 * SCALE))
        self.assertEqual(legend.getcolors(), [(16 * SCALE * 16 * SCALE, (255, 255, 255))])  # no legend swatch
        self.assertTrue(red_columns(png))
