from django import template

from ..access import visible_notifications

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """Number of the user's unread notifications, for a badge in the navigation."""
    return visible_notifications(user).filter(read_at__isnull=True).count()
