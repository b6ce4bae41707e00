"""Evidence of a project or an organization: its page, linked from the admin, scoped like the record."""

from django.test import TestCase
from django.urls import reverse

from accounts.roles import SYSTEM_ADMINISTRATOR
from communities.models import Project, ProjectKind
from evidence.models import EvidenceFile, EvidenceKind
from history.services import history_of
from tests.factories import make_organization
from tests.personas import PersonasMixin, make_user

from .files import TINY_PDF, jpeg_with_gps, upload


def page(label, record):
    return reverse("evidence:record", kwargs={"label": label, "pk": record.pk})


class RecordEvidencePageTests(PersonasMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin_a = make_user("admin_a", SYSTEM_ADMINISTRATOR, cls.community_a)
        cls.admin_b = make_user("admin_b", SYSTEM_ADMINISTRATOR, cls.community_b)
        cls.project = Project.objects.create(
            code="P1", name="西站路82号院改造", kind=ProjectKind.RENOVATION, region=cls.community_a, year=2020
        )
        cls.organization = make_organization(cls.community_a, "西站东社区党支部")
        cls.photo = EvidenceKind.objects.get(code="photo")

    def test_a_project_keeps_a_photo_with_its_history(self):
        self.client.force_login(self.admin_a)
        url = page("communities.project", self.project)
        response = self.client.post(url, {"kind": self.photo.pk, "file": upload("完工.jpg", jpeg_with_gps())})
        self.assertRedirects(response, url)
        evidence = EvidenceFile.objects.get()
        self.assertEqual(evidence.original_name, "完工.jpg")
        self.assertEqual(history_of(self.project).get().changes, {"evidence": [None, "现场照片：完工.jpg"]})
        self.assertContains(self.client.get(url), reverse("evidence:thumbnail", args=[evidence.pk]))
        self.assertEqual(self.client.get(reverse("evidence:file", args=[evidence.pk])).status_code, 200)

    def test_a_wrong_file_is_said_beside_the_field(self):
        self.client.force_login(self.admin_a)
        url = page("communities.organization", self.organization)
        response = self.client.post(url, {"kind": self.photo.pk, "file": upload("换届.jpg", b"GIF89a....")})
        self.assertContains(response, 'id="file-error"', status_code=400)
        self.assertFalse(EvidenceFile.objects.exists())

    def test_outside_the_scope_the_page_and_the_files_are_a_404(self):
        self.client.force_login(self.admin_a)
        self.client.post(
            page("communities.organization", self.organization),
            {"kind": self.photo.pk, "file": upload("换届.pdf", TINY_PDF)},
        )
        evidence = EvidenceFile.objects.get()
        self.client.force_login(self.admin_b)
        self.assertEqual(self.client.get(page("communities.organization", self.organization)).status_code, 404)
        self.assertEqual(self.client.get(reverse("evidence:file", args=[evidence.pk])).status_code, 404)
        remove = reverse(
            "evidence:record_remove",
            kwargs={"label": "communities.organization", "pk": self.organization.pk, "file_pk": evidence.pk},
        )
        self.assertEqual(self.client.post(remove).status_code, 404)
        self.assertTrue(EvidenceFile.objects.exists())

    def test_only_projects_and_organizations_have_this_page(self):
        self.client.force_login(self.admin_a)
        self.assertEqual(self.client.get(page("communities.region", self.community_a)).status_code, 404)
        self.assertEqual(self.client.get(page("auth.user", self.admin_a)).status_code, 404)

    def test_the_admin_change_page_links_to_it(self):
        self.client.force_login(self.admin_a)
        response = self.client.get(reverse("admin:communities_project_change", args=[self.project.pk]))
        self.assertContains(response, page("communities.project", self.project))
