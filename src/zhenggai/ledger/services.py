"""Ledger operations that span many objects (the per-object workflow lives on the models)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from zhenggai import audit
from zhenggai.accounts.models import Membership, Organisation

from .models import Handover, Measure, Problem, ProgressUpdate, Status, WorkflowError


@transaction.atomic
def handover(
    by,
    unit: Organisation,
    from_user=None,
    to_user=None,
    from_department: Organisation | None = None,
    to_department: Organisation | None = None,
    effective_date: datetime.date | None = None,
    note: str = "",
) -> Handover:
    """Move every open measure of a person (as leader or owner) and/or of a department to
    another, in the unit's inspections. Completed and long-term measures and closed problems
    stay with whoever did the work. Returns the Handover record (listing the moved measures)."""
    if effective_date is None:
        raise WorkflowError("请填写交接日期")
    if (from_user is None) != (to_user is None):
        raise WorkflowError("移交人和接收人须同时填写")
    if (from_department is None) != (to_department is None):
        raise WorkflowError("移交部门和接收部门须同时填写")
    if from_user is None and from_department is None:
        raise WorkflowError("请选择要交接的人员或部门")
    if from_user is not None and from_user == to_user:
        raise WorkflowError("移交人和接收人不能是同一人")
    if from_department is not None and from_department == to_department:
        raise WorkflowError("移交部门和接收部门不能相同")
    for department in (from_department, to_department):
        if department is not None and not department.path.startswith(unit.path):
            raise WorkflowError(f"部门“{department}”不属于{unit}")
    if to_user is not None:
        unit_orgs = Organisation.objects.filter(unit.descendants_q())
        if not Membership.objects.filter(user=to_user, organisation__in=unit_orgs).exists():
            raise WorkflowError(f"接收人“{to_user}”不是{unit}的成员，请先为其分配角色")

    open_measures = (
        Measure.objects.select_for_update()
        .filter(problem__inspection__unit=unit)
        .exclude(status__in=[Status.COMPLETED, Status.LONG_TERM])
        .exclude(problem__closure_state=Problem.ClosureState.CLOSED)
    )
    who = Q(pk__in=[])
    if from_user is not None:
        who |= Q(owner=from_user) | Q(leader=from_user)
    if from_department is not None:
        who |= Q(department=from_department)
    moved = []
    for measure in open_measures.filter(who).select_related("problem").order_by("pk"):
        changes = {}
        if from_user is not None and measure.owner_id == from_user.pk:
            changes["owner"] = to_user
        if from_user is not None and measure.leader_id == from_user.pk:
            changes["leader"] = to_user
        if from_department is not None and measure.department_id == from_department.pk:
            changes["department"] = to_department
        before = {field: str(getattr(measure, field)) for field in changes}
        for field, value in changes.items():
            setattr(measure, field, value)
        measure.save(update_fields=list(changes))
        text = "；".join(
            f"{Measure._meta.get_field(f).verbose_name}：{before[f]} → {v}" for f, v in changes.items()
        )
        measure.problem.log(
            by,
            ProgressUpdate.Kind.HANDOVER,
            f"{effective_date:%Y-%m-%d} 工作交接（{text}）{note}",
            measure=measure,
        )
        moved.append(measure.pk)
    record = Handover.objects.create(
        unit=unit,
        from_user=from_user,
        to_user=to_user,
        from_department=from_department,
        to_department=to_department,
        effective_date=effective_date,
        note=note,
        by=by,
        measure_ids=moved,
    )
    audit.record(
        by,
        "handover",
        record,
        before={"user": str(from_user or ""), "department": str(from_department or "")},
        after={"user": str(to_user or ""), "department": str(to_department or ""), "measures": moved},
        note=note,
    )
    return record
