"""The dashboard opens on the latest year that has records in the user's scope (a fresh demo is not this year's)."""

import datetime

from django.test import TestCase

from activities.models import Status
from tests.factories import make_activity
from tests.personas import PersonasMixin


class DefaultPeriodTests(PersonasMixin, TestCase):
    def test_the_dashboard_opens_on_the_latest_year_with_records_in_the_scope(self):
        make_activity(self.community_a, date=datetime.date(2019, 5, 1), status=Status.DRAFT)
        make_activity(self.community_a, date=datetime.date(2018, 5, 1))
        make_activity(self.other_district, date=datetime.date(2023, 5, 1))
        self.client.force_login(self.manager)
        response = self.client.get("/reports/")
        self.assertEqual(response.context["form"].cleaned_data["year"], 2019)
        # A year asked for is kept.
        response = self.client.get("/reports/", {"year": 2018})
        self.assertEqual(response.context["form"].cleaned_data["year"], 2018)

    def test_a_scope_without_records_opens_on_this_year(self):
        make_activity(self.other_district, date=datetime.date(2023, 5, 1))
        self.client.force_login(self.manager)
        response = self.client.get("/reports/")
        self.assertEqual(response.context["form"].cleaned_data["year"], datetime.date.today().year)
