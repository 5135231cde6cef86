"""Ledger pages. Each view fetches its object through one helper of zhenggai.accounts.access."""

from .dashboard import dashboard
from .evidence import evidence_download
from .inspection import (
    category_create,
    category_edit,
    handover,
    inspection,
    inspection_create,
    inspection_edit,
    problem_create,
    review_sample,
)
from .problem import (
    closure_decide,
    closure_request,
    evidence_upload,
    measure_assign,
    measure_create,
    measure_edit,
    measure_progress,
    problem,
    problem_edit,
    review_record,
    supervise,
)
from .tasks import my_tasks

__all__ = [
    "category_create",
    "category_edit",
    "closure_decide",
    "closure_request",
    "dashboard",
    "evidence_download",
    "evidence_upload",
    "handover",
    "inspection",
    "inspection_create",
    "inspection_edit",
    "measure_assign",
    "measure_create",
    "measure_edit",
    "measure_progress",
    "my_tasks",
    "problem",
    "problem_create",
    "problem_edit",
    "review_record",
    "review_sample",
    "supervise",
]
