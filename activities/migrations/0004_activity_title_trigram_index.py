"""On PostgreSQL, a trigram index so the admin's title search stays fast at a million rows.

Django's ``icontains`` compiles to ``UPPER(title::text) LIKE UPPER('%...%')``;
a GIN trigram index on the same expression serves it (Chinese text included:
pg_trgm splits any alphanumeric characters of the database's ctype). Other
databases have no such index and simply scan.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS activity_title_trgm ON activities_activity USING gin (UPPER(title) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS activity_title_trgm"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_default_categories")]

    operations = [migrations.RunPython(run(CREATE), run(DROP), elidable=False)]
