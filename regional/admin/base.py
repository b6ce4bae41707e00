"""The admin base of regional Party-building: every save goes through a service."""

from accounts.admin_base import ScopedAdmin


class ServiceAdmin(ScopedAdmin):
    """Saves through ``create``/``update`` (the services, which write the history).

    The form has already checked every field and constraint (the model's ``full_clean``) with scoped
    choices, so the service's own checks pass for anything the form accepted.
    """

    def create(self, request, form):
        raise NotImplementedError

    def update(self, request, form, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        saved = self.update(request, form, obj) if change else self.create(request, form)
        # The admin goes on with ``obj`` (message, redirect): make it the saved row.
        obj.pk = saved.pk
        obj._state.adding, obj._state.db = False, saved._state.db

    def save_related(self, request, form, formsets, change):
        """Nothing: these records have no related rows written by the admin."""


def form_data(form, fields):
    return {field: form.cleaned_data[field] for field in fields if field in form.cleaned_data}
