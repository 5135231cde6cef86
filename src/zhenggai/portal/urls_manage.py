from django.urls import path

from . import views_manage as views

app_name = "publishing"

urlpatterns = [
    path("inspections/<int:pk>/", views.preview, name="inspection"),
    path("inspections/<int:pk>/download/", views.download, name="download"),
    path("inspections/<int:pk>/publish/", views.publish, name="publish"),
    path("reports/<int:pk>/", views.version, name="version"),
    path("reports/<int:pk>/download/", views.version_download, name="version_download"),
]
