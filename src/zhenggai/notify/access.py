"""The one access rule of notifications: a user sees and marks only their own."""

from __future__ import annotations

from django.http import Http404

from .models import Notification


def visible_notifications(user):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def get_notification_for_user(user, pk: int) -> Notification:
    """The user's own notification `pk`; Http404 for anyone else's, so ids reveal nothing."""
    try:
        return visible_notifications(user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404("没有这条通知") from None
