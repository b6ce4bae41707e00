"""History in the admin: every save and delete made there writes a ``Change`` row, and each
record's "History" page lists its rows (instead of Django's own LogEntry history).

No model is registered here: the rows are read per record, through the record's own
(scoped) admin, so the history of a record outside the user's scope is a 404 like the record.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.privacy import can_see_personal_data

from .display import describe
from .models import Action, Source
from .services import change_record, change_row, changes_record, history_of, snapshot

HISTORY_PAGE_SIZE = 50


class HistoryAdminMixin:
    """For ModelAdmins: writes history for form saves and deletes, and shows it on the history page.

    An admin whose ``save_model`` calls a service of its own (activities, regions)
    overrides ``save_model`` and the service writes the history instead.
    """

    def save_model(self, request, obj, form, change):
        # The row as stored, not as the form already changed it in memory.
        before = snapshot(type(obj)._base_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        change_record(actor=request.user, obj=obj, action=Action.UPDATE if change else Action.CREATE, before=before)

    def delete_model(self, request, obj):
        row = change_row(actor=request.user, obj=obj, action=Action.DELETE)  # before the delete clears obj.pk
        super().delete_model(request, obj)
        row.save()

    def delete_queryset(self, request, queryset):
        # The "delete selected" action: one history row per record, in batched INSERTs.
        rows = [change_row(actor=request.user, obj=obj, action=Action.DELETE, source=Source.BULK) for obj in queryset]
        super().delete_queryset(request, queryset)
        changes_record(rows)

    def history_labels(self, keys):
        """{key: label} for history keys that are not fields of the model (none by default)."""
        return {}

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such record."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        # One record's history is short and its COUNT is served by the (type, id, at) index.
        page = Paginator(history_of(obj), HISTORY_PAGE_SIZE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % obj,
            "subtitle": None,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "page_obj": page,
            "entries": describe(
                page,
                self.model,
                show_personal_data=can_see_personal_data(request.user),
                labels=self.history_labels,
            ),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/change_history.html", context)
