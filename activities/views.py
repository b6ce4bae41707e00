"""The review queue of the staff site, and one-record approve and return pages that call the workflow services."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.scope import scope_of

from . import selectors, services
from .four_eyes import check_four_eyes
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
    else:
        page = NoCountPage(selectors.returned_to(user=request.user), request.GET.get("page"))
    return render(request, "activities/queue.html", {"page": page, "reviewer": reviewer})


class ApproveForm(forms.Form):
    step = services.APPROVE
    # The version the page showed: a record changed since then conflicts instead of being decided unseen.
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(ApproveForm):
    step = services.RETURN
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        error_messages={"required": services.REASON_REQUIRED},
        help_text=gettext_lazy("The clerk sees this on the record."),
    )


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
