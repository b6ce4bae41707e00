"""The print report as a Word document, laid out as Chinese official documents are (GB/T 9704).

A4 with the standard margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); the title in
小标宋 (黑体 where it is missing) at 二号, headings in 黑体 三号, the body in 仿宋 三号; the tables of
the print page with the monthly chart as a picture above the months' table (``Picture``: python-docx
inserts pictures, not SVG, so ``reports.charts.trend_png`` draws it); the regional section's tables; and
the 填报单位 / 填报人 / 审核人 / 日期 block that offices sign. Fonts are named, not embedded: Word on an
office computer has them; elsewhere a reader falls back to a similar face.
"""

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"
TITLE_SIZE, HEADING_SIZE, BODY_SIZE, TABLE_SIZE = Pt(22), Pt(16), Pt(16), Pt(10.5)  # 二号, 三号, 三号, 五号
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}


TEXT_WIDTH = Mm(210 - 28 - 26)  # A4 less the left and right margins


@dataclass(frozen=True)
class Picture:
    """A PNG shown at the text's width under a table's heading, with a caption saying what it shows."""

    png: bytes
    caption: str = ""


def _font(run, name, size, *, bold=False):
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    # Word picks the font of Chinese characters from the East Asian slot, not from w:ascii.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    if name == TITLE_FONT:
        fonts.set(qn("w:hint"), "eastAsia")


def _paragraph(document, text, name, size, *, bold=False, align=None, indent=False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = size * 2  # 首行缩进两字
    _font(paragraph.add_run(text), name, size, bold=bold)
    return paragraph


def _cell_text(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def report_docx(*, title, summary, tables, sign_off):
    """The report as .docx bytes.

    ``tables``: [(heading, header row, body rows)] or [(heading, header row, body rows, ``Picture``)], the picture
    shown between the heading and the table; ``sign_off``: [(label, value)] for the block at the end.
    """
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, value in MARGINS.items():
        setattr(section, name, value)

    _paragraph(document, title, TITLE_FONT, TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    for paragraph in [summary] if isinstance(summary, str) else summary:
        if paragraph:
            _paragraph(document, paragraph, BODY_FONT, BODY_SIZE, indent=True)
    for heading, header, rows, *picture in tables:
        picture = picture[0] if picture else None
        if not rows and picture is None:
            continue
        _paragraph(document, heading, HEADING_FONT, HEADING_SIZE)
        if picture is not None:
            document.add_picture(io.BytesIO(picture.png), width=TEXT_WIDTH)
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if picture.caption:
                _paragraph(document, picture.caption, BODY_FONT, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
        if not rows:
            continue
        table = document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row_cells, values, bold in [(table.rows[0].cells, header, True)] + [
            (table.rows[i + 1].cells, row, False) for i, row in enumerate(rows)
        ]:
            for cell, value in zip(row_cells, values, strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(_cell_text(value)), BODY_FONT, TABLE_SIZE, bold=bold)
    document.add_paragraph()
    for label, value in sign_off:
        _paragraph(document, f"{label}：{value}", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
