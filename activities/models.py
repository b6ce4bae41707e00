"""Activities (活动/工作记录), their categories, the admin-defined indicators and their values."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django.utils.text import format_lazy, smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from communities.models import Organization, Region, RegionLevel
from core.fields import import_batch_link
from regional.models import Pairing
from volunteers.models import Person, Team

from .measures import (
    MEASURE_FIELDS,
    MEASURES,
    MEASURES_BY_FIELD,
    QUALIFIERS,
    format_qualifiers,
    parse_qualifiers,
    qualified,
)

EARLIEST_DATE = datetime.date(1990, 1, 1)

slug_code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("Use lower-case letters, digits and '_', starting with a letter (for example suggestions).")
)


class Category(models.Model):
    """An activity category; administrators keep the list."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[slug_code_validator])
    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    # What a record of this category must carry before it is submitted (e.g. 主题党日: a sign-in sheet);
    # checked by activities.services.activity_submit.
    required_evidence = models.ManyToManyField(
        "evidence.EvidenceKind",
        verbose_name=_("required evidence"),
        blank=True,
        related_name="+",
        help_text=_("A record of this category is submitted for review only with a file of each of these kinds."),
    )

    class Meta:
        verbose_name = _("activity category")
        verbose_name_plural = _("activity categories")
        ordering = ["sort_order", "id"]  # a short list; never used in aggregates

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """A further measure defined by administrators, e.g. 意见建议 (条)."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[slug_code_validator],
        help_text=_("Used as the key in JSON totals and exports."),
    )
    name = models.CharField(_("name"), max_length=50, unique=True)
    unit = models.CharField(
        _("unit"), max_length=10, help_text=_("The unit its figures are counted in: 人, 人次, 户, 个, 条, 项, 期, 元 …")
    )
    counts = models.CharField(
        _("what it counts"),
        max_length=200,
        blank=True,
        help_text=_(
            "What one unit of it is (heads or person-times, shops or households): figures of another "
            "meaning belong in an indicator of their own."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "id"]  # a short list; never used in aggregates
        constraints = [
            models.CheckConstraint(
                condition=~Q(code__in=MEASURE_FIELDS),
                name="indicator_code_not_a_core_measure",
                violation_error_message=_("This code is the name of a core measure: choose another."),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def clean(self):
        if self.code in MEASURE_FIELDS:
            raise ValidationError({"code": _("This code is already used by a core measure.")})


def measure_field(name, label=None, **extra):
    """The model field for core measure ``name``: optional, non-negative, bounded."""
    measure = MEASURES_BY_FIELD[name]
    label = label or measure.label
    options = {
        "null": True,
        "blank": True,
        "validators": [MinValueValidator(0), MaxValueValidator(measure.maximum)],
        **extra,
    }
    if measure.is_decimal:
        return models.DecimalField(
            label,
            max_digits=len(str(measure.maximum)) + measure.decimal_places,
            decimal_places=measure.decimal_places,
            **options,
        )
    return models.PositiveIntegerField(label, **options)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


# The statuses the monthly totals count: drafts and returned records are in no total; the dashboard
# shows approved ones, optionally with submitted ones.
COUNTED_STATUSES = (Status.APPROVED, Status.SUBMITTED)


class TitleBigrams(models.Func):
    """PostgreSQL only: the upper-cased two-character substrings of a text (function of migration 0009)."""

    function = "activity_title_bigrams"
    output_field = ArrayField(models.TextField())


class ActivityQuerySet(models.QuerySet):
    def search(self, term):
        """Adds: for every word of ``term`` (quotes keep words together), a title containing it or that external id.

        The admin's search, kept fast at a million rows on PostgreSQL: longer words use the
        index of the title's upper-cased two-character substrings (bigram index of migration 0009):
        a title containing a word of two characters or more holds every bigram of the word, and
        STRPOS then keeps the titles that hold the word itself. (Two characters are the commonest
        length of a Chinese search word, which a trigram index cannot serve; the trigram index
        once kept beside it was dropped in migration 0016.)
        """
        bigrams = connections[self.db].vendor == "postgresql"
        queryset = self
        for word in smart_split(term):
            if word[:1] in {'"', "'"} and word[0] == word[-1]:
                word = unescape_string_literal(word)
            by_id = Q(external_id__iexact=word)
            if bigrams and len(word) >= 2:
                # Together the two conditions mean "UPPER(title) LIKE UPPER('%word%')": the bigram one is
                # for the index, STRPOS the exact test of the rows it finds.
                value = models.Value(word)
                contains = GreaterThan(StrIndex(Upper("title"), Upper(value)), 0)
                queryset = queryset.filter(Q(contains) | by_id)
                queryset = queryset.filter(Q(DataContains(TitleBigrams("title"), TitleBigrams(value))) | by_id)
            else:
                queryset = queryset.filter(Q(title__icontains=word) | by_id)
        return queryset

    def in_subtree(self, region):
        """Adds: only activities in ``region`` or any region under it."""
        return self.filter(region__path__startswith=region.path)

    def approved(self):
        """Adds: only approved activities."""
        return self.filter(status=Status.APPROVED)

    def counted(self, *, include_submitted=False):
        """Adds: the activities that totals count — approved, and submitted when asked."""
        if include_submitted:
            return self.filter(status__in=[Status.APPROVED, Status.SUBMITTED])
        return self.approved()

    def in_period(self, start, end):
        """Adds: only activities whose (end) date lies in [start, end]."""
        return self.filter(date__gte=start, date__lte=end)

    def totals(self):
        """Returns: a dict of every core measure's sum (zero when nothing matches) and the record count."""
        aggregates = {
            m.field: Coalesce(Sum(m.field), m.zero, output_field=Activity._meta.get_field(m.field)) for m in MEASURES
        }
        return self.order_by().aggregate(records=models.Count("pk"), **aggregates)


