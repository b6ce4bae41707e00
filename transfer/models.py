"""Import batches: who imported which file when, and what it wrote."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REGIONS = "regions", _("Regions")
    ORGANIZATIONS = "organizations", _("Organizations")
    TEAMS = "teams", _("Volunteer teams")
    PEOPLE = "people", _("People")
    ACTIVITIES = "activities", _("Activities")
    PARTICIPATION = "participation", _("Participation")
    USERS = "users", _("Users")
    MEMBER_UNITS = "member_units", _("Member units")
    UNIT_COUNTS = "unit_counts", _("Member units counted")
    COMMITTEE_MEMBERS = "committee_members", _("Committee members")
    PAIRINGS = "pairings", _("Pairings")
    RESOURCES = "resources", _("Resource list")
    NEEDS = "needs", _("Needs list")
    LIST_PROJECTS = "list_projects", _("Project list")
    UNIT_REPORTING = "unit_reporting", _("Unit reporting")
    ELECTIONS = "elections", _("Elections")
    OFFICE_HOLDERS = "office_holders", _("Office holders")
    ASSESSMENT_ITEMS = "assessment_items", _("Assessments and their items")
    ASSESSMENT_SCORES = "assessment_scores", _("Assessment scores")
    ASSESSMENT_RATINGS = "assessment_ratings", _("Star ratings")
    SUPERVISION_CHECKS = "supervision_checks", _("Supervision checks")
    TALENT_POOLS = "talent_pools", _("Talent pools")
    TALENT_POOL_MEMBERS = "talent_pool_members", _("Talent pool members")
    SURVEYS = "surveys", _("Surveys")
    SUGGESTIONS = "suggestions", _("Suggestions")


class ImportBatch(models.Model):
    """One confirmed import. Every row it wrote points here (``import_batch``) and its history carries the id.

    A failed or dry-run import leaves no batch behind: the batch is written in the
    same transaction as its rows.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(_("via"), max_length=16, default="command")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("unchanged"), default=0)
    approved = models.BooleanField(_("imported as approved"), default=False)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        permissions = [
            ("import_reference", _("Can import regions, organizations and teams")),
            ("export_reference", _("Can export regions, organizations and teams")),
            ("import_people", _("Can import people and participation")),
            ("export_people", _("Can export people and participation")),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} · {self.file_name}"


class HeaderMapping(models.Model):
    """A header a user mapped to a column in the admin import: used again for that user's next file of the kind.

    ``header`` is stored as compared (``parsing.normalize_header``), so "活动内容 " and "活动内容（摘要）" are one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    header = models.CharField(_("header"), max_length=100)
    field = models.CharField(_("column"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("header mapping")
        verbose_name_plural = _("header mappings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "header"], name="header_mapping_once_per_user_kind")
        ]

    def __str__(self):
        return f"{self.header} → {self.field}"
