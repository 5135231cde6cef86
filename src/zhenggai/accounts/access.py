"""The access helpers: every view and API endpoint fetches objects through these, so one module
decides who sees and changes what (see README.md for the table).

- supervisor: reads every unit below its organisation; supervision actions (督办/约谈, sign-off,
  review sampling, 回头看), never edits measures.
- unit admin (整改办): everything in its unit.
- viewer: reads its unit.
- leader (责任领导): reads the problems where it leads a measure (or a department it is leader of
  owns one); comments and confirms closures on them.
- owner (责任部门/责任人): reads the problems where it (or its department) owns a measure;
  updates only those measures, uploads evidence and asks for closure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from .models import Membership, Organisation

Role = Membership.Role

ACTIONS = {
    "edit_inspection",
    "edit_problem",
    "update_measure",
    "comment",
    "assign_measure",
    "request_closure",
    "office_check",
    "leader_confirm",
    "supervisor_signoff",
    "supervise",
    "draw_sample",
    "record_review",
    "handover",
    "upload_evidence",
}


@dataclass
class Grants:
    """One user's memberships, resolved once per request into organisation paths."""

    supervisor_paths: list[str] = field(default_factory=list)
    admin_unit_ids: set[int] = field(default_factory=set)
    viewer_unit_ids: set[int] = field(default_factory=set)
    leader_unit_ids: set[int] = field(default_factory=set)
    owner_unit_ids: set[int] = field(default_factory=set)
    # Department paths where the user is leader (分管) or owner (科室负责人).
    leader_department_paths: list[str] = field(default_factory=list)
    owner_department_paths: list[str] = field(default_factory=list)
    # The same subtrees as ids, so can() checks a measure without loading its department.
    leader_department_ids: set[int] = field(default_factory=set)
    owner_department_ids: set[int] = field(default_factory=set)

    @property
    def involved_unit_ids(self) -> set[int]:
        return self.leader_unit_ids | self.owner_unit_ids


def grants(user) -> Grants:
    if user is None or not user.is_authenticated or not user.is_active:
        return Grants()
    cached = getattr(user, "_zhenggai_grants", None)
    if cached is not None:
        return cached
    result = Grants()
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    orgs_by_id: dict[int, Organisation] = {}
    pending: list[tuple[str, Organisation]] = []
    for membership in memberships:
        orgs_by_id[membership.organisation_id] = membership.organisation
        pending.append((membership.role, membership.organisation))
    for role, org in pending:
        if role == Role.SUPERVISOR:
            result.supervisor_paths.append(org.path)
            continue
        unit = _unit_of(org)
        if unit is None:
            continue
        if role == Role.UNIT_ADMIN:
            result.admin_unit_ids.add(unit.pk)
        elif role == Role.VIEWER:
            result.viewer_unit_ids.add(unit.pk)
        elif role == Role.LEADER:
            result.leader_unit_ids.add(unit.pk)
            if org.kind == Organisation.Kind.DEPARTMENT:
                result.leader_department_paths.append(org.path)
        elif role == Role.OWNER:
            result.owner_unit_ids.add(unit.pk)
            if org.kind == Organisation.Kind.DEPARTMENT:
                result.owner_department_paths.append(org.path)
    for paths, ids in (
        (result.leader_department_paths, result.leader_department_ids),
        (result.owner_department_paths, result.owner_department_ids),
    ):
        if paths:
            ids.update(Organisation.objects.filter(_paths_q("", paths)).values_list("pk", flat=True))
    # Cached on the user object, which lives for one request; see forget_grants().
    user._zhenggai_grants = result
    return result


def forget_grants(user) -> None:
    """Drop the cached grants after changing the user's memberships on a live object."""
    user.__dict__.pop("_zhenggai_grants", None)


def _unit_of(org: Organisation) -> Organisation | None:
    if org.kind == Organisation.Kind.UNIT:
        return org
    return org.unit()


