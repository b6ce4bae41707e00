"""Every URL of the project, checked against the personas.

The test walks the whole URL configuration. Each URL that names a record
must answer 404 to the clerk of the sibling community and open for someone
entitled to the record; each list must not show the sibling's records. A URL
that this file does not know yet fails the test until someone decides which
kind it is — so a new page cannot be added without a scope check.
"""

import datetime
import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.roles import SYSTEM_ADMINISTRATOR
from activities import attachments
from activities.models import Activity, Participation, Status
from communities.models import OrganizationKind, Project, ProjectKind, Region, ServiceSite, SiteKind
from evidence.models import EvidenceKind
from regional import assessment as regional_assessment
from regional import lists as regional_lists
from regional import registers as regional_registers
from regional import services as regional_services
from regional.models import CommitteeMembership
from tests.factories import make_activity, make_organization, make_person, make_region, make_team
from tests.personas import PersonasMixin, make_user
from transfer.models import ImportBatch
from volunteers.models import TeamMembership

# URLs that name no record: pages every staff user may open.
PAGES_WITHOUT_RECORDS = {
    "",
    "home",
    "login",
    "logout",
    # The one-time set-password link: its token, not the session, says whose password it sets
    # (tests/accounts/test_users_command.py); a forged or used token is refused.
    "password_set",
    "password_set_done",
    "set_language",
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin:app_list",
    "admin:autocomplete",  # checked on its own below
    "reports:api_openapi",  # the totals API's description: names no data
    "activities:queue",  # a scoped list: checked on its own below
    "activities:approve_many",  # POST of ticked ids, looked up in scope: tests/activities/test_review_queue_batch.py
    "workspace:index",  # a scoped list: checked on its own below
    # The user's own notifications: another person's is a 404 (tests/notifications/test_workflow_notifications.py).
    "notifications:index",
    "notifications:open",
    "notifications:mark_all_read",
    # The volunteer's sign-in page: its signed token names the activity, no session (tests/signin).
    "signin:scan",
    "signin:decide",  # POST on one activity's scans: 404 outside the scope in tests/signin/test_qr_signin.py
    "workspace:export",  # the same list as a file: tests/workspace/test_export.py
    "workspace:create",  # a form whose regions are the scope's: tests/workspace/test_form.py
    "workspace:step",  # POST on one record (two args): 404 outside the scope in tests/workspace/test_record.py
    # POST on one record's evidence: 404 outside the scope in tests/evidence/test_pages.py.
    "workspace:evidence_add",
    "workspace:evidence_remove",
    # One evidence file, through its record's scope: checked on its own below.
    "evidence:file",
    "evidence:thumbnail",
    # A project's or organization's evidence (two args): 404 outside the scope in tests/evidence/test_record_page.py.
    "evidence:record",
    "evidence:record_remove",
    "volunteering:index",  # scoped search and team list: tests/volunteers/test_ledger_pages.py
    "volunteering:star_levels",  # scoped list: tests/volunteers/test_ledger_pages.py
    "regional:committees",  # scoped list: tests/regional/test_pages.py
    # Jobs are their owner's (or a superuser's), whatever the regions: 404 to anyone else in
    # tests/jobs/test_import_jobs.py (JobScopeTests); the list shows only one's own.
    "jobs:index",
    "jobs:detail",
    "jobs:progress",
    "jobs:cancel",
    "jobs:download",
    # Import, export and template pages of each importable list: scoped and permission-gated,
    # tests/transfer/test_admin_import.py.
    *(
        f"admin:{model}_{page}"
        for model in [
            "activities_activity",
            "communities_region",
            "communities_organization",
            "volunteers_team",
            "volunteers_person",
            "activities_participation",
            "auth_user",  # users are imported, never exported: tests/transfer/test_import_users.py
            # regional kinds: scope through regional's services, tests/transfer/test_import_regional.py
            "regional_memberunit",
            "regional_committeemembership",
            "regional_pairing",
            "regional_resource",
            "regional_need",
            "regional_listproject",
            "regional_unitreporting",
            # tests/transfer/test_import_regional_registers.py
            "regional_election",
            "regional_officeholder",
            "regional_assessmentscore",
            "regional_supervisioncheck",
            "regional_talentpoolmember",
            "regional_survey",
            "regional_suggestion",
            # tests/transfer/test_import_unit_counts.py
            "regional_unitcount",
            # tests/transfer/test_import_assessment_and_pools.py
            "regional_assessmentitem",
            "regional_assessmentrating",
            "regional_talentpool",
        ]
        for page in ["import", "export", "template"]
    ),
}
# Staff-site URLs naming one record, by the record they name (checked like the admin's object URLs).
SITE_RECORD_URLS = {
    "activities:approve": "activities.activity",
    "activities:return": "activities.activity",
    "workspace:detail": "activities.activity",
    "signin:sheet": "activities.activity",
    "workspace:edit": "activities.activity",
    "volunteering:person_ledger": "volunteers.person",
    "volunteering:service_record": "volunteers.person",
    "volunteering:team_detail": "volunteers.team",
    "volunteering:activity_participation": "activities.activity",
    "volunteering:participation_edit": "activities.participation",
    "volunteering:community_party_members": "communities.region",
    "regional:committee": "communities.organization",
    "regional:member": "regional.committeemembership",
    "regional:letter": "regional.committeemembership",
    "regional:need": "regional.need",
    "regional:list_project": "regional.listproject",
    "regional:assessment": "regional.assessmentscheme",
    "workspace:pairing": "regional.pairing",
}
# Totals pages naming a region in ``?region=``: 404 for a region outside the scope (args for reverse()).
REPORT_REGION_URLS = {
    "reports:dashboard": [],
    "reports:records": [],
    "reports:print": [],
    "reports:print_docx": [],
    "reports:print_pdf": [],
    "reports:export": ["child", "xlsx"],
    "reports:teams": [],
    "reports:api_choices": ["team"],
    "reports:organizations": [],
    "reports:api_totals": [],
    "volunteering:party_reporting": [],
}
# Reference lists every region shares: one category list for the whole province.
SHARED_MODELS = {
    "activities.category",
    "activities.indicator",
    "auth.group",
    "volunteers.starlevel",
    "evidence.evidencekind",
}
# Login security logs (django-axes): for system administrators only, never for clerks.
SECURITY_LOG_MODELS = {"axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"}
OBJECT_VIEW = re.compile(r"^admin:(?P<app>\w+?)_(?P<model>[a-z]+)_(?P<view>change|history|delete|password_change)$")
LIST_VIEW = re.compile(r"^admin:(?P<app>\w+?)_(?P<model>[a-z]+)_(?P<view>changelist|add)$")


