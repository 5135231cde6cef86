"""Exception handlers: every refusal is JSON with a Chinese ``detail``, never a traceback.

401 not authenticated · 403 visible but not allowed · 404 not there or not visible (the same
answer, so another unit's objects cannot be probed) · 409 refused by the workflow · 422 invalid
input, with ninja's per-field list (``type``, ``loc``, ``msg``) plus ``field``.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from zhenggai.ledger.models import WorkflowError

logger = logging.getLogger("zhenggai.api")

SERVER_ERROR = "服务器内部错误，已记录日志，请稍后重试或联系管理员。"
NOT_FOUND = "未找到该对象，或您无权查看。"
FORBIDDEN = "您无权执行此操作。"
NOT_AUTHENTICATED = "请先登录，或在 Authorization 请求头中提供有效令牌（Bearer <令牌>）。"
BAD_BODY = "请求体不是合法的 JSON。"

# pydantic error type -> Chinese message; {ctx keys} are filled from the error's context.
MESSAGES = {
    "missing": "必填",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "不能超过 {max_length} 个字符",
    "string_type": "应为字符串",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "enum": "取值无效，可选：{expected}",
    "literal_error": "取值无效，可选：{expected}",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "extra_forbidden": "不允许的字段",
    "json_invalid": BAD_BODY,
}
# Where the parameter came from; its name follows for body parameters ("payload").
SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def field_name(loc: list) -> str:
    parts = list(loc)
    if parts and parts[0] in SOURCES:
        source = parts.pop(0)
        if source == "body" and len(parts) > 1:
            parts.pop(0)
    return ".".join(str(p) for p in parts)


def chinese_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "value_error":
        # Our own validators raise ValueError with a Chinese message; pydantic prefixes it.
        return str(error.get("msg", "")).removeprefix("Value error, ")
    template = MESSAGES.get(kind)
    if template is None:
        return f"取值无效（{error.get('msg', kind)}）"
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:
        # pydantic writes "'a', 'b' or 'c'"; list the values the Chinese way: a、b、c
        ctx["expected"] = "、".join(
            v.strip(" '") for v in str(ctx["expected"]).replace(" or ", ", ").split(",")
        )
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split("，")[0]


def translate(errors: list[dict]) -> list[dict]:
    out = []
    for error in errors:
        loc = list(error.get("loc", []))
        out.append(
            {
                "type": error.get("type", ""),
                "loc": loc,
                "field": field_name(loc),
                "msg": chinese_message(error),
            }
        )
    return out


def field_error(field: str, message: str, source: str = "body") -> ValidationError:
    """A 422 for one field, for checks made after pydantic (e.g. "that user is not in the unit")."""
    return ValidationError([{"type": "value_error", "loc": [source, field], "msg": message}])


def install(api: NinjaAPI) -> None:
    def respond(request, detail, status, **extra):
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc: ValidationError):
        errors = translate(exc.errors)
        return respond(request, errors, 422)

    @api.exception_handler(DjangoValidationError)
    def on_model_validation_error(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = [
                {"type": "value_error", "loc": ["body", name], "field": name, "msg": " ".join(messages)}
                for name, messages in exc.message_dict.items()
            ]
        else:
            errors = [{"type": "value_error", "loc": ["body"], "field": "", "msg": " ".join(exc.messages)}]
        return respond(request, errors, 422)

    @api.exception_handler(WorkflowError)
    def on_workflow_error(request, exc: WorkflowError):
        # The workflow refused the change in the object's current state (e.g. 销号 without evidence).
        return respond(request, str(exc), 409)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return respond(request, NOT_FOUND, 404)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return respond(request, str(exc) or FORBIDDEN, 403)

    @api.exception_handler(AuthenticationError)
    def on_not_authenticated(request, exc: AuthenticationError):
        message = exc.message if exc.message != "Unauthorized" else NOT_AUTHENTICATED
        return respond(request, message, 401)

    @api.exception_handler(Exception)
    def on_unexpected(request, exc: Exception):
        # A bug: log the traceback for us, give the client JSON without it.
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, SERVER_ERROR, 500)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        message = BAD_BODY if exc.message.startswith("Cannot parse request body") else exc.message
        return respond(request, message, exc.status_code)
