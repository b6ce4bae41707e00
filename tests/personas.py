"""The shared world of named personas, built once per test class.

中原区 (district) › 桐柏路街道 (subdistrict) › 西站东社区 (community A) and
西站西社区 (community B, A's sibling); 卫东区 is another district altogether.

- ``manager``: district manager of 中原区
- ``reviewer``: subdistrict reviewer of 桐柏路街道
- ``clerk_a``: clerk in community A
- ``clerk_b``: clerk in community B, who must see nothing of A
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import ScopeAssignment
from accounts.roles import CLERK, MANAGER, REVIEWER
from tests.factories import make_region

PASSWORD = "correct horse battery staple"


def make_user(username, role, *regions, **fields):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for region in regions:
        ScopeAssignment.objects.create(user=user, region=region)
    return user


class PersonasMixin:
    """Use with a TestCase: ``setUpTestData`` builds the regions and the four personas."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.district = make_region("中原区")
        cls.subdistrict = make_region("桐柏路街道", cls.district)
        cls.community_a = make_region("西站东社区", cls.subdistrict)
        cls.community_b = make_region("西站西社区", cls.subdistrict)
        cls.other_district = make_region("卫东区")
        cls.manager = make_user("manager", MANAGER, cls.district)
        cls.reviewer = make_user("reviewer", REVIEWER, cls.subdistrict)
        cls.clerk_a = make_user("clerk_a", CLERK, cls.community_a)
        cls.clerk_b = make_user("clerk_b", CLERK, cls.community_b)


def log_in(client, username, password):
    """Log in through the real login form, as a person does (and as the lockout sees it)."""
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
    return response.status_code == 302
