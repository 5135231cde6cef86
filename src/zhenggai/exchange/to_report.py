"""The ledger → a ``Report`` (the 通报 model of zhenggai.reports) as it stood on a date.

- Problems created after the as-of date are left out; so are measures created after it.
- A measure's status on that date comes from the ProgressUpdate log: the new status of its last
  status change up to the end of that day, else the old status of its first change after it,
  else its current status (no change was ever logged).
- A problem's status follows from its measures' statuses on that date (derive_status), unless
  the unit admin set it by hand (status_override): then it is read from the problem-level status
  changes the same way, the override itself when none was logged (an import sets it directly).
  An override set and later cleared again is not replayed: once cleared, the measures decide.
- scope "public" (社会通报) keeps the problems flagged 社会公开; "party" (党内通报) keeps all.
- The problems' section is "二、巡察反馈问题整改进展情况"; the category tree below it is numbered
  as a 通报 prints it: （一） → 1. → （1） → ①, in ledger order. A ledger imported from a 通报
  keeps that section as its top category; it is recognised and not printed twice.
- A completed 立行立改 problem carries the status text "立行立改已办结", which the counts sentence
  counts ("已完成整改9个（含立行立改1个）") and the parser reads as completed.

One query each for the problems, measures, categories and status updates, whatever the size.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict

from django.utils import timezone

from zhenggai.ledger.models import Category, Inspection, Measure, ProgressUpdate, derive_status
from zhenggai.reports.model import STATUS_LABELS, Report, Section
from zhenggai.reports.model import Measure as ReportMeasure
from zhenggai.reports.model import Problem as ReportProblem
from zhenggai.reports.model import Status as ReportStatus
from zhenggai.reports.render import MEASURE_LABELS, PROBLEMS_HEADING, PUBLIC, SCOPES

# The top category of a ledger imported from a 通报: the problems' section itself
# ("二、巡察反馈问题整改进展情况", "二、关于巡察反馈问题的整改落实情况").
WRAPPER = re.compile(r"问题.{0,8}整改.{0,6}(?:情况|进展)|整改.{0,4}(?:进展|落实)情况")
IMMEDIATE_DONE = "立行立改已办结"
ORGANISATION_HEADING = "组织整改情况"
NEXT_STEPS_HEADING = "下一步工作打算"


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"（{n}）"


# Labels of the levels below 二、: （一） → 1 → （1） → ① (bare, as Report.path holds them).
LEVEL_LABELS = (lambda n: f"（{_cn(n)}）", str, lambda n: f"（{n}）", _circled)


def _level_label(depth: int, n: int) -> str:
    return LEVEL_LABELS[min(depth, len(LEVEL_LABELS) - 1)](n)


def end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _status_on(current: str, updates: list[ProgressUpdate], cutoff: datetime.datetime) -> str:
    """A status as it stood before `cutoff`, from its status changes (oldest first)."""
    changes = [u for u in updates if u.new_status and u.old_status != u.new_status]
    before = [u for u in changes if u.created_at < cutoff]
    if before:
        return before[-1].new_status
    after = [u for u in changes if u.created_at >= cutoff and u.old_status]
    return after[0].old_status if after else current


def report_from_ledger(
    inspection: Inspection, as_of: datetime.date | None = None, scope: str = PUBLIC
) -> Report:
    """The 通报 of `inspection` as of `as_of` (default today), public or party scope."""
    if scope not in SCOPES:
        raise ValueError(f"未知的通报范围：{scope}")
    as_of = as_of or timezone.localdate()
    cutoff = end_of(as_of)
    problems = list(inspection.problems.filter(created_at__lt=cutoff).order_by("position", "id"))
    if scope == PUBLIC:
        problems = [p for p in problems if p.is_public]
    ids = [p.pk for p in problems]
    measures: dict[int, list[Measure]] = defaultdict(list)
    for m in Measure.objects.filter(problem_id__in=ids, created_at__lt=cutoff).order_by("position", "id"):
        measures[m.problem_id].append(m)
    measure_updates: dict[int, list[ProgressUpdate]] = defaultdict(list)
    problem_updates: dict[int, list[ProgressUpdate]] = defaultdict(list)
    updates = ProgressUpdate.objects.filter(problem_id__in=ids, kind=ProgressUpdate.Kind.STATUS)
    for u in updates.order_by("created_at", "id"):
        if u.measure_id is None:
            problem_updates[u.problem_id].append(u)
        else:
            measure_updates[u.measure_id].append(u)

    items: dict[int, ReportProblem] = {}
    for problem in problems:
        report_measures = []
        for m in measures[problem.pk]:
            status = ReportStatus(_status_on(m.status, measure_updates[m.pk], cutoff))
            report_measures.append(
                ReportMeasure(text=m.text, status=status, status_text=MEASURE_LABELS[status])
            )
        status = ReportStatus(derive_status([m.status.value for m in report_measures if m.status]))
        if problem.status_override:
            status = ReportStatus(_status_on(problem.status_override, problem_updates[problem.pk], cutoff))
        status_text = STATUS_LABELS[status]
        if problem.immediate and status == ReportStatus.COMPLETED:
            status_text = IMMEDIATE_DONE
        items[problem.pk] = ReportProblem(
            path=[],
            categories=[],
            title=problem.title,
            status=status,
            status_text=status_text,
            measures=report_measures,
            text=problem.description.strip(),
        )
    ordered = _place(inspection, problems, items)
    feedback = inspection.feedback_date
    return Report(
        doc=None,
        title=f"{inspection.unit.name}关于巡察整改进展情况的通报",
        unit=inspection.unit.name,
        inspector=inspection.group_name or None,
        inspection_start=inspection.period_start.isoformat() if inspection.period_start else None,
        inspection_end=inspection.period_end.isoformat() if inspection.period_end else None,
        feedback_date=feedback.isoformat() if feedback else None,
        report_date=as_of.isoformat(),
        problems=ordered,
        sections=_sections(inspection),
        contact=" ".join(inspection.contact.split()) or None,
        signature=f"{inspection.unit.name}\n{as_of.year}年{as_of.month}月{as_of.day}日",
    )


def _sections(inspection: Inspection) -> list[Section]:
    sections = [Section("一", ORGANISATION_HEADING, inspection.organisation_text.strip())]
    if inspection.next_steps.strip():
        sections.append(Section("三", NEXT_STEPS_HEADING, inspection.next_steps.strip()))
    return sections


def _place(inspection: Inspection, problems, items: dict[int, ReportProblem]) -> list[ReportProblem]:
    """Give each problem its path and categories by walking the category tree in ledger order;
    headings without any problem left in scope are not printed."""
    categories = list(Category.objects.filter(inspection=inspection).order_by("position", "id"))
    children: dict[int | None, list[Category]] = defaultdict(list)
    for c in categories:
        children[c.parent_id].append(c)
    by_category: dict[int | None, list] = defaultdict(list)
    for p in problems:
        by_category[p.category_id].append(p)
    known = {c.pk for c in categories}
    for p in problems:
        if p.category_id is not None and p.category_id not in known:
            by_category[None].append(p)  # a category of another inspection: treat as uncategorised

    @functools.cache
    def has_problems(category: Category) -> bool:
        return bool(by_category[category.pk]) or any(has_problems(c) for c in children[category.pk])

    roots = [c for c in children[None] if has_problems(c)]
    # An imported ledger's single top category is the problems' section itself.
    wrapper = (
        roots[0] if len(roots) == 1 and not by_category[None] and WRAPPER.search(roots[0].title) else None
    )
    heading = wrapper.title.strip() if wrapper else PROBLEMS_HEADING
    ordered: list[ReportProblem] = []

    def walk(parent: Category | None, path: list[str], names: list[str], depth: int) -> None:
        key = parent.pk if parent else None
        n = 0
        for p in by_category[key]:
            n += 1
            item = items[p.pk]
            item.path, item.categories = [*path, _level_label(depth, n)], list(names)
            ordered.append(item)
        for child in children[key]:
            if has_problems(child):
                n += 1
                label = _level_label(depth, n)
                walk(child, [*path, label], [*names, child.title.strip()], depth + 1)

    walk(wrapper, ["二"], [heading], 0)
    return ordered
