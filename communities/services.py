"""Writes to the region tree.

Only these functions set ``Region.path``, ``depth`` and ``full_name``, so the
materialized path always matches the parent links.
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from core.bulk import insert_rows
from history.models import Action, Source
from history.services import change_record, snapshot

from .models import PATH_SEPARATOR, Region
from .signals import post_region_move, pre_region_move

REGION_FIELDS = ("code", "name", "level", "parent", "valid_from", "valid_to")


def _check_parent(region, parent):
    if parent is not None and region.pk is not None and parent.is_within(region):
        raise ValidationError(
            {"parent": _("A region cannot be placed under itself or under one of its own sub-regions.")}
        )


@transaction.atomic
def region_create(*, code, name, level, parent=None, valid_from=None, valid_to=None, actor=None, source=Source.FORM):
    """Create a region under ``parent`` (or as a root) and give it its path; ``actor`` is recorded in its history."""
    region = Region(code=code, name=name, level=level, parent=parent, valid_from=valid_from, valid_to=valid_to)
    # The path holds the primary key, so it is known only after the insert.
    region.path = f"new-{code}"
    region.full_name = _full_name(parent, name)
    region.depth = parent.depth + 1 if parent else 0
    region.full_clean(exclude=["path", "full_name"])
    region.save()
    region.path = f"{parent.path if parent else ''}{region.pk}{PATH_SEPARATOR}"
    Region.objects.filter(pk=region.pk).update(path=region.path)
    change_record(actor=actor, obj=region, action=Action.CREATE, source=source)
    return region


def region_ids_reserve(count):
    """``count`` primary keys for regions about to be inserted by ``regions_create_many``, ascending.

    A region's path holds its own key, so a bulk insert needs the keys first. PostgreSQL draws them
    from the sequence. SQLite has none: call this inside the transaction that inserts, after a
    write, so the transaction holds the database's write lock and no other writer takes these keys;
    they start above every key ever given (AUTOINCREMENT never reuses a deleted region's key).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('communities_region', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            return sorted(pk for (pk,) in cursor.fetchall())
        cursor.execute("SELECT coalesce(max(id), 0) FROM communities_region")
        (last,) = cursor.fetchone()
        if connection.vendor == "sqlite":
            cursor.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'communities_region'")
            last = max(last, cursor.fetchone()[0])
    return list(range(last + 1, last + 1 + count))


REGION_COLUMNS = ("id", "code", "name", "level", "parent_id", "path", "depth", "full_name", "import_batch_id")


def region_planned(*, pk, code, name, level, parent=None, import_batch_id=None):
    """{attribute name: value} of a new region with key ``pk`` (from ``region_ids_reserve``), path, depth and full name.

    ``parent`` is anything with ``id``, ``path`` and ``full_name`` (a region, or an import's record of one
    not inserted yet). Validation is the caller's: ``regions_create_many`` runs none.
    """
    return {
        "id": pk,
        "code": code,
        "name": name,
        "level": level,
        "parent_id": parent.id if parent else None,
        "path": f"{parent.path if parent else ''}{pk}{PATH_SEPARATOR}",
        "depth": parent.path.count(PATH_SEPARATOR) if parent else 0,
        "full_name": _full_name(parent, name),
        "import_batch_id": import_batch_id,
    }


def regions_create_many(*, regions):
    """Insert the validated regions planned by ``region_planned``, parents before children; history is the caller's."""
    insert_rows(Region, REGION_COLUMNS, ([region[name] for name in REGION_COLUMNS] for region in regions))


@transaction.atomic
def region_update(*, region, data, actor=None, source=Source.FORM):
    """Apply ``data`` (any of code, name, level, parent, valid_from, valid_to) to ``region``.

    A new name or parent rewrites the path and full name of the whole subtree. The
    region's history records the change (with its new full name); the regions below
    it only follow along, so their history is not written one row each.
    """
    unknown = set(data) - set(REGION_FIELDS)
    if unknown:
        raise TypeError(f"region_update() got unexpected fields {sorted(unknown)}")
    # Lock the row so two moves of the same subtree cannot interleave.
    current = Region.objects.select_for_update().get(pk=region.pk)
    _check_parent(current, data.get("parent", current.parent))
    for field, value in data.items():
        setattr(region, field, value)
    region.path, region.depth, region.full_name = current.path, current.depth, current.full_name
    region.full_clean(exclude=["path", "full_name"])
    # A move (or a new level) changes which provinces, cities and districts the subtree's records count in.
    regrouped = region.parent_id != current.parent_id or region.level != current.level
    if regrouped:
        pre_region_move.send(sender=Region, region=region, path=current.path)
    region.save(update_fields=list(data))
    if region.parent_id != current.parent_id or region.name != current.name:
        _rewrite_subtree(region=region, old=current)
    if regrouped:
        post_region_move.send(sender=Region, region=region, path=region.path)
    change_record(actor=actor, obj=region, action=Action.UPDATE, before=snapshot(current), source=source)
    return region


def region_move(*, region, new_parent, actor=None, source=Source.FORM):
    """Move ``region`` and everything under it below ``new_parent``."""
    return region_update(region=region, data={"parent": new_parent}, actor=actor, source=source)


def _full_name(parent, name):
    return f"{parent.full_name}{PATH_SEPARATOR}{name}" if parent else name


def _rewrite_subtree(*, region, old):
    """Replace the old path and name prefixes of every region in the subtree, in one UPDATE."""
    parent = region.parent
    new_path = f"{parent.path if parent else ''}{region.pk}{PATH_SEPARATOR}"
    new_full_name = _full_name(parent, region.name)
    new_depth = parent.depth + 1 if parent else 0
    Region.objects.filter(path__startswith=old.path).update(
        path=Concat(Value(new_path), Substr("path", len(old.path) + 1)),
        depth=F("depth") + (new_depth - old.depth),
        full_name=Concat(Value(new_full_name), Substr("full_name", len(old.full_name) + 1)),
    )
    region.path, region.depth, region.full_name = new_path, new_depth, new_full_name
