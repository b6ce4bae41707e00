"""Requests to the admin site write their history as ``Source.ADMIN`` (see ``history.services.forms_are``)."""

from .models import Source
from .services import forms_are


class AdminSourceMiddleware:
    """Every view of the admin site (its forms, actions, deletes, and the pages apps add to it) runs
    with history's form source set to the admin, so the services it calls need not be told.

    The source is set once the URL is resolved (``process_view``: only then is the admin
    namespace known) and put back when the response leaves, whatever the view did.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            block = request.__dict__.pop("_history_admin_source", None)
            if block is not None:
                block.__exit__(None, None, None)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            block = forms_are(Source.ADMIN)
            block.__enter__()
            request._history_admin_source = block
        return None
