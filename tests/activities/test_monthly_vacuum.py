"""The monthly tables are vacuumed after 1% of their rows change, not PostgreSQL's 20%: the dashboard's
counts are index-only scans, which read the table itself for every page changed since the last vacuum."""

from unittest import skipUnless

from django.db import connection
from django.test import TestCase

from activities.models import MonthlyIndicatorTotal, MonthlyTeamTotal, MonthlyTotal, MonthlyVolunteer


@skipUnless(connection.vendor == "postgresql", "autovacuum is PostgreSQL's")
class MonthlyTablesVacuumTests(TestCase):
    def test_each_monthly_table_is_vacuumed_after_one_percent_of_it_changes(self):
        for model in (MonthlyTotal, MonthlyTeamTotal, MonthlyIndicatorTotal, MonthlyVolunteer):
            with self.subTest(table=model._meta.db_table), connection.cursor() as cursor:
                cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [model._meta.db_table])
                options = dict(option.split("=") for option in cursor.fetchone()[0] or [])
                self.assertEqual(options.get("autovacuum_vacuum_scale_factor"), "0.01")
                self.assertEqual(options.get("autovacuum_vacuum_insert_scale_factor"), "0.01")
