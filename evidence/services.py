"""Storing and removing a record's evidence files, with the record's history.

    evidence_store(actor=user, record=project, kind=kind, upload=request.FILES["file"])
    evidence_delete(actor=user, evidence=file)

These are the generic steps for any record with a ``scope_path`` (a project, an organization):
they check the actor's scope over the record, keep the bytes in the ``evidence`` storage and
write the record's history ("佐证材料: — → 签到表：签到.pdf"). An activity has rules of its
own (an approved one is locked, its evidence count feeds the dashboard): its files go through
``activities.attachments``, which calls these inside its own transaction.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from history.models import Action, Source
from history.services import change_record

from .content import prepare
from .models import EXTENSIONS, EvidenceFile

HISTORY_KEY = "evidence"  # the key of the history row's one change; labelled 佐证材料 on the record's page


def storage():
    """The private storage of evidence files (``STORAGES["evidence"]``)."""
    return storages["evidence"]


def content_type_of(model):
    return ContentType.objects.get_for_model(model)


def files_of(record):
    """The evidence files of ``record``, in the order they came."""
    return EvidenceFile.objects.filter(content_type=content_type_of(type(record)), object_id=record.pk).order_by(
        "uploaded_at", "pk"
    )


def check_scope(*, actor, record):
    """Refuse (``ValidationError``) unless ``record`` lies in ``actor``'s regions (None: the operator)."""
    model = type(record)
    if getattr(model, "scope_path", None) is None:
        raise TypeError(f"{model.__name__} has no scope_path: evidence is kept only for scoped records")
    if not scope_for(actor).filter(model._default_manager.filter(pk=record.pk)).exists():
        raise ValidationError(_("This record is outside your regions."), code="scope")


def _clean_name(name):
    """The uploaded file's own name without any folder, at most 200 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    return name[-200:]


@transaction.atomic
def evidence_store(*, actor, record, kind, upload, source=Source.FORM):
    """Check ``upload`` by its content, keep it (re-encoded if a photo) as ``record``'s evidence of ``kind``.

    A wrong type, an unreadable photo or a file over the size limit is a ``ValidationError`` on
    "file" and nothing is kept. Returns the new ``EvidenceFile``.
    """
    check_scope(actor=actor, record=record)
    if not kind.is_active:
        raise ValidationError({"kind": _("This kind of evidence is no longer in use.")})
    prepared = prepare(upload)
    original = _clean_name(getattr(upload, "name", ""))
    extension = EXTENSIONS[prepared.media_type]
    if not upload_media_name(original, prepared.media_type):
        # Named as what it is: a photo.heic kept as JPEG, a minutes.jpg that is a PDF.
        original = f"{original.rsplit('.', 1)[0] if '.' in original else original}.{extension}"[-200:]
    # A random stored name: the person's file name never reaches the file system or the bucket.
    base = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    store = storage()
    stored = store.save(f"{base}.{extension}", ContentFile(prepared.data))
    thumbnail = ""
    try:
        if prepared.thumbnail:
            thumbnail = store.save(f"{base}-thumb.jpg", ContentFile(prepared.thumbnail))
        evidence = EvidenceFile.objects.create(
            content_type=content_type_of(type(record)),
            object_id=record.pk,
            kind=kind,
            original_name=original,
            stored_name=stored,
            thumbnail_name=thumbnail,
            media_type=prepared.media_type,
            size=len(prepared.data),
            width=prepared.width,
            height=prepared.height,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            uploaded_at=timezone.now(),
        )
        change_record(
            actor=actor,
            obj=record,
            action=Action.UPDATE,
            before={HISTORY_KEY: None},
            after={HISTORY_KEY: evidence.history_text()},
            source=source,
            at=evidence.uploaded_at,
        )
    except BaseException:
        # Nothing points at bytes whose row was not written. (Should a caller's transaction roll
        # back later, its files stay unreferenced in the storage: never listed, never served.)
        for name in (stored, thumbnail):
            if name:
                store.delete(name)
        raise
    return evidence


def upload_media_name(name, media_type):
    """``media_type`` when ``name``'s extension already says it, else "": a photo.heic stored as JPEG is renamed."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    said = {"jpeg": "jpg"}.get(extension, extension)
    return media_type if said == EXTENSIONS[media_type] else ""


@transaction.atomic
def evidence_delete(*, actor, evidence, record=None, source=Source.FORM):
    """Remove ``evidence`` from its record (history kept: which file, by whom); its bytes go after the commit."""
    if record is None:
        record = evidence.content_type.get_object_for_this_type(pk=evidence.object_id)
    elif (content_type_of(type(record)).pk, record.pk) != (evidence.content_type_id, evidence.object_id):
        raise ValueError("this evidence file belongs to another record")
    check_scope(actor=actor, record=record)
    text = evidence.history_text()
    names = [evidence.stored_name, evidence.thumbnail_name]
    evidence.delete()
    change_record(
        actor=actor,
        obj=record,
        action=Action.UPDATE,
        before={HISTORY_KEY: text},
        after={HISTORY_KEY: None},
        source=source,
    )
    store = storage()
    transaction.on_commit(lambda: [store.delete(name) for name in names if name])
    return record


def files_texts(*, model, ids):
    """{record id: "现场照片：a.jpg、签到表：b.pdf"} of the records of ``model`` with files (one query)."""
    texts = {}
    rows = (
        EvidenceFile.objects.filter(content_type=content_type_of(model), object_id__in=list(ids))
        .select_related("kind")
        .order_by("uploaded_at", "pk")
    )
    for evidence in rows:
        texts.setdefault(evidence.object_id, []).append(evidence.history_text())
    return {pk: _("、").join(names) for pk, names in texts.items()}


def files_purge(*, model, ids):
    """Delete the evidence files of the records ``ids`` of ``model`` that are being deleted; the bytes after the commit.

    For a service that deletes records in bulk: the record's own DELETE history row names the files
    (``files_texts``); returns how many rows went.
    """
    doomed = EvidenceFile.objects.filter(content_type=content_type_of(model), object_id__in=list(ids))
    names = [name for pair in doomed.values_list("stored_name", "thumbnail_name") for name in pair if name]
    count, _counts = doomed.delete()
    if names:
        store = storage()
        transaction.on_commit(lambda: [store.delete(name) for name in names])
    return count
