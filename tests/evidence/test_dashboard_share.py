"""有佐证材料的记录占比 on the dashboard: counted records of the period with at least one file, of all counted ones."""

import datetime

from django.db.models import Sum
from django.test import TestCase
from django.urls import reverse

from activities import attachments, services
from activities.models import Activity, MonthlyTotal, Status
from evidence.models import EvidenceKind
from tests.factories import make_activity
from tests.personas import PersonasMixin

from .files import TINY_PDF, upload


class EvidenceShareTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        minutes = EvidenceKind.objects.get(code="minutes")
        dated = datetime.date(2021, 6, 1)
        cls.with_file = []
        for community, title in ((cls.community_a, "议事会"), (cls.community_b, "协商会")):
            activity = make_activity(community, title=title, date=dated, status=Status.DRAFT)
            attachments.activity_evidence_add(
                actor=cls.clerk_a if community == cls.community_a else cls.clerk_b,
                activity=activity,
                kind=minutes,
                upload=upload("会议记录.pdf", TINY_PDF),
            )
            cls.with_file.append(activity)
        # Approved through the workflow, as a reviewer does: the monthly totals take the count in.
        for activity in cls.with_file:
            activity.refresh_from_db()
            activity = services.activity_submit(
                actor=cls.clerk_a if activity.region == cls.community_a else cls.clerk_b,
                activity=activity,
                expected_version=activity.version,
            )
            services.activity_approve(actor=cls.reviewer, activity=activity, expected_version=activity.version)
        for community in (cls.community_a, cls.community_a, cls.community_b):
            make_activity(community, date=dated)  # approved, without evidence
        make_activity(cls.community_a, date=dated, status=Status.SUBMITTED)  # not counted by default
        make_activity(cls.community_a, date=datetime.date(2020, 6, 1))  # another year

    def district_totals(self):
        rows = MonthlyTotal.objects.filter(region=self.district, status=Status.APPROVED, month__year=2021)
        return rows.aggregate(records=Sum("records"), with_evidence=Sum("with_evidence"))

    def share(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(reverse("reports:dashboard"), {"year": 2021, **params})
        return response, response.context["evidence_share"]

    def test_a_district_reads_the_share_from_its_monthly_totals(self):
        self.assertEqual(self.district_totals(), {"records": 5, "with_evidence": 2})
        response, share = self.share(self.manager)
        self.assertEqual((share.with_evidence, share.records, share.percent), (2, 5, 40.0))
        self.assertContains(response, "有佐证材料的记录占比：<strong>40.0%</strong>（5 条记录中的 2 条）")

    def test_a_subdistrict_counts_its_records_the_same(self):
        _response, share = self.share(self.reviewer)
        self.assertEqual((share.with_evidence, share.records), (2, 5))

    def test_a_community_sees_its_own_share_and_submitted_records_on_request(self):
        _response, share = self.share(self.clerk_a)
        self.assertEqual((share.with_evidence, share.records), (1, 3))
        _response, share = self.share(self.clerk_a, include_submitted="on")
        self.assertEqual((share.with_evidence, share.records), (1, 4))

    def test_removing_the_file_of_a_reopened_record_takes_it_out_of_the_share(self):
        activity = Activity.objects.get(pk=self.with_file[0].pk)
        services.activity_reopen(
            actor=self.reviewer, activity=activity, expected_version=activity.version, reason="补签到表"
        )
        evidence = attachments.evidence_services.files_of(activity).get()
        attachments.activity_evidence_remove(actor=self.clerk_a, evidence=evidence)
        activity.refresh_from_db()
        activity = services.activity_submit(actor=self.clerk_a, activity=activity, expected_version=activity.version)
        services.activity_approve(actor=self.reviewer, activity=activity, expected_version=activity.version)
        _response, share = self.share(self.manager)
        self.assertEqual((share.with_evidence, share.records), (1, 5))
        self.assertEqual(self.district_totals(), {"records": 5, "with_evidence": 1})

    def test_a_period_without_records_shows_a_dash(self):
        response, share = self.share(self.manager, year=2019)
        self.assertIsNone(share.percent)
        self.assertContains(response, "有佐证材料的记录占比：—")
