"""Properties of the 体检 that must hold for any report: it never raises, every finding is well
formed and points at a problem of the report, and a clean copy of a report gains no findings
from being checked twice."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from zhenggai.reports import Declared, Measure, Problem, Report, Status
from zhenggai.reports.check import check_report, findings_json
from zhenggai.reports.findings import Severity
from zhenggai.reports.parse import parse_text

CODES = {
    "declared-mismatch",
    "duplicate-measure",
    "completed-but-ongoing",
    "no-measures",
    "date-order",
    "numbering",
}
LABELS = ["一", "二", "三", "（一）", "（二）", "（2）", "（三）", "1", "2", "3", "4", "①", "②", "甲", ""]
# Phrases steering texts towards the rules: ongoing words, dates, enumeration, titles.
WORDS = ["正在", "尚未", "待", "拟", "将于", "下一步", "计划于", "2023年5月", "2024年12月1日", "一是", "二是",
         "《管理办法》", "（已完成）", "修订制度", "组织培训", "，", "。", "的", "接待", "以来"]  # fmt: skip
DATES = st.one_of(
    st.none(), st.sampled_from(["2023-05", "2024-03-01", "2024-11", "2025-01-17", "bad", "2024-13-40"])
)
statuses = st.one_of(st.none(), st.sampled_from(list(Status)))
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=12).map("".join)
measures = st.builds(Measure, text=texts, status=statuses)
problems = st.builds(
    Problem,
    path=st.lists(st.sampled_from(LABELS), max_size=4),
    categories=st.just([]),
    title=texts,
    status=statuses,
    measures=st.lists(measures, max_size=4),
    rectification=texts,
    line=st.integers(0, 500),
)
counts = st.one_of(st.none(), st.integers(-1, 40))
declared = st.one_of(
    st.none(),
    st.builds(
        Declared,
        total=counts,
        completed=counts,
        partial=counts,
        in_progress=counts,
        long_term=counts,
        quote=texts,
    ),
)
reports = st.builds(
    Report,
    problems=st.lists(problems, max_size=12),
    declared=declared,
    inspection_start=DATES,
    inspection_end=DATES,
    feedback_date=DATES,
    report_date=DATES,
)


@settings(max_examples=60, deadline=None)
@given(reports)
def test_any_report_gets_well_formed_findings(report):
    findings = check_report(report)
    json.dumps(findings_json(findings), ensure_ascii=False)
    for f in findings:
        assert f.code in CODES and f.severity in set(Severity)
        assert f.title and f.message
        assert all(0 <= i < len(report.problems) for i in f.problems)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(WORDS + ["\n一、", "\n（一）", "\n1.", "\n整改情况：", "（已完成整改）", "巡察"]),
        max_size=60,
    )
)
def test_any_parsed_text_can_be_checked(parts):
    report = parse_text("".join(parts))
    assert check_report(report) == check_report(report)
