"""``manage.py recount_participation`` makes bulk-loaded participation show in the activities' figures."""

import io
from decimal import Decimal

from django.core.management import call_command
from django.test import TestCase

from activities.models import Activity, Participation
from tests.factories import make_activity, make_person, make_region


class RecountCommandTests(TestCase):
    def test_bulk_loaded_records_replace_the_typed_figures_and_a_dry_run_writes_nothing(self):
        community = make_region("西站东社区", make_region("中原区"))
        served = make_activity(community, volunteers=40, volunteer_hours=100)
        untouched = make_activity(community, volunteers=2112, volunteer_hours=3168)
        Participation.objects.bulk_create(
            [Participation(activity=served, person=make_person(community, f"志愿者{n}"), hours=3) for n in range(4)]
        )
        out = io.StringIO()
        call_command("recount_participation", "--dry-run", stdout=out)
        self.assertIn("1 个有服务记录的活动中，1 个的志愿者人次和时长已更新", out.getvalue())
        self.assertEqual(Activity.objects.get(pk=served.pk).volunteers, 40)
        call_command("recount_participation", stdout=io.StringIO())
        figures = Activity.objects.filter(pk__in=[served.pk, untouched.pk]).order_by("pk")
        self.assertEqual(
            [(a.volunteers, a.volunteer_hours) for a in figures], [(4, Decimal("12.0")), (2112, Decimal("3168.0"))]
        )
