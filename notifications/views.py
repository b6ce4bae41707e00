"""A person's notifications: the list, opening one (which marks it read), marking them all read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .models import Notification
from .services import headline, notifications_mark_read

PAGE_SIZE = 30


@login_required
def index(request):
    """The user's notifications, newest first, unread ones marked."""
    rows = Notification.objects.of(request.user).select_related("activity", "actor").order_by("-created_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"notification": n, "headline": headline(kind=n.kind, activity=n.activity)} for n in page]
    return render(request, "notifications/index.html", {"page": page, "items": items})


@login_required
def open_one(request, pk):
    """Mark one of the user's notifications read and go to its record (another person's is a 404)."""
    notification = get_object_or_404(Notification.objects.of(request.user), pk=pk)
    notifications_mark_read(user=request.user, pks=[notification.pk])
    return redirect(reverse("workspace:detail", args=[notification.activity_id]))


@login_required
@require_POST
def mark_all_read(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:index")
