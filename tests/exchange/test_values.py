"""Deadlines and statuses as people type them in a 台账."""

import datetime

import pytest

from zhenggai.exchange.values import (
    Deadline,
    format_deadline,
    parse_deadline,
    parse_public,
    parse_status,
    split_label,
)
from zhenggai.ledger.models import Status

D = datetime.date
FEEDBACK = D(2025, 3, 20)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2025年6月30日", Deadline(D(2025, 6, 30))),
        ("2025.6.30", Deadline(D(2025, 6, 30))),
        ("2025/6/30", Deadline(D(2025, 6, 30))),
        ("2025-06-30", Deadline(D(2025, 6, 30))),
        ("２０２５年６月３０日", Deadline(D(2025, 6, 30))),
        ("2025年6月30日前", Deadline(D(2025, 6, 30))),
        ("2025年6月底前完成", Deadline(D(2025, 6, 30))),
        ("2025年2月", Deadline(D(2025, 2, 28))),
        ("2025.9", Deadline(D(2025, 9, 30))),
        (datetime.datetime(2025, 7, 1, 0, 0), Deadline(D(2025, 7, 1))),
        (D(2025, 7, 1), Deadline(D(2025, 7, 1))),
        (45838, Deadline(D(2025, 6, 30))),  # an Excel date serial in a number-formatted cell
        ("6月底", Deadline(D(2025, 6, 30))),
        ("6月30日", Deadline(D(2025, 6, 30))),
        ("2月底", Deadline(D(2026, 2, 28))),  # before the feedback month: next year
        ("年底前", Deadline(D(2025, 12, 31))),
        ("今年年底", Deadline(D(2025, 12, 31))),
        ("明年年底", Deadline(D(2026, 12, 31))),
        ("2026年底", Deadline(D(2026, 12, 31))),
        ("上半年", Deadline(D(2025, 6, 30))),
        ("三季度", Deadline(D(2025, 9, 30))),
        ("长期坚持", Deadline(None, long_term=True)),
        ("长期", Deadline(None, long_term=True)),
        ("长期坚持（2025年6月30日前）", Deadline(D(2025, 6, 30), long_term=True)),
        ("立行立改", Deadline(None, immediate=True)),
        ("立行立改，长期坚持", Deadline(None, long_term=True, immediate=True)),
        ("", Deadline()),
        (None, Deadline()),
    ],
)
def test_deadline_as_typed(typed, expected):
    assert parse_deadline(typed, FEEDBACK) == expected


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("6月32日", "不是有效日期"),
        ("2025-13-01", "2025年13月1日不是有效日期"),
        ("1899年1月1日", "年份 1899 不合理"),
        ("尽快", "无法识别的日期"),
        ("2025年3月底、6月底", "包含多个日期"),
    ],
)
def test_bad_deadline_says_why(typed, reason):
    with pytest.raises(ValueError, match=reason):
        parse_deadline(typed, FEEDBACK)


@pytest.mark.parametrize("deadline", [D(2025, 6, 30), None])
@pytest.mark.parametrize("long_term", [True, False])
@pytest.mark.parametrize("immediate", [True, False])
def test_format_deadline_parses_back(deadline, long_term, immediate):
    text = format_deadline(deadline, long_term, immediate)
    assert parse_deadline(text, FEEDBACK) == Deadline(deadline, long_term, immediate)


@pytest.mark.parametrize(
    "typed, status, note",
    [
        ("已完成", Status.COMPLETED, ""),
        ("已整改", Status.COMPLETED, ""),
        ("完成", Status.COMPLETED, ""),
        ("已完成整改。印发《会议制度》", Status.COMPLETED, "印发《会议制度》"),
        ("基本完成", Status.PARTIAL, ""),
        ("阶段性完成", Status.PARTIAL, ""),
        ("正在推进", Status.IN_PROGRESS, ""),
        ("整改中", Status.IN_PROGRESS, ""),
        ("未完成", Status.IN_PROGRESS, ""),
        ("（尚未完成）", Status.IN_PROGRESS, ""),
        ("长期坚持", Status.LONG_TERM, ""),
        ("该项工作已完成整改", Status.COMPLETED, "该项工作已完成整改"),
        ("目前尚未完成，正在协调", Status.IN_PROGRESS, "目前尚未完成，正在协调"),
        ("", None, ""),
        (None, None, ""),
    ],
)
def test_status_in_its_chinese_forms(typed, status, note):
    assert parse_status(typed) == (status, note)


def test_unknown_status_says_what_to_write():
    with pytest.raises(ValueError, match="无法识别的完成情况"):
        parse_status("差不多了")


def test_public_flag_and_labels():
    assert parse_public("党内") is False and parse_public("社会公开") is True and parse_public(None) is True
    with pytest.raises(ValueError):
        parse_public("看情况")
    assert split_label("一、党的建设方面") == ("一、", "党的建设方面")
    assert split_label("（二）作风建设") == ("（二）", "作风建设")
    assert split_label("党的建设方面") == ("", "党的建设方面")
    assert split_label("2025年度问题") == ("", "2025年度问题")
