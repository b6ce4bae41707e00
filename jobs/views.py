"""A job's page, its progress as JSON (polled by jobs/progress.js), its cancel button and its file.

Only the owner, or a superuser, sees a job: anyone else gets a 404, as for a record out of scope.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import files
from .models import Job
from .services import job_cancel, job_check_worker, job_page, job_status

RECENT = 50


def session_left_unsaved(view):
    """Answer without saving the session, which ``SESSION_SAVE_EVERY_REQUEST`` does on every request otherwise.

    The progress is asked for every second: that must not keep an idle session alive, and on SQLite
    it could not be saved anyway while an import job holds the database's only write lock (the poll
    would wait, then fail).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # SessionMiddleware saves only a session it finds on the request.
        request.__dict__.pop("session", None)
        return response

    return wrapper


def visible_job(user, pk):
    return get_object_or_404(Job.objects.visible_to(user), pk=pk)


@login_required
def index(request):
    jobs = list(Job.objects.visible_to(request.user).select_related("owner").order_by("-created_at", "-id")[:RECENT])
    for job in jobs:
        job_check_worker(job)
    return render(request, "jobs/index.html", {"jobs": jobs})


@login_required
def detail(request, pk):
    job = visible_job(request.user, pk)
    page = job_page(job)
    if page is not None:
        # An import is followed, and its outcome shown, on its own import page (the preview, the errors, the batch).
        return redirect(page)
    return render(request, "jobs/detail.html", {"job": job, "status": job_status(job)})


@require_GET
@session_left_unsaved
def progress(request, pk):
    if not request.user.is_authenticated:
        return JsonResponse({"errors": {"__all__": [_("Log in to follow this job.")]}}, status=403)
    try:
        job = Job.objects.visible_to(request.user).get(pk=pk)
    except Job.DoesNotExist:
        return JsonResponse({"errors": {"__all__": [_("No such job.")]}}, status=404)
    return JsonResponse(job_status(job))


@login_required
@require_POST
def cancel(request, pk):
    job = visible_job(request.user, pk)
    job_cancel(job=job)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = job.get_absolute_url()
    return redirect(back)


@login_required
def download(request, pk):
    job = visible_job(request.user, pk)
    name = job.result.get("file")
    store = files.storage()
    if not name or not store.exists(name):
        raise Http404(_("This file is no longer kept; start the export again."))
    response = FileResponse(
        store.open(name, "rb"),
        as_attachment=True,
        filename=job.result.get("filename", name),
        content_type=job.result.get("content_type", "application/octet-stream"),
    )
    response["Cache-Control"] = "no-store"
    return response
