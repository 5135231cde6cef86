"""Small helpers shared by the routers."""

from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja.pagination import PageNumberPagination

from zhenggai.accounts.access import can

from .errors import FORBIDDEN


class Pagination(PageNumberPagination):
    """?page=N&page_size=M; 50 a page by default, at most 200."""

    def __init__(self, **kwargs):
        super().__init__(page_size=50, max_page_size=200, **kwargs)


def user_of(request: HttpRequest):
    """The authenticated user, whichever auth handler let the request in."""
    return request.auth


def today() -> date:
    return timezone.localdate()


def require(user, action: str, obj, message: str = FORBIDDEN) -> None:
    """403 unless accounts.access.can() allows `action` on an object the user can already see."""
    if not can(user, action, obj):
        raise PermissionDenied(message)


def choice(choices):
    """A Literal of a TextChoices' values, for query and body fields (several models have a
    choices class named "Kind"; as enums they would collide in the OpenAPI components)."""
    return Literal[tuple(choices.values)]
