"""The 通报 (published rectification report) as plain dataclasses.

Every element keeps the 1-based line number of the normalised text it came from, so findings
and error messages can say where. ``Report.to_dict()`` gives the gold schema of
../shared/corpus/README.md (plus a few extra keys such as measure text and line numbers).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Rectification status as reports state it."""

    COMPLETED = "completed"  # 已完成 / 已完成整改 / 已整改到位 / 已办结
    PARTIAL = "partial"  # 阶段性完成 / 基本完成 / 部分完成
    IN_PROGRESS = "in_progress"  # 正在整改 / 未完成 / 持续整改中
    LONG_TERM = "long_term"  # 长期坚持 / 长期整改


STATUS_LABELS: dict[Status, str] = {
    Status.COMPLETED: "已完成整改",
    Status.PARTIAL: "阶段性完成",
    Status.IN_PROGRESS: "正在整改",
    Status.LONG_TERM: "长期坚持",
}

DECLARED_KEYS = ("total", "completed", "partial", "in_progress", "long_term")


class ReportError(ValueError):
    """The input cannot be read as a report. The message is Chinese and names the file and reason."""


# The dataclasses write their __init__ out: the one @dataclass generates is interpreted even in
# the mypyc build (setup.py), where it costs several times a compiled constructor. The fields
# stay declared, so fields(), asdict(), == and repr work as for any dataclass.


@dataclass
class Measure:
    text: str
    status: Status | None = None
    status_text: str | None = None
    line: int = 0

    def __init__(
        self, text: str, status: Status | None = None, status_text: str | None = None, line: int = 0
    ) -> None:
        self.text = text
        self.status = status
        self.status_text = status_text
        self.line = line

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value if self.status else None,
            "status_text": self.status_text,
            "text": self.text,
            "line": self.line,
        }


@dataclass
class Problem:
    path: list[str]
    categories: list[str]
    title: str
    status: Status | None = None
    status_text: str | None = None
    measures: list[Measure] = field(default_factory=list)
    text: str = ""  # the problem statement as printed (after the label)
    rectification: str = ""  # the rectification paragraph(s) as printed
    line: int = 0

    def __init__(
        self,
        path: list[str],
        categories: list[str],
        title: str,
        status: Status | None = None,
        status_text: str | None = None,
        measures: list[Measure] | None = None,
        text: str = "",
        rectification: str = "",
        line: int = 0,
    ) -> None:
        self.path = path
        self.categories = categories
        self.title = title
        self.status = status
        self.status_text = status_text
        self.measures = [] if measures is None else measures
        self.text = text
        self.rectification = rectification
        self.line = line

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": list(self.path),
            "categories": list(self.categories),
            "title": self.title,
            "status": self.status.value if self.status else None,
            "status_text": self.status_text,
            "measures": [m.to_dict() for m in self.measures],
            "text": self.text,
            "rectification": self.rectification,
            "line": self.line,
        }


@dataclass
class Declared:
    """Counts the text itself states in words ("共19个问题，已完成9个…")."""

    total: int | None = None
    completed: int | None = None
    partial: int | None = None
    in_progress: int | None = None
    long_term: int | None = None
    line: int = 0
    quote: str = ""

    def __init__(
        self,
        total: int | None = None,
        completed: int | None = None,
        partial: int | None = None,
        in_progress: int | None = None,
        long_term: int | None = None,
        line: int = 0,
        quote: str = "",
    ) -> None:
        self.total = total
        self.completed = completed
        self.partial = partial
        self.in_progress = in_progress
        self.long_term = long_term
        self.line = line
        self.quote = quote

    def is_empty(self) -> bool:
        return all(getattr(self, k) is None for k in DECLARED_KEYS)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in DECLARED_KEYS}


@dataclass
class Section:
    """A non-problem section (组织整改情况, 下一步工作打算, contact lines…), kept for rendering/checks."""

    label: str
    heading: str
    text: str
    line: int = 0

    def __init__(self, label: str, heading: str, text: str, line: int = 0) -> None:
        self.label = label
        self.heading = heading
        self.text = text
        self.line = line


@dataclass
class Report:
    doc: str | None = None
    source_url: str | None = None
    title: str | None = None
    unit: str | None = None
    inspector: str | None = None
    inspection_start: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"
    inspection_end: str | None = None
    feedback_date: str | None = None
    report_date: str | None = None
    declared: Declared | None = None
    problems: list[Problem] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    contact: str | None = None
    signature: str | None = None

    def __init__(
        self,
        doc: str | None = None,
        source_url: str | None = None,
        title: str | None = None,
        unit: str | None = None,
        inspector: str | None = None,
        inspection_start: str | None = None,
        inspection_end: str | None = None,
        feedback_date: str | None = None,
        report_date: str | None = None,
        declared: Declared | None = None,
        problems: list[Problem] | None = None,
        sections: list[Section] | None = None,
        contact: str | None = None,
        signature: str | None = None,
    ) -> None:
        self.doc = doc
        self.source_url = source_url
        self.title = title
        self.unit = unit
        self.inspector = inspector
        self.inspection_start = inspection_start
        self.inspection_end = inspection_end
        self.feedback_date = feedback_date
        self.report_date = report_date
        self.declared = declared
        self.problems = [] if problems is None else problems
        self.sections = [] if sections is None else sections
        self.contact = contact
        self.signature = signature

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "source_url": self.source_url,
            "title": self.title,
            "unit": self.unit,
            "inspector": self.inspector,
            "inspection_start": self.inspection_start,
            "inspection_end": self.inspection_end,
            "feedback_date": self.feedback_date,
            "report_date": self.report_date,
            "declared": self.declared.to_dict() if self.declared and not self.declared.is_empty() else None,
            "problems": [p.to_dict() for p in self.problems],
            "sections": [asdict(s) for s in self.sections],
            "contact": self.contact,
            "signature": self.signature,
        }
