from django.db import migrations, models


class Migration(migrations.Migration):
    """A member's rows at the community they reported to (``reports.regional.member_reporting``).

    Built after 0022 fills the table, in a transaction of its own: PostgreSQL builds no index on a
    table with foreign-key checks still pending from the rows just written.
    """

    dependencies = [("activities", "0022_monthly_volunteer_hours")]

    operations = [
        migrations.AddIndex(
            model_name="monthlyvolunteer",
            index=models.Index(fields=["person", "region", "status", "month"], name="monthly_volunteer_person"),
        ),
    ]
