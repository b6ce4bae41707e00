"""The print report as a Word document: A4 with official-document margins and fonts, the summary, the tables
and the 填报单位 / 填报人 / 审核人 / 日期 block; scoped like the page."""

import io
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from tests.factories import make_activity
from tests.personas import PersonasMixin

ARTIFACTS = "test-artifacts"


class WordReportTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.manager.first_name = "王管理"
        cls.manager.save()
        make_activity(cls.community_a, volunteers=2000, volunteer_hours=Decimal("3000"), people_served=397000)
        make_activity(cls.community_b, volunteers=112, volunteer_hours=Decimal("168"), people_served=636)

    def download(self, user, region):
        self.client.force_login(user)
        return self.client.get(reverse("reports:print_docx"), {"region": region.code, "year": 2021})

    def test_the_word_report_holds_the_summary_tables_and_sign_off_on_a4(self):
        response = self.download(self.manager, self.district)
        self.assertEqual(response.status_code, 200)
        self.assertIn(".docx", response["Content-Disposition"])
        # Kept as a test artifact, to open by hand.
        import pathlib

        folder = pathlib.Path(ARTIFACTS)
        folder.mkdir(exist_ok=True)
        (folder / "report-zhongyuan-2021.docx").write_bytes(response.content)

        document = Document(io.BytesIO(response.content))
        section = document.sections[0]
        # Word stores lengths in twips: compared to the millimetre.
        self.assertEqual((round(section.page_width.mm), round(section.page_height.mm)), (210, 297))
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        self.assertEqual([round(m.mm) for m in margins], [37, 35, 28, 26])
        texts = [p.text for p in document.paragraphs]
        self.assertEqual(texts[0], "中原区2021年工作统计报表")
        summary = texts[1]
        self.assertIn("参与志愿者2112人次", summary)
        self.assertIn("服务时长3168小时", summary)
        self.assertIn("服务群众397636人次", summary)
        # The body is in 仿宋 and the title in 小标宋, for Chinese characters (the East Asian font slot).
        title_fonts = document.paragraphs[0].runs[0]._element.rPr.rFonts
        body_fonts = document.paragraphs[1].runs[0]._element.rPr.rFonts
        self.assertEqual(title_fonts.get(qn("w:eastAsia")), "方正小标宋简体")
        self.assertEqual(body_fonts.get(qn("w:eastAsia")), "仿宋_GB2312")
        # The tables of the print page: totals first, then the ranking of the child regions.
        self.assertGreaterEqual(len(document.tables), 2)
        totals = document.tables[0]
        self.assertEqual(totals.rows[0].cells[0].text, "统计项")
        rows = {row.cells[0].text: [c.text for c in row.cells] for row in totals.rows[1:]}
        self.assertEqual(rows["志愿者人次"][2], "2112")
        ranking = [row.cells[0].text for row in document.tables[1].rows[1:]]
        self.assertIn("桐柏路街道", ranking)
        # The dashboard's monthly chart as a picture (a PNG) at the text's width, under the months' heading,
        # with a caption saying what it shows; no regional records here, so no regional section.
        [chart] = document.inline_shapes
        self.assertEqual(round(chart.width.mm), 156)
        months = texts.index("按月趋势")
        self.assertEqual(texts[months + 2], "记录数按月趋势：柱形为2021年，虚线为2020年")
        blobs = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
        self.assertTrue(blobs[0].startswith(b"\x89PNG"))
        self.assertNotIn("区域化党建", texts)
        # The sign-off block: unit, who prepared it, a blank for the reviewer's signature, the date.
        today = timezone.localdate()  # the office's date (Asia/Shanghai), not the server's UTC one
        self.assertIn("填报单位：中原区", texts)
        self.assertIn("填报人：王管理", texts)
        self.assertIn("审核人：\u3000\u3000\u3000\u3000\u3000\u3000", texts)
        self.assertIn(f"日期：{today.year}年{today.month}月{today.day}日", texts)

    def test_the_chart_follows_the_dashboards_choice_of_measure(self):
        self.client.force_login(self.manager)
        params = {"region": self.district.code, "year": 2021, "chart": "volunteers"}
        document = Document(io.BytesIO(self.client.get(reverse("reports:print_docx"), params).content))
        self.assertIn("志愿者人次按月趋势：柱形为2021年，虚线为2020年", [p.text for p in document.paragraphs])

    def test_the_print_page_carries_the_same_block_and_links_the_word_file(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("reports:print"), {"region": self.district.code, "year": 2021})
        self.assertContains(response, 'id="sign-off"')
        self.assertContains(response, "<dt>填报人</dt><dd>王管理</dd>", html=False)
        self.assertContains(response, reverse("reports:print_docx"))

    def test_a_region_outside_the_scope_is_a_404(self):
        self.assertEqual(self.download(self.clerk_a, self.other_district).status_code, 404)
