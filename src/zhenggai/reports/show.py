"""A parsed report as a readable Chinese tree, for ``zhenggai parse FILE``."""

from __future__ import annotations

from .model import DECLARED_KEYS, STATUS_LABELS, Measure, Problem, Report, Status

INDENT = "  "
# Measure texts are cut to this many characters in the tree; --json has them whole.
MEASURE_PREVIEW = 60

META_LABELS: tuple[tuple[str, str], ...] = (
    ("title", "标题"),
    ("unit", "被巡察单位"),
    ("inspector", "巡察组"),
    ("feedback_date", "反馈日期"),
    ("report_date", "报告日期"),
)
DECLARED_LABELS: dict[str, str] = {
    "total": "问题总数",
    "completed": "已完成",
    "partial": "阶段性完成",
    "in_progress": "正在整改",
    "long_term": "长期坚持",
}


def format_tree(report: Report) -> str:
    """Metadata, declared counts, then the problem tree (headings, problems, measures) by level."""
    out: list[str] = []
    if report.doc:
        out.append(f"文件：{report.doc}")
    for attr, label in META_LABELS[:3]:
        out.append(f"{label}：{getattr(report, attr) or '（无）'}")
    out.append(f"巡察时间：{_period(report)}")
    for attr, label in META_LABELS[3:]:
        out.append(f"{label}：{getattr(report, attr) or '（无）'}")
    out.append(f"通报中声明的数量：{_declared(report)}")
    out.append("")
    if not report.problems:
        out.append("未识别出整改问题。")
    else:
        measures = sum(len(p.measures) for p in report.problems)
        out.append(f"整改问题：{len(report.problems)} 个，整改措施：{measures} 条")
        out.extend(_problem_lines(report.problems))
    if report.sections:
        out.append("")
        out.append("其他部分：")
        out.extend(f"{INDENT}{_join(s.label, s.heading) or '（开头）'}" for s in report.sections)
    out.extend(_field("联系方式", report.contact))
    out.extend(_field("落款", report.signature))
    return "\n".join(out) + "\n"


def _field(label: str, value: str | None) -> list[str]:
    """``label：value``; a value of several lines continues indented, and a value that already
    starts with its label ("联系方式:0427…") is not labelled twice."""
    lines = [line.strip() for line in (value or "").split("\n") if line.strip()]
    if not lines:
        return []
    first = lines[0] if lines[0].startswith(label) else f"{label}：{lines[0]}"
    return [first, *(INDENT + line for line in lines[1:])]


def _period(report: Report) -> str:
    start, end = report.inspection_start, report.inspection_end
    if start and end:
        return f"{start} 至 {end}"
    return start or end or "（无）"


def _declared(report: Report) -> str:
    declared = report.declared
    if declared is None or declared.is_empty():
        return "（无）"
    parts = [
        f"{DECLARED_LABELS[k]} {getattr(declared, k)} 个"
        for k in DECLARED_KEYS
        if getattr(declared, k) is not None
    ]
    return "，".join(parts)


def _problem_lines(problems: list[Problem]) -> list[str]:
    lines: list[str] = []
    shown: list[tuple[str, str]] = []  # the enclosing headings printed so far, outermost first
    for problem in problems:
        headings, own_label = _headings(problem)
        common = 0
        while common < min(len(shown), len(headings)) and shown[common] == headings[common]:
            common += 1
        for depth in range(common, len(headings)):
            label, text = headings[depth]
            lines.append(f"{INDENT * (depth + 1)}{_join(label, text)}")
        shown = headings
        depth = len(headings) + 1
        lines.append(
            f"{INDENT * depth}{_join(own_label, problem.title or '（无标题）')}{_status(problem.status, problem.status_text)}"
        )
        for number, measure in enumerate(problem.measures, 1):
            lines.append(
                f"{INDENT * (depth + 1)}措施{number}：{_preview(measure)}{_status(measure.status, measure.status_text)}"
            )
    return lines


def _headings(problem: Problem) -> tuple[list[tuple[str, str]], str]:
    """The (label, heading text) pairs enclosing ``problem`` and the problem's own label.

    Normally the last path label is the problem's own; when there are as many headings as labels
    the problem is an unnumbered line under its heading and has no label of its own."""
    path, categories = list(problem.path), list(problem.categories)
    if path and len(categories) < len(path):
        own = path[-1]
        path = path[:-1]
    else:
        own = ""
    categories += [""] * (len(path) - len(categories))
    return list(zip(path, categories, strict=False)), own


def _join(label: str, text: str) -> str:
    if label and text:
        return f"{label} {text}"
    return label or text


def _status(status: Status | None, status_text: str | None) -> str:
    if status is None and not status_text:
        return ""
    label = status_text or (STATUS_LABELS[status] if status else "")
    return f"〔{label}〕"


def _preview(measure: Measure) -> str:
    text = " ".join(measure.text.split())
    if not text:
        return "（无文字）"
    return text if len(text) <= MEASURE_PREVIEW else text[:MEASURE_PREVIEW] + "…"
