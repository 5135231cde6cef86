from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("units/<int:unit_pk>/import/", views.import_upload, name="import_upload"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("inspections/<int:pk>/export/", views.export, name="export"),
]
