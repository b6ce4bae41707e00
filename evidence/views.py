"""The one way to read an evidence file: through its record's scope.

A file whose record lies outside the user's regions, or whose record the user may not view,
is a 404 (as the record itself would be). Photos are shown inline, everything else is a
download; every answer says ``no-store`` and ``nosniff`` and may run nothing (a sandbox CSP).
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.scope import scope_of

from . import services
from .forms import EvidenceForm
from .models import EvidenceFile


def readable_file(*, user, pk):
    """The ``EvidenceFile`` ``pk`` if ``user`` may see its record, else ``Http404``."""
    try:
        evidence = EvidenceFile.objects.select_related("content_type").get(pk=pk)
    except (EvidenceFile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    content_type = evidence.content_type
    model = content_type.model_class()
    if model is None or getattr(model, "scope_path", None) is None:
        raise Http404
    if not user.has_perm(f"{content_type.app_label}.view_{content_type.model}"):
        raise Http404
    scope_of(user).get_or_404(model._default_manager.all(), pk=evidence.object_id)
    return evidence


@require_GET
@login_required
def serve(request, pk, thumbnail=False):
    evidence = readable_file(user=request.user, pk=pk)
    name = evidence.thumbnail_name if thumbnail else evidence.stored_name
    if not name:
        raise Http404
    try:
        handle = services.storage().open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    if thumbnail:
        response = FileResponse(handle, content_type="image/jpeg")
    else:
        response = FileResponse(
            handle,
            content_type=evidence.media_type,
            as_attachment=not evidence.is_image,
            filename=evidence.original_name,
        )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# The records other than activities that keep evidence on this page (an activity's are on its
# workspace page, under the activity's own rules: activities.attachments).
RECORD_MODELS = ("communities.project", "communities.organization")


def _record(request, label, pk):
    """(model label, record) if ``label`` keeps evidence here and the user may view the record; else Http404."""
    if label not in RECORD_MODELS:
        raise Http404
    app_label, model_name = label.split(".")
    if not request.user.has_perm(f"{app_label}.view_{model_name}"):
        raise Http404
    model = apps.get_model(label)
    return scope_of(request.user).get_or_404(model._default_manager.all(), pk=pk)


@login_required
def record_files(request, label, pk):
    """The evidence files of one project or organization: listed, shown, added and removed."""
    record = _record(request, label, pk)
    app_label, model_name = label.split(".")
    may_change = request.user.has_perm(f"{app_label}.change_{model_name}")
    form = EvidenceForm() if may_change else None
    status = 200
    if request.method == "POST":
        if not may_change:
            raise Http404
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                evidence = services.evidence_store(
                    actor=request.user, record=record, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("“%(name)s” was added to the record.") % {"name": evidence.original_name})
                return redirect("evidence:record", label=label, pk=record.pk)
        status = 400
    context = {
        "record": record,
        "label": label,
        "verbose_name": record._meta.verbose_name,
        "evidence": list(services.files_of(record).select_related("kind", "uploaded_by")),
        "evidence_form": form,
    }
    return render(request, "evidence/record.html", context, status=status)


@require_POST
@login_required
def record_file_remove(request, label, pk, file_pk):
    record = _record(request, label, pk)
    app_label, model_name = label.split(".")
    if not request.user.has_perm(f"{app_label}.change_{model_name}"):
        raise Http404
    evidence = get_object_or_404(services.files_of(record), pk=file_pk)
    services.evidence_delete(actor=request.user, evidence=evidence, record=record)
    messages.success(request, _("“%(name)s” was removed from the record.") % {"name": evidence.original_name})
    return redirect("evidence:record", label=label, pk=record.pk)
