"""Phone and ID numbers are masked for everyone without the personal-data permission."""

from django.test import TestCase
from django.urls import reverse

from tests.factories import make_person
from tests.personas import PersonasMixin
from volunteers.models import Person

PHONE = "13812341234"
ID_NUMBER = "11010519491231002X"


class PersonPrivacyTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = make_person(cls.community_a, "王芳", phone=PHONE, id_number=ID_NUMBER)

    def page(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_a_clerk_sees_masked_numbers_in_the_list(self):
        response = self.page(self.clerk_a, reverse("admin:volunteers_person_changelist"))
        self.assertContains(response, "138****1234")
        self.assertContains(response, "110105********002X")
        self.assertNotContains(response, PHONE)
        self.assertNotContains(response, ID_NUMBER)

    def test_a_clerk_sees_masked_numbers_on_the_change_page_and_saving_keeps_them(self):
        url = reverse("admin:volunteers_person_change", args=[self.person.pk])
        response = self.page(self.clerk_a, url)
        self.assertContains(response, "138****1234")
        self.assertNotContains(response, PHONE)
        self.assertNotContains(response, ID_NUMBER)
        response = self.client.post(
            url, {"name": "王芳芳", "political_status": "masses", "region": self.community_a.pk}
        )
        self.assertEqual(response.status_code, 302)
        self.person.refresh_from_db()
        self.assertEqual((self.person.name, self.person.phone, self.person.id_number), ("王芳芳", PHONE, ID_NUMBER))

    def test_a_manager_with_the_permission_sees_the_numbers(self):
        response = self.page(self.manager, reverse("admin:volunteers_person_changelist"))
        self.assertContains(response, PHONE)
        self.assertContains(response, ID_NUMBER)

    def test_an_id_number_with_a_wrong_check_digit_is_an_error_beside_the_field(self):
        self.client.force_login(self.clerk_a)
        response = self.client.post(
            reverse("admin:volunteers_person_add"),
            {
                "name": "李四",
                "id_number": "110105194912310021",
                "political_status": "masses",
                "region": self.community_a.pk,
            },
        )
        self.assertEqual(
            response.context["adminform"].form.errors["id_number"], ["身份证号码的校验位不正确，请核对号码。"]
        )
        self.assertFalse(Person.objects.filter(name="李四").exists())
