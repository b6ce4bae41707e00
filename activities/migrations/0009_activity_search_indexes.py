"""Indexes for the admin's activity search at a million rows.

* ``activity_external_id_upper``: the search "=external_id" compiles to
  ``UPPER(external_id) = UPPER(...)``, which the unique index cannot serve.
* On PostgreSQL, ``activity_title_bigrams``: a GIN index on the title's
  two-character substrings. Two characters are the commonest length of a
  Chinese search word, and pg_trgm takes nothing from a two-character LIKE
  pattern, so the trigram index of 0004 reads all of itself and every row is
  rechecked (seconds). ``ActivityAdmin.get_search_results`` adds
  ``activity_title_bigrams(title) @> activity_title_bigrams(word)`` for such
  words in place of the LIKE, which it is equivalent to.
"""

from django.db import migrations, models
from django.db.models.functions import Upper

# plpgsql: three times faster than a SQL function with generate_series when the index is built.
CREATE = [
    """
    CREATE OR REPLACE FUNCTION activity_title_bigrams(title text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        upper_title text := upper(title);
        result text[] := '{}';
    BEGIN
        FOR i IN 1 .. char_length(upper_title) - 1 LOOP
            result := result || substr(upper_title, i, 2);
        END LOOP;
        RETURN result;
    END
    $$
    """,
    "CREATE INDEX IF NOT EXISTS activity_title_bigrams ON activities_activity USING gin (activity_title_bigrams(title))",
    # Statistics for both new index expressions; without them the planner guesses and may scan.
    "ANALYZE activities_activity",
]
DROP = [
    "DROP INDEX IF EXISTS activity_title_bigrams",
    "DROP FUNCTION IF EXISTS activity_title_bigrams(text)",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_activity_volunteers_from_participation"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(Upper("external_id"), name="activity_external_id_upper"),
        ),
        migrations.RunPython(run(CREATE), run(DROP), elidable=False),
    ]
