"""The notifications page (/notifications/): the user's own notifications, unread first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .access import get_notification_for_user, visible_notifications

PAGE_SIZE = 30


@login_required
def notification_list(request):
    notifications = visible_notifications(request.user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    unread = visible_notifications(request.user).filter(read_at__isnull=True).count()
    return render(request, "notify/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = get_notification_for_user(request.user, pk)
    notification.mark_read()
    if getattr(request, "htmx", False):
        # The item in place, and the unread counter out of band.
        unread = visible_notifications(request.user).filter(read_at__isnull=True).count()
        return render(request, "notify/_item.html", {"n": notification, "unread": unread, "oob": True})
    return redirect("notify:list")


@login_required
@require_POST
def mark_all_read(request):
    visible_notifications(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notify:list")
