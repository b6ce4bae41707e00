from django.db import migrations

# The dashboard counts people and reads totals from the monthly tables with index-only scans, which
# skip the table only for pages the visibility map marks all-visible; every write clears a page's mark
# until (auto)vacuum sets it again. PostgreSQL's defaults wait for 20% of a table to change (330,000
# rows of a province's monthly volunteers): after the 20,000 service records of two months were taken
# out and counted again (as a bulk reopening and approval does), the province's count of people took
# 0.24 s instead of 0.04 s until a vacuum ran.
TABLES = (
    "activities_monthlytotal",
    "activities_monthlyteamtotal",
    "activities_monthlyindicatortotal",
    "activities_monthlyvolunteer",
)
SETTINGS = "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01"
NAMES = "autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor"


def vacuum_sooner(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET ({SETTINGS})")


def vacuum_as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET ({NAMES})")


class Migration(migrations.Migration):
    dependencies = [("activities", "0023_monthly_volunteer_person_index")]

    operations = [migrations.RunPython(vacuum_sooner, vacuum_as_before)]
