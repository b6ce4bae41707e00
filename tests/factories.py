"""Small builders for test data. Each takes only what a test cares about."""

import datetime
import itertools

from django.db import transaction

from activities import rollups
from activities.models import Activity, Category, Participation, Status
from communities.models import Organization, OrganizationKind, RegionLevel
from communities.services import region_create
from volunteers.models import Person, Team, TeamKind

_seq = itertools.count(1)

_CHILD_LEVEL = {
    None: RegionLevel.DISTRICT,
    RegionLevel.DISTRICT: RegionLevel.SUBDISTRICT,
    RegionLevel.SUBDISTRICT: RegionLevel.COMMUNITY,
    RegionLevel.COMMUNITY: RegionLevel.GRID,
}


def make_region(name, parent=None, *, code=None, level=None):
    return region_create(
        code=code or f"T{next(_seq):06d}",
        name=name,
        level=level or _CHILD_LEVEL.get(parent.level if parent else None, RegionLevel.COMPOUND),
        parent=parent,
    )


def category(code="volunteer_service"):
    """One of the default categories the data migration creates."""
    return Category.objects.get(code=code)


def make_organization(region, name=None, *, kind=OrganizationKind.BRANCH, **fields):
    n = next(_seq)
    return Organization.objects.create(code=f"O{n:06d}", name=name or f"党支部{n}", kind=kind, region=region, **fields)


def make_team(region, name=None, *, kind=TeamKind.COMMUNITY, **fields):
    n = next(_seq)
    return Team.objects.create(code=f"D{n:06d}", name=name or f"志愿服务队{n}", kind=kind, region=region, **fields)


def make_person(region, name="张三", **fields):
    return Person.objects.create(name=name, region=region, **fields)


def make_activity(region, *, title=None, date=datetime.date(2021, 6, 1), status=Status.APPROVED, cat=None, **measures):
    with transaction.atomic():
        activity = Activity.objects.create(
            region=region,
            title=title or f"活动{next(_seq)}",
            date=date,
            status=status,
            category=cat or category(),
            **measures,
        )
        # Written directly in its final status, as an import would: counted into the monthly totals as imports do.
        rollups.add(Activity.objects.filter(pk=activity.pk))
    return activity


def make_participation(person, activity, hours):
    """A participation record written directly (as imports do), counted into the monthly volunteers."""
    with transaction.atomic():
        participation = Participation.objects.create(person=person, activity=activity, hours=hours)
        rollups.add_participations(Participation.objects.filter(pk=participation.pk))
    return participation
