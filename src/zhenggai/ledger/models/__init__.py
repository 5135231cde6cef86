"""The ledger: inspections, problems, measures and their workflow (see README.md)."""

from .base import Light, Status, WorkflowError, add_months, derive_status, light_for
from .closure import Closure, ClosureStep, Handover, Review, SupervisionAction
from .evidence import Evidence
from .inspection import Category, Inspection, Outcome
from .problem import Measure, Problem, ProgressUpdate

__all__ = [
    "Category",
    "Closure",
    "ClosureStep",
    "Evidence",
    "Handover",
    "Inspection",
    "Light",
    "Measure",
    "Outcome",
    "Problem",
    "ProgressUpdate",
    "Review",
    "Status",
    "SupervisionAction",
    "WorkflowError",
    "add_months",
    "light_for",
    "derive_status",
]
