"""The volunteer directory: teams, people, their memberships, and the star levels of service hours."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Organization, Region, code_validator
from core.fields import import_batch_link
from core.privacy import mask_id_number, mask_phone

from .validators import validate_id_number, validate_phone

# Said when an ID number is recorded already, by the add form and the people import alike:
# a neutral sentence, since the person may be in a region the user does not see.
PERSON_ID_NUMBER_TAKEN = _("This ID number cannot be recorded: check it, or ask your administrator.")


class TeamKind(models.TextChoices):
    YOUTH = "youth", _("Youth volunteer team")
    PARTY_SHOCK = "party_shock", _("Party member shock team")
    PARTY_VANGUARD = "party_vanguard", _("Party member vanguard team")
    PARTY_VOLUNTEER = "party_volunteer", _("Party member volunteer team")
    WOMEN = "women", _("Women volunteer team")
    TRAFFIC = "traffic", _("Civilised traffic volunteer team")
    COMMUNITY = "community", _("Community volunteer team")
    OTHER = "other", _("Other")


class Team(models.Model):
    """A volunteer team (志愿服务队), placed in a region."""

    scope_path = "region__path"

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=TeamKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="teams")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("supervising organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    leader = models.CharField(_("leader"), max_length=50, blank=True)
    member_count = models.PositiveIntegerField(
        _("members"),
        null=True,
        blank=True,
        help_text=_("The head count the team reports; the people on record are its team memberships."),
        validators=[MaxValueValidator(1_000_000)],
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    import_batch = import_batch_link()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        indexes = [models.Index(fields=["region", "kind"], name="team_region_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_count__isnull=True) | Q(member_count__lte=1_000_000),
                name="team_member_count_range",
                violation_error_message=_("A team has at most 1,000,000 members."),
            ),
        ]

    def __str__(self):
        return self.name


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("CPC member")
    PROBATIONARY = "probationary", _("Probationary CPC member")
    LEAGUE_MEMBER = "league_member", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("Member of a democratic party")
    MASSES = "masses", _("No party affiliation")


class Person(models.Model):
    """A volunteer or Party member, with a home region and any number of teams."""

    scope_path = "region__path"
    # The change history shows these masked to users without the personal-data permission.
    history_masked = {"phone": mask_phone, "id_number": mask_id_number}

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, validators=[validate_id_number])
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    region = models.ForeignKey(Region, verbose_name=_("home region"), on_delete=models.PROTECT, related_name="people")
    work_unit = models.CharField(_("work unit"), max_length=200, blank=True)
    is_in_service_member = models.BooleanField(
        _("in-service Party member"),
        default=False,
        help_text=_("A Party member employed elsewhere who reports to a residential community."),
    )
    reporting_community = models.ForeignKey(
        Region,
        verbose_name=_("community reported to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_members",
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    teams = models.ManyToManyField(Team, through="TeamMembership", related_name="people", verbose_name=_("teams"))
    import_batch = import_batch_link()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("view_personal_data", _("Can see unmasked phone and ID numbers"))]
        indexes = [
            models.Index(fields=["phone"], name="person_phone"),
            models.Index(fields=["region", "name"], name="person_region_name"),
            # The in-service members of an area (a few thousand of a province's people): who reported,
            # and whose services are counted where (``reports.regional.member_reporting``).
            models.Index(
                fields=["reporting_community"], condition=Q(is_in_service_member=True), name="person_in_service"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="person_unique_id_number",
                violation_error_message=PERSON_ID_NUMBER_TAKEN,
            ),
        ]

    def __str__(self):
        return self.name


class TeamMembership(models.Model):
    """A person's membership of a team, with when they joined and left."""

    scope_path = "team__region__path"

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        LEADER = "leader", _("Leader")
        DEPUTY = "deputy", _("Deputy leader")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "person", "joined_on"], name="membership_unique_spell"),
            models.CheckConstraint(
                condition=Q(joined_on__isnull=True) | Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_("The leaving date cannot be before the joining date."),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.team}"


class StarLevel(models.Model):
    """A star level (星级志愿者) and the cumulative approved hours that reach it; administrators keep the table."""

    stars = models.PositiveSmallIntegerField(
        _("stars"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    min_hours = models.DecimalField(
        _("hours needed"),
        max_digits=8,
        decimal_places=1,
        unique=True,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(100_000)],
        help_text=_("Cumulative hours of service at approved activities that reach this level."),
    )

    class Meta:
        verbose_name = _("star level")
        verbose_name_plural = _("star levels")
        ordering = ["stars"]  # at most ten rows; never aggregated
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=10),
                name="star_level_stars_range",
                violation_error_message=_("A level has 1 to 10 stars."),
            ),
            models.CheckConstraint(
                condition=Q(min_hours__gt=0, min_hours__lte=100_000),
                name="star_level_hours_range",
                violation_error_message=_("The hours of a level are more than 0 and at most 100,000."),
            ),
        ]

    def __str__(self):
        return _("%(stars)s-star volunteer") % {"stars": self.stars}

    def clean(self):
        # More stars must need more hours, or a person's level would depend on row order.
        others = StarLevel.objects.exclude(pk=self.pk)
        if self.stars is None or self.min_hours is None:
            return
        if (
            others.filter(stars__lt=self.stars, min_hours__gte=self.min_hours).exists()
            or others.filter(stars__gt=self.stars, min_hours__lte=self.min_hours).exists()
        ):
            raise ValidationError(
                {"min_hours": _("A level with more stars must need more hours than every level below it.")}
            )


def star_level_for(hours, levels):
    """The highest of ``levels`` (StarLevel rows, any order) that ``hours`` reach, or None."""
    reached = [level for level in levels if hours >= level.min_hours]
    return max(reached, key=lambda level: level.stars) if reached else None
