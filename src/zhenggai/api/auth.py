"""Authentication for the API: a bearer token (scripts) or the browser's session (the web UI).

Handlers return the user; endpoints read it from ``request.auth``. Both also set
``request.user`` so code shared with the web views sees the same user either way.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import ApiToken


class TokenAuth(HttpBearer):
    """``Authorization: Bearer zg_…`` — a token made by ``zhenggai create-token``."""

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token.strip())
        if user is None:
            # A wrong token must not fall back to a session that happens to be present.
            raise AuthenticationError(401, "令牌无效、已吊销或用户已停用。")
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The Django session; unsafe methods must carry the CSRF token (X-CSRFToken header).

    Unlike ninja's ``django_auth``, the CSRF check runs only for a logged-in session, so an
    anonymous write gets 401 (not 403) and a token client is never asked for a CSRF cookie.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request):
            raise HttpError(403, "CSRF 校验失败：会话方式的写操作须在 X-CSRFToken 请求头中附上 csrftoken。")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        if key is None:
            return None
        return request.user


token_auth = TokenAuth()
session_auth = SessionAuth()
# Token first: a request carrying a bearer token is judged by it alone, without CSRF.
AUTH = [token_auth, session_auth]
