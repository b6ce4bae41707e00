"""The admin's import runs as a job: queued by the request, run by the worker, followed on the page, cancellable."""

import datetime
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from activities.models import Activity
from jobs.models import Job, State
from jobs.services import HEARTBEAT_LAPSE, Progress, channel, job_run, job_status
from tests.personas import PersonasMixin
from transfer import tasks
from transfer.models import ImportBatch

URL = "/admin/activities/activity/import/"
HEADER = "外部编号,日期,标题,类别,所属区域,参与人次\n"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def rows(count):
    return HEADER + "".join(f"A-{n},2020-06-13,宣传走访{n},平安建设,西站东社区,{n}\n" for n in range(1, count + 1))


def upload(text):
    return SimpleUploadedFile("台账.csv", text.encode("utf-8"), content_type="text/csv")


def run_worker():
    """The worker's own loop (``manage.py db_worker --batch``), in this process, until the queue is empty."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The loop closes "old" connections between tasks; inside a test's transaction that would be this one.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


@override_settings(TASKS=DATABASE_BACKEND)
class QueuedImportTests(PersonasMixin, TestCase):
    def test_the_request_queues_the_check_and_the_worker_runs_it_then_the_confirmed_import(self):
        self.client.force_login(self.clerk_a)
        with mock.patch.object(tasks, "run_import", side_effect=AssertionError("a request ran the import")):
            response = self.client.post(URL, {"file": upload(rows(3))})
        job = Job.objects.get()
        self.assertRedirects(response, f"{URL}?job={job.pk}", fetch_redirect_response=False)
        self.assertEqual((job.state, job.kind, job.owner), (State.QUEUED, "import_preview", self.clerk_a))
        self.assertEqual(DBTaskResult.objects.get().task_path, "transfer.tasks.import_task")

        page = self.client.get(f"{URL}?job={job.pk}")
        self.assertContains(page, f'data-job-progress="/jobs/{job.pk}/progress/"')
        self.assertContains(page, "jobs/progress.js")
        self.assertContains(page, f'action="/jobs/{job.pk}/cancel/"')
        self.assertNotContains(page, 'name="token"')

        run_worker()
        self.assertEqual(
            self.client.get(f"/jobs/{job.pk}/progress/").json(),
            {
                "id": job.pk,
                "kind": "import_preview",
                "kind_label": "导入检查",
                "state": "done",
                "state_label": "已完成",
                "finished": True,
                "cancelling": False,
                "read": 3,
                "checked": 3,
                "written": 3,
                "total": None,
                "percent": 100,
                "summary": "3 行：新增 3 行，更新 0 行，未变 0 行。",
                "error": "",
            },
        )
        page = self.client.get(f"{URL}?job={job.pk}")
        self.assertContains(page, "3 行：新增 3 行，更新 0 行，未变 0 行。")
        self.assertEqual(Activity.objects.count(), 0)

        response = self.client.post(URL, {"token": page.context["token"]})
        confirm = Job.objects.latest("pk")
        self.assertRedirects(response, f"{URL}?job={confirm.pk}", fetch_redirect_response=False)
        self.assertEqual((confirm.state, confirm.rows_total), (State.QUEUED, 3))
        self.assertFalse(ImportBatch.objects.exists())

        run_worker()
        batch = ImportBatch.objects.get()
        self.assertRedirects(
            self.client.get(f"{URL}?job={confirm.pk}"),
            f"/admin/transfer/importbatch/{batch.pk}/change/",
            fetch_redirect_response=False,
        )
        status = self.client.get(f"/jobs/{confirm.pk}/progress/").json()
        self.assertEqual(
            (status["read"], status["checked"], status["written"], status["total"], status["percent"]),
            (3, 3, 3, 3, 100),
        )
        self.assertEqual(status["summary"], f"导入完成：新增 3 行，更新 0 行，未变 0 行（批次 {batch.pk}）。")
        self.assertEqual(sorted(Activity.objects.values_list("participants", flat=True)), [1, 2, 3])

    def test_a_job_cancelled_while_queued_never_runs(self):
        self.client.force_login(self.clerk_a)
        self.client.post(URL, {"file": upload(rows(3))})
        job = Job.objects.get()
        response = self.client.post(f"/jobs/{job.pk}/cancel/", {"next": f"{URL}?job={job.pk}"})
        self.assertRedirects(response, f"{URL}?job={job.pk}", fetch_redirect_response=False)
        with mock.patch.object(tasks, "run_import", side_effect=AssertionError("a cancelled job ran")):
            run_worker()
        job.refresh_from_db()
        self.assertEqual((job.state, job.summary), (State.CANCELLED, "开始前已取消，未写入任何内容。"))
        self.assertContains(self.client.get(f"{URL}?job={job.pk}"), "开始前已取消，未写入任何内容。")

    def test_a_running_import_cancelled_between_batches_writes_nothing(self):
        self.client.force_login(self.clerk_a)
        page = self.client.get(f"{URL}?job=0")
        self.assertEqual(page.status_code, 404)
        preview = self.client.post(URL, {"file": upload(rows(4500))})
        run_worker()
        token = self.client.get(preview["Location"]).context["token"]
        self.client.post(URL, {"token": token})
        job = Job.objects.latest("pk")
        real_run_import = tasks.run_import
        reports = []

        def run_import_cancelled_after_its_first_batch(*, progress, **options):
            def report(**counters):
                reports.append(counters)
                if len(reports) == 1:
                    # The owner presses 取消 on the page while the first batch of rows is written.
                    self.assertEqual(Job.objects.get(pk=job.pk).state, State.RUNNING)
                    self.client.post(f"/jobs/{job.pk}/cancel/")
                    self.assertTrue(self.client.get(f"/jobs/{job.pk}/progress/").json()["cancelling"])
                progress(**counters)

            return real_run_import(progress=report, **options)

        with mock.patch.object(tasks, "run_import", run_import_cancelled_after_its_first_batch):
            run_worker()
        job.refresh_from_db()
        self.assertEqual(len(reports), 1)  # stopped after the first batch of 2,000 rows, not at the end
        self.assertEqual((job.state, job.rows_read, job.rows_total), (State.CANCELLED, 2000, 4500))
        self.assertEqual(job.summary, "未完成即已取消，未写入任何内容。")
        self.assertEqual(Activity.objects.count(), 0)
        self.assertFalse(ImportBatch.objects.exists())
        page = self.client.get(f"{URL}?job={job.pk}")
        self.assertContains(page, "未完成即已取消，未写入任何内容。")
        self.assertContains(page, 'name="file"')  # the upload form, to start again


class JobScopeTests(PersonasMixin, TestCase):
    def test_only_the_owner_or_a_superuser_sees_a_job(self):
        self.client.force_login(self.clerk_a)
        self.client.post(URL, {"file": upload(rows(2))})
        job = Job.objects.get()
        self.client.force_login(self.clerk_b)  # the sibling community's clerk, who may import too
        self.assertEqual(self.client.get(f"{URL}?job={job.pk}").status_code, 404)
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/").status_code, 404)
        answer = self.client.get(f"/jobs/{job.pk}/progress/")
        self.assertEqual((answer.status_code, answer.json()), (404, {"errors": {"__all__": ["没有这项任务。"]}}))
        self.assertEqual(self.client.post(f"/jobs/{job.pk}/cancel/").status_code, 404)
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/download/").status_code, 404)
        self.assertNotContains(self.client.get("/jobs/"), f'href="/jobs/{job.pk}/"')
        self.client.logout()
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/progress/").status_code, 403)

        superuser = type(self.clerk_a).objects.create_superuser("root", password="x")
        self.client.force_login(superuser)
        self.assertContains(self.client.get("/jobs/"), f'href="/jobs/{job.pk}/"')
        self.assertEqual(self.client.get(f"/jobs/{job.pk}/progress/").json()["state"], "done")

    def test_an_export_job_is_not_a_page_of_the_import(self):
        self.client.force_login(self.manager)
        with self.settings(EXPORT_INLINE_MAX_ROWS=-1):
            self.client.get("/admin/activities/activity/export/csv/")
        job = Job.objects.get()
        self.assertEqual(self.client.get(f"{URL}?job={job.pk}").status_code, 404)


class ProgressTests(PersonasMixin, TestCase):
    def test_a_running_jobs_json_shows_the_live_counters_and_the_share_checked(self):
        job = Job.objects.create(owner=self.clerk_a, kind="import", state=State.RUNNING, rows_total=4000)
        Progress(job)(read=3000, checked=1000, written=900)
        self.client.force_login(self.clerk_a)
        status = self.client.get(f"/jobs/{job.pk}/progress/").json()
        self.assertEqual(
            {key: status[key] for key in ("state", "state_label", "read", "checked", "written", "total", "percent")},
            {
                "state": "running",
                "state_label": "运行中",
                "read": 3000,
                "checked": 1000,
                "written": 900,
                "total": 4000,
                "percent": 25,
            },
        )
        page = self.client.get(f"/jobs/{job.pk}/")
        self.assertContains(page, '<progress max="100" value="25">')
        self.assertContains(page, '<td data-job-field="read">3000</td>', html=False)

    def test_a_check_of_a_file_not_yet_read_has_no_share(self):
        job = Job.objects.create(owner=self.clerk_a, kind="import_preview", state=State.QUEUED)
        self.assertEqual((job_status(job)["percent"], job_status(job)["state_label"]), (None, "排队中"))

    def test_a_job_that_fails_says_so_in_chinese_and_writes_nothing(self):
        self.client.force_login(self.clerk_a)
        with mock.patch.object(tasks, "run_import", side_effect=RuntimeError("disk full")):
            response = self.client.post(URL, {"file": upload(rows(2))})
        job = Job.objects.get()
        self.assertEqual(job.state, State.FAILED)
        self.assertEqual(job.error, "任务意外失败，未写入任何内容。详细信息在服务器日志中。")
        self.assertContains(response, "任务意外失败，未写入任何内容。")
        self.assertEqual(Activity.objects.count(), 0)


class LostWorkerTests(PersonasMixin, TestCase):
    """A worker killed in the middle of a job (restarted, out of memory) cannot record how it ended."""

    def running_job(self, minutes_ago):
        started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        return Job.objects.create(owner=self.clerk_a, kind="import", state=State.RUNNING, started_at=started)

    def test_a_job_whose_worker_died_is_failed_when_its_owner_looks(self):
        job = self.running_job(minutes_ago=5)  # no heartbeat: nothing renews it any more
        self.client.force_login(self.clerk_a)
        status = self.client.get(f"/jobs/{job.pk}/progress/").json()
        self.assertEqual((status["state"], status["finished"]), ("failed", True))
        self.assertEqual(
            status["error"],
            "运行此任务的后台进程在任务完成前停止了（可能被重启或内存不足），未写入任何内容。请重新开始此任务。",
        )
        job.refresh_from_db()
        self.assertEqual(job.state, State.FAILED)
        self.assertIsNotNone(job.finished_at)

    def test_the_job_list_shows_it_failed_too(self):
        job = self.running_job(minutes_ago=5)
        self.client.force_login(self.clerk_a)
        self.assertContains(self.client.get("/jobs/"), "失败")
        job.refresh_from_db()
        self.assertEqual(job.state, State.FAILED)

    def test_a_job_just_taken_or_with_a_beating_worker_keeps_running(self):
        just_taken = self.running_job(minutes_ago=0)
        beating = self.running_job(minutes_ago=30)
        channel().set(f"job:{beating.pk}:alive", True, HEARTBEAT_LAPSE)
        for job in (just_taken, beating):
            self.assertEqual(job_status(job)["state"], "running")

    def test_the_worker_beats_while_the_work_runs_and_stops_after(self):
        job = Job.objects.create(owner=self.clerk_a, kind="export", state=State.QUEUED)
        seen = []

        def work(job, progress):
            seen.append(channel().get(f"job:{job.pk}:alive"))
            return "done", {}

        job_run(job.pk, work)
        self.assertEqual(seen, [True])
        self.assertIsNone(channel().get(f"job:{job.pk}:alive"))
        job.refresh_from_db()
        self.assertEqual(job.state, State.DONE)
