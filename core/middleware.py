"""Response headers every signed-in page needs."""

from django.utils.cache import patch_cache_control


class NoStoreForSignedInMiddleware:
    """``Cache-Control: no-store, private`` on every answer to a signed-in user.

    Behind the login every page and export carries records of the user's scope, and
    many carry names, phone and ID numbers: neither the browser's disk cache nor a
    proxy keeps a copy that the next person at a shared office computer could open.
    Marking them all is simpler and safer than listing the views that show personal
    data, and costs only the browser's back-button cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
