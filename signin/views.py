"""The volunteer's sign-in page (no login, rate-limited) and the clerk's sheet: the QR code and the scans to confirm."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.client_ip import client_ip
from accounts.scope import scope_of
from activities.models import Activity
from core.privacy import can_see_personal_data, mask_phone

from .models import SignIn, State
from .services import activity_of_token, link_expires, signin_scan, signin_token, signins_confirm, signins_reject

CHANGE_PERMISSION = "activities.change_activity"


def _too_many(request):
    """True once this address has tried more than SIGNIN_RATE_LIMIT times in SIGNIN_RATE_WINDOW seconds."""
    key = f"signin:tries:{client_ip(request)}"
    # add() starts the window only if none is running; incr() counts within it (atomic in one cache).
    cache.add(key, 0, timeout=settings.SIGNIN_RATE_WINDOW)
    try:
        tries = cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.set(key, 1, timeout=settings.SIGNIN_RATE_WINDOW)
        tries = 1
    return tries > settings.SIGNIN_RATE_LIMIT


def _masked_name(name):
    """张三丰 → 张**: enough for the person to see it is them, nothing for someone typing another's number."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


@never_cache
def scan(request, token):
    """The page a phone opens from the QR code: one field, phone or ID number; answers only about that scan."""
    activity = activity_of_token(token)
    if activity is None:
        return render(request, "signin/scan.html", {"expired": True}, status=404)
    context = {"activity": activity, "error": None, "done": None}
    if request.method == "POST":
        if _too_many(request):
            context["error"] = _("Too many tries from this device. Wait a few minutes and try again.")
            return render(request, "signin/scan.html", context, status=429)
        try:
            row = signin_scan(activity=activity, identifier=request.POST.get("identifier", ""))
        except ValidationError as error:
            context["error"] = " ".join(error.message_dict.get("identifier", error.messages))
        else:
            context["done"] = {"row": row, "name": _masked_name(row.person.name), "out": row.state == State.SIGNED_OUT}
    return render(request, "signin/scan.html", context)


def _activity(request, pk):
    return scope_of(request.user).get_or_404(Activity.objects.select_related("region", "category"), pk=pk)


@login_required
@permission_required(CHANGE_PERMISSION, raise_exception=True)
def sheet(request, pk):
    """The activity's QR code (a link that expires) and every scan of it, with the ones to confirm."""
    activity = _activity(request, pk)
    url = request.build_absolute_uri(reverse("signin:scan", args=[signin_token(activity)]))
    rows = list(SignIn.objects.filter(activity=activity).select_related("person").order_by("signed_in_at", "pk"))
    show = can_see_personal_data(request.user)
    context = {
        "activity": activity,
        "url": url,
        "qr": segno.make(url, error="m").svg_inline(scale=6, title=activity.title),
        "expires": link_expires(),
        "rows": [{"row": r, "phone": r.person.phone if show else mask_phone(r.person.phone)} for r in rows],
        "waiting": sum(1 for r in rows if r.state == State.SIGNED_OUT),
        "now": timezone.now(),
    }
    return render(request, "signin/sheet.html", context)


@login_required
@permission_required(CHANGE_PERMISSION, raise_exception=True)
@require_POST
def decide(request, pk):
    """Confirm the ticked scans as participation, or reject them."""
    activity = _activity(request, pk)
    chosen = SignIn.objects.filter(activity=activity, pk__in=[v for v in request.POST.getlist("signin") if v.isdigit()])
    try:
        if request.POST.get("decision") == "reject":
            count = signins_reject(actor=request.user, activity=activity, signins=list(chosen))
            messages.success(request, _("%(count)d sign-ins were rejected.") % {"count": count})
        else:
            rows = signins_confirm(actor=request.user, activity=activity, signins=list(chosen))
            messages.success(
                request,
                _("%(count)d volunteers' hours were recorded as participation.") % {"count": len(rows)},
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("signin:sheet", pk=activity.pk)
