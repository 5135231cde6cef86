"""The API object mounted at /api/ (see README.md in this folder)."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import closures, errors, evidence, inspections, measures, organisations, problems, updates
from .auth import AUTH


class Utf8Renderer(JSONRenderer):
    # Chinese text as UTF-8 rather than \uXXXX escapes: readable in curl and logs, and shorter.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="整改台账 API",
    version="1",
    description=(
        "巡察整改台账的数据接口。认证：在 Authorization 请求头中提供 `Bearer <令牌>`"
        "（令牌由 `zhenggai create-token 用户名` 生成），或使用已登录的浏览器会话"
        "（写操作须附 X-CSRFToken）。权限与网页完全相同：看不到的对象一律返回 404。"
    ),
    urls_namespace="api",
    auth=AUTH,
    renderer=Utf8Renderer(),
)
errors.install(api)


api.add_router("/organisations", organisations.router)
api.add_router("/inspections", inspections.router)
api.add_router("/problems", problems.router)
api.add_router("/measures", measures.router)
api.add_router("/updates", updates.router)
api.add_router("/evidence", evidence.router)
api.add_router("/closures", closures.router)
