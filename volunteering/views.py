"""The volunteer ledger's staff pages: people, teams, recording service, star levels, Party members.

Every page looks its record up through the user's scope (``scope_of(user).get_or_404``):
a record outside it is a 404. Views parse with a form, call a selector or a service, render.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.scope import scope_of
from activities.models import Activity, Participation, Status
from activities.participation import participation_delete, participation_update, participations_record
from activities.services import lock_message
from communities.models import Region, RegionLevel
from core.privacy import can_see_personal_data, mask_id_number, mask_phone
from volunteers.models import Person, Team, TeamMembership, star_level_for

from . import selectors
from .forms import ParticipationBatchForm, PeriodForm, PersonSearchForm, default_hours_for

SERVICES_PER_PAGE = 50
ROSTER_PER_PAGE = 50
SEARCH_LIMIT = 50
REACHED_LIMIT = 500
COMMUNITY_LIMIT = 500
COMMUNITY_LEVELS = (RegionLevel.COMMUNITY, RegionLevel.VILLAGE)


class KnownCountPaginator(Paginator):
    """A paginator told its row count (already known from an aggregate), so it runs no COUNT query."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def _page(request, queryset, per_page, count):
    return KnownCountPaginator(queryset, per_page, count=count).get_page(request.GET.get("page"))


def _identity(user, person):
    """The person's phone and ID number as ``user`` may see them."""
    if can_see_personal_data(user):
        return person.phone, person.id_number
    return mask_phone(person.phone), mask_id_number(person.id_number)


def _levels_context(hours):
    levels = selectors.star_levels()
    level = star_level_for(hours, levels)
    upcoming = [lv for lv in levels if lv.min_hours > hours]
    next_level = min(upcoming, key=lambda lv: lv.min_hours) if upcoming else None
    return {
        "level": level,
        "next_level": next_level,
        "hours_to_next": (next_level.min_hours - hours) if next_level else None,
    }


@login_required
@permission_required("volunteers.view_person", raise_exception=True)
def index(request):
    """Find a person in scope by name (or phone or ID number, for those who see them); list the teams in scope."""
    scope = scope_of(request.user)
    form = PersonSearchForm(request.GET)
    if not can_see_personal_data(request.user):
        form.fields["q"].label = _("Name")
    people = None
    if form.is_valid() and (q := form.cleaned_data["q"].strip()):
        match = Q(name__startswith=q)
        if can_see_personal_data(request.user):
            # Not for someone who sees the numbers masked: a match would confirm a guessed number.
            match |= Q(phone=q) | Q(id_number=q.upper())
        people = list(
            scope.filter(Person.objects.select_related("region")).filter(match).order_by("name", "pk")[:SEARCH_LIMIT]
        )
    teams = scope.filter(Team.objects.select_related("region")).order_by("region__path", "name", "pk")
    page = Paginator(teams, ROSTER_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "volunteering/index.html", {"form": form, "people": people, "teams": page})


