"""``manage.py totals``: the demo figures as JSON, CSV and a table; periods, breakdowns and --user scope."""

import csv
import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from tests.factories import make_activity
from tests.personas import PersonasMixin


def totals(*args):
    out = io.StringIO()
    call_command("totals", *args, stdout=out)
    return out.getvalue()


class TotalsCommandOnDemoDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())

    def test_json_totals_of_dapeng_2021_by_region_code(self):
        data = json.loads(totals("--region", "440399", "--year", "2021", "--format", "json"))
        self.assertEqual(
            list(data["totals"])[:7],
            ["sessions", "participants", "volunteers", "volunteer_hours", "people_served", "households", "funds"],
        )
        self.assertEqual(
            {k: data["totals"][k] for k in ("volunteers", "volunteer_hours", "people_served", "sessions")},
            {"volunteers": 2112, "volunteer_hours": 3168, "people_served": 397636, "sessions": 47},
        )
        self.assertNotIn("rows", data)

    def test_a_full_path_and_a_custom_range_by_child(self):
        data = json.loads(
            totals(
                "--region",
                "河南省/平顶山市/卫东区",
                "--from",
                "2015-01-01",
                "--to",
                "2015-12-31",
                "--by",
                "child",
                "--format",
                "json",
            )
        )
        rows = {row["key"]: row for row in data["rows"]}
        self.assertEqual(rows["410403003"]["funds"], 150000)
        self.assertEqual(rows["410403001"]["suggestions"], 50)
        self.assertEqual(rows[None]["funds"], 0)  # the district's own loans are not funds invested
        self.assertEqual(rows[None]["loans_granted"], 36200000)
        self.assertEqual(data["totals"]["funds"], 150000)

    def test_csv_rows_by_month_and_a_readable_table(self):
        rows = list(
            csv.DictReader(
                io.StringIO(totals("--region", "440399", "--year", "2021", "--by", "month", "--format", "csv"))
            )
        )
        self.assertEqual(len(rows), 12)
        self.assertEqual(rows[8]["key"], "2021-09")
        self.assertEqual(rows[8]["volunteers"], "2112")
        table = totals("--region", "440399", "--year", "2021")
        self.assertIn("people_served", table)
        self.assertIn("397,636", table)

    def test_bad_arguments_are_clear_errors(self):
        for args, message in [
            (["--region", "nowhere"], "No region with code or path 'nowhere'."),
            (["--region", "440399", "--from", "2021-01-01"], "--from and --to go together."),
            (["--region", "440399", "--from", "2021-13-01", "--to", "2021-12-31"], "Dates are written YYYY-MM-DD"),
            (["--region", "440399", "--year", "2021", "--from", "2021-01-01", "--to", "2021-02-01"], "either --year"),
            (["--region", "440399", "--user", "ghost"], "No user named 'ghost'."),
        ]:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                totals(*args)


class TotalsCommandScopeTests(PersonasMixin, TestCase):
    def test_with_user_a_sibling_subtree_reads_as_not_found(self):
        make_activity(self.community_a, volunteers=10)
        make_activity(self.community_b, volunteers=20)
        with self.assertRaisesMessage(CommandError, "No region with code or path"):
            totals("--region", self.community_a.code, "--year", "2021", "--user", "clerk_b")
        own = json.loads(
            totals("--region", self.community_b.code, "--year", "2021", "--user", "clerk_b", "--format", "json")
        )
        self.assertEqual(own["totals"]["volunteers"], 20)
        district = json.loads(
            totals("--region", self.district.code, "--year", "2021", "--user", "manager", "--format", "json")
        )
        self.assertEqual(district["totals"]["volunteers"], 30)
