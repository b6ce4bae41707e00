"""Inserting many rows at once: COPY on PostgreSQL, one prepared INSERT run for every row elsewhere.

``bulk_create`` spends most of its time in Python — building model instances,
preparing every value, binding arrays (about 2,000 regions a second on PostgreSQL,
900 on SQLite); these stream plain tuples. Rows are written as given: no ``save()``,
no signals, no ``auto_now`` — what bulk writes never run anyway — and no keys come
back, so a row without its primary key gets the table's default one.
"""

from django.db import connection
from django.db.models import JSONField

BATCH_SIZE = 2000


# Fields whose values the database driver cannot take as Python gives them (dates as text on SQLite, JSON).
_ADAPTED = {"DateField", "DateTimeField", "TimeField", "DecimalField", "JSONField", "UUIDField", "DurationField"}


def insert_rows(model, names, rows):
    """Insert ``rows`` (tuples of values for the fields whose attribute names are ``names``); returns how many."""
    opts = model._meta
    by_attname = {f.attname: f for f in opts.concrete_fields}
    fields = [by_attname[name] for name in names]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    count = 0
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        json_at = [index for index, f in enumerate(fields) if isinstance(f, JSONField)]
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {qn(opts.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            write_row = copy.write_row
            for row in rows:
                if json_at:
                    row = list(row)
                    for index in json_at:
                        row[index] = Jsonb(row[index])
                write_row(row)
                count += 1
        return count
    # Elsewhere (SQLite): one prepared INSERT run for every row; bulk_create would build a model
    # instance and prepare each value through the ORM, five times slower.
    adapted = [(index, f) for index, f in enumerate(fields) if f.get_internal_type() in _ADAPTED]
    sql = f"INSERT INTO {qn(opts.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            if adapted:
                row = list(row)
                for index, field in adapted:
                    row[index] = field.get_db_prep_save(row[index], connection)
            batch.append(row)
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def insert_many(model, objects):
    """Insert the unsaved model instances ``objects`` (with their keys if the first has one); returns how many."""
    objects = list(objects)
    if not objects:
        return 0
    with_keys = objects[0].pk is not None
    names = [f.attname for f in model._meta.concrete_fields if with_keys or not f.primary_key]
    return insert_rows(model, names, ([getattr(obj, name) for name in names] for obj in objects))


def reserve_ids(model, count):
    """``count`` new primary keys for ``model``'s rows, to insert with ``insert_rows`` and name in other rows.

    PostgreSQL draws them from the table's sequence. SQLite has no sequence to draw from: the keys
    follow the largest one in use (or ever used, for AUTOINCREMENT tables), which is safe inside a
    transaction that has written already — SQLite lets one writer in at a time, and it holds the lock.
    """
    if count <= 0:
        return []
    opts = model._meta
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, opts.pk.column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("reserve_ids needs the transaction that writes the rows.")
        cursor.execute(f"SELECT coalesce(max({qn(opts.pk.column)}), 0) FROM {qn(opts.db_table)}")
        (top,) = cursor.fetchone()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [opts.db_table])
            used = cursor.fetchone()
            top = max(top, used[0] if used else 0)
        return list(range(top + 1, top + 1 + count))
