"""Regional Party-building (区域化党建): member units, committee members and pairings.

See docs/regional.md. Every row is written by ``regional.services``; the constraints
below hold the invariants for every other path too (imports, hand-made SQL).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Organization, OrganizationKind, Project, Region, code_validator
from core.privacy import mask_phone
from volunteers.models import Person
from volunteers.validators import validate_phone

# The organizations that take member units and part-time members: 街道大工委 / 社区大党委 (recorded as area
# Party committees), 区域党委, 联合党委, and Party (working) committees acting as one.
COMMITTEE_KINDS = (
    OrganizationKind.WORKING_COMMITTEE,
    OrganizationKind.COMMITTEE,
    OrganizationKind.AREA_COMMITTEE,
    OrganizationKind.JOINT_COMMITTEE,
)


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Government agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    POLICE_STATION = "police_station", _("Police station")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    NEW_ORGANIZATION = "new_organization", _("New economic or social organization")
    OTHER = "other", _("Other")


class MemberUnitQuerySet(models.QuerySet):
    def of_committee(self, committee):
        """Adds: only the units with a member (at any step) on ``committee``."""
        return self.filter(committee_memberships__committee=committee).distinct()


class MemberUnit(models.Model):
    """A unit based in the area (驻区单位) that takes part in a committee's work."""

    scope_path = "region__path"
    history_masked = {"contact_phone": mask_phone}

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="member_units")
    party_organization = models.ForeignKey(
        Organization,
        verbose_name=_("own Party organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_units",
        help_text=_("The unit's own Party organization, where it has one."),
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True, validators=[validate_phone])
    party_members = models.PositiveIntegerField(
        _("Party members"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = MemberUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        indexes = [models.Index(fields=["region", "kind"], name="member_unit_region_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="member_unit_unique_name_in_region",
                violation_error_message=_("A member unit of this name is already registered in this region."),
            ),
            models.CheckConstraint(
                condition=Q(party_members__isnull=True) | Q(party_members__lte=1_000_000),
                name="member_unit_party_members_range",
                violation_error_message=_("The number of Party members is out of range."),
            ),
        ]

    def __str__(self):
        return self.name


class CommitteeRole(models.TextChoices):
    DEPUTY_SECRETARY = "deputy_secretary", _("Part-time deputy secretary")
    MEMBER = "member", _("Part-time committee member")


class Step(models.TextChoices):
    """The appointment procedure of a part-time member, in order (卫东区's 选聘程序)."""

    SURVEYED = "surveyed", _("Surveyed")
    NOMINATED = "nominated", _("Nominated after consultation")
    CONSULTED = "consulted", _("Opinions sought")
    PUBLICIZED = "publicized", _("Publicized")
    APPOINTED = "appointed", _("Appointed, letter issued")
    FILED = "filed", _("Filed with the higher Party organization")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Each step of the procedure and the date field it sets; a later step needs every earlier date.
STEP_ORDER = [Step.SURVEYED, Step.NOMINATED, Step.CONSULTED, Step.PUBLICIZED, Step.APPOINTED, Step.FILED]
STEP_DATE = {
    Step.SURVEYED: "surveyed_on",
    Step.NOMINATED: "nominated_on",
    Step.CONSULTED: "consulted_on",
    Step.PUBLICIZED: "publicity_start",
    Step.APPOINTED: "appointed_on",
    Step.FILED: "filed_on",
}


def _step_constraints():
    """A step's date is set exactly when the member has reached that step (a withdrawn row keeps what it had)."""
    constraints = []
    for index, step in enumerate(STEP_ORDER):
        reached = STEP_ORDER[index:]
        field = STEP_DATE[step]
        constraints.append(
            models.CheckConstraint(
                condition=Q(**{f"{field}__isnull": False}) | ~Q(step__in=reached) | Q(procedure_on_record=False),
                name=f"committee_member_{field}_when_reached",
                violation_error_message=_("Every step the member has reached needs its date."),
            )
        )
        if index + 1 < len(STEP_ORDER):
            not_yet = STEP_ORDER[: index + 1]
            later = STEP_DATE[STEP_ORDER[index + 1]]
            constraints.append(
                models.CheckConstraint(
                    condition=Q(**{f"{later}__isnull": True}) | ~Q(step__in=not_yet),
                    name=f"committee_member_no_{later}_before_step",
                    violation_error_message=_("A step the member has not reached yet cannot have a date."),
                )
            )
    dates = [STEP_DATE[step] for step in STEP_ORDER]
    for earlier, later in zip(dates, dates[1:], strict=False):
        constraints.append(
            models.CheckConstraint(
                condition=Q(**{f"{later}__isnull": True}) | Q(**{f"{later}__gte": F(earlier)}),
                name=f"committee_member_{later}_after_{earlier}",
                violation_error_message=_("The steps of the procedure must be dated in their order."),
            )
        )
    return constraints


class CommitteeMembershipQuerySet(models.QuerySet):
    def serving(self):
        """Adds: only members appointed (or appointed and filed), not withdrawn."""
        return self.filter(step__in=[Step.APPOINTED, Step.FILED])

    def serving_on(self, day):
        """Adds: only members appointed whose term covers ``day``."""
        return (
            self.serving()
            .filter(Q(term_start__isnull=True) | Q(term_start__lte=day))
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        )


class CommitteeMembership(models.Model):
    """A part-time member (兼职委员) of a 大工委 / 大党委 from a member unit, and the procedure that chose them."""

    scope_path = "committee__region__path"

    committee = models.ForeignKey(
        Organization,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        limit_choices_to={"kind__in": COMMITTEE_KINDS},
    )
    unit = models.ForeignKey(
        MemberUnit, verbose_name=_("member unit"), on_delete=models.PROTECT, related_name="committee_memberships"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        help_text=_("Empty when the report names only the unit and the post."),
    )
    title = models.CharField(_("post at the unit"), max_length=100, help_text=_("For example 所长 or 党委书记."))
    role = models.CharField(_("role"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)
    duties = models.TextField(_("rights, duties and cooperation agreed"), blank=True)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    step = models.CharField(_("procedure step"), max_length=16, choices=Step.choices, default=Step.SURVEYED)
    procedure_on_record = models.BooleanField(
        _("procedure on record"),
        default=True,
        help_text=_(
            "Off for a member appointed before this register (or known only from a report): "
            "the dates of the procedure are not on record."
        ),
    )
    surveyed_on = models.DateField(_("surveyed on"), null=True, blank=True)
    nominated_on = models.DateField(_("nominated on"), null=True, blank=True)
    consulted_on = models.DateField(_("opinions sought on"), null=True, blank=True)
    opinions = models.TextField(_("opinions received"), blank=True)
    publicity_start = models.DateField(_("publicity from"), null=True, blank=True)
    publicity_end = models.DateField(_("publicity until"), null=True, blank=True)
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    certificate_number = models.CharField(_("appointment letter number"), max_length=50, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filed_with = models.CharField(_("filed with"), max_length=200, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = CommitteeMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        indexes = [models.Index(fields=["committee", "step"], name="committee_member_step")]
        constraints = [
            *_step_constraints(),
            models.CheckConstraint(
                condition=Q(procedure_on_record=True) | Q(step__in=[Step.APPOINTED, Step.FILED]),
                name="committee_member_unrecorded_procedure_only_when_serving",
                violation_error_message=_("Only a member already appointed can be recorded without the procedure."),
            ),
            models.CheckConstraint(
                condition=Q(publicity_end__isnull=True)
                | (Q(publicity_start__isnull=False) & Q(publicity_end__gte=F("publicity_start"))),
                name="committee_member_publicity_range",
                violation_error_message=_("The publicity period must end on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(publicity_start__isnull=True) | Q(publicity_end__isnull=False),
                name="committee_member_publicity_has_end",
                violation_error_message=_("Give the last day of the publicity period."),
            ),
            models.CheckConstraint(
                condition=Q(appointed_on__isnull=True) | Q(appointed_on__gt=F("publicity_end")),
                name="committee_member_appointed_after_publicity",
                violation_error_message=_("The appointment must come after the publicity period has ended."),
            ),
            models.CheckConstraint(
                condition=Q(term_start__isnull=True) | Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="committee_member_term_range",
                violation_error_message=_("The term must end on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(step=Step.WITHDRAWN, withdrawn_on__isnull=False)
                | (~Q(step=Step.WITHDRAWN) & Q(withdrawn_on__isnull=True)),
                name="committee_member_withdrawn_on_when_withdrawn",
                violation_error_message=_(
                    "A withdrawn candidate needs the date of withdrawal, and only they have one."
                ),
            ),
            # One open candidacy or seat per unit post on a committee; a withdrawn one may be tried again.
            models.UniqueConstraint(
                fields=["committee", "unit", "title"],
                condition=~Q(step=Step.WITHDRAWN),
                name="committee_member_unique_open_post",
                violation_error_message=_(
                    "This unit already has a candidate or member for this post on this committee."
                ),
            ),
        ]

    def __str__(self):
        who = self.person.name if self.person_id else self.title
        return f"{self.unit.name} {who}"

    @property
    def is_serving(self):
        return self.step in (Step.APPOINTED, Step.FILED)

    @property
    def publicity_days(self):
        """Length of the publicity period (公示期) in days, both ends counted."""
        if self.publicity_start and self.publicity_end:
            return (self.publicity_end - self.publicity_start).days + 1
        return None


class PairingKind(models.TextChoices):
    CO_BUILDING = "co_building", _("Pairing for co-building")
    CONTRACTING = "contracting", _("Contracting (responsibility for a place)")
    CONTACT_POINT = "contact_point", _("Contact point")
    FIRST_SECRETARY = "first_secretary", _("First secretary sent to a village")
    INSTRUCTOR = "instructor", _("Party-building instructor")


class PartyKind(models.TextChoices):
    """What one side of a pairing is."""

    ORGANIZATION = "organization", _("Organization")
    UNIT = "unit", _("Member unit")
    REGION = "region", _("Region")
    PROJECT = "project", _("Project")
    PERSON = "person", _("Person")
    GROUP = "group", _("A number of them (aggregate)")


SIDE_LINKS = {
    PartyKind.ORGANIZATION: "organization",
    PartyKind.UNIT: "unit",
    PartyKind.REGION: "region",
    PartyKind.PROJECT: "project",
    PartyKind.PERSON: "person",
}


def _side_constraint(side):
    """Side ``side`` ('a' or 'b') is exactly the record its kind names, or, for a group, a count and a description."""
    links = [f"{side}_{name}" for name in SIDE_LINKS.values()]
    options = []
    for kind, name in SIDE_LINKS.items():
        field = f"{side}_{name}"
        others = {f"{other}__isnull": True for other in links if other != field}
        options.append(Q(**{f"{side}_kind": kind, f"{field}__isnull": False, f"{side}_count__isnull": True, **others}))
    nothing = {f"{link}__isnull": True for link in links}
    options.append(
        Q(**{f"{side}_kind": PartyKind.GROUP, f"{side}_count__gte": 1, **nothing}) & ~Q(**{f"{side}_label": ""})
    )
    condition = options[0]
    for option in options[1:]:
        condition |= option
    return models.CheckConstraint(
        condition=condition,
        name=f"pairing_side_{side}_is_one_party",
        violation_error_message=_(
            "Each side of a pairing is exactly one organization, unit, region, project or person of the kind chosen, "
            "or, for an aggregate, a number and what it counts."
        ),
    )


class PairingQuerySet(models.QuerySet):
    def active_in(self, start, end):
        """Adds: only pairings running at some time between ``start`` and ``end`` (both included)."""
        return self.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))

    def of_committee(self, committee):
        """Adds: only pairings in the committee's area, or with it or one of its member units on either side."""
        units = MemberUnit.objects.of_committee(committee).values("pk")
        return self.filter(
            Q(region__path__startswith=committee.region.path)
            | Q(a_organization=committee)
            | Q(b_organization=committee)
            | Q(a_unit__in=units)
            | Q(b_unit__in=units)
        )


def _side_fields(side, label):
    def fk(model, verbose):
        return models.ForeignKey(
            model,
            verbose_name=verbose,
            null=True,
            blank=True,
            on_delete=models.PROTECT,
            related_name=f"pairings_as_{side}",
        )

    return {
        f"{side}_kind": models.CharField(
            _("%(side)s: kind") % {"side": label}, max_length=16, choices=PartyKind.choices
        ),
        f"{side}_organization": fk(Organization, _("%(side)s: organization") % {"side": label}),
        f"{side}_unit": fk(MemberUnit, _("%(side)s: member unit") % {"side": label}),
        f"{side}_region": fk(Region, _("%(side)s: region") % {"side": label}),
        f"{side}_project": fk(Project, _("%(side)s: project") % {"side": label}),
        f"{side}_person": fk(Person, _("%(side)s: person") % {"side": label}),
        f"{side}_count": models.PositiveIntegerField(
            _("%(side)s: how many") % {"side": label},
            null=True,
            blank=True,
            validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
        ),
        f"{side}_label": models.CharField(
            _("%(side)s: what they are") % {"side": label},
            max_length=100,
            blank=True,
            help_text=_("For an aggregate: what the count counts, for example 机关支部."),
        ),
    }


class Pairing(models.Model):
    """Two parties paired for a period (结对共建, 分包, 联系点, 第一书记, 党建指导员), or an aggregate of many pairs."""

    scope_path = "region__path"

    kind = models.CharField(_("kind"), max_length=20, choices=PairingKind.choices)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="pairings",
        help_text=_("Where the pairing's work is done; it decides who sees the pairing."),
    )
    # The two sides have the same eight fields each (see _side_fields): declared once, named a_* and b_*.
    locals().update(_side_fields("a", _("side A")))
    locals().update(_side_fields("b", _("side B")))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    content = models.TextField(_("content agreed"), blank=True)
    frequency = models.CharField(
        _("frequency agreed"), max_length=100, blank=True, help_text=_("For example 每月不少于两次.")
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        indexes = [models.Index(fields=["region", "start"], name="pairing_region_start")]
        constraints = [
            _side_constraint("a"),
            _side_constraint("b"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="pairing_end_after_start",
                violation_error_message=_("A pairing cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def side(self, side):
        """(kind, the record or None, count or None, label) of side 'a' or 'b'; reads only loaded relations."""
        kind = getattr(self, f"{side}_kind")
        link = SIDE_LINKS.get(kind)
        record = getattr(self, f"{side}_{link}") if link else None
        return kind, record, getattr(self, f"{side}_count"), getattr(self, f"{side}_label")

    def side_display(self, side):
        _kind, record, count, label = self.side(side)
        if record is not None:
            return str(record)
        return _("%(count)s %(label)s") % {"count": count, "label": label}

    @property
    def side_a(self):
        return self.side_display("a")

    @property
    def side_b(self):
        return self.side_display("b")

    @property
    def is_aggregate(self):
        return PartyKind.GROUP in (self.a_kind, self.b_kind)


# How a report marks a count as approximate (百余家, 近百家, 约100家): the qualifiers of ``activities.measures``
# that a count of units takes. Kept here because regional sits below activities; a test holds the two together.
COUNT_QUALIFIERS = ("余", "多", "以上", "近", "约", "超过")
APPROXIMATE_TOTAL = "余"  # a total with an approximate part, as activities.measures.TOTAL_QUALIFIER


class UnitCount(models.Model):
    """Member units known only by their number (吸纳驻区单位和“两新”组织百余家): one aggregate row, no names invented.

    Counted beside the named member units in the area's figures (``selectors.committee_figures``), never merged
    into them: a named unit may be among the counted ones.
    """

    scope_path = "region__path"

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="unit_counts",
        help_text=_("The area the units are based in; it decides who sees the count."),
    )
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_counts",
        limit_choices_to={"kind__in": COMMITTEE_KINDS},
        help_text=_("The committee that took the units in, when the report names one."),
    )
    label = models.CharField(
        _("what they are"), max_length=100, help_text=_("What the count counts, for example 驻区单位和“两新”组织.")
    )
    count = models.PositiveIntegerField(_("how many"), validators=[MinValueValidator(1), MaxValueValidator(1_000_000)])
    qualifier = models.CharField(
        _("approximate"),
        max_length=4,
        blank=True,
        choices=[(q, q) for q in COUNT_QUALIFIERS],
        help_text=_("As the report writes it: 余 for 百余家, 近 for 近百家; empty for an exact count."),
    )
    as_of = models.DateField(_("as of"), help_text=_("The date the report gives the count for."))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("member units counted")
        verbose_name_plural = _("member units counted")
        indexes = [models.Index(fields=["region", "as_of"], name="unit_count_region_as_of")]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1) & Q(count__lte=1_000_000),
                name="unit_count_count_range",
                violation_error_message=_("The number of units must be between 1 and 1,000,000."),
            ),
            models.CheckConstraint(
                condition=Q(qualifier="") | Q(qualifier__in=COUNT_QUALIFIERS),
                name="unit_count_qualifier_known",
                violation_error_message=_("Choose one of the listed qualifiers, or none for an exact count."),
            ),
            models.CheckConstraint(
                condition=~Q(label=""),
                name="unit_count_has_label",
                violation_error_message=_("Say what the count counts."),
            ),
        ]

    def __str__(self):
        return self.display

    @property
    def display(self):
        """As the report writes it: 驻区单位和“两新”组织100余家."""
        return f"{self.label}{qualified_count(self.count, self.qualifier)}家"


def qualified_count(count, qualifier):
    """100 with 余 -> "100余", 100 with 近 -> "近100" (prefix qualifiers before the number, as people write them)."""
    if not qualifier:
        return str(count)
    if qualifier in ("近", "约", "超过"):
        return f"{qualifier}{count}"
    return f"{count}{qualifier}"
