"""The JSON endpoints: the totals, the filters' autocomplete and the OpenAPI description of both.

Every answer is JSON, errors included: 400 for a bad parameter, 403 when not logged in (never the
HTML login redirect), 404 for a region or choice outside the user's scope (as on the pages: it does
not reveal that the region exists), 405 for anything but GET. An error body is always
``{"errors": {"<parameter or __all__>": ["message", ...]}}``.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from communities.models import Organization
from volunteers.models import Team

from . import cache, openapi, selectors, tables
from .forms import TotalsForm, resolve_region

CHOICE_MODELS = {"team": Team, "organization": Organization}
MAX_RESULTS = 20


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error(status, field, message):
    """An error answer: ``{"errors": {field: [message]}}`` with ``status``."""
    return _json({"errors": {field: [str(message)]}}, status=status)


def json_endpoint(view=None, *, public=False):
    """Answer ``view``'s errors as JSON: not logged in (unless ``public``), outside the scope, not a GET."""
    if view is None:
        return lambda view: json_endpoint(view, public=public)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error(405, "__all__", _("Only GET is allowed."))
            response["Allow"] = "GET, HEAD"
            return response
        if not public and not request.user.is_authenticated:
            return error(403, "__all__", _("Log in to use the totals API."))
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return error(403, "__all__", _("You may not see these totals."))
        except Http404:
            return error(404, "region", _("No such region in your regions."))

    return wrapper


def _form_errors(form):
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


@json_endpoint
def totals(request):
    """The totals of a region (``?region=<code>``) and period; ``?by=child|category|month|team`` adds rows."""
    scope = scope_of(request.user)
    region = resolve_region(scope, request.GET.get("region"))
    if region is None and not scope.is_global:
        raise Http404  # a user without any region sees no totals at all
    form = TotalsForm(request.GET, scope=scope, region=region)
    by = request.GET.get("by") or None
    errors = {} if form.is_valid() else _form_errors(form)
    if by is not None and by not in selectors.BREAKDOWNS:
        errors["by"] = [_("Choose child, category, month or team.")]
    if errors:
        return _json({"errors": errors}, status=400)
    query = form.query()
    return _json(cache.figures("api", query, lambda: tables.payload(query, by=by), by))


@json_endpoint
def choices(request, kind):
    """Teams or organizations of the region's subtree in the scope whose name or code matches ``?q=``.

    What the dashboard's team and organization filters offer as one types: the whole subtree,
    community-level teams included, at most ``MAX_RESULTS`` of them.
    """
    model = CHOICE_MODELS.get(kind)
    if model is None:
        return error(404, "kind", _("Choose team or organization."))
    scope = scope_of(request.user)
    region = resolve_region(scope, request.GET.get("region"))
    if region is None and not scope.is_global:
        raise Http404
    text = (request.GET.get("q") or "").strip()
    if len(text) > openapi.MAX_QUERY_LENGTH:
        return error(400, "q", _("Type at most %(n)s characters.") % {"n": openapi.MAX_QUERY_LENGTH})
    rows = scope.filter(model.objects.all())
    if region is not None:
        rows = rows.filter(region__path__startswith=region.path)
    if text:
        rows = rows.filter(Q(name__icontains=text) | Q(code__istartswith=text))
    rows = rows.select_related("region").only("pk", "code", "name", "region__full_name").order_by("name", "pk")
    results = [
        {"id": row.pk, "code": row.code, "name": row.name, "region": row.region.full_name} for row in rows[:MAX_RESULTS]
    ]
    return _json({"results": results})


@json_endpoint(public=True)
def description(request):
    """The OpenAPI description of these endpoints (public: it names no data)."""
    return _json(openapi.document(request))
