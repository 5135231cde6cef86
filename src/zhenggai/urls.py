from django.contrib import admin
from django.urls import include, path

from zhenggai.api.main import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("zhenggai.accounts.urls")),
    path("notifications/", include("zhenggai.notify.urls")),
    path("exchange/", include("zhenggai.exchange.urls")),
    path("publishing/", include("zhenggai.portal.urls_manage")),
    path("gongkai/", include("zhenggai.portal.urls")),
    path("", include("zhenggai.ledger.urls")),
]
