"""The public portal (no login) and the 整改办's moderation of 意见建议; mounted at /gongkai/."""

from django.urls import path

from . import views_moderate, views_public

app_name = "portal"

urlpatterns = [
    path("", views_public.index, name="index"),
    path("units/", views_public.units, name="units"),
    path("reports/<int:pk>/", views_public.report, name="report"),
    path("reports/<int:pk>/feedback/", views_public.feedback, name="feedback"),
    path("reports/<int:pk>/download/<str:fmt>/", views_public.download, name="download"),
    path("moderate/", views_moderate.queue, name="moderate_queue"),
    path("moderate/<int:pk>/", views_moderate.moderate, name="moderate"),
]
