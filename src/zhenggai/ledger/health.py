"""体检 of a ledger: the report rules of ``zhenggai.reports.check`` applied to an inspection's
problem tree, plus the rules only a ledger can answer (owners, deadlines, evidence).

The ledger is converted to a ``reports.model.Report`` (paths from the category and problem
labels, measure texts and statuses) so that duplicate measures, numbering, empty problems and
impossible dates are judged by exactly the same code as a published report. In the findings
returned here ``Finding.problems`` holds Problem primary keys, for links.

Codes: duplicate-measure, completed-but-ongoing (measure text and the progress notes posted
since it was marked completed), no-measures, date-order (also a deadline before the feedback),
numbering (categories and problems), missing-owner, missing-deadline, overdue-open,
closed-without-evidence.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from zhenggai.reports import Measure as ReportMeasure
from zhenggai.reports import Problem as ReportProblem
from zhenggai.reports import Report
from zhenggai.reports import Status as ReportStatus
from zhenggai.reports.check import (
    SEVERITY_ORDER,
    Finding,
    Severity,
    check_dates,
    check_duplicates,
    check_no_measures,
    normalise_label,
    numbering_findings,
)
from zhenggai.reports.checktext import find_ongoing

from .models import Category, Evidence, Inspection, Measure, Problem, ProgressUpdate, Status

# Within a severity, what needs a decision comes before the gaps an imported ledger is full of
# (owners and deadlines not yet assigned), so a copied measure is not buried under them.
CODE_ORDER = {
    code: rank
    for rank, code in enumerate(
        (
            "declared-mismatch",
            "date-order",
            "closed-without-evidence",
            "overdue-open",
            "completed-but-ongoing",
            "duplicate-measure",
            "no-measures",
            "numbering",
            "missing-owner",
            "missing-deadline",
        )
    )
}


def check_inspection(
    inspection: Inspection, problems=None, today: datetime.date | None = None
) -> list[Finding]:
    """Findings on the inspection's ledger, errors first, then in problem-tree order.

    ``problems`` limits the check to a queryset of the inspection's problems (the ones the user
    may see); by default every problem is checked."""
    today = today or timezone.localdate()
    categories = {c.pk: c for c in Category.objects.filter(inspection=inspection)}
    queryset = problems if problems is not None else Problem.objects.filter(inspection=inspection)
    rows = list(
        queryset.filter(inspection=inspection)
        .annotate(has_evidence=Exists(Evidence.objects.filter(problem=OuterRef("pk"))))
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("position", "pk")))
        .order_by("position", "pk")
    )
    ordered = _tree_order(rows, categories)
    report = _as_report(inspection, ordered, categories)
    pks = [p.pk for p in ordered]

    findings: list[Finding] = []
    for rule in (check_duplicates, check_dates):
        findings.extend(_with_pks(f, pks) for f in rule(report))
    # On a ledger an empty problem is work still to do, not a contradiction of the text.
    findings.extend(replace(_with_pks(f, pks), severity=Severity.WARNING) for f in check_no_measures(report))
    findings.extend(numbering_findings(_numbering_entries(ordered, categories), top_may_start_later=True))
    findings.extend(_ongoing(ordered, report))
    findings.extend(_measure_rules(inspection, ordered, report, today))
    findings.extend(_closed_without_evidence(ordered, report))
    position = {pk: i for i, pk in enumerate(pks)}
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER[f.severity],
            CODE_ORDER.get(f.code, len(CODE_ORDER)),
            min((position.get(pk, 0) for pk in f.problems), default=-1),
        ),
    )


def check_inspection_by_id(pk: int) -> tuple[list[Finding], str]:
    """For ``zhenggai check --inspection ID``: (findings, a Chinese name of what was checked).
    Raises LookupError with a Chinese message when the inspection cannot be read."""
    from django.db import DatabaseError

    try:
        inspection = Inspection.objects.select_related("unit").get(pk=pk)
    except Inspection.DoesNotExist:
        raise LookupError(f"找不到编号为 {pk} 的巡察") from None
    except DatabaseError as exc:
        raise LookupError(f"无法读取数据库（{type(exc).__name__}），请先运行 zhenggai migrate") from None
    return check_inspection(inspection), f"{inspection.unit} · {inspection.title}（巡察编号 {pk}）"


def _chain(problem_or_category, categories: dict[int, Category]) -> list[Category]:
    """The categories above (and including, for a category) the object, outermost first,
    from the in-memory map (no query per problem)."""
    chain: list[Category] = []
    pk = (
        problem_or_category.category_id
        if isinstance(problem_or_category, Problem)
        else problem_or_category.pk
    )
    seen: set[int] = set()
    while pk is not None and pk in categories and pk not in seen:
        seen.add(pk)
        chain.append(categories[pk])
        pk = categories[pk].parent_id
    return chain[::-1]


def _tree_key(category: Category, categories: dict[int, Category]) -> tuple:
    return tuple((c.position, c.pk) for c in _chain(category, categories))


def _tree_order(rows: list[Problem], categories: dict[int, Category]) -> list[Problem]:
    """Problems in the order of the problem tree: by category path, then position; problems
    without a category last (as the inspection page shows them)."""

    def key(p: Problem):
        cat = categories.get(p.category_id) if p.category_id else None
        return (cat is None, _tree_key(cat, categories) if cat else (), p.position, p.pk)

    return sorted(rows, key=key)


def _path(problem: Problem, categories: dict[int, Category]) -> list[str]:
    labels = [normalise_label(c.label) for c in _chain(problem, categories)]
    labels.append(normalise_label(problem.label))
    return [label for label in labels if label]


def _as_report(inspection: Inspection, problems: list[Problem], categories: dict[int, Category]) -> Report:
    report = Report(
        title=inspection.title,
        unit=str(inspection.unit),
        inspector=inspection.group_name or None,
        inspection_start=_iso(inspection.period_start),
        inspection_end=_iso(inspection.period_end),
        feedback_date=_iso(inspection.feedback_date),
    )
    for problem in problems:
        measures = [ReportMeasure(text=m.text, status=ReportStatus(m.status)) for m in problem.measures.all()]
        report.problems.append(
            ReportProblem(
                path=_path(problem, categories) or [problem.title[:20]],
                categories=[c.title for c in _chain(problem, categories)],
                title=problem.title,
                status=ReportStatus(problem.status),
                measures=measures,
                text=problem.description,
                rectification="\n".join(m.text for m in measures),
            )
        )
    return report


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _with_pks(finding: Finding, pks: list[int]) -> Finding:
    return replace(finding, problems=tuple(pks[i] for i in finding.problems))


def _numbering_entries(problems: list[Problem], categories: dict[int, Category]):
    """(labels path, order) of every labelled category and problem, in tree order; a blank
    label leaves its subtree out (nothing to number)."""
    return [(key, i) for i, key in enumerate(_tree_sequence(problems, categories), 1) if all(key)]


def _tree_sequence(problems: list[Problem], categories: dict[int, Category]) -> list[tuple[str, ...]]:
    """Label paths of categories and problems in depth-first document order.

    A heading may hold both sub-headings and problems (a heading-as-problem such as "（三）"
    between "（二）" and "（四）"). Category and problem positions are separate sequences, so
    siblings are merged by the position of the first problem under each category; a category
    without problems keeps its place after the category before it."""
    children: dict[int | None, list[Category]] = {}
    for category in categories.values():
        children.setdefault(category.parent_id, []).append(category)
    by_category: dict[int | None, list[Problem]] = {}
    for problem in problems:
        by_category.setdefault(problem.category_id, []).append(problem)
    first: dict[int, tuple[int, int]] = {}

    def first_problem(category: Category) -> tuple[int, int] | None:
        keys = [(p.position, p.pk) for p in by_category.get(category.pk, [])]
        keys += [k for c in children.get(category.pk, []) if (k := first_problem(c)) is not None]
        if keys:
            first[category.pk] = min(keys)
        return first.get(category.pk)

    for category in categories.values():
        first_problem(category)
    out: list[tuple[str, ...]] = []

    def walk(parent_id: int | None, prefix: tuple[str, ...]) -> None:
        siblings: list[tuple[tuple[int, int, int], Category | Problem]] = []
        previous = (-1, -1)
        for category in sorted(children.get(parent_id, []), key=lambda c: (c.position, c.pk)):
            previous = first.get(category.pk, previous)
            siblings.append(((*previous, 0), category))
        if parent_id is not None:
            siblings += [((p.position, p.pk, 1), p) for p in by_category.get(parent_id, [])]
        for _key, node in sorted(siblings, key=lambda s: s[0]):
            key = (*prefix, normalise_label(node.label))
            out.append(key)
            if isinstance(node, Category):
                walk(node.pk, key)

    walk(None, ())
    if not categories:
        # Problems without a category are numbered as one list only in a ledger without
        # categories; next to categories they are loose items, not a heading sequence.
        out.extend((normalise_label(p.label),) for p in by_category.get(None, []))
    return out


def _ongoing(problems: list[Problem], report: Report) -> list[Finding]:
    """Completed measures whose text, or a progress note posted since they were marked
    completed, says the work goes on or is only planned."""
    completed = [m for p in problems for m in p.measures.all() if m.status == Status.COMPLETED]
    if not completed:
        return []
    notes: dict[int, list[ProgressUpdate]] = {}
    for update in ProgressUpdate.objects.filter(measure__in=completed).order_by("created_at", "pk"):
        if update.kind == ProgressUpdate.Kind.STATUS and update.new_status == Status.COMPLETED:
            notes[update.measure_id] = [update]  # the notes before this mark are history
        else:
            notes.setdefault(update.measure_id, []).append(update)
    out = []
    for problem, rp in zip(problems, report.problems, strict=True):
        for number, measure in enumerate(problem.measures.all(), 1):
            if measure.status != Status.COMPLETED:
                continue
            sources = [("措施内容", measure.text)]
            sources += [
                (f"{u.created_at:%Y-%m-%d}的进展说明", u.note) for u in notes.get(measure.pk, []) if u.note
            ]
            for where, text in sources:
                hit = find_ongoing(text)
                if hit is None:
                    continue
                path = "".join(rp.path)
                out.append(
                    Finding(
                        "completed-but-ongoing",
                        Severity.WARNING,
                        path,
                        "标为“已完成整改”，但文字显示工作仍在进行或尚待开展",
                        f"{path}“{problem.title[:30]}”的第{number}条措施已标为“已完成整改”，但{where}写有"
                        f"“{hit.word}”：请核实是否已真正完成，或改为阶段性完成/正在整改。",
                        hit.quote,
                        0,
                        (problem.pk,),
                    )
                )
                break
    return out


def _measure_rules(
    inspection: Inspection, problems: list[Problem], report: Report, today: datetime.date
) -> list[Finding]:
    """Per measure: deadline before the feedback, overdue; per problem (one finding listing its
    measures, so an imported ledger without owners is not a wall of identical lines): missing
    owner, missing leader, missing deadline."""
    out = []
    for problem, rp in zip(problems, report.problems, strict=True):
        path = "".join(rp.path)
        subject = f"{path}“{problem.title[:30]}”"
        nobody: list[tuple[int, Measure]] = []
        no_leader: list[tuple[int, Measure]] = []
        no_deadline: list[tuple[int, Measure]] = []
        for number, m in enumerate(problem.measures.all(), 1):
            which = f"{subject}的第{number}条措施"

            def add(code: str, severity: Severity, title: str, message: str) -> None:
                out.append(Finding(code, severity, path, title, message, m.text[:80], 0, (problem.pk,)))  # noqa: B023

            if m.deadline and m.deadline < inspection.feedback_date:
                feedback = inspection.feedback_date
                add(
                    "date-order",
                    Severity.ERROR,
                    "整改时限早于巡察反馈日期",
                    f"{which}的整改时限 {m.deadline:%Y-%m-%d} 早于反馈日期 {feedback:%Y-%m-%d}。",
                )
            if m.status == Status.COMPLETED:
                continue
            if m.department_id is None and m.owner_id is None:
                nobody.append((number, m))
            elif m.leader_id is None:
                no_leader.append((number, m))
            long_term = m.long_term or m.status == Status.LONG_TERM
            if m.deadline is None and not long_term:
                no_deadline.append((number, m))
            elif m.deadline is not None and m.deadline < today and m.is_open and not long_term:
                days = (today - m.deadline).days
                add(
                    "overdue-open",
                    Severity.ERROR,
                    "措施已超期未完成",
                    f"{which}的整改时限 {m.deadline:%Y-%m-%d} 已过 {days} 天，仍为“{m.get_status_display()}”。",
                )
        for code, severity, items, title, lacks in (
            ("missing-owner", Severity.WARNING, nobody, "措施未明确责任部门和责任人", "责任部门和责任人"),
            ("missing-owner", Severity.INFO, no_leader, "措施未明确责任领导", "责任领导"),
            (
                "missing-deadline",
                Severity.WARNING,
                no_deadline,
                "措施没有整改时限",
                "整改时限，也未列为长期坚持",
            ),
        ):
            if not items:
                continue
            numbers = "、".join(f"第{n}条" for n, _ in items)
            message = f"{subject}的{numbers}措施没有{lacks}。"
            if code == "missing-owner":
                message += "责任清单要求每条措施都有责任领导、责任部门和责任人。"
            out.append(Finding(code, severity, path, title, message, items[0][1].text[:80], 0, (problem.pk,)))
    return out


def _closed_without_evidence(problems: list[Problem], report: Report) -> list[Finding]:
    return [
        Finding(
            "closed-without-evidence",
            Severity.ERROR,
            "".join(rp.path),
            "已销号但没有佐证材料",
            f"{''.join(rp.path)}“{problem.title[:30]}”已销号，却没有任何佐证材料；销号必须有佐证。",
            problem.title[:80],
            0,
            (problem.pk,),
        )
        for problem, rp in zip(problems, report.problems, strict=True)
        if problem.closure_state == Problem.ClosureState.CLOSED and not problem.has_evidence
    ]
