"""Unit tests of the parser's small rules (the data-file cases test them end to end)."""

from __future__ import annotations

import pytest

from zhenggai.reports.labels import cn_to_int, match_label
from zhenggai.reports.measures import enumerate_measures, split_measures
from zhenggai.reports.meta import find_dates, find_declared, find_period, fmt, resolve_dates
from zhenggai.reports.model import Status
from zhenggai.reports.status import MARKER_HINT, STATUS_OF, find_marker, heading_status, sentence_status
from zhenggai.reports.text import Line, is_page_number, rect_label, unwrap, wrap_width


@pytest.mark.parametrize(
    ("s", "v"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零一", 101)]
)
def test_chinese_numerals(s: str, v: int) -> None:
    assert cn_to_int(s) == v


@pytest.mark.parametrize(
    ("line", "style", "norm", "rest"),
    [
        ("一、党建方面", "cn_top", "一", "党建方面"),
        ("(一)财务管理", "cn_paren", "（一）", "财务管理"),
        ("（十二）反馈问题:不彻底", "cn_paren", "（十二）", "反馈问题:不彻底"),
        ("（2） 关于“某”的整改情况", "ar_paren", "（2）", "关于“某”的整改情况"),
        ("1.推进不力。", "ar_dot", "1", "推进不力。"),
        ("3、设备老化", "ar_dot", "3", "设备老化"),
        ("1.2023年起实行", "ar_dot", "1", "2023年起实行"),
        ("2)档案管理", "ar_half_paren", "2）", "档案管理"),
        ("③清理档案", "circled", "③", "清理档案"),
    ],
)
def test_labels_are_recognised_and_normalised(line: str, style: str, norm: str, rest: str) -> None:
    lab = match_label(line)
    assert lab is not None and (lab.style, lab.norm, line[lab.end :]) == (style, norm, rest)


@pytest.mark.parametrize(
    "line", ["一是加强学习", "2023年5月", "1.5亿元", "12345平台", "第一议题", "（草案）"]
)
def test_prose_is_not_a_label(line: str) -> None:
    assert match_label(line) is None


def test_every_status_phrase_passes_the_quick_marker_filter() -> None:
    for phrase in STATUS_OF:
        assert MARKER_HINT.search(phrase), phrase


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("问题。（已完成）", (Status.COMPLETED, "已完成")),
        ("问题。(阶段性完成整改", (Status.PARTIAL, "阶段性完成整改")),
        ("问题。未完成整改", (Status.IN_PROGRESS, "未完成整改")),
        ("问题。整改进展：部分完成", (Status.PARTIAL, "部分完成")),
        ("问题（整改状态：长期坚持）", (Status.LONG_TERM, "长期坚持")),
        ("2025年2月已完成招标，效果良好。", None),
        ("整改措施及取得的阶段性成效：做了", None),
    ],
)
def test_status_markers(text: str, expected: tuple[Status, str] | None) -> None:
    assert find_marker(text) == expected


def test_status_headings_and_opening_sentences() -> None:
    assert heading_status("已整改完成的问题（14个）") == (Status.COMPLETED, "已整改完成")
    assert heading_status("反馈问题：整改完成情况") is None
    assert sentence_status("截至目前，尚有4个问题正在整改过程中。") == (Status.IN_PROGRESS, "正在整改")
    assert sentence_status("已完成9个，阶段性完成9个问题。") is None  # two kinds: a count, not a status


def test_garbled_dates_keep_every_reading_and_the_chronology_picks_one() -> None:
    (feedback,) = find_dates("2025117日")
    assert sorted(feedback.readings) == [(2025, 1, 17), (2025, 11, 7)]
    (sig,) = find_dates("2025728")
    assert sig.readings == [(2025, 7, 28)]
    assert find_dates("20192024年") == []
    picked = resolve_dates([[(2024, 9, None)], [(2024, 11, None)], feedback.readings, [], sig.readings])
    assert [fmt(d) for d in picked] == ["2024-09", "2024-11", "2025-01-17", None, "2025-07-28"]


def test_inspection_periods() -> None:
    p = find_period("2022年8月11日至10月21日，市委巡察组")
    assert p is not None and (fmt(p.start[0]), fmt(p.end[0])) == ("2022-08-11", "2022-10-21")
    p = find_period("2022年11月9日至1月15日")
    assert p is not None and fmt(p.end[0]) == "2023-01-15"  # the end month is earlier: next year
    p = find_period("20249月至11月")
    assert p is not None and (fmt(p.start[0]), fmt(p.end[0])) == ("2024-09", "2024-11")


def test_declared_counts_phrasings() -> None:
    d = find_declared(["共反馈问题23个，已整改完成19个，正在整改4个。"])
    assert d is not None and (d.total, d.completed, d.in_progress) == (23, 19, 4)
    d = find_declared(["截至目前，18个问题全部完成整改。", "反馈的十八个问题中，长期坚持两个。"])
    assert d is not None and (d.total, d.completed, d.long_term) == (18, 18, 2)
    assert find_declared(["力争解决一个问题、堵塞一个漏洞。"]) is None


def test_measure_enumerations() -> None:
    assert len(enumerate_measures("一是甲；二是乙；三是丙。")) == 3
    assert len(enumerate_measures("整改情况是甲；二是乙；三是丙。")) == 3  # lost first marker
    assert enumerate_measures("统一是基础，唯一是目标。") == []
    assert enumerate_measures("退回3.5万元，占1.48%。") == []
    ms = split_measures("一是培训。（已完成）\n二是改造。（基本完成）")
    assert [(m.status, m.status_text) for m in ms] == [
        (Status.COMPLETED, "已完成"),
        (Status.PARTIAL, "基本完成"),
    ]


def test_rectification_labels() -> None:
    assert rect_label("整改情况：一是") is not None
    assert rect_label("整改措施及取得的阶段性成效：") is not None
    assert rect_label("整改情况") is not None
    assert rect_label("落实意识形态工作责任制情况不佳") is None


def test_page_numbers() -> None:
    for s in ("- 3 -", "— 12 —", "第3页", "第 3 页 共 12 页", "3/12"):
        assert is_page_number(s), s
    assert not is_page_number("3.加强管理")


def test_wrap_width_is_found_only_in_hard_wrapped_text() -> None:
    wrapped = [Line(i, "字" * 28) for i in range(10)] + [Line(11, "短行。")]
    assert wrap_width(wrapped) == 28
    free = [Line(i, "字" * (15 + 7 * i)) for i in range(10)]
    assert wrap_width(free) is None
    joined = unwrap(
        [Line(1, "1." + "字" * 26), Line(2, "完。")] + [Line(i, "字" * 27 + "。") for i in range(3, 9)]
    )
    assert joined[0].text == "1." + "字" * 26 + "完。"
