"""The region tree, organizations placed in it, service sites and projects."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import import_batch_link

PATH_SEPARATOR = "/"

code_validator = RegexValidator(
    r"^[0-9A-Za-z][0-9A-Za-z_.-]*$",
    _("Use letters, digits, '-', '_' or '.' only (for example 410102001)."),
)


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    TOWNSHIP = "township", _("Township")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    GRID = "grid", _("Grid")
    COMPOUND = "compound", _("Courtyard")
    BUILDING = "building", _("Building")


class RegionQuerySet(models.QuerySet):
    def subtree(self, region):
        """Adds: only ``region`` and every region under it (one indexed prefix match)."""
        return self.filter(path__startswith=region.path)

    def descendants(self, region):
        """Adds: only the regions strictly under ``region``."""
        return self.subtree(region).exclude(pk=region.pk)

    def children_of(self, region):
        """Adds: only the direct children of ``region``, by name."""
        return self.filter(parent=region).order_by("name", "pk")

    def roots(self):
        """Adds: only regions without a parent."""
        return self.filter(parent__isnull=True)


class Region(models.Model):
    """A node of the administrative tree.

    ``path`` is a materialized path of primary keys ("1/5/23/"), so "this region
    and everything under it" is one ``LIKE '1/5/%'`` served by an index, at any
    depth. ``full_name`` ("中原区/桐柏路街道/西站东社区") is kept beside it for
    display and for imports that name a region by its path. Both are written
    only by the services in ``communities.services``.
    """

    scope_path = "path"  # see accounts.scope
    # Derived from the parent links; history keeps the parent and full name instead.
    history_exclude = ("path", "depth")

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("tree path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    full_name = models.CharField(_("full name"), max_length=500, editable=False, db_index=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    import_batch = import_batch_link()

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [
            # Serves subtree(): PostgreSQL needs the pattern opclass for LIKE 'prefix%'
            # under a non-C collation; other databases ignore the opclass.
            models.Index(fields=["path"], name="region_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "name"], name="region_parent_name"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="region_unique_root_name",
                violation_error_message=_("A top-level region with this name exists already."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="region_not_own_parent",
                violation_error_message=_("A region cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="region_valid_range",
                violation_error_message=_("The end of the validity cannot be before its start."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.name

    @property
    def ancestor_ids(self):
        """Primary keys from the root down to the parent, read off the path."""
        return [int(part) for part in self.path.split(PATH_SEPARATOR)[:-2] if part]

    def is_within(self, other):
        """True when this region is ``other`` or lies under it."""
        return self.path.startswith(other.path)


class OrganizationKind(models.TextChoices):
    WORKING_COMMITTEE = "working_committee", _("Party working committee")
    COMMITTEE = "committee", _("Party committee")
    JOINT_COMMITTEE = "joint_committee", _("Joint Party committee")
    AREA_COMMITTEE = "area_committee", _("Area Party committee")
    GENERAL_BRANCH = "general_branch", _("General Party branch")
    BRANCH = "branch", _("Party branch")
    GROUP = "group", _("Party group")
    FUNCTIONAL = "functional", _("Functional Party organization")
    TEMPORARY_BRANCH = "temporary_branch", _("Temporary Party branch")
    TRADE_UNION = "trade_union", _("Trade union")
    YOUTH_LEAGUE = "youth_league", _("Communist Youth League organization")
    WOMENS_FEDERATION = "womens_federation", _("Women's federation")
    RESIDENT_UNIT = "resident_unit", _("Resident unit")
    NEW_ORGANIZATION = "new_organization", _("New economic or social organization")
    OTHER = "other", _("Other")


PARTY_KINDS = frozenset(
    {
        OrganizationKind.WORKING_COMMITTEE,
        OrganizationKind.COMMITTEE,
        OrganizationKind.JOINT_COMMITTEE,
        OrganizationKind.AREA_COMMITTEE,
        OrganizationKind.GENERAL_BRANCH,
        OrganizationKind.BRANCH,
        OrganizationKind.GROUP,
        OrganizationKind.FUNCTIONAL,
        OrganizationKind.TEMPORARY_BRANCH,
    }
)


def add_years(day, years):
    """``day`` moved ``years`` on; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Organization(models.Model):
    """A Party organization, mass organization or other body, placed in a region."""

    scope_path = "region__path"

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organizations")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    leader = models.CharField(_("secretary or leader"), max_length=50, blank=True)
    member_count = models.PositiveIntegerField(
        _("members"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("term length (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    is_demonstration = models.BooleanField(_("demonstration site"), default=False)
    is_weak = models.BooleanField(_("weak or lax"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    import_batch = import_batch_link()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["region", "kind"], name="organization_region_kind")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="organization_not_own_parent",
                violation_error_message=_("An organization cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=Q(term_years__isnull=True) | Q(term_years__gte=1, term_years__lte=10),
                name="organization_term_years_range",
                violation_error_message=_("A term lasts 1 to 10 years."),
            ),
            models.CheckConstraint(
                condition=Q(member_count__isnull=True) | Q(member_count__lte=10_000_000),
                name="organization_member_count_range",
                violation_error_message=_("An organization has at most 10,000,000 members."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_party(self):
        return self.kind in PARTY_KINDS

    @property
    def term_due(self):
        """The date the next election (换届) is due, when the term is known."""
        if self.term_start and self.term_years:
            return add_years(self.term_start, self.term_years)
        return None

    def term_overdue(self, today=None):
        due = self.term_due
        return bool(due and due < (today or datetime.date.today()))


class SiteKind(models.TextChoices):
    SERVICE_CENTER = "service_center", _("Party and public service centre")
    SERVICE_STATION = "service_station", _("Party and public service station")
    POST = "post", _("Service post")
    OTHER = "other", _("Other")


class SiteStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    BUILDING = "building", _("Under construction")
    BUILT = "built", _("Built")
    IN_USE = "in_use", _("In use")


class ServiceSite(models.Model):
    """A Party and public service centre, station or post (阵地)."""

    scope_path = "region__path"

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=SiteKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=SiteStatus.choices, default=SiteStatus.IN_USE)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="sites")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
    )
    area_m2 = models.DecimalField(
        _("floor area (m²)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1_000_000)],
    )
    service_count = models.PositiveIntegerField(
        _("services offered"), null=True, blank=True, validators=[MaxValueValidator(10_000)]
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    is_demonstration = models.BooleanField(_("demonstration site"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("service site")
        verbose_name_plural = _("service sites")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gte=0, area_m2__lte=1_000_000),
                name="site_area_range",
                violation_error_message=_("The area is between 0 and 1,000,000 m²."),
            ),
        ]

    def __str__(self):
        return self.name


class ProjectKind(models.TextChoices):
    CO_BUILDING = "co_building", _("Co-building project")
    RENOVATION = "renovation", _("Old compound renovation")
    ENGINEERING = "engineering", _("Engineering project")
    MANAGEMENT = "management", _("Management project")
    OTHER = "other", _("Other")


class Project(models.Model):
    """A project or programme counted by progress: planned, started, completed."""

    scope_path = "region__path"

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=ProjectKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="projects")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    unit = models.CharField(_("unit"), max_length=10, default="个")
    planned = models.PositiveIntegerField(_("planned"), default=1)
    started = models.PositiveIntegerField(_("started"), default=0)
    completed = models.PositiveIntegerField(_("completed"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(started__lte=F("planned")),
                name="project_started_within_planned",
                violation_error_message=_("More started than planned: check both figures."),
            ),
            models.CheckConstraint(
                condition=Q(completed__lte=F("started")),
                name="project_completed_within_started",
                violation_error_message=_("More completed than started: check both figures."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="project_year_range",
                violation_error_message=_("The year is between 1990 and 2100."),
            ),
        ]

    def __str__(self):
        return self.name

    def _percent(self, part):
        return round(part * 100 / self.planned, 1) if self.planned else None

    @property
    def started_percent(self):
        return self._percent(self.started)

    @property
    def completed_percent(self):
        return self._percent(self.completed)
