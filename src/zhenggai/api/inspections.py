"""/api/inspections — the inspections the user may see (accounts.access.visible_inspections)."""

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from zhenggai.accounts.access import get_inspection_for_user, visible_inspections
from zhenggai.ledger.models import Inspection

from .common import Pagination, choice, user_of
from .schemas import InspectionDetail, InspectionOut

router = Router(tags=["巡察"])


class InspectionFilters(Schema):
    unit: int | None = None
    kind: choice(Inspection.Kind) | None = None


@router.get("", response=list[InspectionOut], summary="巡察列表")
@paginate(Pagination)
def list_inspections(request, filters: Query[InspectionFilters]):
    inspections = visible_inspections(user_of(request)).select_related("unit")
    if filters.unit is not None:
        inspections = inspections.filter(unit_id=filters.unit)
    if filters.kind is not None:
        inspections = inspections.filter(kind=filters.kind)
    return inspections.order_by("-feedback_date", "-id")


@router.get("/{int:inspection_id}", response=InspectionDetail, summary="巡察详情（含各状态问题数）")
def get_inspection(request, inspection_id: int):
    inspection, _can_edit = get_inspection_for_user(user_of(request), inspection_id)
    return inspection
