"""What a file is, from its bytes: accepted types, refusals in Chinese, photos re-encoded without their EXIF."""

import io

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, override_settings
from PIL import Image

from evidence.content import HEIC, classify, prepare
from evidence.models import MediaType

from .files import (
    GPS,
    TINY_PDF,
    docx_bytes,
    heic_bytes,
    jpeg_with_gps,
    png_bytes,
    upload,
    xlsx_bytes,
    zip_bytes,
)

WRONG_TYPE = "这个文件不是照片（JPG、PNG、HEIC）、PDF、Word 文档（DOCX）或 Excel 工作簿（XLSX）。"


class ClassifyTests(SimpleTestCase):
    def test_each_accepted_type_is_known_by_its_content_whatever_its_name(self):
        cases = [
            (jpeg_with_gps(), MediaType.JPEG),
            (png_bytes(), MediaType.PNG),
            (heic_bytes(), HEIC),
            (TINY_PDF, MediaType.PDF),
            (docx_bytes(), MediaType.DOCX),
            (xlsx_bytes(), MediaType.XLSX),
        ]
        for data, expected in cases:
            with self.subTest(expected=expected):
                self.assertEqual(classify(upload("file.bin", data)), expected)

    def refusal(self, name, data):
        with self.assertRaises(ValidationError) as caught:
            prepare(upload(name, data))
        return caught.exception.message_dict["file"]

    def test_a_text_file_named_jpg_is_refused_in_chinese(self):
        self.assertEqual(self.refusal("照片.jpg", "这不是照片".encode()), [WRONG_TYPE])

    def test_an_executable_renamed_pdf_is_refused(self):
        self.assertEqual(self.refusal("签到表.pdf", b"MZ\x90\x00" + b"\x00" * 60), [WRONG_TYPE])

    def test_a_zip_that_is_not_an_office_document_is_refused(self):
        self.assertEqual(self.refusal("记录.docx", zip_bytes({"readme.txt": "hello"})), [WRONG_TYPE])

    def test_a_macro_enabled_word_document_is_refused(self):
        types = (
            '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
        )
        self.assertEqual(self.refusal("记录.docx", zip_bytes({"[Content_Types].xml": types})), [WRONG_TYPE])

    def test_a_damaged_photo_is_refused_with_its_own_message(self):
        damaged = jpeg_with_gps()[:40]
        self.assertEqual(self.refusal("现场.jpg", damaged), ["无法读取这张照片，文件可能已损坏。请重新拍摄或导出。"])

    @override_settings(EVIDENCE_MAX_BYTES=1024 * 1024)
    def test_a_file_over_the_limit_is_refused_before_it_is_read(self):
        self.assertEqual(
            self.refusal("扫描件.pdf", TINY_PDF + b"\x00" * (2 * 1024 * 1024)),
            ["文件过大（2.0\xa0MB），最大 1.0\xa0MB。"],
        )

    def test_an_empty_file_is_refused(self):
        self.assertEqual(self.refusal("空.pdf", b""), ["文件是空的。"])


class PhotoTests(SimpleTestCase):
    def test_a_phone_jpeg_loses_its_gps_position_and_is_turned_upright(self):
        original = Image.open(io.BytesIO(jpeg_with_gps(size=(60, 30), orientation=6)))
        self.assertIn(GPS, original.getexif())  # the test photo really carries a position

        prepared = prepare(upload("IMG_0001.jpg", jpeg_with_gps(size=(60, 30), orientation=6)))

        stored = Image.open(io.BytesIO(prepared.data))
        self.assertEqual(stored.format, "JPEG")
        exif = stored.getexif()
        self.assertNotIn(GPS, exif)
        self.assertEqual(dict(exif), {})
        self.assertNotIn(b"GPS", prepared.data)
        # Orientation 6 applied: the 60×30 landscape pixels are stored as a 30×60 portrait.
        self.assertEqual((stored.width, stored.height), (30, 60))
        self.assertEqual((prepared.width, prepared.height), (30, 60))
        self.assertEqual(Image.open(io.BytesIO(prepared.thumbnail)).format, "JPEG")

    def test_a_heic_photo_is_kept_as_jpeg(self):
        prepared = prepare(upload("IMG_0002.HEIC", heic_bytes()))
        self.assertEqual(prepared.media_type, MediaType.JPEG)
        self.assertEqual(Image.open(io.BytesIO(prepared.data)).format, "JPEG")

    def test_a_png_stays_png_and_a_document_passes_through_unchanged(self):
        self.assertEqual(Image.open(io.BytesIO(prepare(upload("a.png", png_bytes())).data)).format, "PNG")
        self.assertEqual(prepare(upload("a.pdf", TINY_PDF)).data, TINY_PDF)
