"""The review queue of the staff site (figures, changes since the last return, approve several at once),
and one-record approve and return pages that call the workflow services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from accounts.scope import scope_of
from core.privacy import can_see_personal_data

from . import selectors, services
from .forms import ReasonForm
from .four_eyes import check_four_eyes
from .measures import MEASURES
from .models import Activity

QUEUE_PAGE_SIZE = 50


class NoCountPage:
    """One page of a queryset, fetched with one row more than shown to know whether a next page exists.

    A queue of a whole province is never COUNTed: "next" is enough to work through it.
    """

    def __init__(self, queryset, number, size=QUEUE_PAGE_SIZE):
        try:
            self.number = max(int(number), 1)
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.object_list, self.has_next = rows[:size], len(rows) > size
        self.has_previous = self.number > 1
        self.start_index = start + 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


@login_required
def queue(request):
    """Reviewers: the submitted records waiting for them. Clerks: their records returned for correction."""
    reviewer = request.user.has_perm(services.APPROVE_PERMISSION)
    if reviewer:
        page = NoCountPage(selectors.review_queue(user=request.user), request.GET.get("page"))
        # Per page, not per row: the indicator values (1 query) and the history since each
        # record's last return (1 query, plus 1 for indicator names when one changed).
        values = selectors.indicator_values_of(page.object_list)
        changes = selectors.changes_since_return(
            page.object_list, show_personal_data=can_see_personal_data(request.user)
        )
        for activity in page.object_list:
            activity.figures = [
                (m.label, getattr(activity, m.field)) for m in MEASURES if getattr(activity, m.field) is not None
            ]
            activity.figures += [(value.indicator.name, value.value) for value in values[activity.pk]]
            activity.changes_since_return = changes[activity.pk]
    else:
        page = NoCountPage(selectors.returned_to(user=request.user), request.GET.get("page"))
    return render(request, "activities/queue.html", {"page": page, "reviewer": reviewer})


class ApproveManyForm(forms.Form):
    """The records ticked in the queue, each with the version the page showed (``version_<pk>``)."""

    activity = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": gettext_lazy("Tick at least one record.")}
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        # Any id is accepted here; the records are looked up through the scope in clean_activity.
        self.fields["activity"].choices = [(value, value) for value in (data.getlist("activity") if data else [])]

    def clean_activity(self):
        ids = self.cleaned_data["activity"]
        activities = list(scope_of(self.user).filter(Activity.objects.select_related("region")).filter(pk__in=ids))
        if len(activities) != len(set(ids)):
            raise ValidationError(gettext_lazy("Some of the ticked records are not in your regions."))
        return activities

    def expected_versions(self):
        versions = {}
        for activity in self.cleaned_data["activity"]:
            try:
                versions[activity.pk] = int(self.data.get(f"version_{activity.pk}"))
            except (TypeError, ValueError):
                versions[activity.pk] = -1  # no version seen: conflicts rather than deciding unseen
        return versions


@require_http_methods(["POST"])
@login_required
def approve_many(request):
    """Approve every ticked record; one that cannot be approved is skipped with its reason, the others are done."""
    if not request.user.has_perm(services.APPROVE_PERMISSION):
        raise PermissionDenied
    form = ApproveManyForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("activities:queue")
    done, skipped = services.activities_approve(
        actor=request.user, activities=form.cleaned_data["activity"], expected_versions=form.expected_versions()
    )
    if done:
        messages.success(
            request,
            ngettext("%(count)d record was approved.", "%(count)d records were approved.", len(done))
            % {"count": len(done)},
        )
    for activity, reason in skipped:
        messages.error(
            request, _("“%(activity)s” was not approved: %(reason)s") % {"activity": activity, "reason": reason}
        )
    return redirect("activities:queue")


class ApproveForm(forms.Form):
    step = services.APPROVE
    # The version the page showed: a record changed since then conflicts instead of being decided unseen.
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(ReasonForm, ApproveForm):
    step = services.RETURN


@require_http_methods(["GET", "POST"])
@login_required
def approve(request, pk):
    def take(activity, data):
        services.activity_approve(actor=request.user, activity=activity, expected_version=data["version"])

    return _review(request, pk, ApproveForm, take, title=_("Approve activity"), button=_("Approve"))


@require_http_methods(["GET", "POST"])
@login_required
def return_(request, pk):
    def take(activity, data):
        services.activity_return(
            actor=request.user, activity=activity, expected_version=data["version"], reason=data["reason"]
        )

    return _review(request, pk, ReturnForm, take, title=_("Return activity"), button=_("Return"))


def _review(request, pk, form_class, take, *, title, button):
    """A one-record review page: GET shows the record (and asks the reason), POST takes the step."""
    # Scope first: a record outside it is a 404 even for someone who may not review at all.
    activity = scope_of(request.user).get_or_404(Activity.objects.select_related("region", "category"), pk=pk)
    if not request.user.has_perm(services.APPROVE_PERMISSION):
        raise PermissionDenied
    form = form_class(request.POST or None, initial={"version": activity.version})
    if request.method == "POST" and form.is_valid():
        try:
            take(activity, form.cleaned_data)
        except services.ConflictError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(activity)s” is now %(status)s.")
                % {"activity": activity, "status": activity.get_status_display()},
            )
        return redirect("activities:queue")
    try:
        services.check_step(actor=request.user, activity=activity, step=form.step)
        if form.step is services.APPROVE:
            check_four_eyes(actor=request.user, activity=activity)
        problem = ""
    except ValidationError as error:
        problem = " ".join(error.messages)
    context = {"activity": activity, "form": form, "title": title, "button": button, "problem": problem}
    return render(request, "activities/review_step.html", context)
