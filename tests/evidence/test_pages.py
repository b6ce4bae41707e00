"""Evidence on the record page: upload, the file view's scope and headers, removal, history, the submit check."""

import io

from django.contrib.auth.models import Permission
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image

from activities import attachments, services
from activities.models import Activity, Status
from evidence.models import EvidenceFile, EvidenceKind, MediaType
from evidence.services import storage
from history.services import history_of
from tests.factories import category, make_activity
from tests.personas import PersonasMixin

from .files import GPS, TINY_PDF, jpeg_with_gps, upload


def detail(activity):
    return reverse("workspace:detail", args=[activity.pk])


def add_url(activity):
    return reverse("workspace:evidence_add", args=[activity.pk])


class EvidencePageTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.photo = EvidenceKind.objects.get(code="photo")
        cls.sign_in = EvidenceKind.objects.get(code="sign_in_sheet")

    def messages(self, response):
        return [str(m) for m in response.wsgi_request._messages]

    def draft(self, **fields):
        return make_activity(self.community_a, title="重阳节敬老", status=Status.DRAFT, **fields)

    def post_file(self, activity, name, data, kind=None):
        return self.client.post(add_url(activity), {"kind": (kind or self.photo).pk, "file": upload(name, data)})

    def test_a_phone_photo_is_stored_without_its_gps_position_and_shown_as_a_thumbnail(self):
        activity = self.draft()
        self.client.force_login(self.clerk_a)
        response = self.post_file(activity, "IMG_0001.jpg", jpeg_with_gps())
        self.assertRedirects(response, detail(activity) + "#evidence")

        evidence = EvidenceFile.objects.get()
        self.assertEqual((evidence.media_type, evidence.original_name), (MediaType.JPEG, "IMG_0001.jpg"))
        with storage().open(evidence.stored_name, "rb") as handle:
            stored = Image.open(io.BytesIO(handle.read()))
        self.assertNotIn(GPS, stored.getexif())
        self.assertEqual(Activity.objects.get(pk=activity.pk).evidence_count, 1)

        page = self.client.get(detail(activity))
        self.assertContains(page, f'<img src="{reverse("evidence:thumbnail", args=[evidence.pk])}"')
        self.assertContains(page, "IMG_0001.jpg")
        thumbnail = self.client.get(reverse("evidence:thumbnail", args=[evidence.pk]))
        self.assertEqual(thumbnail["Content-Type"], "image/jpeg")
        self.assertEqual(Image.open(io.BytesIO(b"".join(thumbnail.streaming_content))).format, "JPEG")

    def test_adding_and_removing_a_file_writes_the_records_history(self):
        activity = self.draft()
        self.client.force_login(self.clerk_a)
        self.post_file(activity, "签到表.pdf", TINY_PDF, kind=self.sign_in)
        evidence = EvidenceFile.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("workspace:evidence_remove", args=[activity.pk, evidence.pk]))

        removed, added = history_of(activity)
        self.assertEqual(added.changes, {"evidence": [None, "签到表：签到表.pdf"]})
        self.assertEqual(removed.changes, {"evidence": ["签到表：签到表.pdf", None]})
        self.assertEqual((added.actor, removed.actor), (self.clerk_a, self.clerk_a))
        self.assertFalse(EvidenceFile.objects.exists())
        self.assertFalse(storage().exists(evidence.stored_name))
        self.assertEqual(Activity.objects.get(pk=activity.pk).evidence_count, 0)
        self.assertContains(self.client.get(detail(activity)), "佐证材料：签到表：签到表.pdf → —")

    def test_a_pdf_named_jpg_is_kept_and_served_as_the_pdf_it_is(self):
        activity = self.draft()
        self.client.force_login(self.clerk_a)
        self.post_file(activity, "会议记录.jpg", TINY_PDF)
        evidence = EvidenceFile.objects.get()
        self.assertEqual((evidence.media_type, evidence.original_name), (MediaType.PDF, "会议记录.pdf"))
        self.assertEqual(evidence.thumbnail_name, "")

        response = self.client.get(reverse("evidence:file", args=[evidence.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["Cache-Control"], "no-store, private")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(b"".join(response.streaming_content), TINY_PDF)

    def test_a_photo_is_shown_inline_and_never_cached(self):
        activity = self.draft()
        self.client.force_login(self.clerk_a)
        self.post_file(activity, "IMG.jpg", jpeg_with_gps())
        response = self.client.get(reverse("evidence:file", args=[EvidenceFile.objects.get().pk]))
        self.assertTrue(response["Content-Disposition"].startswith("inline;"))
        self.assertEqual(response["Cache-Control"], "no-store, private")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_a_wrong_type_is_said_beside_the_field_and_nothing_is_kept(self):
        activity = self.draft()
        self.client.force_login(self.clerk_a)
        response = self.post_file(activity, "照片.jpg", "只是文字".encode())
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "这个文件不是照片（JPG、PNG、HEIC）、PDF、Word 文档（DOCX）或 Excel 工作簿（XLSX）。",
            status_code=400,
        )
        self.assertContains(response, 'id="file-error"', status_code=400)
        self.assertFalse(EvidenceFile.objects.exists())
        self.assertEqual(history_of(activity).count(), 0)

    @override_settings(EVIDENCE_MAX_BYTES=2048)
    def test_a_file_too_large_is_refused_beside_the_field(self):
        activity = self.draft()
        self.client.force_login(self.clerk_a)
        response = self.post_file(activity, "扫描.pdf", TINY_PDF + b"\x00" * 5000)
        self.assertContains(response, "文件过大", status_code=400)
        self.assertContains(response, 'id="file-error"', status_code=400)
        self.assertFalse(EvidenceFile.objects.exists())
        _folders, names = storage().listdir("") if storage().exists("") else ([], [])
        self.assertEqual(names, [])

    def test_a_file_of_a_record_outside_the_scope_is_a_404(self):
        activity = self.draft()
        evidence = attachments.activity_evidence_add(
            actor=self.clerk_a, activity=activity, kind=self.photo, upload=upload("a.jpg", jpeg_with_gps())
        )
        self.client.force_login(self.clerk_b)
        for name in ("evidence:file", "evidence:thumbnail"):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name, args=[evidence.pk])).status_code, 404)
        self.assertEqual(self.post_file(activity, "b.jpg", jpeg_with_gps()).status_code, 404)
        remove = reverse("workspace:evidence_remove", args=[activity.pk, evidence.pk])
        self.assertEqual(self.client.post(remove).status_code, 404)
        self.assertTrue(EvidenceFile.objects.filter(pk=evidence.pk).exists())
        # Seen from above: the subdistrict's reviewer may read it.
        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(reverse("evidence:file", args=[evidence.pk])).status_code, 200)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("evidence:file", args=[evidence.pk])).status_code, 302)

    def test_an_approved_records_evidence_cannot_be_removed_or_added(self):
        activity = self.draft()
        evidence = attachments.activity_evidence_add(
            actor=self.clerk_a, activity=activity, kind=self.photo, upload=upload("a.jpg", jpeg_with_gps())
        )
        Activity.objects.filter(pk=activity.pk).update(status=Status.APPROVED)
        self.client.force_login(self.clerk_a)
        response = self.client.post(reverse("workspace:evidence_remove", args=[activity.pk, evidence.pk]))
        self.assertRedirects(response, detail(activity) + "#evidence", fetch_redirect_response=False)
        self.assertIn("已审核", self.messages(response)[0])
        self.assertTrue(EvidenceFile.objects.filter(pk=evidence.pk).exists())
        page = self.client.get(detail(activity))
        self.assertNotContains(page, 'id="evidence-upload"')
        self.assertEqual(self.post_file(activity, "b.jpg", jpeg_with_gps()).status_code, 400)
        self.assertEqual(EvidenceFile.objects.count(), 1)

    def test_a_category_that_needs_a_sign_in_sheet_refuses_a_submission_without_one(self):
        theme_day = category("theme_day")
        theme_day.required_evidence.add(self.sign_in)
        activity = make_activity(self.community_a, title="七一主题党日", status=Status.DRAFT, cat=theme_day)
        self.client.force_login(self.clerk_a)
        self.assertContains(self.client.get(detail(activity)), 'id="evidence-missing"')

        self.post_file(activity, "合影.jpg", jpeg_with_gps())  # a photo is not a sign-in sheet
        submit = reverse("workspace:step", args=[activity.pk, "submit"])
        response = self.client.post(submit, {"version": Activity.objects.get(pk=activity.pk).version})
        self.assertEqual(
            self.messages(response)[-1],
            "“七一主题党日”还不能提交：主题党日/团日的记录须附签到表。请在记录页上传后再提交。",
        )
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.DRAFT)

        self.post_file(activity, "签到表.pdf", TINY_PDF, kind=self.sign_in)
        response = self.client.post(submit, {"version": Activity.objects.get(pk=activity.pk).version})
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, Status.SUBMITTED)

    def test_the_bulk_submit_skips_a_record_without_its_required_evidence(self):
        theme_day = category("theme_day")
        theme_day.required_evidence.add(self.sign_in)
        activity = make_activity(self.community_a, title="七一主题党日", status=Status.DRAFT, cat=theme_day)
        done, skipped = services.activities_submit(actor=self.clerk_a, activities=[activity])
        self.assertEqual(done, [])
        self.assertIn("签到表", skipped[0][1])

    def test_the_review_queue_shows_each_records_evidence_count(self):
        activity = self.draft()
        for name in ("a.jpg", "b.jpg"):
            attachments.activity_evidence_add(
                actor=self.clerk_a, activity=activity, kind=self.photo, upload=upload(name, jpeg_with_gps())
            )
        services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        make_activity(self.community_a, title="无材料", status=Status.SUBMITTED)
        self.client.force_login(self.reviewer)
        response = self.client.get(reverse("activities:queue"))
        self.assertContains(response, '<span class="evidence-count">佐证材料 2 份</span>')
        self.assertContains(response, '<span class="evidence-count muted">佐证材料 0 份</span>')


class DeletedRecordTests(PersonasMixin, TestCase):
    def test_deleting_an_activity_takes_its_files_and_its_history_names_them(self):
        activity = make_activity(self.community_a, title="议事会", status=Status.DRAFT)
        evidence = attachments.activity_evidence_add(
            actor=self.clerk_a,
            activity=activity,
            kind=EvidenceKind.objects.get(code="minutes"),
            upload=upload("记录.pdf", TINY_PDF),
        )
        with self.captureOnCommitCallbacks(execute=True):
            services.activities_delete(actor=self.clerk_who_may_delete(), activities=[activity])
        self.assertFalse(EvidenceFile.objects.exists())
        self.assertFalse(storage().exists(evidence.stored_name))
        deleted = history_of(activity).first()
        self.assertEqual(deleted.changes["evidence"], ["会议记录：记录.pdf", None])

    def clerk_who_may_delete(self):
        self.clerk_a.user_permissions.add(Permission.objects.get(codename="delete_activity"))
        return type(self.clerk_a).objects.get(pk=self.clerk_a.pk)
