"""Staff pages of regional Party-building: the committees, one committee's page, a member's procedure, the 聘书.

Every record is looked up through the user's scope (``scope_of(user).get_or_404``): outside it is a 404.
Views parse with a form, call a selector or a service, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from communities.models import Organization
from core.privacy import can_see_personal_data, mask_phone

from . import lists, selectors, services
from .forms import (
    NEXT_STEP,
    ClaimForm,
    CloseForm,
    CompleteForm,
    MatchForm,
    ResolveForm,
    WithdrawForm,
    YearForm,
    today,
)
from .models import (
    COMMITTEE_KINDS,
    STEP_DATE,
    STEP_ORDER,
    AssessmentScheme,
    CommitteeMembership,
    ListProject,
    ListProjectStatus,
    MemberUnit,
    Need,
    NeedStatus,
    Resource,
    Step,
)

VIEW = "regional.view_committeemembership"
CHANGE = "regional.change_committeemembership"

_STEP_SERVICES = {
    Step.NOMINATED: services.committee_member_nominate,
    Step.CONSULTED: services.committee_member_consult,
    Step.PUBLICIZED: services.committee_member_publicize,
    Step.APPOINTED: services.committee_member_appoint,
    Step.FILED: services.committee_member_file,
}


@login_required
@permission_required(VIEW, raise_exception=True)
def committee_list(request):
    """The 大工委 / 大党委 / 区域党委 / 联合党委 in the user's regions, with their members."""
    rows = selectors.committees(scope_of(request.user))
    return render(request, "regional/committees.html", {"committees": rows})


@login_required
@permission_required(VIEW, raise_exception=True)
def committee_detail(request, pk):
    """One committee: its member units, members with their step, pairings active in the year."""
    scope = scope_of(request.user)
    committee = scope.get_or_404(Organization.objects.select_related("region"), pk=pk, kind__in=COMMITTEE_KINDS)
    year = YearForm(request.GET).year_or(today().year)
    start, end = selectors.year_bounds(year)
    members = selectors.committee_members(committee)
    show_phone = can_see_personal_data(request.user)
    units = [
        {"unit": unit, "phone": unit.contact_phone if show_phone else mask_phone(unit.contact_phone)}
        for unit in selectors.member_units(committee)
    ]
    pairings = list(selectors.pairings(committee, start, end))
    needs, projects = selectors.list_entries(committee, start, end)
    context = {
        "figures": selectors.list_figures(committee, start, end),
        "area": selectors.area_registers(committee, start, end),
        "needs": needs,
        "projects": projects,
        "committee": committee,
        "year": year,
        "units": units,
        "members": members,
        "serving": sum(member.is_serving for member in members),
        "pairings": pairings,
    }
    return render(request, "regional/committee.html", context)


def _member(request, pk):
    queryset = CommitteeMembership.objects.select_related("committee__region", "unit", "person")
    return scope_of(request.user).get_or_404(queryset, pk=pk)


