"""/api/evidence — metadata of the 佐证材料; the files themselves only through the web
download view, which applies the same access helper."""

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from zhenggai.accounts.access import get_evidence_for_user, visible_evidence
from zhenggai.ledger.models import Evidence

from .common import Pagination, user_of
from .schemas import EvidenceOut

router = Router(tags=["佐证材料"])


class EvidenceFilters(Schema):
    inspection: int | None = None
    problem: int | None = None
    measure: int | None = None


@router.get("", response=list[EvidenceOut], summary="佐证材料列表（元数据）")
@paginate(Pagination)
def list_evidence(request, filters: Query[EvidenceFilters]):
    evidence = visible_evidence(user_of(request))
    if filters.inspection is not None:
        evidence = evidence.filter(problem__inspection_id=filters.inspection)
    if filters.problem is not None:
        evidence = evidence.filter(problem_id=filters.problem)
    if filters.measure is not None:
        evidence = evidence.filter(measure_id=filters.measure)
    return evidence.select_related("uploaded_by").order_by("-uploaded_at", "-id")


@router.get("/{int:evidence_id}", response=EvidenceOut, summary="佐证材料详情（元数据）")
def get_evidence(request, evidence_id: int):
    evidence = get_evidence_for_user(user_of(request), evidence_id)
    return Evidence.objects.select_related("uploaded_by").get(pk=evidence.pk)
