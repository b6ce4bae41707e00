"""Hostile files: each refused with a Chinese message, nothing written, never a 500 — also through the admin."""

import io
import os
import stat
import time
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings

from activities.models import Activity
from tests.personas import PersonasMixin
from transfer.importer import run_import
from transfer.models import ImportBatch
from transfer.uploads import storage

URL = "/admin/activities/activity/import/"
HEADER = "外部编号,日期,标题,类别,所属区域,参与人次\n"
ROW = "A-{n},2020-06-13,宣传走访,平安建设,西站东社区,12\n"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(rows=2, extra=""):
    return (HEADER + "".join(ROW.format(n=n) for n in range(rows)) + extra).encode("utf-8")


def xlsx(sheet_xml, shared_strings=None, extra=(), compression=zipfile.ZIP_DEFLATED):
    """A minimal .xlsx around ``sheet_xml`` (the sheetData's content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{sheet_xml}</sheetData></worksheet>",
        )
        for name, content in extra:
            archive.writestr(name, content)
    return out.getvalue()


def inline_row(number, values):
    cells = "".join(f'<c r="{letters}{number}" t="inlineStr"><is><t>{value}</t></is></c>' for letters, value in values)
    return f'<row r="{number}">{cells}</row>'


HEADERS = [("A", "外部编号"), ("B", "日期"), ("C", "标题"), ("D", "类别"), ("E", "所属区域")]
FIRST = [("A", "A-1"), ("B", "2020-06-13"), ("C", "宣传走访"), ("D", "平安建设"), ("E", "西站东社区")]
GOOD_SHEET = inline_row(1, HEADERS) + inline_row(2, FIRST)


class HostileFileTests(PersonasMixin, TestCase):
    def refused(self, data, name, message, **options):
        """The command line's import and the admin's upload both refuse ``data`` with ``message``."""
        kept = set(storage().listdir("")[1])
        result = run_import(kind="activities", file=io.BytesIO(data), file_name=name, **options)
        self.assertFalse(result.ok)
        self.assertIn(message, result.file_error)
        self.client.force_login(self.clerk_a)
        response = self.client.post(URL, {"file": SimpleUploadedFile(name, data)})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertNotIn("token", response.context)
        self.assertEqual(Activity.objects.count(), 0)
        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(set(storage().listdir("")[1]), kept, "a refused upload is not kept")
        return result

    def test_a_nul_byte_after_the_first_megabyte_is_refused_naming_its_row(self):
        # Rows the import reads and checks (a chunk of them written inside its transaction), then a megabyte
        # of blank lines, then the NUL.
        rows, blank = 1200, 1 << 20
        data = csv_bytes(rows, "\n" * blank + "A-x,2020-06-13,宣\x00传,平安建设,西站东社区,12\n")
        self.assertGreater(data.index(b"\x00"), 1 << 20)
        self.refused(data, "台账.csv", f"第 {rows + blank + 2} 行含有 NUL 字符")

    def test_a_nul_byte_in_the_first_row_is_refused_too(self):
        self.refused(csv_bytes(1).replace("宣传".encode(), "宣\x00传".encode()), "台账.csv", "第 2 行含有 NUL 字符")

    def test_an_xlsx_with_an_entity_declaration_is_refused(self):
        bomb = (
            '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>'
        )
        data = xlsx(GOOD_SHEET, extra=[("xl/sharedStrings.xml", bomb)])
        self.refused(data, "台账.xlsx", "声明了 DTD 或实体")

    def test_a_zip_bomb_is_refused_from_its_declared_size_before_it_is_inflated(self):
        data = xlsx(GOOD_SHEET, extra=[("xl/media/padding.bin", b"\0" * (3 * 1024 * 1024))])
        self.assertLess(len(data), 100_000)
        with override_settings(IMPORT_MAX_UNPACKED_BYTES=2 * 1024 * 1024):
            self.refused(data, "台账.xlsx", "解压后将超过 2 MB")

    def test_a_zip_member_that_lies_about_its_size_is_counted_as_it_inflates(self):
        data = bytearray(xlsx(GOOD_SHEET, extra=[("xl/media/padding.bin", b"\0" * (3 * 1024 * 1024))]))
        # Declare the padding as 10 bytes, in its local header and in the central directory.
        archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
        info = archive.getinfo("xl/media/padding.bin")
        data[info.header_offset + 22 : info.header_offset + 26] = (10).to_bytes(4, "little")
        central = bytes(data).rfind(b"PK\x01\x02", 0, bytes(data).find(b"PK\x05\x06"))
        while not bytes(data[central + 46 : central + 46 + 20]).startswith(b"xl/media/padding.bin"):
            central = bytes(data).rfind(b"PK\x01\x02", 0, central)
        data[central + 24 : central + 28] = (10).to_bytes(4, "little")
        self.assertEqual(zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/media/padding.bin").file_size, 10)
        with override_settings(IMPORT_MAX_UNPACKED_BYTES=2 * 1024 * 1024):
            self.refused(bytes(data), "台账.xlsx", "解压后将超过 2 MB")

    def test_a_workbook_of_too_many_parts_is_refused(self):
        data = xlsx(GOOD_SHEET, extra=[(f"xl/media/p{n}.bin", b"x") for n in range(20)])
        with override_settings(IMPORT_MAX_ZIP_MEMBERS=10):
            self.refused(data, "台账.xlsx", "超过电子表格应有的 10 个")

    def test_a_huge_cell_is_refused_before_it_is_read(self):
        huge = "长" * 400_000  # 1.2 MB of text, over ten bytes a character of the 32,767 cap
        sheet = GOOD_SHEET + inline_row(3, [("A", "A-2"), ("C", huge)])
        self.refused(xlsx(sheet), "台账.xlsx", "超过 32767 个字符")

    def test_a_cell_just_over_the_cap_is_refused_naming_its_row(self):
        sheet = GOOD_SHEET + inline_row(3, [("A", "A-2"), ("C", "x" * 32_768)])
        self.refused(xlsx(sheet), "台账.xlsx", "第 3 行有一个超过 32767 个字符的单元格")

    def test_a_cell_of_exactly_the_cap_is_read(self):
        sheet = GOOD_SHEET.replace("宣传走访", "宣" * 32_767)
        result = run_import(kind="activities", file=io.BytesIO(xlsx(sheet)), file_name="台账.xlsx", dry_run=True)
        self.assertEqual(result.file_error, "")
        self.assertEqual(result.rows, 1)

    def test_a_long_cell_in_a_csv_is_refused_naming_its_row(self):
        data = csv_bytes(2, "A-x,2020-06-13," + "宣" * 40_000 + ",平安建设,西站东社区,12\n")
        self.refused(data, "台账.csv", "第 4 行有一个超过 32767 个字符的单元格")

    def test_a_row_of_a_million_columns_is_refused(self):
        data = csv_bytes(1, "A-x" + "," * 1_000_000 + "\n")
        self.refused(data, "台账.csv", "第 3 行超过 1000 列")

    def test_a_sheet_wider_than_the_cap_is_refused_before_it_is_laid_out(self):
        # Two cells far apart: calamine would lay out a rectangle of a billion cells between them.
        sheet = GOOD_SHEET + inline_row(3, [("A", "A-2")]) + inline_row(1_000_000, [("XFD", "远")])
        self.refused(xlsx(sheet), "台账.xlsx", "有一个单元格位于 XFD 列")

    @override_settings(IMPORT_MAX_WEB_ROWS=100_000)
    def test_a_sheet_reaching_past_the_web_row_cap_is_refused_before_it_is_laid_out(self):
        sheet = GOOD_SHEET + inline_row(1_048_576, [("A", "远")])
        self.refused(xlsx(sheet), "台账.xlsx", "超过 100000 行", max_rows=100_000)

    @override_settings(IMPORT_MAX_COLUMNS=20)
    def test_a_sheet_wider_than_a_configured_cap_is_refused(self):
        sheet = GOOD_SHEET + inline_row(3, [("A", "A-2"), ("Z", "远")])
        self.refused(xlsx(sheet), "台账.xlsx", "超过 20 列")

    @override_settings(IMPORT_MAX_WEB_ROWS=5)
    def test_the_web_reads_at_most_its_row_cap_and_the_command_line_goes_further(self):
        data = csv_bytes(6)
        self.refused(data, "台账.csv", "超过 5 行", max_rows=5)
        result = run_import(kind="activities", file=io.BytesIO(data), file_name="台账.csv", dry_run=True)
        self.assertEqual(result.rows, 6)


class StoredUploadTests(PersonasMixin, TestCase):
    def test_an_upload_is_kept_private_in_the_imports_storage_and_deleted_after_the_confirm(self):
        self.client.force_login(self.clerk_a)
        upload = SimpleUploadedFile("台账.csv", csv_bytes(1))
        kept = set(storage().listdir("")[1])
        response = self.client.post(URL, {"file": upload})
        [name] = set(storage().listdir("")[1]) - kept
        path = Path(storage().path(name))
        self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(path.parent.stat().st_mode), 0o700)
        self.assertNotIn("ledger-imports", str(path))
        self.client.post(URL, {"token": response.context["token"]})
        self.assertEqual(Activity.objects.count(), 1)
        self.assertEqual(set(storage().listdir("")[1]), kept)

    def test_purge_uploads_deletes_files_older_than_a_day(self):
        folder = Path(storage().location)
        folder.mkdir(parents=True, exist_ok=True)
        old, new = folder / "old-upload", folder / "new-upload"
        for path in (old, new):
            path.write_bytes(b"x")
            self.addCleanup(path.unlink, missing_ok=True)
        a_day_ago = time.time() - 24 * 3600 - 60
        os.utime(old, (a_day_ago, a_day_ago))
        out = io.StringIO()
        call_command("purge_uploads", stdout=out)
        self.assertEqual((old.exists(), new.exists()), (False, True))
        self.assertIn("已删除 1 个", out.getvalue())
