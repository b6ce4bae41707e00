"""The address a request came from, as the login lockout counts it."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or behind ``BEHIND_PROXY`` the address the
    outermost of ``PROXY_COUNT`` proxies saw.

    Each proxy appends the address it received the request from to ``X-Forwarded-For``, so
    the n-th entry from the right is the one the outermost of n trusted proxies wrote.
    Entries left of it were sent by the client and can say anything: taking the left-most
    (ipware's default) would let a guesser pick a fresh address for every try, and without
    the header every login would come from the proxy and one guesser would lock the account
    for everyone. A request with fewer entries did not come through all the proxies: its
    ``REMOTE_ADDR`` is the peer itself.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.LEDGER_PROXY_COUNT
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
