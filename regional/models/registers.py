"""Registers of regional work: units reporting to a community, office holders and elections,
talent pools, surveys and the suggestions they collect.

Where a report gives only a count (乡土人才库460人, 1100多户 surveyed, 50多条 suggestions), the count is
stored as reported, with a flag when it was written approximately (多, 余, 约), never as invented rows.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Organization, Region
from volunteers.models import Person

from .committees import MemberUnit


def _after(later, earlier, name, message):
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
        violation_error_message=message,
    )


def _count(verbose, **kwargs):
    return models.PositiveIntegerField(
        verbose, null=True, blank=True, validators=[MaxValueValidator(100_000_000)], **kwargs
    )


def _approximate(verbose):
    return models.BooleanField(verbose, default=False, help_text=_("Written approximately (多, 余, 约, 近)."))


class UnitReporting(models.Model):
    """A unit reporting to a community (单位报到): what it promised and the service it has done."""

    scope_path = "community__path"

    unit = models.ForeignKey(
        MemberUnit, verbose_name=_("member unit"), on_delete=models.PROTECT, related_name="reportings"
    )
    community = models.ForeignKey(
        Region, verbose_name=_("community reported to"), on_delete=models.PROTECT, related_name="unit_reportings"
    )
    reported_on = models.DateField(_("reported on"))
    commitment = models.TextField(_("service promised"), blank=True)
    services_done = _count(_("services done"))
    service_notes = models.TextField(_("service done"), blank=True)

    class Meta:
        verbose_name = _("unit reporting")
        verbose_name_plural = _("unit reportings")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "community", "reported_on"],
                name="unit_reporting_unique_day",
                violation_error_message=_("This unit's reporting to this community on that day is already registered."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} → {self.community.name}"


class ElectionKind(models.TextChoices):
    GENERAL = "general", _("General election (换届)")
    BY_ELECTION = "by_election", _("By-election")
    FOUNDING = "founding", _("Founding election")


class ElectionQuerySet(models.QuerySet):
    def held_in(self, start, end):
        """Adds: only elections held between ``start`` and ``end`` (both included)."""
        return self.filter(held_on__gte=start, held_on__lte=end)


class Election(models.Model):
    """An election (换届, 补选, 成立大会) of an organization's leadership, as an event with its date."""

    scope_path = "organization__region__path"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="elections"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ElectionKind.choices, default=ElectionKind.GENERAL)
    held_on = models.DateField(_("held on"))
    on_or_before = models.BooleanField(
        _("by this date"),
        default=False,
        help_text=_("Only known to be held by this date (for example 于6月底前完成换届)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        indexes = [models.Index(fields=["held_on"], name="election_held_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "held_on"],
                name="election_unique_day",
                violation_error_message=_("This election of this organization on that day is already registered."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_kind_display()} · {self.held_on}"


class Position(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SECRETARY_GENERAL = "secretary_general", _("Secretary-general")
    OTHER = "other", _("Other")


class OfficeHolder(models.Model):
    """A member of an organization's leadership (班子成员) and their term."""

    scope_path = "organization__region__path"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="office_holders"
    )
    name = models.CharField(_("name"), max_length=50)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    election = models.ForeignKey(
        Election,
        verbose_name=_("elected at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="office_holders",
    )

    class Meta:
        verbose_name = _("office holder")
        verbose_name_plural = _("office holders")
        constraints = [
            _after(
                "term_end",
                "term_start",
                "office_holder_term_range",
                _("The term must end on or after the day it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.get_position_display()} {self.name}"


class PoolKind(models.TextChoices):
    RURAL_TALENT = "rural_talent", _("Local talent pool (乡土人才库)")
    RESERVE_CADRES = "reserve_cadres", _("Village reserve cadre pool (村级后备干部库)")
    OTHER = "other", _("Other")


class TalentPool(models.Model):
    """A pool of people (乡土人才库, 村级后备干部库): members on record, or the head count a report gives."""

    scope_path = "region__path"

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="talent_pools")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PoolKind.choices)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    reported_count = _count(
        _("reported head count"), help_text=_("The number of people a report gives, where they are not listed.")
    )
    count_approximate = _approximate(_("head count approximate"))
    people = models.ManyToManyField(
        Person, through="TalentPoolMember", related_name="talent_pools", verbose_name=_("people")
    )

    class Meta:
        verbose_name = _("talent pool")
        verbose_name_plural = _("talent pools")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="talent_pool_unique_name_in_region",
                violation_error_message=_("A pool of this name already exists in this region."),
            ),
        ]

    def __str__(self):
        return self.name


class TalentPoolMember(models.Model):
    """A person in a talent pool, from when."""

    scope_path = "pool__region__path"

    pool = models.ForeignKey(
        TalentPool, verbose_name=_("talent pool"), on_delete=models.PROTECT, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="pool_memberships"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    speciality = models.CharField(_("speciality"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("talent pool member")
        verbose_name_plural = _("talent pool members")
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "person"],
                name="talent_pool_member_unique",
                violation_error_message=_("This person is already in this pool."),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.pool}"


class Survey(models.Model):
    """A survey (调查, e.g. 安全感指数调查): who was asked, how many, the result, and the suggestions collected."""

    scope_path = "region__path"

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    conducted_on = models.DateField(_("conducted on"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organized by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("with the member unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    respondents_label = models.CharField(
        _("who was surveyed"), max_length=50, help_text=_("For example 沿街商户 (surveyed, not visited).")
    )
    respondents = _count(_("surveyed (户 or 人)"))
    respondents_approximate = _approximate(_("surveyed count approximate"))
    result = models.TextField(_("result"), blank=True)
    topics = models.CharField(_("topics of the suggestions"), max_length=200, blank=True)
    suggestions_reported = _count(
        _("suggestions collected"), help_text=_("As reported, where the suggestions are not listed one by one.")
    )
    suggestions_approximate = _approximate(_("suggestions count approximate"))
    answered_reported = _count(_("questions answered on the spot"))
    answered_approximate = _approximate(_("answered count approximate"))

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["region", "conducted_on"], name="survey_region_date")]

    def __str__(self):
        return self.title


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ANSWERED = "answered", _("Answered on the spot")
    REFERRED = "referred", _("Referred to the unit responsible")
    HANDLED = "handled", _("Handled")


class Suggestion(models.Model):
    """One suggestion (意见建议) with its topic and how it was handled."""

    scope_path = "region__path"

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="suggestions")
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), null=True, blank=True, on_delete=models.PROTECT, related_name="suggestions"
    )
    topic = models.CharField(_("topic"), max_length=50)
    content = models.TextField(_("suggestion"))
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(
        _("status"), max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.RECEIVED
    )
    handled_on = models.DateField(_("handled on"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=SuggestionStatus.RECEIVED, handled_on__isnull=True)
                | (~Q(status=SuggestionStatus.RECEIVED) & Q(handled_on__isnull=False)),
                name="suggestion_handled_has_date",
                violation_error_message=_(
                    "A suggestion answered, referred or handled has the date; a new one has none."
                ),
            ),
            _after(
                "handled_on",
                "raised_on",
                "suggestion_handled_after_raised",
                _("A suggestion is handled after it is raised."),
            ),
        ]

    def __str__(self):
        return f"{self.topic}: {self.content[:30]}"
