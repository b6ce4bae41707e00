"""Exports (XLSX, CSV with BOM, formula-safe), the JSON endpoint, the print page and organization health."""

import datetime
import io
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Status
from communities.models import OrganizationKind, Project, ProjectKind, add_years
from reports.exports import safe_cell
from tests.factories import make_activity, make_organization, make_region, make_team
from tests.personas import PersonasMixin


class ExportAndApiTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hostile = make_region('=HYPERLINK("http://x")', cls.subdistrict)
        make_activity(cls.community_a, volunteers=2000, volunteer_hours=Decimal("3000"), people_served=397000)
        make_activity(cls.community_b, volunteers=112, volunteer_hours=Decimal("168.5"), people_served=636)
        make_activity(cls.hostile, volunteers=1, team=make_team(cls.hostile, "@SUM(A1)"))
        make_activity(cls.community_b, volunteers=999, status=Status.SUBMITTED)

    def get(self, user, name, *args, **params):
        self.client.force_login(user)
        return self.client.get(reverse(name, args=args), params)

    def test_the_child_table_exports_to_xlsx_with_numbers_and_neutralised_text(self):
        response = self.get(self.manager, "reports:export", "child", "xlsx", region=self.subdistrict.pk, year=2021)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0][:2], ["区域", "记录数"])
        by_name = {row[0]: row for row in rows[1:]}
        self.assertEqual(by_name["西站东社区"][1:5], [1, 0, 0, 2000])
        self.assertEqual(by_name["西站西社区"][5], 168.5)
        self.assertIn('\'=HYPERLINK("http://x")', by_name)
        self.assertFalse(any(c.data_type == "f" for row in sheet.iter_rows() for c in row))

    def test_csv_has_a_bom_and_neutralises_formulas(self):
        response = self.get(self.manager, "reports:export", "team", "csv", region=self.subdistrict.pk, year=2021)
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        text = response.content.decode("utf-8-sig")
        self.assertIn("'@SUM(A1),1,", text)

    def test_every_formula_start_is_neutralised(self):
        for text in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
            self.assertEqual(safe_cell(text), "'" + text)
        self.assertEqual(safe_cell("西站东社区"), "西站东社区")
        self.assertEqual(safe_cell(-5), -5)

    def test_exports_are_scoped(self):
        response = self.get(self.clerk_b, "reports:export", "totals", "csv", region=self.community_a.pk)
        self.assertEqual(response.status_code, 404)
        response = self.get(self.clerk_b, "reports:export", "child", "csv", region=self.subdistrict.pk)
        self.assertEqual(response.status_code, 404)
        response = self.get(self.clerk_b, "reports:export", "nothing", "csv")
        self.assertEqual(response.status_code, 404)

    def test_the_json_endpoint_names_totals_by_measure_and_rows_by_key(self):
        response = self.get(self.manager, "reports:api_totals", region=self.subdistrict.code, year=2021, by="child")
        data = response.json()
        self.assertEqual(
            list(data["totals"])[:7],
            ["sessions", "participants", "volunteers", "volunteer_hours", "people_served", "households", "funds"],
        )
        self.assertEqual(data["totals"]["volunteers"], 2113)
        self.assertEqual(data["totals"]["volunteer_hours"], 3168.5)
        rows = {row["key"]: row for row in data["rows"]}
        self.assertEqual(rows[self.community_a.code]["volunteers"], 2000)
        self.assertEqual(data["statuses"], ["approved"])
        submitted = self.get(
            self.manager, "reports:api_totals", region=self.subdistrict.pk, year=2021, include_submitted="on"
        )
        self.assertEqual(submitted.json()["totals"]["volunteers"], 3112)

    def test_the_json_endpoint_is_scoped_and_reports_bad_values(self):
        self.assertEqual(self.get(self.clerk_b, "reports:api_totals", region=self.community_a.code).status_code, 404)
        self.assertEqual(self.get(self.clerk_b, "reports:api_totals", region=self.community_a.pk).status_code, 404)
        own = self.get(self.clerk_b, "reports:api_totals", region=self.community_b.code, year=2021).json()
        self.assertEqual(own["totals"]["volunteers"], 112)
        bad = self.get(self.manager, "reports:api_totals", year="abc")
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(bad.json()["errors"]["year"], ["输入整数。"])
        self.assertEqual(self.get(self.manager, "reports:api_totals", by="planet").status_code, 400)

    def test_the_print_page_carries_the_summary_tables_chart_and_footer(self):
        response = self.get(self.manager, "reports:print", region=self.subdistrict.pk, year=2021)
        self.assertContains(
            response, "2021年，桐柏路街道累计参与志愿者2113人次，服务时长3168.5小时，服务群众397636人次。"
        )
        self.assertContains(response, "<svg")
        self.assertContains(response, "仅已审核记录")
        self.assertContains(response, "中原区/桐柏路街道")
        self.assertContains(response, "2021-01-01 – 2021-12-31")
        self.assertContains(response, 'class="report-footer"')

    def test_a_figures_records_list_shows_what_the_figure_counts(self):
        response = self.get(
            self.manager, "reports:records", region=self.subdistrict.pk, year=2021, measure="volunteer_hours"
        )
        self.assertEqual(response.context["total"], Decimal("3168.5"))
        self.assertEqual(response.context["page"].paginator.count, 2)
        self.assertEqual(self.get(self.manager, "reports:records", measure="no_such").status_code, 404)


class OrganizationHealthTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = datetime.date.today()
        in_30_days = add_years(today + datetime.timedelta(days=30), -3)
        make_organization(cls.community_a, "甲党支部", term_start=in_30_days, term_years=3)
        make_organization(cls.community_a, "丁党支部", term_start=add_years(today, -1), term_years=3)
        make_organization(cls.community_a, "乙党支部", term_start=datetime.date(2010, 1, 1), term_years=3, is_weak=True)
        make_organization(cls.community_b, "丙党支部", is_demonstration=True)
        make_organization(cls.community_b, "丙党总支", kind=OrganizationKind.GENERAL_BRANCH)
        make_organization(cls.other_district, "外区党支部", term_start=datetime.date(2010, 1, 1), term_years=3)
        Project.objects.create(
            code="P1",
            name="老旧小区改造",
            kind=ProjectKind.RENOVATION,
            region=cls.district,
            year=2020,
            planned=487,
            started=301,
            completed=177,
        )

    def test_branches_by_kind_elections_and_weak_branches(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("reports:organizations"), {"region": self.subdistrict.pk})
        rows = {row["region"].name: row for row in response.context["health_rows"]}
        kinds = [k for k, _label in response.context["kinds"]]
        self.assertEqual(rows["西站东社区"]["cells"][kinds.index("branch")], 3)
        self.assertEqual(rows["西站西社区"]["party_total"], 2)
        self.assertEqual(rows["西站西社区"]["demonstration"], 1)
        self.assertEqual([org.name for org, _due in response.context["overdue"]], ["乙党支部"])
        self.assertEqual([org.name for org, _due in response.context["due_soon"]], ["甲党支部"])
        self.assertEqual([org.name for org in response.context["weak"]], ["乙党支部"])

    def test_project_progress_with_percentages(self):
        self.client.force_login(self.manager)
        response = self.client.get(reverse("reports:organizations"), {"year": 2020})
        row = response.context["projects"]["rows"][0]
        self.assertEqual((row["planned"], row["started"], row["completed"]), (487, 301, 177))
        self.assertEqual((row["started_percent"], row["completed_percent"]), (61.8, 36.3))
        self.assertContains(response, "301 (61.8%)")
        bad = self.client.get(reverse("reports:organizations"), {"year": "20x0"})
        self.assertContains(bad, "请输入1990至2100之间的年份。")
