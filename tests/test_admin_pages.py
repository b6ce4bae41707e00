"""Every admin list, change and add page renders, in Chinese, with a fixed number of queries.

A list's query count must not grow with its rows: each list is rendered with
one row and with five, and must cost the same.
"""

import datetime
import itertools

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Category, Indicator, IndicatorValue, Participation, Status
from communities.models import Organization, Project, ProjectKind, Region, ServiceSite, SiteKind
from evidence.models import EvidenceKind
from regional.models import (
    AssessmentItem,
    AssessmentRating,
    AssessmentScheme,
    AssessmentScore,
    CommitteeMembership,
    Election,
    ListProject,
    MemberUnit,
    Need,
    OfficeHolder,
    Pairing,
    Resource,
    Suggestion,
    SupervisionCheck,
    Survey,
    TalentPool,
    TalentPoolMember,
    UnitCount,
    UnitReporting,
)
from tests.factories import make_activity, make_organization, make_person, make_region, make_team
from transfer.models import ImportBatch
from volunteers.models import Person, StarLevel, Team, TeamMembership

_n = itertools.count(1)


def build(model, world):
    """One more saved row of ``model``, hanging off the shared world."""
    n = next(_n)
    region = world["community"]
    if model is Region:
        return make_region(f"网格{n}", region)
    if model is Organization:
        return make_organization(
            region, parent=world["organization"], term_start=datetime.date(2020, 6, 30), term_years=3
        )
    if model is ServiceSite:
        return ServiceSite.objects.create(
            code=f"S{n}", name=f"党群服务站{n}", kind=SiteKind.SERVICE_STATION, region=region
        )
    if model is Project:
        return Project.objects.create(
            code=f"P{n}",
            name=f"改造项目{n}",
            kind=ProjectKind.RENOVATION,
            region=region,
            year=2020,
            planned=487,
            started=301,
            completed=177,
        )
    if model is Team:
        return make_team(region, organization=world["organization"])
    if model is Person:
        return make_person(region, f"志愿者{n}", phone=f"1380000{n:04d}")
    if model is TeamMembership:
        return TeamMembership.objects.create(team=world["team"], person=make_person(region, f"队员{n}"))
    if model is Participation:
        return Participation.objects.create(
            person=make_person(region, f"参与者{n}"), activity=world["activity"], hours=2
        )
    if model is Activity:
        activity = make_activity(
            region, volunteers=n, organization=world["organization"], team=world["team"], status=Status.DRAFT
        )
        IndicatorValue.objects.create(activity=activity, indicator=world["indicator"], value=n)
        return activity
    if model is StarLevel:
        top = StarLevel.objects.order_by("-stars").first()
        return StarLevel.objects.create(stars=top.stars + 1, min_hours=top.min_hours + 500)
    if model is Category:
        return Category.objects.create(code=f"cat{n}", name=f"类别{n}")
    if model is EvidenceKind:
        return EvidenceKind.objects.create(code=f"kind{n}", name=f"材料{n}")
    if model is Indicator:
        return Indicator.objects.create(code=f"ind{n}", name=f"指标{n}", unit="条")
    if model is get_user_model():
        return get_user_model().objects.create_user(f"user{n}")
    if model is ImportBatch:
        return ImportBatch.objects.create(
            kind="activities", file_name=f"台账{n}.csv", user=world["importer"], started_at=timezone.now(), rows=n
        )
    if model is MemberUnit:
        return MemberUnit.objects.create(
            code=f"U{n}", name=f"驻区单位{n}", kind="enterprise", region=region, contact_phone="13812341234"
        )
    if model is UnitCount:
        return UnitCount.objects.create(
            region=region, label="驻区单位和“两新”组织", count=100, qualifier="余", as_of=datetime.date(2020, 12, 31)
        )
    if model is CommitteeMembership:
        unit = build(MemberUnit, world)
        return CommitteeMembership.objects.create(
            committee=world["committee"], unit=unit, title="所长", surveyed_on=datetime.date(2015, 3, 2)
        )
    if model is Pairing:
        return Pairing.objects.create(
            kind="co_building",
            name=f"结对{n}",
            region=region,
            a_kind="group",
            a_count=126,
            a_label="机关支部",
            b_kind="region",
            b_region=region,
            start=datetime.date(2020, 1, 1),
        )
    if model is Resource:
        return Resource.objects.create(
            committee=world["committee"], region=region, title=f"资源{n}", listed_on=datetime.date(2020, 1, 1)
        )
    if model is Need:
        return Need.objects.create(
            committee=world["committee"], region=region, title=f"需求{n}", raised_on=datetime.date(2020, 3, 1)
        )
    if model is ListProject:
        return ListProject.objects.create(
            committee=world["committee"], region=region, name=f"项目{n}", listed_on=datetime.date(2020, 3, 1)
        )
    if model is UnitReporting:
        return UnitReporting.objects.create(
            unit=build(MemberUnit, world), community=region, reported_on=datetime.date(2020, 3, 1)
        )
    if model is Election:
        return Election.objects.create(organization=world["organization"], held_on=datetime.date(2020, 6, n % 28 + 1))
    if model is OfficeHolder:
        return OfficeHolder.objects.create(
            organization=world["organization"], name=f"班子成员{n}", position="secretary"
        )
    if model is TalentPool:
        return TalentPool.objects.create(region=region, name=f"人才库{n}", kind="rural_talent", reported_count=460)
    if model is TalentPoolMember:
        return TalentPoolMember.objects.create(pool=build(TalentPool, world), person=make_person(region, f"人才{n}"))
    if model is Survey:
        return Survey.objects.create(
            region=region, title=f"调查{n}", conducted_on=datetime.date(2015, 12, 8), respondents_label="沿街商户"
        )
    if model is Suggestion:
        return Suggestion.objects.create(
            region=region, topic="治安", content=f"建议{n}", raised_on=datetime.date(2015, 12, 8)
        )
    if model is AssessmentScheme:
        return AssessmentScheme.objects.create(region=region, name=f"考核{n}", year=2015)
    if model is AssessmentItem:
        return AssessmentItem.objects.create(scheme=build(AssessmentScheme, world), name="组织建设", weight=60)
    if model is AssessmentScore:
        item = build(AssessmentItem, world)
        return AssessmentScore.objects.create(
            scheme=item.scheme, item=item, organization=world["organization"], score=50
        )
    if model is AssessmentRating:
        return AssessmentRating.objects.create(
            scheme=build(AssessmentScheme, world), organization=world["organization"], stars=4
        )
    if model is SupervisionCheck:
        return SupervisionCheck.objects.create(
            region=region, subject=f"督导{n}", start=datetime.date(2020, 6, 1), end=datetime.date(2020, 6, 30), groups=3
        )
    if model.__name__ == "Group":
        return model.objects.create(name=f"组{n}")
    raise AssertionError(f"add a builder for {model.__name__} to test_admin_pages.build()")


