"""The command line shows an import's progress; the totals' rebuild and the recount can be left to the worker."""

import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import TestCase

from activities import tasks
from activities.models import Activity, MonthlyTotal, Participation
from jobs.models import Job, State
from jobs.services import job_cancel
from tests.factories import make_activity, make_person, make_region
from tests.personas import PersonasMixin

HEADER = "外部编号,日期,标题,类别,所属区域,参与人次\n"


class CommandProgressTests(PersonasMixin, TestCase):
    def test_the_import_command_prints_the_counters_as_plain_lines_without_a_terminal(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "台账.csv"
            body = "".join(f"A-{n},2020-06-13,走访{n},平安建设,西站东社区,{n}\n" for n in range(1, 12001))
            path.write_text(HEADER + body, encoding="utf-8")
            err, out = StringIO(), StringIO()
            call_command("import", "activities", str(path), stdout=out, stderr=err)
        self.assertEqual(
            err.getvalue().splitlines(),
            [
                "已读取 10,000 行，已检查 10,000 行，已写入 10,000 行",
                "已读取 12,000 行，已检查 12,000 行，已写入 12,000 行",
            ],
        )
        self.assertIn("已导入，批次号", out.getvalue())
        self.assertIn("12000 行：新增 12000 行", out.getvalue())

    def test_the_monthly_totals_rebuild_queued_for_the_worker(self):
        make_activity(self.district, participants=7)
        MonthlyTotal.objects.all().delete()
        out = StringIO()
        call_command("monthly_totals", "--rebuild", "--queue", stdout=out)  # the tests' backend runs it at once
        job = Job.objects.get()
        self.assertIn(f"/jobs/{job.pk}/", out.getvalue())
        self.assertEqual((job.kind, job.state, job.owner), ("rebuild_totals", State.DONE, None))
        self.assertEqual(job.summary, "已根据记录重新汇总月度统计。")
        self.assertTrue(MonthlyTotal.objects.exists())


class RecountJobTests(TestCase):
    def setUp(self):
        community = make_region("西站东社区", make_region("中原区"))
        self.served = make_activity(community, volunteers=40, volunteer_hours=100)
        Participation.objects.bulk_create(
            [
                Participation(activity=self.served, person=make_person(community, f"志愿者{n}"), hours=3)
                for n in range(4)
            ]
        )

    def test_the_recount_queued_for_the_worker_changes_the_figures(self):
        call_command("recount_participation", "--queue", stdout=StringIO())
        job = Job.objects.get()
        self.assertEqual(
            (job.kind, job.state, job.rows_total, job.rows_written), ("recount_participation", "done", 1, 1)
        )
        self.assertEqual(job.summary, "1 个有服务记录的活动中，1 个已更新。")
        self.assertEqual(Activity.objects.get(pk=self.served.pk).volunteers, 4)

    def test_a_recount_cancelled_between_chunks_changes_nothing(self):
        real = tasks.activities_recount_participation

        def recount_then_cancel(**kwargs):
            changed = real(**kwargs)
            job_cancel(job=Job.objects.get())  # the superuser presses 取消 while the first chunk is recounted
            return changed

        with mock.patch.object(tasks, "activities_recount_participation", recount_then_cancel):
            call_command("recount_participation", "--queue", stdout=StringIO())
        job = Job.objects.get()
        self.assertEqual((job.state, job.summary), (State.CANCELLED, "未完成即已取消，未写入任何内容。"))
        self.assertEqual(Activity.objects.get(pk=self.served.pk).volunteers, 40)