def _withdraw(request, member, form):
    """Withdraw the candidate; True when done, else the refusal is added to ``form``."""
    try:
        services.committee_member_withdraw(
            actor=request.user,
            member=member,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return False
    messages.success(request, _("The candidate is withdrawn."))
    return True


def _steps(member):
    """The procedure as (label, date or None, done) rows for the page."""
    rows = []
    for step in STEP_ORDER:
        day = getattr(member, STEP_DATE[step])
        rows.append({"label": step.label, "date": day, "done": day is not None})
    return rows


@login_required
@permission_required(VIEW, raise_exception=True)
def member_detail(request, pk):
    """A member's procedure, step by step, and the form of the next step (POST takes it)."""
    member = _member(request, pk)
    next_step, form_class = NEXT_STEP.get(member.step, (None, None))
    form = None
    if form_class is not None:
        form = form_class(request.POST if request.method == "POST" else None, prefix="step")
    withdraw_form = None
    if member.step in NEXT_STEP and not member.is_serving:
        withdraw_form = WithdrawForm(request.POST if "withdraw" in request.POST else None, prefix="withdraw")
    if request.method == "POST":
        if not request.user.has_perm(CHANGE):
            raise Http404
        if "withdraw" in request.POST:
            withdrawn = (
                withdraw_form is not None and withdraw_form.is_valid() and _withdraw(request, member, withdraw_form)
            )
            if withdrawn:
                return redirect("regional:member", pk=member.pk)
        elif form is not None and form.is_valid():
            try:
                _STEP_SERVICES[next_step](actor=request.user, member=member, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The step “%(step)s” is recorded.") % {"step": next_step.label})
                return redirect("regional:member", pk=member.pk)
    context = {
        "member": member,
        "steps": _steps(member),
        "next_step": next_step,
        "form": form,
        "withdraw_form": WithdrawForm(prefix="withdraw")
        if member.step in NEXT_STEP and not member.is_serving
        else None,
        "can_change": request.user.has_perm(CHANGE),
    }
    return render(request, "regional/member.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def appointment_letter(request, pk):
    """The A4 appointment letter (聘书) of an appointed member; a candidate not appointed has none (404)."""
    member = _member(request, pk)
    if not member.is_serving:
        raise Http404(_("This member has not been appointed."))
    return render(request, "regional/letter.html", {"member": member})


def _take(request, forms_by_action, services_by_action, **extra):
    """Run the service of the submitted form (``action`` in POST); True when it was done."""
    action = request.POST.get("action")
    form = forms_by_action.get(action)
    if form is None or not form.is_valid():
        return False
    try:
        services_by_action[action](actor=request.user, **extra, **form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


def _bound(request, action):
    """The POST data for the form of ``action``, or None (an unbound form) for the others."""
    return request.POST if request.method == "POST" and request.POST.get("action") == action else None


# The page of a list entry: (its permission's model name, its URL name, its template).
_ENTRY_PAGES = {
    "need": ("need", "regional:need", "regional/need.html"),
    "project": ("listproject", "regional:list_project", "regional/list_project.html"),
}


def _list_entry_page(request, name, entry, forms_by_action, steps, done_message):
    """Take the step POSTed (``steps``: action -> service, called with ``name=entry``), or show the entry's page."""
    model_name, url_name, template = _ENTRY_PAGES[name]
    can_change = request.user.has_perm(f"regional.change_{model_name}")
    if request.method == "POST":
        if not can_change:
            raise Http404
        if _take(request, forms_by_action, steps, **{name: entry}):
            messages.success(request, done_message)
            return redirect(url_name, pk=entry.pk)
    return render(request, template, {name: entry, "forms": forms_by_action, "can_change": can_change})


@login_required
@permission_required("regional.view_need", raise_exception=True)
def need_detail(request, pk):
    """A need on the list: match it to a resource, resolve it or close it."""
    scope = scope_of(request.user)
    need = scope.get_or_404(Need.objects.select_related("committee", "region", "resource", "project__unit"), pk=pk)
    forms_by_action = {}
    if need.status == NeedStatus.RAISED:
        resources = scope.filter(
            Resource.objects.filter(committee=need.committee, withdrawn_on__isnull=True).order_by("title")
        )
        forms_by_action["match"] = MatchForm(_bound(request, "match"), resources=resources, prefix="match")
        forms_by_action["close"] = CloseForm(_bound(request, "close"), prefix="close")
    if need.status in (NeedStatus.RAISED, NeedStatus.MATCHED):
        forms_by_action["resolve"] = ResolveForm(_bound(request, "resolve"), prefix="resolve")
    steps = {"match": lists.need_match, "resolve": lists.need_resolve, "close": lists.need_close}
    return _list_entry_page(request, "need", need, forms_by_action, steps, _("The need is updated."))


@login_required
@permission_required("regional.view_listproject", raise_exception=True)
def list_project_detail(request, pk):
    """A project on the list: a member unit claims it, then it is completed."""
    scope = scope_of(request.user)
    project = scope.get_or_404(ListProject.objects.select_related("committee", "region", "unit", "need"), pk=pk)
    forms_by_action = {}
    if project.status == ListProjectStatus.LISTED:
        units = scope.filter(MemberUnit.objects.order_by("name"))
        forms_by_action["claim"] = ClaimForm(_bound(request, "claim"), units=units, prefix="claim")
    if project.status == ListProjectStatus.CLAIMED:
        forms_by_action["complete"] = CompleteForm(_bound(request, "complete"), prefix="complete")
    steps = {"claim": lists.list_project_claim, "complete": lists.list_project_complete}
    return _list_entry_page(request, "project", project, forms_by_action, steps, _("The project is updated."))


@login_required
@permission_required("regional.view_assessmentscheme", raise_exception=True)
def assessment_detail(request, pk):
    """An assessment: its items and points, and the ranking of the branches and units scored (亮赛比)."""
    scheme = scope_of(request.user).get_or_404(AssessmentScheme.objects.select_related("region", "organization"), pk=pk)
    context = {
        "scheme": scheme,
        "items": scheme.items.order_by("sort_order", "pk"),
        "ranking": selectors.ranking(scheme),
    }
    return render(request, "regional/assessment.html", context)
