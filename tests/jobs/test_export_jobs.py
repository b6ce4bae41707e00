"""A large admin export runs as a job; its file waits for its owner only."""

from django.test import TestCase, override_settings

from activities.models import Status
from jobs.models import Job, State
from tests.factories import make_activity
from tests.personas import PersonasMixin

EXPORT = "/admin/activities/activity/export/csv/"


class ExportJobTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for day in (1, 2, 3):
            make_activity(cls.community_a, title=f"宣传走访{day}", status=Status.SUBMITTED)
        make_activity(cls.other_district, title="卫东区的活动", status=Status.SUBMITTED)

    def test_a_short_list_answers_at_once(self):
        self.client.force_login(self.manager)
        response = self.client.get(EXPORT)
        self.assertIn("宣传走访1", response.content.decode("utf-8-sig"))
        self.assertFalse(Job.objects.exists())

    @override_settings(EXPORT_INLINE_MAX_ROWS=2)
    def test_a_long_list_is_written_by_a_job_and_downloaded_from_its_page_by_its_owner_only(self):
        self.client.force_login(self.manager)
        response = self.client.get(EXPORT)
        job = Job.objects.get()
        self.assertRedirects(response, f"/jobs/{job.pk}/", fetch_redirect_response=False)
        self.assertEqual((job.state, job.rows_total, job.rows_written), (State.DONE, 3, 3))
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, "已导出 3 行。")
        self.assertContains(page, f'href="/jobs/{job.pk}/download/"')
        download = self.client.get(f"/jobs/{job.pk}/download/")
        self.assertIn("no-store", download["Cache-Control"])
        self.assertIn('filename="activities.csv"', download["Content-Disposition"])
        text = b"".join(download.streaming_content).decode("utf-8-sig")
        self.assertIn("中原区/桐柏路街道/西站东社区", text)
        self.assertIn("宣传走访3", text)
        self.assertNotIn("卫东区的活动", text)  # the manager's scope, as in the inline export

        self.client.force_login(self.reviewer)
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/download/").status_code, 404)