# Every admin page: the session, the user, and at the end the session's idle
# timeout refresh (savepoint, UPDATE, release) = 5 queries. A changelist adds
# its capped COUNT and one SELECT of its rows with their select_related joins,
# plus one query per related list filter's choices (activity: categories;
# project: years; user and group: groups/permissions). A change page adds the
# object and one query per chosen related row and per inline (the user page:
# its scope regions; an import batch page: its importer and the rows it wrote).
# Audit records nobody edits by hand.
READ_ONLY = {"importbatch"}

CHANGELIST_QUERIES = {
    "assessmentitem": 7,
    "assessmentrating": 7,
    "assessmentscheme": 8,
    "assessmentscore": 7,
    "election": 7,
    "officeholder": 7,
    "suggestion": 7,
    "supervisioncheck": 7,
    "survey": 7,
    "talentpool": 7,
    "talentpoolmember": 7,
    "unitreporting": 7,
    "activity": 8,
    "category": 8,
    "committeemembership": 7,
    "evidencekind": 8,
    "group": 8,
    "importbatch": 9,
    "listproject": 7,
    "memberunit": 7,
    "unitcount": 7,
    "need": 7,
    "pairing": 7,
    "resource": 7,
    "indicator": 8,
    "organization": 7,
    "participation": 7,
    "person": 7,
    "project": 8,
    "region": 8,
    "servicesite": 7,
    "starlevel": 8,  # a short table: counted in full (COUNT of the list and of the whole table)
    "team": 7,
    "teammembership": 7,
    "user": 9,
}
CHANGE_QUERIES = {
    "assessmentitem": 7,
    "assessmentrating": 8,
    "assessmentscheme": 7,
    "assessmentscore": 8,
    "election": 7,
    "officeholder": 7,
    "suggestion": 7,
    "supervisioncheck": 7,
    "survey": 7,
    "talentpool": 8,
    "talentpoolmember": 8,
    "unitreporting": 8,
    "activity": 13,
    # 7-8: the evidence kinds it requires, and those it may require (ticked on the page)
    "category": 8,
    "committeemembership": 8,
    "evidencekind": 6,
    "group": 8,
    "importbatch": 8,
    "listproject": 8,
    "memberunit": 7,
    "unitcount": 7,
    "need": 8,
    "pairing": 8,
    "resource": 8,
    "indicator": 6,
    "organization": 8,
    "participation": 9,
    "person": 7,
    "project": 7,
    "region": 7,
    "servicesite": 7,
    "starlevel": 6,
    "team": 8,
    "teammembership": 10,
    "user": 11,
}


class AdminPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("admin", password="pw")
        district = make_region("中原区")
        community = make_region("西站东社区", make_region("桐柏路街道", district))
        organization = make_organization(district, "中原区委")
        team = make_team(community, "党员突击队")
        cls.world = {
            "community": community,
            "organization": organization,
            "committee": make_organization(district, "桐柏路街道大工委", kind="area_committee"),
            "team": team,
            "indicator": Indicator.objects.create(code="suggestions", name="意见建议", unit="条"),
            "importer": cls.user,
        }
        cls.world["activity"] = make_activity(community, title="平安建设宣传走访")

    def setUp(self):
        self.client.force_login(self.user)
        # Warm caches that a long-running server has warm (content types, site).
        self.client.get(reverse("admin:index"))
        ContentType.objects.get_for_models(*admin.site._registry)

    def models(self):
        # django-axes' security logs are read-only lists of its own; the login
        # hardening tests cover them (an administrator unlocks from there).
        ours = [m for m in admin.site._registry if m._meta.app_label != "axes"]
        return sorted(ours, key=lambda m: m._meta.model_name)

    def url(self, model, view, *args):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)

    def test_every_changelist_renders_with_a_query_count_independent_of_its_rows(self):
        for model in self.models():
            name = model._meta.model_name
            with self.subTest(model=name):
                build(model, self.world)
                with self.assertNumQueries(CHANGELIST_QUERIES[name]):
                    response = self.client.get(self.url(model, "changelist"))
                self.assertEqual(response.status_code, 200)
                for _ in range(4):
                    build(model, self.world)
                with self.assertNumQueries(CHANGELIST_QUERIES[name]):
                    self.client.get(self.url(model, "changelist"))

    def test_every_change_page_renders_with_a_pinned_query_count(self):
        for model in self.models():
            name = model._meta.model_name
            with self.subTest(model=name):
                obj = build(model, self.world)
                with self.assertNumQueries(CHANGE_QUERIES[name]):
                    response = self.client.get(self.url(model, "change", obj.pk))
                self.assertEqual(response.status_code, 200)
                if name in READ_ONLY:
                    self.assertContains(response, str(obj))
                    self.assertNotContains(response, "保存")
                else:
                    self.assertContains(response, "保存")  # the Chinese admin's Save button

    def test_every_add_page_renders(self):
        for model in self.models():
            name = model._meta.model_name
            with self.subTest(model=name):
                # An import batch is written by imports only: its admin has no add page.
                expected = 403 if name in READ_ONLY else 200
                self.assertEqual(self.client.get(self.url(model, "add")).status_code, expected)

    def test_the_activity_list_shows_figures_and_region_paths(self):
        make_activity(self.world["community"], title="马路天使文明交通", volunteers=2112, people_served=397636)
        response = self.client.get(self.url(Activity, "changelist"))
        self.assertContains(response, "马路天使文明交通")
        self.assertContains(response, "中原区/桐柏路街道/西站东社区")
        self.assertContains(response, "397636")

    def test_a_long_activity_list_says_more_than_the_cap_instead_of_counting_everything(self):
        with self.settings(ADMIN_COUNT_LIMIT=3):
            for _ in range(4):
                make_activity(self.world["community"])
            response = self.client.get(self.url(Activity, "changelist"))
        self.assertContains(response, "超过 3 条记录")
