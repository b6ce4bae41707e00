"""Inserting many rows at once: COPY on PostgreSQL, ``bulk_create`` elsewhere.

``bulk_create`` on PostgreSQL spends most of its time in Python — building model
instances, preparing every value, binding arrays (about 2,000 regions a second);
COPY streams plain tuples. Rows are written as given: no ``save()``, no signals, no
``auto_now`` — what bulk writes never run anyway — and no keys come back, so a row
without its primary key gets the table's default one.
"""

from django.db import connection
from django.db.models import JSONField

BATCH_SIZE = 2000


def insert_rows(model, names, rows):
    """Insert ``rows`` (tuples of values for the fields whose attribute names are ``names``); returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH_SIZE)
        return len(rows)
    from psycopg.types.json import Jsonb

    opts = model._meta
    by_attname = {f.attname: f for f in opts.concrete_fields}
    fields = [by_attname[name] for name in names]
    qn = connection.ops.quote_name
    sql = f"COPY {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
    json_at = [index for index, f in enumerate(fields) if isinstance(f, JSONField)]
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        write_row = copy.write_row
        for row in rows:
            if json_at:
                row = list(row)
                for index in json_at:
                    row[index] = Jsonb(row[index])
            write_row(row)
    return len(rows)


def insert_many(model, objects):
    """Insert the unsaved model instances ``objects`` (with their keys if the first has one); returns how many."""
    objects = list(objects)
    if not objects:
        return 0
    with_keys = objects[0].pk is not None
    names = [f.attname for f in model._meta.concrete_fields if with_keys or not f.primary_key]
    return insert_rows(model, names, ([getattr(obj, name) for name in names] for obj in objects))
