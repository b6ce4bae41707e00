"""The one place that decides which records a user may see and change.

Every scoped model names the lookup from itself to a region's materialized
path in ``scope_path`` ("region__path" for an activity, "path" for a region).
A user's scope is the union of the subtrees of their scope regions; a
superuser's is everything; anyone else (no regions, anonymous) sees nothing.
Lists, forms, autocompletes, imports, exports, dashboards and commands all ask
``scope_of(user)`` — no view filters by region on its own.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404

from communities.models import Region


class Scope:
    def __init__(self, user):
        self.user = user
        self.is_global = bool(user and user.is_active and user.is_superuser)
        if self.is_global or not (user and user.is_authenticated and user.is_active):
            self.regions = []
        else:
            regions = sorted(
                Region.objects.filter(scope_assignments_of__user=user).only(
                    "id", "code", "path", "name", "full_name", "level"
                ),
                key=lambda r: r.path,
            )
            # Keep only the top regions: one nested in another adds nothing.
            self.regions = [r for i, r in enumerate(regions) if not any(r.is_within(top) for top in regions[:i])]

    def __repr__(self):
        return f"<Scope {'all' if self.is_global else [r.full_name for r in self.regions]}>"

    def q(self, path_lookup):
        """A filter on ``path_lookup`` matching every record in this scope."""
        if self.is_global:
            return Q()
        if not self.regions:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{path_lookup}__startswith": r.path}) for r in self.regions))

    def filter(self, queryset):
        """Adds: only the rows of ``queryset`` inside this scope (unscoped models pass through)."""
        path_lookup = getattr(queryset.model, "scope_path", None)
        if path_lookup is None:
            return queryset
        return queryset.filter(self.q(path_lookup))

    def allows(self, region):
        """True when ``region`` lies inside this scope."""
        if self.is_global:
            return True
        return region is not None and any(region.is_within(top) for top in self.regions)

    def get_or_404(self, queryset, **lookup):
        """The one row of ``queryset`` matching ``lookup`` in this scope; a row outside it is a 404."""
        try:
            return self.filter(queryset).get(**lookup)
        except (queryset.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None


class OperatorScope(Scope):
    """Every region, for the operator: a command run without ``--user``, a benchmark, the demo loader.

    The one scope for "nobody in particular": ``scope_for(None)`` and ``reports.selectors.UNSCOPED`` are this.
    """

    def __init__(self):
        self.user, self.is_global, self.regions = None, True, []


OPERATOR = OperatorScope()


def scope_for(user):
    """``scope_of(user)``, or the operator's scope (every region) when ``user`` is None."""
    return OPERATOR if user is None else scope_of(user)


def scope_of(user):
    """The user's scope, computed once per user object (one query)."""
    scope = getattr(user, "_ledger_scope", None)
    if scope is None:
        scope = Scope(user)
        if user is not None:
            user._ledger_scope = scope
    return scope
