"""Evidence files (佐证材料): photos, sign-in sheets and minutes attached to a record.

A file belongs to one record of any scoped model (an activity, a project, an organization)
through a generic relation (``content_type``, ``object_id``), so this app sits below the apps
whose records it holds and imports none of them. Where a file may be read is decided by its
record: the record's own ``scope_path`` (``evidence.views``).

The bytes live in the ``evidence`` storage (``STORAGES["evidence"]``), never under a public
URL: the names are kept as plain text, not as a ``FileField``, so nothing can call ``.url``.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceKind(models.Model):
    """What a file shows (现场照片, 签到表, 会议记录 …); administrators keep the list."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("evidence kind")
        verbose_name_plural = _("evidence kinds")
        ordering = ["sort_order", "id"]  # a short list; never used in aggregates

    def __str__(self):
        return self.name


class MediaType(models.TextChoices):
    """The types accepted, as found in the file's content (never its name)."""

    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    PDF = "application/pdf", "PDF"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"


IMAGE_TYPES = (MediaType.JPEG, MediaType.PNG)
EXTENSIONS = {
    MediaType.JPEG: "jpg",
    MediaType.PNG: "png",
    MediaType.PDF: "pdf",
    MediaType.DOCX: "docx",
    MediaType.XLSX: "xlsx",
}


class EvidenceFile(models.Model):
    """One stored file of one record."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record id"))
    kind = models.ForeignKey(EvidenceKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="files")
    # The name the person's file had (shown and offered on download); the stored name is ours.
    original_name = models.CharField(_("file name"), max_length=200)
    stored_name = models.CharField(_("stored as"), max_length=200, editable=False)
    thumbnail_name = models.CharField(_("thumbnail"), max_length=200, blank=True, editable=False)
    media_type = models.CharField(_("file type"), max_length=100, choices=MediaType.choices, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        indexes = [
            # One record's files (the record page, the submit check, a recount).
            models.Index(fields=["content_type", "object_id"], name="evidence_record_idx"),
        ]

    def __str__(self):
        return f"{self.kind.name}：{self.original_name}"

    @property
    def is_image(self):
        return self.media_type in IMAGE_TYPES

    def history_text(self):
        """How history names this file: its kind and the name it came with."""
        return f"{self.kind.name}：{self.original_name}"