def _paths_q(prefix: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def _involved_measures_q(user, g: Grants, prefix: str = "") -> Q:
    """Measures the user leads or owns, personally or through a department."""
    q = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    if g.leader_unit_ids:
        q |= Q(**{f"{prefix}leader": user}) | _paths_q(f"{prefix}department__", g.leader_department_paths)
    if g.owner_unit_ids:
        q |= Q(**{f"{prefix}owner": user}) | _paths_q(f"{prefix}department__", g.owner_department_paths)
    return q


def _unit_wide_q(g: Grants, unit_lookup: str) -> Q:
    """Objects the user reads unit-wide: supervisor subtrees, unit admin and viewer units."""
    q = _paths_q(f"{unit_lookup}__", g.supervisor_paths)
    ids = g.admin_unit_ids | g.viewer_unit_ids
    if ids:
        q |= Q(**{f"{unit_lookup}_id__in": ids})
    return q


def visible_inspections(user) -> QuerySet:
    from zhenggai.ledger.models import Inspection

    g = grants(user)
    q = _unit_wide_q(g, "unit")
    if g.involved_unit_ids:
        q |= Q(unit_id__in=g.involved_unit_ids)
    return Inspection.objects.filter(q)


def visible_problems(user) -> QuerySet:
    from zhenggai.ledger.models import Measure, Problem

    g = grants(user)
    q = _unit_wide_q(g, "inspection__unit")
    if g.involved_unit_ids:
        involved = Measure.objects.filter(_involved_measures_q(user, g)).values("problem_id")
        q |= Q(pk__in=involved)
    if g.leader_unit_ids:
        # A problem none of whose measures has a 责任领导 is every unit leader's to confirm
        # (see can(), "leader_confirm"), so they must see it too.
        led = Measure.objects.filter(problem=OuterRef("pk"), leader__isnull=False)
        q |= Q(inspection__unit_id__in=g.leader_unit_ids) & ~Exists(led)
    return Problem.objects.filter(q)


def visible_measures(user) -> QuerySet:
    from zhenggai.ledger.models import Measure

    return Measure.objects.filter(problem__in=visible_problems(user).values("pk"))


def visible_evidence(user) -> QuerySet:
    from zhenggai.ledger.models import Evidence

    return Evidence.objects.filter(problem__in=visible_problems(user).values("pk"))


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到，或您无权查看") from None


def get_inspection_for_user(user, pk):
    inspection = _get(visible_inspections(user).select_related("unit"), pk)
    return inspection, can(user, "edit_inspection", inspection)


def get_problem_for_user(user, pk):
    problem = _get(visible_problems(user).select_related("inspection__unit", "category"), pk)
    return problem, can(user, "edit_problem", problem)


def get_measure_for_user(user, pk):
    measure = _get(visible_measures(user).select_related("problem__inspection__unit", "department"), pk)
    return measure, can(user, "update_measure", measure)


def get_evidence_for_user(user, pk):
    return _get(visible_evidence(user).select_related("problem__inspection__unit", "measure"), pk)


def roles_for(user, organisation) -> set:
    """The roles the user holds over `organisation`: memberships on it or on an ancestor
    (a supervisor over a unit, a unit admin over its departments)."""
    if user is None or not user.is_authenticated or organisation is None:
        return set()
    ancestor_ids = [int(part) for part in organisation.path.strip("/").split("/") if part]
    return {
        Role(role)
        for role in Membership.objects.filter(user=user, organisation_id__in=ancestor_ids).values_list(
            "role", flat=True
        )
    }


def _unit_and_problem(obj):
    """(unit, problem or None, measure or None, inspection) for any ledger object."""
    from zhenggai.ledger.models import Closure, Evidence, Inspection, Measure, Problem, Review

    if isinstance(obj, Organisation):
        return _unit_of(obj), None, None, None
    if isinstance(obj, Inspection):
        return obj.unit, None, None, obj
    if isinstance(obj, Problem):
        return obj.inspection.unit, obj, None, obj.inspection
    if isinstance(obj, Measure):
        return obj.problem.inspection.unit, obj.problem, obj, obj.problem.inspection
    if isinstance(obj, Closure | Review | Evidence):
        measure = getattr(obj, "measure", None)
        return obj.problem.inspection.unit, obj.problem, measure, obj.problem.inspection
    raise TypeError(f"can() does not know {type(obj).__name__}")


def _supervises(g: Grants, unit) -> bool:
    return unit is not None and any(unit.path.startswith(path) for path in g.supervisor_paths)


def _is_owner_of(user, g: Grants, measure) -> bool:
    if not g.owner_unit_ids:
        return False
    return measure.owner_id == user.pk or measure.department_id in g.owner_department_ids


def _is_leader_of(user, g: Grants, measure) -> bool:
    if not g.leader_unit_ids:
        return False
    return measure.leader_id == user.pk or measure.department_id in g.leader_department_ids


def can(user, action: str, obj) -> bool:
    """May `user` perform the named action on `obj` (an Inspection, Problem, Measure, Closure,
    Review, Evidence or a unit Organisation)? Unknown actions raise ValueError."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    g = grants(user)
    unit, problem, measure, inspection = _unit_and_problem(obj)
    if unit is None:
        return False
    admin = unit.pk in g.admin_unit_ids
    supervisor = _supervises(g, unit)
    closed = problem is not None and problem.closure_state == "closed"

    if action in ("edit_inspection", "edit_problem", "assign_measure", "handover"):
        return admin
    if action == "update_measure":
        if measure is None or closed:
            return False
        return admin or _is_owner_of(user, g, measure)
    if action == "comment":
        if measure is not None:
            return admin or _is_owner_of(user, g, measure) or _is_leader_of(user, g, measure)
        if problem is not None:
            measures = list(problem.measures.all())
            return admin or any(_is_owner_of(user, g, m) or _is_leader_of(user, g, m) for m in measures)
        return admin
    if action in ("upload_evidence", "request_closure"):
        if problem is None or closed:
            return False
        if admin:
            return True
        if measure is not None and action == "upload_evidence":
            return _is_owner_of(user, g, measure)
        return any(_is_owner_of(user, g, m) for m in problem.measures.all())
    if action == "office_check":
        return admin and problem is not None
    if action == "leader_confirm":
        if problem is None or not g.leader_unit_ids:
            return False
        measures = list(problem.measures.all())
        if any(_is_leader_of(user, g, m) for m in measures):
            return True
        # Nobody leads a measure of this problem: any leader of the unit may confirm.
        return unit.pk in g.leader_unit_ids and not any(m.leader_id for m in measures)
    if action in ("supervisor_signoff", "supervise", "draw_sample"):
        return supervisor
    if action == "record_review":
        return problem is not None and (supervisor or admin)
    return False


def importable_units(user) -> QuerySet:
    """Units the user may import a report or 台账 into: its own units as 整改办 (unit admin),
    and every unit below an organisation it supervises."""
    g = grants(user)
    q = _paths_q("", g.supervisor_paths)
    if g.admin_unit_ids:
        q |= Q(pk__in=g.admin_unit_ids)
    return Organisation.objects.filter(q, kind=Organisation.Kind.UNIT)


def get_unit_for_import(user, pk) -> Organisation:
    """The unit, when the user may import into it; 404 otherwise."""
    return _get(importable_units(user), pk)
