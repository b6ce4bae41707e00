"""The command line shows an import's progress; the monthly totals' rebuild can be left to the worker."""

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from activities.models import MonthlyTotal
from jobs.models import Job, State
from tests.factories import make_activity
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
        self.assertIn("12000 rows: 12000 to create", out.getvalue())

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
