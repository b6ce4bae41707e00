"""The three lists (资源清单, 需求清单, 项目清单) a committee keeps up to date at its joint meetings (联席会).

A need raised by residents is matched to a resource, or a unit claims it as a project
("居民吹哨、单位报到"); a completed project resolves the need it came from.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import Organization, Region

from .committees import COMMITTEE_KINDS, MemberUnit


def _committee_link(related_name):
    return models.ForeignKey(
        Organization,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"kind__in": COMMITTEE_KINDS},
    )


def _after(later, earlier, name, message):
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True}) | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
        violation_error_message=message,
    )


class Resource(models.Model):
    """An entry of the resource list: what a unit offers (venues, volunteers, funds, expertise)."""

    scope_path = "region__path"

    committee = _committee_link("resources")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="resources")
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("offered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    listed_on = models.DateField(_("listed on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [models.Index(fields=["committee", "listed_on"], name="resource_committee_listed")]
        constraints = [
            _after(
                "withdrawn_on",
                "listed_on",
                "resource_withdrawn_after_listed",
                _("A resource cannot be withdrawn before it was listed."),
            ),
        ]

    def __str__(self):
        return self.title


class NeedStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    MATCHED = "matched", _("Matched to a resource")
    CLAIMED = "claimed", _("Claimed by a unit as a project")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed unresolved")


class NeedQuerySet(models.QuerySet):
    def of_committee(self, committee):
        """Adds: only the needs on ``committee``'s list."""
        return self.filter(committee=committee)


class Need(models.Model):
    """An entry of the needs list: what residents or a community asked for, and how it was answered."""

    scope_path = "region__path"

    committee = _committee_link("needs")
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="needs",
        help_text=_("The community, village or courtyard the need comes from."),
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=50, blank=True, help_text=_("For example 治安, 卫生, 教育."))
    raised_by = models.CharField(_("raised by"), max_length=100, blank=True)
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(_("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.RAISED)
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("matched resource"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    matched_on = models.DateField(_("matched on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved or closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["committee", "raised_on"], name="need_committee_raised")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=NeedStatus.MATCHED) | Q(resource__isnull=False, matched_on__isnull=False),
                name="need_matched_has_resource",
                violation_error_message=_("A matched need names the resource and the date it was matched."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[NeedStatus.RESOLVED, NeedStatus.CLOSED]) | Q(resolved_on__isnull=False),
                name="need_resolved_has_date",
                violation_error_message=_("A resolved or closed need has the date it was resolved or closed."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[NeedStatus.RESOLVED, NeedStatus.CLOSED]) | Q(resolved_on__isnull=True),
                name="need_open_has_no_resolution_date",
                violation_error_message=_("An open need cannot have a resolution date."),
            ),
            _after("matched_on", "raised_on", "need_matched_after_raised", _("A need is matched after it is raised.")),
            _after(
                "resolved_on", "raised_on", "need_resolved_after_raised", _("A need is resolved after it is raised.")
            ),
        ]

    def __str__(self):
        return self.title


class ListProjectStatus(models.TextChoices):
    LISTED = "listed", _("Listed")
    CLAIMED = "claimed", _("Claimed")
    COMPLETED = "completed", _("Completed")


class ListProject(models.Model):
    """An entry of the project list: a project a unit may claim (认领改造项目, 认领公益项目), and its outcome."""

    scope_path = "region__path"

    committee = _committee_link("list_projects")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="list_projects")
    name = models.CharField(_("name"), max_length=200)
    need = models.OneToOneField(
        Need,
        verbose_name=_("from the need"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
    )
    listed_on = models.DateField(_("listed on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ListProjectStatus.choices, default=ListProjectStatus.LISTED
    )
    unit = models.ForeignKey(
        MemberUnit,
        verbose_name=_("claimed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_projects",
    )
    claimed_on = models.DateField(_("claimed on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("listed project")
        verbose_name_plural = _("listed projects")
        indexes = [models.Index(fields=["committee", "claimed_on"], name="list_project_committee_claimed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ListProjectStatus.LISTED, unit__isnull=True, claimed_on__isnull=True)
                | (~Q(status=ListProjectStatus.LISTED) & Q(unit__isnull=False, claimed_on__isnull=False)),
                name="list_project_claim_has_unit_and_date",
                violation_error_message=_(
                    "A claimed project names the unit that claimed it and the date; a listed one neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=ListProjectStatus.COMPLETED, completed_on__isnull=False)
                | (~Q(status=ListProjectStatus.COMPLETED) & Q(completed_on__isnull=True)),
                name="list_project_completed_has_date",
                violation_error_message=_("A completed project has its completion date, and only it."),
            ),
            _after(
                "claimed_on",
                "listed_on",
                "list_project_claimed_after_listed",
                _("A project is claimed after it is listed."),
            ),
            _after(
                "completed_on",
                "claimed_on",
                "list_project_completed_after_claimed",
                _("A project is completed after it is claimed."),
            ),
        ]

    def __str__(self):
        return self.name
