"""``manage.py load_demo``: write the demo world of ``demo/data.py`` and a demo login."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import ScopeAssignment
from activities import attachments, services
from activities.measures import format_qualifiers
from activities.models import Activity, Category, Indicator, IndicatorValue, Participation, Status
from activities.services import monthly_totals_rebuild
from communities.models import Organization, Project, Region, ServiceSite
from communities.services import region_create
from demo import data as demo
from demo import files as demo_files
from evidence import services as evidence_services
from evidence.models import EvidenceFile, EvidenceKind
from history.models import Source
from regional import services as regional_services
from regional.models import (
    SIDE_LINKS,
    AssessmentScheme,
    CommitteeMembership,
    Election,
    MemberUnit,
    OfficeHolder,
    Pairing,
    PartyKind,
    SupervisionCheck,
    Survey,
    TalentPool,
    UnitCount,
)
from volunteers.models import Person, Team, TeamMembership


class Command(BaseCommand):
    help = (
        "Load the demo world built from the figures in the five news reports (demo/data.py): "
        "regions, organizations, service sites, projects, volunteer teams, indicators, approved activities "
        "with their indicator values, and a few people with their teams and hours. "
        "Rules: everything is written in one transaction, so a failure writes nothing; "
        f"when the demo's root region ({demo.MARKER_REGION_CODE}) already exists nothing is loaded again, "
        "so running it twice is safe; --dry-run loads and then rolls everything back. "
        "It also creates a clerk, a reviewer and a manager of 卫东区 (demo.LOGINS) and three records of the clerk in "
        "review (one returned with a reason), entered through the workflow services, "
        "and a few evidence files (photos and PDFs drawn at load time) on the clerk's and some approved records; "
        "主题党日/团日 records then need a sign-in sheet before they are submitted. "
        "With --password, the --user account is created, or updated, as an active superuser with that password, "
        "and the clerk, reviewer and manager get the same password; "
        "Django's password validators are skipped on purpose, so use this on a local machine only, "
        "never on a server others can reach."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", default="demo", help="Username of the demo superuser (default: demo).")
        parser.add_argument(
            "--password", help="Password for the demo superuser. Without it no login is created or changed."
        )
        parser.add_argument("--dry-run", action="store_true", help="Load, report the counts, then roll back.")

    def handle(self, *args, user, password, dry_run, **options):
        try:
            with transaction.atomic():
                if Region.objects.filter(code=demo.MARKER_REGION_CODE).exists():
                    self.stdout.write(
                        _("The demo data is already loaded (region %(code)s exists); nothing was loaded again.")
                        % {"code": demo.MARKER_REGION_CODE}
                    )
                else:
                    self._report(_load())
                if password:
                    self._ensure_superuser(user, password)
                    self._set_login_passwords(password)
                else:
                    self.stdout.write(_("No --password given: the demo login was not created or changed."))
                if dry_run:
                    transaction.set_rollback(True)
        except IntegrityError as exc:
            message = _("The demo data could not be loaded; nothing was written: %(error)s") % {"error": exc}
            raise CommandError(message) from exc
        if dry_run:
            self.stdout.write(_("Dry run: everything was rolled back, nothing was written."))

    def _report(self, counts):
        self.stdout.write(self.style.SUCCESS(_("Loaded the demo data:")))
        for model, count in counts.items():
            self.stdout.write(f"  {capfirst(model._meta.verbose_name_plural)}: {count}")

    def _ensure_superuser(self, username, password):
        User = get_user_model()
        account, created = User.objects.get_or_create(**{User.USERNAME_FIELD: username})
        account.is_active = account.is_staff = account.is_superuser = True
        # Deliberately no password validation: this is a known demo password on a local machine.
        account.set_password(password)
        account.save()
        if created:
            self.stdout.write(_("Created the demo superuser %(user)s.") % {"user": username})
        else:
            self.stdout.write(_("The demo superuser %(user)s exists; its password was set again.") % {"user": username})

    def _set_login_passwords(self, password):
        User = get_user_model()
        for username, role, _region, _name in demo.LOGINS:
            account = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
            if account is None:
                continue  # loaded before the demo had these logins
            account.set_password(password)
            account.save()
            self.stdout.write(
                _("Demo login %(user)s (%(role)s) has the same password.") % {"user": username, "role": role}
            )


def _create_logins(regions):
    """The clerk, reviewer and manager of ``demo.LOGINS``, with their role and region; no usable password yet."""
    User = get_user_model()
    logins = {}
    for username, role, region, name in demo.LOGINS:
        account = User(**{User.USERNAME_FIELD: username}, first_name=name, is_staff=True, is_active=True)
        account.set_unusable_password()
        account.save()
        account.groups.add(Group.objects.get(name=role))
        ScopeAssignment.objects.create(user=account, region=regions[region])
        logins[username] = account
    return logins


def _evidence_upload(name, content, seed):
    return demo_files.photo(name, seed=seed) if content == "photo" else demo_files.pdf(name, content)


def _create_workflow(item, *, clerk, reviewer, regions, categories, kinds):
    """One record of ``demo.WORKFLOW_ACTIVITIES``, entered, submitted and returned by the services as people do."""
    fields = _resolve(item, region=regions, category=categories)
    step, reason = fields.pop("step"), fields.pop("reason", "")
    activity = Activity(**fields)
    activity.full_clean(validate_unique=False, validate_constraints=False)
    services.activity_create(actor=clerk, activity=activity, source=Source.COMMAND)
    for seed, (external_id, kind, name, content) in enumerate(demo.EVIDENCE):
        if external_id == activity.external_id:
            attachments.activity_evidence_add(
                actor=clerk,
                activity=activity,
                kind=kinds[kind],
                upload=_evidence_upload(name, content, seed),
                source=Source.COMMAND,
            )
    if step in ("submitted", "returned"):
        services.activity_submit(
            actor=clerk, activity=activity, expected_version=activity.version, source=Source.COMMAND
        )
    if step == "returned":
        services.activity_return(
            actor=reviewer, activity=activity, expected_version=activity.version, reason=reason, source=Source.COMMAND
        )
    return activity


def _create(model, fields, key):
    """Validate and save one row, naming the demo item when it is refused."""
    row = model(**fields)
    try:
        # Field validators (codes, ID numbers, bounds) only: the database enforces the
        # unique and check constraints on insert, and asking it twice per row triples the run.
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise CommandError(
            _("Demo item %(item)s (%(model)s) is invalid: %(errors)s")
            % {"item": key, "model": model._meta.verbose_name, "errors": "; ".join(exc.messages)}
        ) from exc
    row.save()
    return row


def _resolve(item, **lookups):
    """A copy of ``item`` with each code named in ``lookups`` replaced by the object it stands for."""
    fields = dict(item)
    for field, objects in lookups.items():
        if fields.get(field) is not None:
            fields[field] = objects[fields[field]]
    return fields


def _load():
    """Write every demo item; returns the number of rows created per model."""
    counts = Counter()

    regions = {}
    for code, name, level, parent in demo.REGIONS:
        try:
            regions[code] = region_create(code=code, name=name, level=level, parent=regions.get(parent))
        except ValidationError as exc:
            raise CommandError(
                _("Demo region %(code)s %(name)s cannot be created: %(errors)s")
                % {"code": code, "name": name, "errors": "; ".join(exc.messages)}
            ) from exc
    counts[Region] = len(regions)

    organizations = {}
    for item in demo.ORGANIZATIONS:
        fields = _resolve(item, region=regions, parent=organizations)
        organizations[item["code"]] = _create(Organization, fields, item["code"])
    counts[Organization] = len(organizations)

    for item in demo.SITES:
        _create(ServiceSite, _resolve(item, region=regions, organization=organizations), item["code"])
        counts[ServiceSite] += 1

    for item in demo.PROJECTS:
        _create(Project, _resolve(item, region=regions, organization=organizations), item["code"])
        counts[Project] += 1

    teams = {}
    for item in demo.TEAMS:
        teams[item["code"]] = _create(Team, _resolve(item, region=regions, organization=organizations), item["code"])
    counts[Team] = len(teams)

    indicators = {row.code: row for row in Indicator.objects.filter(code__in=[row[0] for row in demo.INDICATORS])}
    for order, (code, name, unit, what) in enumerate(demo.INDICATORS, start=1):
        if code not in indicators:
            fields = {"code": code, "name": name, "unit": unit, "counts": what, "sort_order": order}
            indicators[code] = _create(Indicator, fields, code)
            counts[Indicator] += 1

    categories = {category.code: category for category in Category.objects.all()}
    missing = sorted({item["category"] for item in demo.ACTIVITIES + demo.WORKFLOW_ACTIVITIES} - set(categories))
    if missing:
        raise CommandError(
            _("The demo needs the default activity categories; missing: %(codes)s") % {"codes": ", ".join(missing)}
        )
    activities = {}
    for item in demo.ACTIVITIES:
        key = item["external_id"]
        fields = _resolve(item, region=regions, organization=organizations, team=teams, category=categories)
        if "period" in fields:
            fields["start_date"], fields["date"] = fields.pop("period")
        values = fields.pop("indicators", {})
        fields["qualifiers"] = format_qualifiers(fields.pop("qualifiers", {}))
        activities[key] = _create(Activity, {**fields, "status": Status.APPROVED}, key)
        for code, value in values.items():
            value, qualifier = value if isinstance(value, tuple) else (value, "")
            row = {"activity": activities[key], "indicator": indicators[code], "value": value, "qualifier": qualifier}
            _create(IndicatorValue, row, key)
            counts[IndicatorValue] += 1
    counts[Activity] = len(activities)

    people = {}
    for item in demo.PEOPLE:
        fields = _resolve(item, region=regions, reporting_community=regions)
        key, memberships = fields.pop("key"), fields.pop("teams")
        people[key] = _create(Person, fields, key)
        for team, role, joined_on in memberships:
            membership = {"team": teams[team], "person": people[key], "role": role, "joined_on": joined_on}
            _create(TeamMembership, membership, key)
            counts[TeamMembership] += 1
    counts[Person] = len(people)

    for person, activity, hours in demo.PARTICIPATIONS:
        _create(Participation, {"person": people[person], "activity": activities[activity], "hours": hours}, person)
        counts[Participation] += 1
    kinds = {kind.code: kind for kind in EvidenceKind.objects.all()}
    for code, required in demo.REQUIRED_EVIDENCE.items():
        categories[code].required_evidence.add(*(kinds[kind] for kind in required))
    # The approved records' files, kept as the operator (the records are written directly, like their figures).
    for seed, (external_id, kind, name, content) in enumerate(demo.EVIDENCE):
        if external_id in activities:
            evidence_services.evidence_store(
                actor=None,
                record=activities[external_id],
                kind=kinds[kind],
                upload=_evidence_upload(name, content, seed),
                source=Source.COMMAND,
            )
            counts[EvidenceFile] += 1
    attachments.activities_recount_evidence(activity_ids=[a.pk for a in activities.values()])
    logins = _create_logins(regions)
    counts[get_user_model()] = len(logins)
    for item in demo.WORKFLOW_ACTIVITIES:
        _create_workflow(
            item,
            clerk=logins["clerk"],
            reviewer=logins["reviewer"],
            regions=regions,
            categories=categories,
            kinds=kinds,
        )
        counts[Activity] += 1
    counts[EvidenceFile] = EvidenceFile.objects.count()
    # Written directly as approved records (not through the services): add up the monthly totals again.
    monthly_totals_rebuild()
    projects = {project.code: project for project in Project.objects.all()}
    counts.update(_load_regional(regions=regions, organizations=organizations, projects=projects))
    order = [Region, Organization, ServiceSite, Project, Team, Indicator, Activity, IndicatorValue, EvidenceFile]
    order += [Person, TeamMembership, Participation, MemberUnit, UnitCount, CommitteeMembership, Pairing]
    order += [Election, OfficeHolder, TalentPool, Survey, AssessmentScheme, SupervisionCheck, get_user_model()]
    return {model: counts[model] for model in order}


def _load_regional(*, regions, organizations, projects):
    """Member units (named, and counted: through the service), committee members, pairings, elections, office
    holders, talent pools and surveys of the reports; returns the rows created per model."""
    counts = Counter()
    units = {}
    for item in demo.MEMBER_UNITS:
        fields = _resolve(item, region=regions, party_organization=organizations)
        units[item["code"]] = _create(MemberUnit, fields, item["code"])
    counts[MemberUnit] = len(units)
    for item in demo.UNIT_COUNTS:
        regional_services.unit_count_create(actor=None, source=Source.COMMAND, **_resolve(item, region=regions))
        counts[UnitCount] += 1
    for item in demo.COMMITTEE_MEMBERS:
        _create(CommitteeMembership, _resolve(item, committee=organizations, unit=units), item["title"])
        counts[CommitteeMembership] += 1
    references = {PartyKind.ORGANIZATION: organizations, PartyKind.UNIT: units}
    references |= {PartyKind.REGION: regions, PartyKind.PROJECT: projects}
    for item in demo.PAIRINGS:
        fields = _resolve(item, region=regions)
        for side in ("a", "b"):
            kind, *rest = fields.pop(side)
            fields[f"{side}_kind"] = kind
            if kind == PartyKind.GROUP:
                fields[f"{side}_count"], fields[f"{side}_label"] = rest
            else:
                fields[f"{side}_{SIDE_LINKS[kind]}"] = references[kind][rest[0]]
        _create(Pairing, fields, item["name"])
        counts[Pairing] += 1
    for external_id, name in demo.ACTIVITY_PAIRINGS:
        Activity.objects.filter(external_id=external_id).update(pairing=Pairing.objects.get(name=name))
    for code, kind, held_on, on_or_before, notes in demo.ELECTIONS:
        fields = {"organization": organizations[code], "kind": kind, "held_on": held_on, "on_or_before": on_or_before}
        _create(Election, {**fields, "notes": notes}, code)
        counts[Election] += 1
    for item in demo.OFFICE_HOLDERS:
        _create(OfficeHolder, _resolve(item, organization=organizations), item["name"])
        counts[OfficeHolder] += 1
    for item in demo.TALENT_POOLS:
        _create(TalentPool, _resolve(item, region=regions), item["name"])
        counts[TalentPool] += 1
    for item in demo.SURVEYS:
        _create(Survey, _resolve(item, region=regions, unit=units, organization=organizations), item["title"])
        counts[Survey] += 1
    for item in demo.ASSESSMENT_SCHEMES:
        _create(AssessmentScheme, _resolve(item, region=regions, organization=organizations), item["name"])
        counts[AssessmentScheme] += 1
    for item in demo.SUPERVISION_CHECKS:
        _create(SupervisionCheck, _resolve(item, region=regions, organization=organizations), item["subject"])
        counts[SupervisionCheck] += 1
    return counts
