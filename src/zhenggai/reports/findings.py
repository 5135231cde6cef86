"""The findings of the 体检 (``zhenggai.reports.check``) and their output forms: JSON for
``zhenggai check --json`` and one Chinese line per finding, grouped by severity."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the text contradicts itself: counts or dates that cannot both be true
    WARNING = "warning"  # very likely a defect a careful reader would fix
    INFO = "info"  # worth a look, harmless on its own


SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass
class Finding:
    """One finding of the 体检. ``path`` is the item's numbering ("三（三）4"), ``quote`` the text
    it is about, ``line`` the 1-based line in the normalised text (0 when unknown).
    ``problems`` holds the indices (into ``report.problems``) of the problems concerned, so a
    caller such as the ledger can link to them."""

    code: str
    severity: Severity
    path: str
    title: str
    message: str
    quote: str = ""
    line: int = 0
    problems: tuple[int, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "title": self.title,
            "message": self.message,
            "quote": self.quote,
            "line": self.line,
        }


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.line, f.path, f.code))


# --- output ------------------------------------------------------------------------------------


def findings_json(findings: list[Finding]) -> dict[str, Any]:
    return {"findings": [f.to_dict() for f in findings]}


def format_findings(findings: list[Finding], source: str) -> str:
    """One line per finding, grouped by severity, for ``zhenggai check``."""
    counts = Counter(f.severity for f in findings)
    summary = "，".join(f"{SEVERITY_LABELS[s]} {counts[s]}" for s in Severity)
    out = [f"体检：{source}", f"共发现 {len(findings)} 项（{summary}）。" if findings else "未发现问题。"]
    for severity in Severity:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        out.append("")
        out.append(f"【{SEVERITY_LABELS[severity]}】")
        for f in group:
            where = " ".join(x for x in (f.path, f"第{f.line}行" if f.line else "") if x)
            quote = f"　原文：“{f.quote}”" if f.quote and f.quote != f.path else ""
            out.append(f"  [{f.code}] {where + '：' if where else ''}{f.title}。{f.message}{quote}")
    return "\n".join(out) + "\n"
