"""The print report as a PDF (WeasyPrint): A4, Chinese text in an embedded Chinese font, the summary, tables,
chart and the 填报单位 / 填报人 / 审核人 / 日期 block of the print page; scoped like the page."""

import pathlib
import re
import zlib
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_activity
from tests.personas import PersonasMixin

ARTIFACTS = pathlib.Path("test-artifacts")


def unpacked(pdf):
    """The PDF with every compressed stream (object streams included) inflated beside it."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"".join(parts)


def pdf_fonts(pdf):
    """The names of the fonts a PDF embeds."""
    return set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-_]+)", unpacked(pdf)))


def page_count(pdf):
    return len(re.findall(rb"/Type\s*/Page\b", unpacked(pdf)))


class PdfReportTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_activity(cls.community_a, volunteers=2112)

    def test_the_pdf_is_an_a4_document_in_a_chinese_font(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("reports:print_pdf"), {"region": self.district.code, "year": 2021})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn(".pdf", response["Content-Disposition"])
        pdf = response.content
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(any(b"WenQuanYi" in name for name in pdf_fonts(pdf)), pdf_fonts(pdf))
        # A4 is 595 x 842 points.
        self.assertRegex(unpacked(pdf), rb"/MediaBox \[0 0 595\.\d+ 841\.\d+\]")

    def test_a_clerk_cannot_print_a_region_outside_her_scope(self):
        self.client.force_login(self.clerk_a)
        response = self.client.get(reverse("reports:print_pdf"), {"region": self.community_b.code, "year": 2021})
        self.assertEqual(response.status_code, 404)


class DemoPdfTests(TestCase):
    """A PDF and a Word file of the demo, kept as test artifacts to open by hand."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.user = get_user_model().objects.create_superuser("reader", password="x")

    def test_the_demos_weidong_2015_report_as_pdf_and_word(self):
        self.client.force_login(self.user)
        ARTIFACTS.mkdir(exist_ok=True)
        for name, ext in (("reports:print_pdf", "pdf"), ("reports:print_docx", "docx")):
            response = self.client.get(reverse(name), {"region": "410403", "year": 2015})
            self.assertEqual(response.status_code, 200)
            (ARTIFACTS / f"demo-410403-2015-report.{ext}").write_bytes(response.content)
        pdf = (ARTIFACTS / "demo-410403-2015-report.pdf").read_bytes()
        self.assertGreaterEqual(page_count(pdf), 2)
        # The summary's text is in the page content streams (compressed): its figures are drawn, as glyphs.
        streams = [
            zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S) if m[:1] == b"x"
        ]
        self.assertTrue(any(b"Tj" in s or b"TJ" in s for s in streams))
