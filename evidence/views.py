"""The one way to read an evidence file: through its record's scope.

A file whose record lies outside the user's regions, or whose record the user may not view,
is a 404 (as the record itself would be). Photos are shown inline, everything else is a
download; every answer says ``no-store`` and ``nosniff`` and may run nothing (a sandbox CSP).
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from accounts.scope import scope_of

from .models import EvidenceFile
from .services import storage


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
        handle = storage().open(name, "rb")
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
