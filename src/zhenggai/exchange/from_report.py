"""A parsed 通报 (zhenggai.reports.Report) → an import Plan, with the parser's doubts listed.

Statuses: a measure's own marker wins; a measure without one takes its problem's status, so the
problem's derived status equals what the report says. The report's problem status is kept as
status_override only when the measures' own markers would derive something else — an override
freezes the problem's status, which the ledger should only do when the report insists."""

from __future__ import annotations

import datetime
import re
import tempfile
from pathlib import Path

from django.utils import timezone

from zhenggai.ledger.models import Status, add_months, derive_status
from zhenggai.reports import Report
from zhenggai.reports.model import DECLARED_KEYS
from zhenggai.reports.read import parse_file

from .plan import Plan, PlannedMeasure, PlannedProblem

CN_NUMERAL = re.compile(r"^[一二三四五六七八九十百]+$")
DECLARED_LABELS = {
    "total": "问题总数",
    "completed": "已完成",
    "partial": "阶段性完成",
    "in_progress": "正在整改",
    "long_term": "长期坚持",
}


def parse_report_bytes(data: bytes, filename: str) -> Report:
    """Parse uploaded bytes through the reader (type told by content). Raises ReportError."""
    name = Path(filename).name or "通报.txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return parse_file(path)


def _date(value: str | None, end: bool = False) -> datetime.date | None:
    """ "2025-01-17" → that day; "2024-09" → the first (or, with end, the last) day of the month."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return datetime.date(*parts)
        first = datetime.date(parts[0], parts[1], 1)
        return add_months(first, 1) - datetime.timedelta(days=1) if end else first
    except (ValueError, TypeError, IndexError):
        return None


def _heading_label(label: str) -> str:
    """Parser labels are bare ("一", "（一）", "1"); the ledger shows them as printed: 一、（一）1."""
    if CN_NUMERAL.match(label):
        return f"{label}、"
    if label.isdigit():
        return f"{label}."
    return label


def plan_from_report(report: Report, today: datetime.date | None = None) -> Plan:
    today = today or timezone.localdate()
    doubts: list[str] = []
    feedback = _date(report.feedback_date)
    if feedback is None:
        fallback = _date(report.inspection_end, end=True) or _date(report.report_date) or today
        doubts.append(f"通报未写明巡察反馈日期，暂按 {fallback.isoformat()} 导入，请在巡察信息中更正")
        feedback = fallback
    if not report.unit:
        doubts.append("通报未写明被巡察的党组织")
    if not report.inspector:
        doubts.append("通报未写明巡察组")
    plan = Plan(
        source=report.doc or "通报",
        title=(report.title or f"{report.unit or ''}巡察整改情况").strip(),
        feedback_date=feedback,
        group_name=report.inspector or "",
        period_start=_date(report.inspection_start),
        period_end=_date(report.inspection_end, end=True),
        contact=report.contact or "",
        doubts=doubts,
    )
    for section in report.sections:
        heading = section.heading or ""
        if "下一步" in heading:
            plan.next_steps = (plan.next_steps + "\n" + section.text).strip()
        elif "组织" in heading or "领导" in heading or "履责" in heading:
            plan.organisation_text = (plan.organisation_text + "\n" + section.text).strip()
    unmarked = 0
    for item in report.problems:
        problem, blank = _problem(item)
        unmarked += blank
        plan.problems.append(problem)
        if not problem.measures:
            doubts.append(f"第{item.line}行的问题“{problem.title[:30]}”没有整改措施")
        if item.status is None and item.status_text:
            doubts.append(f"第{item.line}行的完成情况“{item.status_text}”无法识别，按正在整改导入")
    if unmarked:
        doubts.append(f"{unmarked} 条整改措施在通报中没有完成情况，按“正在整改”导入")
    if not report.problems:
        doubts.append("没有从通报中识别出任何问题，请确认文件是巡察整改情况通报")
    _check_declared(report, plan, doubts)
    return plan


def _problem(item) -> tuple[PlannedProblem, int]:
    path, names = list(item.path), list(item.categories)
    # Normally one category per enclosing level; a heading with one unnumbered problem line
    # under it (s003 （五）) lists as many categories as labels, and the problem has no label.
    own_label = path[-1] if len(path) > len(names) else ""
    categories = [(_heading_label(path[i]) if i < len(path) else "", title) for i, title in enumerate(names)]
    measures, unmarked = [], 0
    for m in item.measures:
        status = m.status.value if m.status else item.status.value if item.status else None
        if status is None:
            unmarked += 1
        measures.append(
            PlannedMeasure(text=m.text.strip(), status=status or Status.IN_PROGRESS, where=f"第{m.line}行")
        )
    stated = item.status.value if item.status else None
    override = (
        stated if stated and measures and derive_status([m.status for m in measures]) != stated else None
    )
    if stated and not measures:
        override = stated
    title = item.title.strip() or item.text.strip()[:100]
    description = item.text.strip()
    return (
        PlannedProblem(
            title=title,
            categories=categories,
            label=own_label,
            description="" if description == title else description,
            status_override=override,
            immediate="立行立改" in (item.status_text or "") or "立行立改" in item.rectification[:40],
            measures=measures,
            where=f"第{item.line}行",
        ),
        unmarked,
    )


def _check_declared(report: Report, plan: Plan, doubts: list[str]) -> None:
    declared = report.declared
    if declared is None or declared.is_empty():
        return
    stated = {
        "total": len(report.problems),
        **{s.value: sum(1 for p in report.problems if p.status == s) for s in Status},
    }
    for key in DECLARED_KEYS:
        said = getattr(declared, key)
        if said is not None and said != stated[key]:
            where = (
                f"（第{declared.line}行）"
                if declared.line
                else f"（“{declared.quote}”）"
                if declared.quote
                else ""
            )
            doubts.append(
                f"通报写明{DECLARED_LABELS[key]} {said} 个{where}，逐项统计为 {stated[key]} 个，请核对"
            )
