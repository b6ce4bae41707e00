"""我的台账: the records of the user's regions, one record's page, the activity form and the workflow buttons.

Thin views: each parses with a form from ``workspace.forms``, calls one selector
(``workspace.selectors``) or one service (``activities.services``), and renders.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import scope_of
from activities import attachments, services
from activities.models import Activity
from activities.selectors import latest_record_date
from core.spreadsheets import CONTENT_TYPES, FORMATS, write
from evidence.forms import EvidenceForm

from . import forms, selectors, tasks

VIEW_PERMISSION = "activities.view_activity"
ADD_PERMISSION = "activities.add_activity"


def _filter_form(request):
    # The latest record's year is looked up only when the page must choose the year itself.
    latest = None if request.GET.get("year") else latest_record_date(user=request.user)
    return forms.FilterForm(request.GET, scope=scope_of(request.user), latest=latest)


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def index(request):
    """The list with a tab per status and its count, filtered by period, category, team."""
    form = _filter_form(request)
    listing = None
    if form.is_valid():
        listing = selectors.listing(user=request.user, filters=form.filters(), page=request.GET.get("page"))
    tabs = []
    if listing is not None:
        tabs = [
            {
                "status": status,
                "label": label,
                "count": listing.counts[status] if status else listing.total,
                "query": form.query_string(status=status),
            }
            for status, label in forms.TABS
        ]
    context = {"form": form, "listing": listing, "tabs": tabs, "formats": FORMATS}
    return render(request, "workspace/index.html", context)


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def export(request, fmt):
    """What the list shows under the same filters, every page of it, as XLSX or CSV."""
    if fmt not in FORMATS:
        raise Http404
    form = _filter_form(request)
    if not form.is_valid():
        messages.error(request, _("Correct the filters first; nothing was exported."))
        return redirect(f"{reverse('workspace:index')}?{form.query_string()}")
    filters = form.filters()
    # A long list is written by a worker (its job page offers the file); counting stops past the limit.
    limit = settings.EXPORT_INLINE_MAX_ROWS
    longer = selectors.records(user=request.user, filters=filters)[: limit + 1].count() > limit
    if longer:
        query = form.query_string(year=form.cleaned_data["year"])
        return redirect(tasks.start_export(user=request.user, query=query, fmt=fmt).get_absolute_url())
    columns, rows = selectors.export(user=request.user, filters=filters)
    out = io.BytesIO()
    write(fmt, columns, rows, out)
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES[fmt])
    name = f"ledger-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The workflow steps the record page offers: (step, service, form).
STEPS = {
    "submit": (services.SUBMIT, services.activity_submit, forms.StepForm),
    "withdraw": (services.WITHDRAW, services.activity_withdraw, forms.StepForm),
    "approve": (services.APPROVE, services.activity_approve, forms.StepForm),
    "return": (services.RETURN, services.activity_return, forms.ReasonForm),
    "reopen": (services.REOPEN, services.activity_reopen, forms.ReasonForm),
}


def _allowed_steps(user, activity):
    allowed = []
    for name, (step, _service, _form) in STEPS.items():
        try:
            services.check_step(actor=user, activity=activity, step=step)
        except ValidationError:
            continue
        allowed.append(name)
    return allowed


def _may_edit(user, activity):
    return user.has_perm(services.CHANGE_PERMISSION) and services.can_edit(user=user, activity=activity)


def _detail_context(request, activity, *, evidence_form=None):
    may_edit = _may_edit(request.user, activity)
    return {
        "activity": activity,
        "details": selectors.record_details(user=request.user, activity=activity),
        "steps": _allowed_steps(request.user, activity),
        "may_edit": may_edit,
        "lock": services.lock_message(actor=request.user, activity=activity),
        "reason_form": forms.ReasonForm(),
        "evidence": selectors.evidence_of(activity),
        # The upload form is there for whoever may change the record now; an approved record has none.
        "evidence_form": (evidence_form or EvidenceForm()) if may_edit else None,
        "missing_evidence": services.missing_evidence(activity) if activity.status in services.SUBMIT.sources else [],
    }


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def detail(request, pk):
    """One record: its figures, indicators, participation, evidence files, history and the buttons its state allows."""
    activity = selectors.record(user=request.user, pk=pk)
    return render(request, "workspace/detail.html", _detail_context(request, activity))


@require_POST
@login_required
@permission_required(services.CHANGE_PERMISSION, raise_exception=True)
def evidence_add(request, pk):
    """Attach one evidence file; a wrong type or a file too large is said beside the field and nothing is kept."""
    activity = selectors.record(user=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = attachments.activity_evidence_add(
                actor=request.user, activity=activity, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("“%(name)s” was added to the record.") % {"name": evidence.original_name})
            return redirect(f"{reverse('workspace:detail', args=[activity.pk])}#evidence")
    context = _detail_context(request, activity, evidence_form=form)
    return render(request, "workspace/detail.html", context, status=400)


@require_POST
@login_required
@permission_required(services.CHANGE_PERMISSION, raise_exception=True)
def evidence_remove(request, pk, file_pk):
    """Remove one evidence file of a record that may still change (an approved one is locked)."""
    activity = selectors.record(user=request.user, pk=pk)
    evidence = get_object_or_404(selectors.evidence_files(activity), pk=file_pk)
    try:
        attachments.activity_evidence_remove(actor=request.user, evidence=evidence)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” was removed from the record.") % {"name": evidence.original_name})
    return redirect(f"{reverse('workspace:detail', args=[activity.pk])}#evidence")


@require_POST
@login_required
def step(request, pk, name):
    """Take one workflow step on a record and go back to it; a refusal says why and writes nothing."""
    if name not in STEPS:
        raise Http404
    activity = selectors.record(user=request.user, pk=pk)
    _step, service, form_class = STEPS[name]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("workspace:detail", pk=activity.pk)
    # The service takes the version seen, and for a return or reopen the reason the form put together.
    data = {name: form.cleaned_data[name] for name in ("reason",) if name in form.cleaned_data}
    try:
        service(actor=request.user, activity=activity, expected_version=form.cleaned_data["version"], **data)
    except (ValidationError, services.ConflictError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(
            request,
            _("“%(activity)s” is now %(status)s.")
            % {"activity": activity.title, "status": activity.get_status_display()},
        )
    return redirect("workspace:detail", pk=activity.pk)


@login_required
@permission_required(ADD_PERMISSION, raise_exception=True)
def create(request):
    """A new activity with its indicator values, saved as a draft."""
    form = forms.ActivityForm(request.POST or None, scope=scope_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                actor=request.user,
                activity=form.instance,
                indicator_values=form.indicator_values(),
                indicator_qualifiers=form.indicator_qualifiers(),
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The draft “%(title)s” was saved.") % {"title": activity.title})
            return redirect("workspace:detail", pk=activity.pk)
    return render(request, "workspace/form.html", {"form": form, "activity": None, "sections": _sections(form)})


@login_required
@permission_required(services.CHANGE_PERMISSION, raise_exception=True)
def edit(request, pk):
    """Change an activity and its indicator values, if its state allows it."""
    activity = selectors.record(user=request.user, pk=pk)
    lock = services.lock_message(actor=request.user, activity=activity)
    form = forms.ActivityForm(request.POST or None, instance=activity, scope=scope_of(request.user))
    if request.method == "POST" and lock is None and form.is_valid():
        try:
            services.activity_update(
                actor=request.user,
                activity=Activity(pk=activity.pk),
                data=form.changed_content(),
                expected_version=form.cleaned_data["loaded_version"],
                indicator_values=form.indicator_values(),
                indicator_qualifiers=form.indicator_qualifiers(),
            )
        except services.ConflictError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(
                request, _("The changes to “%(title)s” were saved.") % {"title": form.cleaned_data["title"]}
            )
            return redirect("workspace:detail", pk=activity.pk)
    context = {"form": form, "activity": activity, "lock": lock, "sections": _sections(form)}
    return render(request, "workspace/form.html", context)


def _sections(form):
    sections = [(_("Activity"), form.detail_fields()), (_("Figures"), form.measure_fields())]
    if form.indicators:
        sections.append((_("Indicators"), form.indicator_fields()))
    return [*sections, (_("Other"), form.other_fields())]


def _errors_to(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@permission_required("regional.view_pairing", raise_exception=True)
def pairing(request, pk):
    """A pairing (结对共建, 分包, 联系点 …): its sides, what was agreed, the activities done under it, their totals."""
    record = selectors.pairing(user=request.user, pk=pk)
    context = {"pairing": record, "activities": selectors.pairing_activities(user=request.user, pairing=record)}
    return render(request, "workspace/pairing.html", context)