@login_required
@permission_required("volunteers.view_person", raise_exception=True)
def person_ledger(request, pk):
    """A person's ledger: counted hours, by year and by team, their teams, and every service (unapproved marked)."""
    person = scope_of(request.user).get_or_404(Person.objects.select_related("region"), pk=pk)
    ledger = selectors.person_ledger(person)
    services = Paginator(ledger["order"], SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    services.object_list = selectors.services_at(person, list(services.object_list))
    memberships = person.memberships.select_related("team").order_by("-joined_on", "pk")
    phone, id_number = _identity(request.user, person)
    return render(
        request,
        "volunteering/person_ledger.html",
        {
            "person": person,
            "phone": phone,
            "id_number": id_number,
            "ledger": ledger,
            "services": services,
            "memberships": memberships,
            "approved": Status.APPROVED,
            **_levels_context(ledger["hours"]),
        },
    )


@login_required
@permission_required("volunteers.view_team", raise_exception=True)
def team_detail(request, pk):
    """A team: where it belongs, its figures, its roster with joining and leaving dates, its latest activities."""
    scope = scope_of(request.user)
    team = scope.get_or_404(Team.objects.select_related("region", "organization__region"), pk=pk)
    organization_name = team.organization.name if team.organization else ""
    if team.organization and not scope.allows(team.organization.region):
        organization_name = _("(an organization outside your regions)")  # a district's committee, say
    figures = selectors.team_figures(team)
    roster = _page(request, selectors.team_roster(team), ROSTER_PER_PAGE, figures["current"] + figures["former"])
    hours = selectors.hours_at_team(team, [m.person_id for m in roster])
    for membership in roster:
        membership.hours = hours.get(membership.person_id)
    leaders = [m for m in roster if m.role == TeamMembership.Role.LEADER and m.left_on is None]
    activities = team.activities.order_by("-date", "-pk").only("pk", "title", "date", "status", "team_id")[:10]
    return render(
        request,
        "volunteering/team_detail.html",
        {
            "team": team,
            "organization_name": organization_name,
            "figures": figures,
            "roster": roster,
            "leaders": leaders,
            "activities": activities,
            # One reverse() for the whole roster rather than one per row: "/volunteers/people/".
            "people_url": reverse("volunteering:person_ledger", args=[0]).removesuffix("0/"),
        },
    )


def _roster_teams(user, activity):
    """Teams in scope that could have served at ``activity``: in its region, above it or below it."""
    region = activity.region
    near = Q(region__path__startswith=region.path) | Q(region_id__in=region.ancestor_ids)
    return scope_of(user).filter(Team.objects.filter(near, is_active=True)).order_by("name", "pk").only("pk", "name")


@login_required
@permission_required("activities.view_participation", raise_exception=True)
def activity_participation(request, pk):
    """Record who of a team's roster served at an activity, and for how long; list who is recorded."""
    activity = scope_of(request.user).get_or_404(Activity.objects.select_related("region", "team", "category"), pk=pk)
    teams = list(_roster_teams(request.user, activity))
    team_id = request.POST.get("team") or request.GET.get("team") or activity.team_id
    team = next((t for t in teams if str(t.pk) == str(team_id)), None)
    recorded = list(
        activity.participations.select_related("person")
        .order_by("person__name", "pk")
        .only("hours", "activity_id", "person__id", "person__name")
    )
    recorded_ids = {p.person_id for p in recorded}
    roster = []
    if team is not None:
        serving = Q(joined_on__isnull=True) | Q(joined_on__lte=activity.date)
        serving &= Q(left_on__isnull=True) | Q(left_on__gte=activity.date)
        roster = [
            m.person
            for m in team.memberships.filter(serving)
            .select_related("person")
            .only("person__id", "person__name", "person__region_id", "team_id")
            .order_by("person__name", "person_id")
        ]
    open_roster = [person for person in roster if person.pk not in recorded_ids]
    locked = lock_message(actor=request.user, activity=activity)
    initial = {"default_hours": default_hours_for(activity)}
    form = ParticipationBatchForm(request.POST or None, roster=open_roster, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rows = participations_record(
                actor=request.user, activity=activity, hours_by_person=form.cleaned_data["hours_by_person"]
            )
        except ValidationError as error:
            form.apply_service_errors(error)
        else:
            messages.success(
                request,
                ngettext(
                    "Recorded the service of %(count)d person.", "Recorded the service of %(count)d people.", len(rows)
                )
                % {"count": len(rows)},
            )
            if activity.status != Status.APPROVED:
                messages.warning(request, _("This activity is not approved yet: these hours count once it is."))
            url = request.path + (f"?team={team.pk}" if team else "")
            return redirect(url)
    rows = [
        {
            "person": person,
            "checked": str(person.pk) in (request.POST.getlist("person") if request.method == "POST" else []),
            "hours": request.POST.get(f"hours-{person.pk}", "") if request.method == "POST" else "",
            "errors": form.row_errors.get(person.pk, []),
        }
        for person in open_roster
    ]
    return render(
        request,
        "volunteering/activity_participation.html",
        {
            "activity": activity,
            "approved": activity.status == Status.APPROVED,
            "locked": locked,
            "teams": teams,
            "team": team,
            "form": form,
            "rows": rows,
            "recorded": recorded,
            "recorded_hours": sum((p.hours for p in recorded), 0),
        },
    )


def _issuing_unit(user, person):
    """Who issues a service record: the user's one scope region, else the person's home region."""
    regions = scope_of(user).regions
    return regions[0].full_name if len(regions) == 1 else person.region.full_name


@login_required
@permission_required("volunteers.view_person", raise_exception=True)
def service_record(request, pk):
    """A printable A4 record of a person's counted service (志愿服务记录证明), an extract from this ledger."""
    person = scope_of(request.user).get_or_404(Person.objects.select_related("region"), pk=pk)
    year = request.GET.get("year", "")
    record = selectors.service_record(person, year=int(year) if year.isdigit() and len(year) == 4 else None)
    memberships = person.memberships.select_related("team").order_by("joined_on", "pk")
    return render(
        request,
        "volunteering/service_record.html",
        {
            "person": person,
            # Always masked on paper: a printed record travels further than the screen.
            "id_number": mask_id_number(person.id_number),
            "memberships": memberships,
            "record": record,
            "level": star_level_for(record["hours"], selectors.star_levels()),
            "issuer": _issuing_unit(request.user, person),
            "issued_on": datetime.date.today(),
        },
    )


@login_required
@permission_required("volunteers.view_person", raise_exception=True)
def star_levels(request):
    """People in scope who reached a new star level in a period (this year by default), and the level table."""
    form = PeriodForm(request.GET)
    levels = selectors.star_levels()
    reached, period = [], None
    if form.is_valid():
        period = form.cleaned_data
        people = scope_of(request.user).filter(Person.objects.all())
        reached = selectors.people_reaching_levels(people, period["start"], period["end"], levels)[:REACHED_LIMIT]
        names = Person.objects.select_related("region").in_bulk([row["person_id"] for row in reached])
        for row in reached:
            row["person"] = names[row["person_id"]]
    return render(
        request,
        "volunteering/star_levels.html",
        {"form": form, "levels": levels, "reached": reached, "period": period, "limit": REACHED_LIMIT},
    )


def _communities_under(scope, region):
    """The communities and villages in scope under ``region`` (or under every scope region)."""
    communities = Region.objects.filter(level__in=COMMUNITY_LEVELS)
    if region is not None:
        communities = communities.filter(path__startswith=region.path)
    return list(scope.filter(communities).order_by("path")[:COMMUNITY_LIMIT])


@login_required
@permission_required("volunteers.view_person", raise_exception=True)
def party_reporting(request):
    """Reporting rates of in-service Party members (在职党员进社区报到) by community."""
    scope = scope_of(request.user)
    region = None
    if request.GET.get("region"):
        region = scope.get_or_404(Region.objects.all(), pk=request.GET["region"])
    elif len(scope.regions) == 1:
        region = scope.regions[0]
    rows = selectors.party_reporting_rates(_communities_under(scope, region))
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("residents", "residents_reported", "reported_here", "services", "hours")
    }
    totals["rate"] = 100 * totals["residents_reported"] / totals["residents"] if totals["residents"] else None
    return render(
        request,
        "volunteering/party_reporting.html",
        {"region": region, "rows": rows, "totals": totals, "limit": COMMUNITY_LIMIT},
    )


@login_required
@permission_required("volunteers.view_person", raise_exception=True)
def community_party_members(request, pk):
    """The in-service Party members who reported to one community, with their service and hours there."""
    community = scope_of(request.user).get_or_404(Region.objects.all(), pk=pk)
    people = selectors.community_party_members(community)
    for person in people:
        person.shown_phone = _identity(request.user, person)[0]
    return render(
        request,
        "volunteering/community_party_members.html",
        {
            "community": community,
            "people": people,
            "services": sum(p.services_here for p in people),
            "hours": sum((p.hours_here for p in people), 0),
        },
    )


@login_required
@permission_required("activities.view_participation", raise_exception=True)
def participation_edit(request, pk):
    """Correct the hours of one recorded service, or delete it (for those allowed to), with errors beside the field."""
    participation = scope_of(request.user).get_or_404(
        Participation.objects.select_related("person", "activity", "activity__region"), pk=pk
    )
    back = reverse("volunteering:activity_participation", args=[participation.activity_id])
    error = None
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                participation_delete(actor=request.user, participation=participation)
                messages.success(request, _("Deleted the record of %(name)s.") % {"name": participation.person.name})
            else:
                participation_update(
                    actor=request.user, participation=participation, hours=request.POST.get("hours", "")
                )
                messages.success(request, _("Saved the hours of %(name)s.") % {"name": participation.person.name})
        except ValidationError as exc:
            error = exc.message_dict.get("hours", exc.messages) if hasattr(exc, "error_dict") else exc.messages
            participation.hours = request.POST.get("hours", participation.hours)
        else:
            return redirect(back)
    return render(
        request,
        "volunteering/participation_edit.html",
        {
            "participation": participation,
            "error": error,
            "back": back,
            "can_delete": request.user.has_perm("activities.delete_participation"),
            "locked": lock_message(actor=request.user, activity=participation.activity),
        },
    )
