from django.urls import path

from . import views
from .views.health import health

app_name = "ledger"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/categories/new/", views.category_create, name="category_create"),
    path(
        "inspections/<int:pk>/categories/<int:category_pk>/edit/", views.category_edit, name="category_edit"
    ),
    path("inspections/<int:pk>/problems/new/", views.problem_create, name="problem_create"),
    path("inspections/<int:pk>/sample/", views.review_sample, name="review_sample"),
    path("inspections/<int:pk>/handover/", views.handover, name="handover"),
    path("inspections/<int:pk>/health/", health, name="health"),
    path("problems/<int:pk>/", views.problem, name="problem"),
    path("problems/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("problems/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("problems/<int:pk>/closure/", views.closure_request, name="closure_request"),
    path("problems/<int:pk>/closure/decide/", views.closure_decide, name="closure_decide"),
    path("problems/<int:pk>/reviews/<int:review_pk>/", views.review_record, name="review_record"),
    path("problems/<int:pk>/supervise/", views.supervise, name="supervise"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/assign/", views.measure_assign, name="measure_assign"),
    path("measures/<int:pk>/progress/", views.measure_progress, name="measure_progress"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
]
