"""Organization health (branches by kind, elections due or overdue, demonstration sites, weak branches) and
project progress (planned / started / completed), for a region subtree in a scope.

A fixed number of queries: organizations are grouped by (region path, kind) once
and folded onto the child regions in Python, like the activity breakdowns.
"""

import datetime
from collections import Counter

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from communities.models import PARTY_KINDS, Organization, OrganizationKind, Project, ProjectKind, ServiceSite, add_years

from .periods import Period
from .selectors import TotalsQuery, children_of

DUE_WITHIN_DAYS = 90
LISTED = 200  # at most this many branches listed by name in each of "due", "overdue" and "weak"


def _subtree_q(scope, region, prefix="region__path"):
    q = scope.q(prefix)
    if region is not None:
        q &= Q(**{f"{prefix}__startswith": region.path})
    return q


def _child_of(region, children):
    by_path = {c.path: c for c in children}

    def find(path):
        if region is not None:
            head = path[len(region.path) :].split("/", 1)[0]
            return by_path.get(f"{region.path}{head}/") if head else None
        return next((c for c in children if path.startswith(c.path)), None)

    return find


def organization_health(*, scope, region, today=None):
    today = today or datetime.date.today()
    query = TotalsQuery(scope=scope, region=region, period=Period.year(today.year))
    children = children_of(query)
    find = _child_of(region, children)
    kinds = [k for k in OrganizationKind if k in PARTY_KINDS]
    table = {c.pk: {"region": c, "kinds": Counter(), "demonstration": 0, "weak": 0, "sites": 0} for c in children}
    own = {"region": None, "kinds": Counter(), "demonstration": 0, "weak": 0, "sites": 0}
    organizations = Organization.objects.filter(_subtree_q(scope, region)).order_by()
    # Query: organizations by (region path, kind) with their demonstration and weak counts.
    for r in organizations.values("region__path", "kind").annotate(
        n=Count("pk"), demo=Count("pk", filter=Q(is_demonstration=True)), weak=Count("pk", filter=Q(is_weak=True))
    ):
        child = find(r["region__path"])
        entry = table[child.pk] if child is not None else own
        entry["kinds"][r["kind"]] += r["n"]
        entry["demonstration"] += r["demo"]
        entry["weak"] += r["weak"]
    # Query: demonstration service sites by region path.
    for r in (
        ServiceSite.objects.filter(_subtree_q(scope, region), is_demonstration=True)
        .order_by()
        .values("region__path")
        .annotate(n=Count("pk"))
    ):
        child = find(r["region__path"])
        (table[child.pk] if child is not None else own)["sites"] += r["n"]
    rows = list(table.values())
    if sum(own["kinds"].values()) or own["sites"]:
        rows.append(own)
    for row in rows:
        row["cells"] = [row["kinds"].get(k, 0) for k in kinds]
        row["party_total"] = sum(row["cells"])
    # Query: Party organizations with a known term; the due date (start + length) is computed here
    # because adding years to a date is not portable SQL, and Feb 29 needs add_years' rule. Plain
    # tuples: a province has thousands, and building them all as objects took most of its page's time.
    due_soon, overdue = [], []
    horizon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    for pk, term_start, term_years in (
        organizations.filter(kind__in=list(PARTY_KINDS), term_start__isnull=False, term_years__isnull=False)
        .order_by("term_start", "pk")
        .values_list("pk", "term_start", "term_years")
    ):
        due = add_years(term_start, term_years)
        if due < today:
            overdue.append((pk, due))
        elif due <= horizon:
            due_soon.append((pk, due))
    # Query (when any is listed): the listed ones themselves.
    listed = overdue[:LISTED] + due_soon[:LISTED]
    shown = (
        organizations.select_related("region")
        .only("id", "name", "kind", "term_start", "term_years", "region__name", "region__full_name")
        .in_bulk([pk for pk, _due in listed])
        if listed
        else {}
    )
    weak = list(
        organizations.filter(is_weak=True)
        .select_related("region")
        .only("id", "name", "kind", "region__full_name")
        .order_by("region__path", "name", "pk")[:LISTED]
    )
    return {
        "kinds": [(k, OrganizationKind(k).label) for k in kinds],
        "health_rows": rows,
        "due_soon": [(shown[pk], due) for pk, due in due_soon[:LISTED]],
        "due_soon_count": len(due_soon),
        "overdue": [(shown[pk], due) for pk, due in overdue[:LISTED]],
        "overdue_count": len(overdue),
        "weak": weak,
        "due_within_days": DUE_WITHIN_DAYS,
    }


def project_progress(*, scope, region, year=None):
    """Planned / started / completed per project kind and unit, with percentages of planned (one query).

    Projects counted in different units never add up: 8 条 roads and 29 个 projects are two rows.
    """
    projects = Project.objects.filter(_subtree_q(scope, region))
    if year:
        projects = projects.filter(year=year)
    rows = []
    for r in (
        projects.order_by()
        .values("kind", "unit")
        .annotate(
            n=Count("pk"),
            planned=Coalesce(Sum("planned"), 0),
            started=Coalesce(Sum("started"), 0),
            completed=Coalesce(Sum("completed"), 0),
        )
        .order_by("kind", "unit")
    ):
        rows.append({**r, "label": ProjectKind(r["kind"]).label, **_percents(r)})
    return {
        "rows": rows,
        "list": list(projects.select_related("region").order_by("-year", "region__path", "name", "pk")[:LISTED]),
    }


def _percents(r):
    planned = r["planned"]
    if not planned:
        return {"started_percent": None, "completed_percent": None}
    return {
        "started_percent": round(r["started"] * 100 / planned, 1),
        "completed_percent": round(r["completed"] * 100 / planned, 1),
    }