def url_names(patterns=None, namespace=""):
    """(name, pattern) of every URL in the project, admin included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", str(entry.pattern)


class UrlMatrixTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.owner_a = make_user("owner_a", SYSTEM_ADMINISTRATOR, cls.community_a)

        def world(community, tag):
            # A community Party committee (社区大党委): the regional pages name it as a committee.
            organization = make_organization(community, f"{tag}党支部", kind=OrganizationKind.COMMITTEE)
            team = make_team(community, f"{tag}志愿服务队", organization=organization)
            person = make_person(community, f"{tag}志愿者", phone="13812341234")
            activity = make_activity(community, title=f"{tag}活动", status=Status.DRAFT)
            unit = regional_services.member_unit_create(
                actor=cls.manager, code=f"U{community.pk}", name=f"{tag}派出所", kind="police_station", region=community
            )
            member = regional_services.committee_member_survey(
                actor=cls.manager,
                committee=organization,
                unit=unit,
                title="所长",
                surveyed_on=datetime.date(2015, 3, 2),
            )
            # The appointment letter opens for an appointed member only.
            CommitteeMembership.objects.filter(pk=member.pk).update(
                step="appointed",
                nominated_on=datetime.date(2015, 3, 3),
                consulted_on=datetime.date(2015, 3, 4),
                publicity_start=datetime.date(2015, 3, 5),
                publicity_end=datetime.date(2015, 3, 11),
                appointed_on=datetime.date(2015, 3, 12),
            )
            pairing = regional_services.pairing_create(
                actor=cls.manager,
                kind="co_building",
                name=f"{tag}结对",
                region=community,
                a=unit,
                b=community,
                start=datetime.date(2015, 1, 1),
            )
            need = regional_lists.need_raise(
                actor=cls.manager,
                committee=organization,
                region=community,
                title=f"{tag}需求",
                raised_on=datetime.date(2020, 3, 1),
            )
            election = regional_registers.election_record(
                actor=cls.manager, organization=organization, held_on=datetime.date(2020, 6, 30)
            )
            pool = regional_registers.talent_pool_create(
                actor=cls.manager, region=community, name=f"{tag}人才库", kind="rural_talent"
            )
            survey = regional_registers.survey_record(
                actor=cls.manager,
                region=community,
                title=f"{tag}调查",
                conducted_on=datetime.date(2015, 12, 8),
                respondents_label="沿街商户",
            )
            scheme = regional_assessment.assessment_scheme_create(
                actor=cls.manager, region=community, name=f"{tag}考核", year=2015
            )
            item = regional_assessment.assessment_item_add(actor=cls.manager, scheme=scheme, name="组织建设", weight=60)
            return {
                "regional.assessmentscheme": scheme,
                "regional.assessmentitem": item,
                "regional.assessmentscore": regional_assessment.assessment_score_record(
                    actor=cls.manager, item=item, subject=organization, score=50
                ),
                "regional.assessmentrating": regional_assessment.assessment_rate(
                    actor=cls.manager, scheme=scheme, subject=organization, stars=4
                ),
                "regional.supervisioncheck": regional_assessment.supervision_check_create(
                    actor=cls.manager,
                    region=community,
                    subject=f"{tag}督导",
                    start=datetime.date(2020, 6, 1),
                    end=datetime.date(2020, 6, 30),
                    groups=3,
                ),
                "regional.unitreporting": regional_registers.unit_reporting_register(
                    actor=cls.manager, unit=unit, community=community, reported_on=datetime.date(2020, 3, 1)
                ),
                "regional.election": election,
                "regional.officeholder": regional_registers.office_holder_add(
                    actor=cls.manager, organization=organization, name="刘凯平", position="secretary", election=election
                ),
                "regional.talentpool": pool,
                "regional.talentpoolmember": regional_registers.talent_pool_add(
                    actor=cls.manager, pool=pool, person=person
                ),
                "regional.survey": survey,
                "regional.suggestion": regional_registers.suggestion_record(
                    actor=cls.manager,
                    region=community,
                    survey=survey,
                    topic="治安",
                    content="夜间巡逻",
                    raised_on=datetime.date(2015, 12, 8),
                ),
                "regional.resource": regional_lists.resource_list(
                    actor=cls.manager,
                    committee=organization,
                    region=community,
                    title=f"{tag}资源",
                    listed_on=datetime.date(2020, 1, 1),
                ),
                "regional.need": need,
                "regional.listproject": regional_lists.list_project_create(
                    actor=cls.manager,
                    committee=organization,
                    region=community,
                    name=f"{tag}项目",
                    listed_on=datetime.date(2020, 3, 2),
                    need=need,
                ),
                "regional.memberunit": unit,
                "regional.unitcount": regional_services.unit_count_create(
                    actor=cls.manager,
                    region=community,
                    label="驻区单位和“两新”组织",
                    count=100,
                    qualifier="余",
                    as_of=datetime.date(2020, 12, 31),
                ),
                "regional.committeemembership": member,
                "regional.pairing": pairing,
                "communities.region": make_region(f"{tag}网格", community),
                "communities.organization": organization,
                "communities.servicesite": ServiceSite.objects.create(
                    code=f"S{tag}", name=f"{tag}服务站", kind=SiteKind.SERVICE_STATION, region=community
                ),
                "communities.project": Project.objects.create(
                    code=f"P{tag}", name=f"{tag}改造", kind=ProjectKind.RENOVATION, region=community, year=2020
                ),
                "volunteers.team": team,
                "volunteers.person": person,
                "volunteers.teammembership": TeamMembership.objects.create(team=team, person=person),
                "activities.participation": Participation.objects.create(person=person, activity=activity, hours=2),
                "activities.activity": activity,
            }

        cls.records_a = world(cls.community_a, "甲")
        cls.records_a["auth.user"] = cls.clerk_a
        # An import batch is seen by the user who imported it (tests/transfer).
        cls.records_a["transfer.importbatch"] = ImportBatch.objects.create(
            kind="activities", file_name="甲.csv", user=cls.owner_a, started_at=timezone.now()
        )
        cls.records_b = world(cls.community_b, "乙")
        cls.records_b["auth.user"] = cls.clerk_b
        cls.records_b["transfer.importbatch"] = ImportBatch.objects.create(
            kind="activities", file_name="乙.csv", user=cls.clerk_b, started_at=timezone.now()
        )

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_every_url_is_known_to_this_matrix(self):
        unknown = []
        for name, pattern in url_names():
            if name in PAGES_WITHOUT_RECORDS or name in REPORT_REGION_URLS or name == "admin:view_on_site":
                continue
            match = OBJECT_VIEW.match(name) or LIST_VIEW.match(name)
            if match:
                label = f"{match['app']}.{match['model']}"
                if label in self.records_a or label in SHARED_MODELS | SECURITY_LOG_MODELS:
                    continue
            if name in SITE_RECORD_URLS:
                continue
            if name == "admin:" and "<path:object_id>" in pattern:
                continue  # the admin's redirect to the change page, checked below
            if name == "admin:" and pattern == "(?P<url>.*)$":
                continue  # the admin's catch-all 404
            unknown.append(f"{name or '(unnamed)'}: {pattern}")
        self.assertEqual(unknown, [], "URLs this security matrix does not cover; classify them here")

    def test_every_record_url_is_404_for_the_sibling_clerk_and_opens_for_its_owner(self):
        checked = 0
        for name, _pattern in url_names():
            match = OBJECT_VIEW.match(name)
            if name in SITE_RECORD_URLS:
                label = SITE_RECORD_URLS[name]
            elif not match or f"{match['app']}.{match['model']}" in SHARED_MODELS | SECURITY_LOG_MODELS:
                continue
            else:
                label = f"{match['app']}.{match['model']}"
            record = self.records_a[label]
            url = reverse(name, args=[record.pk])
            with self.subTest(url=url):
                self.assertEqual(self.get(self.clerk_b, url).status_code, 404)
                # Only a superuser sets another user's password (tests/accounts/test_user_admin.py).
                owner_status = 403 if name == "admin:auth_user_password_change" else 200
                self.assertEqual(self.get(self.owner_a, url).status_code, owner_status)
                checked += 1
        # The admin's bare object URL redirects to the change page; the sibling gets nowhere.
        for label, record in self.records_a.items():
            model = apps.get_model(label)
            bare = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{record.pk}/"
            with self.subTest(url=bare):
                response = self.get(self.clerk_b, bare)
                if response.status_code == 302:
                    response = self.get(self.clerk_b, response["Location"])
                self.assertEqual(response.status_code, 404)
        self.assertGreaterEqual(checked, 3 * len(self.records_a))

    def test_an_evidence_file_is_404_for_the_sibling_clerk_and_opens_for_its_owner(self):
        activity = self.records_a["activities.activity"]
        evidence = attachments.activity_evidence_add(
            actor=self.owner_a,
            activity=activity,
            kind=EvidenceKind.objects.get(code="minutes"),
            upload=SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
        url = reverse("evidence:file", args=[evidence.pk])
        self.assertEqual(self.get(self.clerk_b, url).status_code, 404)
        self.assertEqual(self.get(self.owner_a, url).status_code, 200)
        self.assertEqual(self.get(self.clerk_b, reverse("evidence:file", args=[evidence.pk + 1000])).status_code, 404)

    def test_the_review_queue_lists_only_records_in_scope(self):
        mine = self.records_b["activities.activity"]
        theirs = self.records_a["activities.activity"]
        Activity.objects.filter(pk__in=[mine.pk, theirs.pk]).update(status=Status.RETURNED, return_reason="补充照片")
        shown = [a.pk for a in self.get(self.clerk_b, reverse("activities:queue")).context["page"]]
        self.assertEqual(shown, [mine.pk])

    def test_my_ledger_lists_only_records_in_scope(self):
        response = self.get(self.clerk_b, f"{reverse('workspace:index')}?period=all")
        shown = [a.pk for a in response.context["listing"].page.rows]
        self.assertEqual(shown, [self.records_b["activities.activity"].pk])

    def test_totals_pages_are_404_for_a_region_outside_the_scope(self):
        for name, args in REPORT_REGION_URLS.items():
            url = f"{reverse(name, args=args)}?region={self.community_a.pk}"
            with self.subTest(url=url):
                self.assertEqual(self.get(self.clerk_b, url).status_code, 404)
                self.assertEqual(self.get(self.owner_a, url).status_code, 200)
                self.assertEqual(self.get(self.manager, url).status_code, 200)

    def test_login_security_logs_are_closed_to_clerks(self):
        for label in SECURITY_LOG_MODELS:
            app_label, model_name = label.split(".")
            url = reverse(f"admin:{app_label}_{model_name}_changelist")
            with self.subTest(url=url):
                self.assertEqual(self.get(self.clerk_b, url).status_code, 403)
                self.assertEqual(self.get(self.manager, url).status_code, 403)

    def test_view_on_site_reveals_nothing(self):
        for label, record in self.records_a.items():
            content_type = ContentType.objects.get_for_model(apps.get_model(label))
            url = reverse("admin:view_on_site", args=[content_type.pk, record.pk])
            with self.subTest(label=label):
                self.assertEqual(self.get(self.clerk_b, url).status_code, 404)

    def test_every_list_shows_the_sibling_clerk_only_their_own_records(self):
        for label, record in self.records_a.items():
            if label == "auth.user":
                continue  # a clerk may not list users at all (403)
            model = apps.get_model(label)
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            with self.subTest(url=url):
                response = self.get(self.clerk_b, url)
                self.assertEqual(response.status_code, 200)
                shown = [obj.pk for obj in response.context["cl"].result_list]
                self.assertNotIn(record.pk, shown)
                self.assertIn(self.records_b[label].pk, shown)

    def test_autocompletes_offer_only_regions_teams_and_people_in_scope(self):
        for field, term, mine, theirs in [
            ("region", "社区", "西站西社区", "西站东社区"),
            ("team", "志愿服务队", "乙志愿服务队", "甲志愿服务队"),
            ("organization", "党支部", "乙党支部", "甲党支部"),
        ]:
            url = (
                f"{reverse('admin:autocomplete')}?app_label=activities&model_name=activity"
                f"&field_name={field}&term={term}"
            )
            with self.subTest(field=field):
                texts = [r["text"] for r in self.get(self.clerk_b, url).json()["results"]]
                self.assertTrue(any(mine in t for t in texts), texts)
                self.assertFalse(any(theirs in t for t in texts), texts)

    def test_a_manager_sees_both_communities(self):
        response = self.get(self.manager, reverse("admin:activities_activity_changelist"))
        titles = {a.title for a in response.context["cl"].result_list}
        self.assertTrue({"甲活动", "乙活动"} <= titles)

    def test_forged_posts_cannot_reach_outside_the_scope(self):
        activity_b = self.records_b["activities.activity"]
        # A region outside the scope, named by id in a forged add form.
        self.client.force_login(self.clerk_b)
        response = self.client.post(
            reverse("admin:activities_activity_add"),
            {
                "title": "伪造的记录",
                "category": activity_b.category_id,
                "date": "2021-06-01",
                "region": self.community_a.pk,
                "indicator_values-TOTAL_FORMS": "0",
                "indicator_values-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["region"])
        self.assertFalse(Activity.objects.filter(title="伪造的记录").exists())
        # Another community's record, named by id in a forged change form.
        activity_a = self.records_a["activities.activity"]
        response = self.client.post(
            reverse("admin:activities_activity_change", args=[activity_a.pk]),
            {"title": "改掉", "category": activity_a.category_id, "date": "2021-06-01", "region": self.community_b.pk},
        )
        self.assertEqual(response.status_code, 404)
        activity_a.refresh_from_db()
        self.assertEqual((activity_a.title, activity_a.region), ("甲活动", self.community_a))
        # A state field smuggled into the POST is ignored.
        response = self.client.post(
            reverse("admin:activities_activity_change", args=[activity_b.pk]),
            {
                "title": "乙活动（改）",
                "category": activity_b.category_id,
                "date": "2021-06-01",
                "region": self.community_b.pk,
                "status": "approved",
                "loaded_version": activity_b.version,
                "indicator_values-TOTAL_FORMS": "0",
                "indicator_values-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        activity_b.refresh_from_db()
        self.assertEqual((activity_b.title, activity_b.status), ("乙活动（改）", Status.DRAFT))

    def test_a_clerk_cannot_create_a_region_outside_or_above_the_scope(self):
        self.client.force_login(self.owner_a)
        for parent in ("", self.community_b.pk):
            response = self.client.post(
                reverse("admin:communities_region_add"),
                {"code": f"X{parent}", "name": "越权网格", "level": "grid", "parent": parent},
            )
            with self.subTest(parent=parent):
                self.assertTrue(response.context["adminform"].form.errors["parent"])
        self.assertFalse(Region.objects.filter(name="越权网格").exists())
