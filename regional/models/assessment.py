"""Assessment (考核): a scheme of weighted items (百分制), scores by branch or unit and year, star ratings (评星定级),
and supervision checks (督导) counted by groups, areas and places.

The ranking (亮赛比) is a selector over the scores, never a stored column.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Organization, Region

from .committees import MemberUnit

POINTS = {"max_digits": 6, "decimal_places": 2}


class AssessmentScheme(models.Model):
    """An assessment of one year: who assesses, over which area, out of how many points."""

    scope_path = "region__path"

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_schemes",
    )
    full_marks = models.DecimalField(
        _("full marks"), default=Decimal("100"), validators=[MinValueValidator(1), MaxValueValidator(1000)], **POINTS
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name", "year"],
                name="assessment_scheme_unique",
                violation_error_message=_("This region already has an assessment of this name for that year."),
            ),
            models.CheckConstraint(
                condition=Q(full_marks__gt=0, full_marks__lte=1000),
                name="assessment_full_marks_range",
                violation_error_message=_("Full marks must be between 1 and 1000."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"


class AssessmentItem(models.Model):
    """One item of a scheme and the points it carries (its weight)."""

    scope_path = "scheme__region__path"

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("assessment scheme"), on_delete=models.PROTECT, related_name="items"
    )
    name = models.CharField(_("item"), max_length=200)
    weight = models.DecimalField(_("points"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "name"],
                name="assessment_item_unique",
                violation_error_message=_("This scheme already has an item of this name."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="assessment_item_weight_positive",
                violation_error_message=_("An item carries more than zero points."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight})"


def _subject_fields():
    def fk(model, verbose, related_name):
        return models.ForeignKey(
            model, verbose_name=verbose, null=True, blank=True, on_delete=models.PROTECT, related_name=related_name
        )

    return (
        fk(Organization, _("branch or organization assessed"), "+"),
        fk(MemberUnit, _("member unit assessed"), "+"),
    )


ONE_SUBJECT = Q(organization__isnull=False, unit__isnull=True) | Q(organization__isnull=True, unit__isnull=False)


class AssessmentScore(models.Model):
    """The points one branch (or unit) got on one item."""

    scope_path = "scheme__region__path"

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("assessment scheme"), on_delete=models.PROTECT, related_name="scores"
    )
    item = models.ForeignKey(AssessmentItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="scores")
    organization, unit = _subject_fields()
    score = models.DecimalField(_("score"), validators=[MinValueValidator(0)], **POINTS)

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints = [
            models.CheckConstraint(
                condition=ONE_SUBJECT,
                name="assessment_score_one_subject",
                violation_error_message=_("A score is for one branch or organization, or one member unit."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0),
                name="assessment_score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["item", "organization"],
                condition=Q(organization__isnull=False),
                name="assessment_score_unique_organization",
                violation_error_message=_("This item is already scored for this subject."),
            ),
            models.UniqueConstraint(
                fields=["item", "unit"],
                condition=Q(unit__isnull=False),
                name="assessment_score_unique_unit",
                violation_error_message=_("This item is already scored for this subject."),
            ),
        ]

    def __str__(self):
        return f"{self.organization or self.unit} · {self.item.name}: {self.score}"


class AssessmentRating(models.Model):
    """The star rating (评星定级) a branch or unit was given in a scheme."""

    scope_path = "scheme__region__path"

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("assessment scheme"), on_delete=models.PROTECT, related_name="ratings"
    )
    organization, unit = _subject_fields()
    stars = models.PositiveSmallIntegerField(_("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    remarks = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("star rating")
        verbose_name_plural = _("star ratings")
        constraints = [
            models.CheckConstraint(
                condition=ONE_SUBJECT,
                name="assessment_rating_one_subject",
                violation_error_message=_("A rating is for one branch or organization, or one member unit."),
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5),
                name="assessment_rating_stars_range",
                violation_error_message=_("A star rating is from one to five stars."),
            ),
            models.UniqueConstraint(
                fields=["scheme", "organization"],
                condition=Q(organization__isnull=False),
                name="assessment_rating_unique_organization",
                violation_error_message=_("This subject already has a rating in this scheme."),
            ),
            models.UniqueConstraint(
                fields=["scheme", "unit"],
                condition=Q(unit__isnull=False),
                name="assessment_rating_unique_unit",
                violation_error_message=_("This subject already has a rating in this scheme."),
            ),
        ]

    def __str__(self):
        return f"{self.organization or self.unit} · {self.stars}★"


class SupervisionCheck(models.Model):
    """A supervision (督导) of some work: how many groups checked how many areas and places, and what they found.

    [ZY] "区委成立了3个督导组，对10个街道267个工地科级干部驻点情况进行督导": the report gives counts only, so the
    areas and places are counts with what they count, not invented names.
    """

    scope_path = "region__path"

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="supervision_checks"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organized by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_checks",
    )
    subject = models.CharField(_("what was checked"), max_length=200, help_text=_("For example 科级干部驻点情况."))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    groups = models.PositiveIntegerField(
        _("supervision groups"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    areas = models.PositiveIntegerField(
        _("areas checked"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    areas_label = models.CharField(_("areas are"), max_length=50, blank=True, help_text=_("For example 街道."))
    places = models.PositiveIntegerField(
        _("places checked"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    places_label = models.CharField(_("places are"), max_length=50, blank=True, help_text=_("For example 工地."))
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        verbose_name = _("supervision check")
        verbose_name_plural = _("supervision checks")
        indexes = [models.Index(fields=["region", "end"], name="supervision_region_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="supervision_end_after_start",
                violation_error_message=_("A supervision cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(groups__gte=1, groups__lte=10_000),
                name="supervision_groups_range",
                violation_error_message=_("Give between 1 and 10,000 supervision groups."),
            ),
            models.CheckConstraint(
                condition=(Q(areas__isnull=True) | ~Q(areas_label="")) & (Q(places__isnull=True) | ~Q(places_label="")),
                name="supervision_counts_say_what",
                violation_error_message=_("Say what the areas and places counted are (for example 街道, 工地)."),
            ),
        ]

    def __str__(self):
        return f"{self.subject}（{self.start:%Y-%m-%d}）"

    @property
    def counts_display(self):
        """ "3个督导组，10个街道，267个工地": the counts with what they count, in the user's language."""
        parts = [_("%(n)s supervision groups") % {"n": self.groups}]
        for count, label in ((self.areas, self.areas_label), (self.places, self.places_label)):
            if count is not None:
                parts.append(_("%(count)s %(label)s") % {"count": count, "label": label})
        return str(_(", ")).join(str(part) for part in parts)