class Activity(models.Model):
    """One event, or a summary of many over a period, in one region.

    A record counts in the period that contains its ``date``; a summary record
    may also carry a ``start_date``.
    """

    scope_path = "region__path"
    # The evidence count changes with a file, whose own history row says which (evidence.services).
    history_exclude = ("evidence_count",)

    external_id = models.CharField(
        _("external id"), max_length=64, blank=True, help_text=_("The number the record has in your own sheet.")
    )
    date = models.DateField(_("date"), help_text=_("For a summary of many events, the last day it covers."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    # Four foreign keys without an index of their own: each is the first column of a composite
    # index below (Meta.indexes), which serves every lookup by it, the PROTECT check on delete included.
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="activities", db_index=False
    )  # activity_category_date
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="activities", db_index=False
    )  # activity_totals
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        db_index=False,  # activity_org_date
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("volunteer team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        db_index=False,  # activity_team_date
    )
    pairing = models.ForeignKey(
        Pairing,
        verbose_name=_("pairing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("The pairing (结对共建, 分包, 联系点) this activity was done under, if any."),
        db_index=False,  # activity_pairing_date
    )
    sessions = measure_field("sessions")
    participants = measure_field("participants")
    volunteers = measure_field("volunteers")
    volunteer_hours = measure_field("volunteer_hours")
    people_served = measure_field("people_served")
    households = measure_field("households")
    funds = measure_field("funds")
    # Set while ``volunteers`` and ``volunteer_hours`` are the count and sum of this
    # activity's participation records (written only by
    # activities.participation.activities_recount_participation); clear, they are typed figures.
    volunteers_from_participation = models.BooleanField(
        _("volunteer figures from participation records"), default=False, editable=False
    )
    # The figures typed for the activity before its first participation record (填报数): kept, never
    # added to the totals, shown beside the counted ones, and given back if every record goes.
    reported_volunteers = measure_field("volunteers", _("volunteers as reported"), editable=False)
    reported_volunteer_hours = measure_field("volunteer_hours", _("volunteer hours as reported"), editable=False)
    # The qualifiers of approximate figures, as typed ("8000余" keeps 余): "participants=余;people_served=约",
    # "" when every figure is exact (activities.measures.format_qualifiers).
    qualifiers = models.CharField(_("approximate figures"), max_length=200, blank=True, default="", db_default="")
    location = models.CharField(_("location"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # How many evidence files (佐证材料) the record has: written only by activities.attachments, in
    # the transaction that adds or removes a file, so the review queue shows it and the dashboard's
    # "share of records with evidence" is a filtered count (monthly totals, covering index) with no join.
    # db_default: the bulk imports insert activities by column list and leave it out.
    evidence_count = models.PositiveIntegerField(_("evidence files"), default=0, db_default=0, editable=False)
    # The review workflow's columns change only through the conditional UPDATEs in
    # activities.services, which compare ``version`` with the one the user saw.
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # No index: nothing looks records up by the user (a user is deactivated, not deleted; a
        # deletion, rare, reads the table once to clear the column). Every index slows every write.
        db_index=False,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # No index: nothing looks records up by the user (a user is deactivated, not deleted; a
        # deletion, rare, reads the table once to clear the column). Every index slows every write.
        db_index=False,
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # No index: nothing looks records up by the user (a user is deactivated, not deleted; a
        # deletion, rare, reads the table once to clear the column). Every index slows every write.
        db_index=False,
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    import_batch = import_batch_link()

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        permissions = [
            ("approve_activity", _("Can approve, return and reopen activities")),
            ("import_activity", _("Can import activities")),
            ("export_activity", _("Can export activities")),
        ]
        indexes = [
            # Totals and lists filter by region subtree (joined through region) and date.
            # The totals (reports.selectors) walk a region subtree: for each region of it, the
            # activities of a period. Carrying status, the filters and the seven measures in this
            # index makes that an index-only range scan on PostgreSQL (a district-year, 8,000
            # records: ~9 ms instead of ~35 ms with a heap read per record); it replaces the plain
            # (region, date) index, which it serves as well. Kept by the database itself, so no
            # write path (form, import, workflow, delete) has anything to keep in step.
            models.Index(
                fields=["region", "date"],
                include=[
                    "id",  # so joins to indicator values and participation need no heap read either
                    "status",
                    "category",
                    "team",
                    "organization",
                    "sessions",
                    "participants",
                    "volunteers",
                    "volunteer_hours",
                    "people_served",
                    "households",
                    "funds",
                    "evidence_count",
                ],
                name="activity_totals",
            ),
            models.Index(fields=["date", "id"], name="activity_date_id"),
            # The few records with an approximate figure, for the totals' "余" (reports.selectors.approximate).
            models.Index(fields=["date"], condition=~Q(qualifiers=""), name="activity_approximate"),
            models.Index(fields=["status", "date"], name="activity_status_date"),
            # The review queue: a scope's submitted records, longest waiting first. Without it the
            # planner ANDs every region's rows with all 40,000 submitted ones of a province, per
            # region (140 ms for a subdistrict); with it, a few rows per region (under 1 ms).
            models.Index(
                fields=["region", "submitted_at", "id"],
                condition=Q(status=Status.SUBMITTED),
                name="activity_review_queue",
            ),
            models.Index(fields=["category", "date"], name="activity_category_date"),
            models.Index(fields=["team", "date"], name="activity_team_date"),
            models.Index(fields=["organization", "date"], name="activity_org_date"),
            # A pairing's page and the dashboard's "activities under pairings" read a pairing's records by date;
            # partial, so the many records under no pairing cost an import nothing here.
            models.Index(fields=["pairing", "date"], name="activity_pairing_date", condition=Q(pairing__isnull=False)),
            models.Index(fields=["date", "title", "region"], name="activity_natural_key"),
            # A volunteer's ledger joins each of their participation records to its activity's date,
            # status and team: with these in the index that join is an index-only scan (PostgreSQL),
            # a few milliseconds for thousands of records instead of a heap read per record.
            models.Index(fields=["id"], include=["date", "status", "team"], name="activity_ledger_cover"),
            # ActivityQuerySet.search compares UPPER(external_id) (iexact); without this it reads every row.
            models.Index(Upper("external_id"), name="activity_external_id_upper"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="activity_unique_external_id",
                violation_error_message=_("This external ID is in use already."),
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="activity_date_not_before_1990",
                violation_error_message=_("The date cannot be before 1990."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__lte=F("date"), start_date__gte=EARLIEST_DATE),
                name="activity_start_before_end",
                violation_error_message=_("The start date is on or before the date, and not before 1990."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{m.field}__isnull": True})
                    | Q(**{f"{m.field}__gte": 0, f"{m.field}__lte": m.maximum}),
                    name=f"activity_{m.field}_range",
                    violation_error_message=format_lazy(
                        _("{measure} is between 0 and {maximum}."), measure=m.label, maximum=m.maximum
                    ),
                )
                for m in MEASURES
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def qualifier_map(self):
        """{measure: qualifier} of the approximate figures."""
        return parse_qualifiers(self.qualifiers)

    def written(self, field, text=None):
        """A figure as the sheet had it: 8000 with 余 is "8000余" (``text``: the number already written)."""
        value = getattr(self, field)
        if value is None:
            return None
        return qualified(text if text is not None else str(value), self.qualifier_map.get(field, ""))

    def clean(self):
        errors = {}
        if self.qualifiers != format_qualifiers(parse_qualifiers(self.qualifiers)):
            errors["qualifiers"] = _("Write qualifiers as measure=qualifier, separated by ';'.")
        if self.date and self.date < EARLIEST_DATE:
            errors["date"] = _("The date must be on or after 1 January 1990.")
        if self.date and self.start_date and self.start_date > self.date:
            errors["start_date"] = _("The start date must not be after the date.")
        if errors:
            raise ValidationError(errors)


class IndicatorValue(models.Model):
    """An activity's value for one admin-defined indicator."""

    scope_path = "activity__region__path"

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(
        _("value"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(10**12)],
    )
    # 余, 多, 约, 近, 上 … when the value was written approximately ("50多条"); "" when exact.
    qualifier = models.CharField(
        _("qualifier"), max_length=4, blank=True, default="", db_default="", choices=[(q, q) for q in QUALIFIERS]
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        # Totals join each activity of a subtree to its indicator values; with the indicator and
        # the value in the index that probe is index-only (PostgreSQL), no heap read per activity.
        indexes = [
            models.Index(fields=["activity"], include=["indicator", "value"], name="indicator_value_totals"),
            # The few values written approximately, for the totals' "余" (reports.selectors.approximate).
            models.Index(fields=["activity"], condition=~Q(qualifier=""), name="indicator_value_approximate"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["activity", "indicator"], name="indicator_value_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=10**12),
                name="indicator_value_range",
                violation_error_message=_("A value is between 0 and 1,000,000,000,000."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name}: {self.value}"

    @property
    def written(self):
        """The value as the sheet had it, without trailing zeros: 50 with 多 is "50多", 7.50 is "7.5"."""
        return qualified(format(self.value.normalize(), "f"), self.qualifier)


class ParticipationQuerySet(models.QuerySet):
    def counted(self):
        """Adds: only service at approved activities, the only hours a ledger counts."""
        return self.filter(activity__status=Status.APPROVED)

    def pending(self):
        """Adds: only service at activities not approved yet (recorded, not counted)."""
        return self.exclude(activity__status=Status.APPROVED)

    def totals(self):
        """Returns: {"person_times", "volunteers" (distinct people), "hours"} of these rows."""
        return self.order_by().aggregate(
            # Counting person_id (never null) rather than the primary key lets PostgreSQL answer
            # from the covering index participation_activity_cover alone.
            person_times=models.Count("person_id"),
            volunteers=models.Count("person_id", distinct=True),
            hours=Coalesce(Sum("hours"), Decimal(0), output_field=models.DecimalField()),
        )


class Participation(models.Model):
    """One person's hours of service at one activity (志愿服务记录)."""

    scope_path = "activity__region__path"

    # Indexed by the covering indexes in Meta, not by plain foreign-key indexes.
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations", db_index=False
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="participations",
        db_index=False,
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    import_batch = import_batch_link()

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had when the model lived in ``volunteers`` (see migration 0013).
        db_table = "volunteers_participation"
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        indexes = [
            # Totals over an activity set (a team's, a region's) read person and hours from the
            # index alone on PostgreSQL (an index-only scan), never the table; the plain foreign-key
            # index it replaces held the activity only.
            models.Index(fields=["activity"], include=["person", "hours"], name="participation_activity_cover"),
            # A person's ledger: every record of one person with its activity and hours.
            models.Index(fields=["person"], include=["activity", "hours"], name="participation_person_cover"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "activity"], name="participation_unique_person_activity"),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=24),
                name="participation_hours_range",
                violation_error_message=_("One person serves from 0 to 24 hours at one activity."),
            ),
        ]

    def __str__(self):
        # Names, never ids: the admin's messages and history show this ("刘洋 · 2026-11-28 入户走访 · 2小时").
        # The activity is named only when it is loaded already: a str() never queries (bulk history paths).
        hours = self.hours.normalize() if isinstance(self.hours, Decimal) else self.hours
        hours = _("%(hours)s hours") % {"hours": format(hours, "f") if isinstance(hours, Decimal) else hours}
        parts = [str(self.person) if self.person_id else "", hours]
        if self.activity_id and Participation.activity.is_cached(self):
            parts.insert(1, str(self.activity))
        return " · ".join(part for part in parts if part)


# ---------------------------------------------------------------------------
# Monthly totals: the figures of provinces, cities and districts, added up ahead.
#
# A dashboard for a district or a city adds up thousands of records and their
# indicator values; these tables hold those sums per region, month, status and
# category (or team, or indicator), so the dashboard reads a few hundred rows instead. ``activities.rollups``
# writes them in the same transaction as every change of an activity (form, import,
# workflow step, delete, participation recount, region move), and ``manage.py
# rollups --verify`` compares them with the records.


# The levels whose subtrees hold thousands of records a year. Below them (a subdistrict, a
# community) the covering index ``activity_totals`` adds up a subtree about as fast as these
# tables would be read, and keeping rows per subdistrict would make every write touch many
# more of them (an import of 100,000 records: 13 s instead of 4 s).
ROLLUP_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.DISTRICT)

# The levels in-service Party members report to (报到社区). ``MonthlyVolunteer`` keeps rows for them
# too, so a member's services at the community they reported to are read from a few rows per
# member instead of joining every participation record to its activity (0.3 s for a province).
REPORTING_LEVELS = (RegionLevel.COMMUNITY, RegionLevel.VILLAGE)


def rollup_sum_field(name):
    """A column holding the sum of core measure ``name`` over many records (unbounded, never null)."""
    measure = MEASURES_BY_FIELD[name]
    if measure.is_decimal:
        return models.DecimalField(measure.label, max_digits=24, decimal_places=measure.decimal_places, default=0)
    return models.BigIntegerField(measure.label, default=0)


class MonthlyKey(models.Model):
    """What a monthly total is keyed by: the records of one month and status under one region."""

    # The region the records lie under: the region itself or any of its descendants.
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.region_id} {self.month:%Y-%m} {self.status}"


class MonthlyFigures(MonthlyKey):
    """The record count and the seven core measures, summed."""

    records = models.BigIntegerField(_("records"), default=0)
    sessions = rollup_sum_field("sessions")
    participants = rollup_sum_field("participants")
    volunteers = rollup_sum_field("volunteers")
    volunteer_hours = rollup_sum_field("volunteer_hours")
    people_served = rollup_sum_field("people_served")
    households = rollup_sum_field("households")
    funds = rollup_sum_field("funds")
    # How many of the records have at least one evidence file (the dashboard's share).
    with_evidence = models.BigIntegerField(_("records with evidence"), default=0, db_default=0)

    class Meta:
        abstract = True


class MonthlyTotal(MonthlyFigures):
    """Every record of a region's subtree, month, status and category."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("monthly total")
        verbose_name_plural = _("monthly totals")
        constraints = [
            models.UniqueConstraint(fields=["region", "status", "month", "category"], name="monthly_total_key")
        ]


class MonthlyTeamTotal(MonthlyFigures):
    """The records of a region's subtree, month and status, per volunteer team (records without a team are not here)."""

    team = models.ForeignKey(Team, verbose_name=_("volunteer team"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("monthly team total")
        verbose_name_plural = _("monthly team totals")
        constraints = [
            models.UniqueConstraint(fields=["region", "status", "month", "team"], name="monthly_team_total_key")
        ]


class MonthlyIndicatorTotal(MonthlyKey):
    """The sum of one indicator's values over a region's subtree, month, status and category."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("monthly indicator total")
        verbose_name_plural = _("monthly indicator totals")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "status", "month", "category", "indicator"], name="monthly_indicator_total_key"
            )
        ]


class MonthlyVolunteer(MonthlyKey):
    """How many participation records (and hours) one person has in a region's subtree, month and status.

    Distinct people do not add up like sums; one row per person lets the dashboard count
    them (``COUNT(DISTINCT person)`` over a district's months) without reading every record.
    Besides the ``ROLLUP_LEVELS``, communities and villages (``REPORTING_LEVELS``) have rows:
    an in-service member's row at the community they reported to holds their services there.
    """

    # The key's index serves the region; ``monthly_volunteer_person`` the person (a member's rows).
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    participations = models.BigIntegerField(_("participation records"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=24, decimal_places=2, default=0, db_default=0)

    class Meta:
        verbose_name = _("monthly volunteer")
        verbose_name_plural = _("monthly volunteers")
        constraints = [
            models.UniqueConstraint(fields=["region", "status", "month", "person"], name="monthly_volunteer_key")
        ]
        indexes = [models.Index(fields=["person", "region", "status", "month"], name="monthly_volunteer_person")]
