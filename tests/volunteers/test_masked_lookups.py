"""No filter, search, autocomplete or import message reaches a phone or ID number that the
user sees masked: each would let them read it a digit (or a guess) at a time."""

import io

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from tests.factories import make_person
from tests.personas import PersonasMixin
from transfer.importer import run_import
from volunteers.models import Person

PHONE = "13912341234"
ID_NUMBER = "11010519491231002X"
CHANGELIST = reverse("admin:volunteers_person_changelist")
TAKEN = "此身份证号无法登记：请核对号码，或联系管理员。"


class MaskedLookupTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = make_person(cls.community_a, "王芳", phone=PHONE, id_number=ID_NUMBER)
        cls.other = make_person(cls.community_a, "李明", phone="13800000000")

    def listed(self, user, query):
        self.client.force_login(user)
        response = self.client.get(CHANGELIST, query)
        return response.status_code, [p.pk for p in response.context["cl"].result_list] if response.context else None

    def test_a_clerk_cannot_filter_the_list_on_the_masked_numbers(self):
        for query in [
            {"phone__startswith": "1391234"},
            {"phone": PHONE},
            {"phone__regex": "^139"},
            {"id_number__startswith": "110105"},
            {"id_number__regex": "^1101"},
            {"id_number__iexact": ID_NUMBER},
        ]:
            with self.subTest(query=query):
                status, rows = self.listed(self.clerk_a, query)
                self.assertEqual((status, rows), (400, None))

    def test_no_lookup_beyond_the_list_filters_is_accepted_even_for_a_manager(self):
        self.assertEqual(self.listed(self.manager, {"phone__startswith": "139"}), (400, None))
        self.assertEqual(self.listed(self.manager, {"name__startswith": "王"}), (400, None))

    def test_the_list_filters_still_filter(self):
        Person.objects.filter(pk=self.person.pk).update(gender="F")
        self.assertEqual(self.listed(self.clerk_a, {"gender__exact": "F"}), (200, [self.person.pk]))

    def test_a_clerk_searches_people_by_name_only(self):
        self.assertEqual(self.listed(self.clerk_a, {"q": PHONE}), (200, []))
        self.assertEqual(self.listed(self.clerk_a, {"q": ID_NUMBER}), (200, []))
        self.assertEqual(self.listed(self.clerk_a, {"q": "王芳"}), (200, [self.person.pk]))

    def test_a_manager_who_sees_the_numbers_searches_them_exactly(self):
        self.assertEqual(self.listed(self.manager, {"q": PHONE}), (200, [self.person.pk]))
        self.assertEqual(self.listed(self.manager, {"q": "1391234"}), (200, []))

    def test_the_person_autocomplete_does_not_match_a_masked_phone(self):
        self.client.force_login(self.clerk_a)
        query = {"app_label": "volunteers", "model_name": "teammembership", "field_name": "person"}
        found = self.client.get(reverse("admin:autocomplete"), {**query, "term": PHONE}).json()["results"]
        self.assertEqual(found, [])
        found = self.client.get(reverse("admin:autocomplete"), {**query, "term": "王"}).json()["results"]
        self.assertEqual([r["id"] for r in found], [str(self.person.pk)])

    def test_the_staff_search_matches_numbers_only_for_those_who_see_them(self):
        for user, expected in [(self.clerk_a, []), (self.manager, [self.person.pk])]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("volunteering:index"), {"q": PHONE})
                self.assertEqual([p.pk for p in response.context["people"]], expected)
        self.client.force_login(self.clerk_a)
        self.assertEqual(self.client.get(reverse("volunteering:index")).context["form"]["q"].label, "姓名")


class PeopleImportScopeTests(PersonasMixin, TestCase):
    """A clerk of community B imports people already recorded in community A (outside their scope)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.in_a = make_person(cls.community_a, "王芳", phone=PHONE, id_number=ID_NUMBER)
        cls.phone_only_in_a = make_person(cls.community_a, "李明", phone="13800000000")
        cls.clerk_b.user_permissions.add(Permission.objects.get(codename="import_people"))

    def setUp(self):
        translation.activate("zh-hans")
        self.addCleanup(translation.deactivate)

    def run_import(self, text):
        return run_import(kind="people", file=io.BytesIO(text.encode("utf-8")), file_name="t.csv", user=self.clerk_b)

    def test_an_id_number_recorded_elsewhere_gets_the_neutral_message_and_nothing_is_written(self):
        result = self.run_import(f"姓名,手机,身份证号,所属区域\n王芳,,{ID_NUMBER},西站西社区\n")
        self.assertEqual([e.message for e in result.errors], [TAKEN])
        self.assertNotIn("管辖范围", " ".join(e.message for e in result.errors))
        self.in_a.refresh_from_db()
        self.assertEqual((self.in_a.region, Person.objects.count()), (self.community_a, 2))

    def test_a_phone_and_name_recorded_elsewhere_is_a_new_person_in_scope(self):
        result = self.run_import("姓名,手机,身份证号,所属区域\n李明,13800000000,,西站西社区\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.created, 1)
        self.phone_only_in_a.refresh_from_db()
        self.assertEqual(self.phone_only_in_a.region, self.community_a)
        self.assertEqual(
            set(Person.objects.filter(phone="13800000000").values_list("region__name", flat=True)),
            {"西站东社区", "西站西社区"},
        )

    def test_the_admin_add_form_says_the_same_sentence_for_a_recorded_id_number(self):
        self.client.force_login(self.clerk_b)
        response = self.client.post(
            reverse("admin:volunteers_person_add"),
            {"name": "王芳", "id_number": ID_NUMBER, "political_status": "masses", "region": self.community_b.pk},
        )
        self.assertContains(response, TAKEN)
        self.assertNotContains(response, "person_unique_id_number")
        self.assertEqual(Person.objects.count(), 2)
