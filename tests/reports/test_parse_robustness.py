"""parse_text on hostile input: it never raises, stays linear, and keeps its tree shallow."""

from __future__ import annotations

import json
import random
import time

import pytest

from zhenggai.reports.parse import parse_text
from zhenggai.reports.structure import MAX_DEPTH, build_tree
from zhenggai.reports.text import clean_lines, unwrap

# Fragments of the genre, mixed at random so that every branch of the parser is reached.
TOKENS = [
    "一、", "二、", "（一）", "（2）", "(3)", "1.", "2.", "1、", "（1）", "1)", "①", "②", "一是", "二是",
    "第一，", "。", "，", "；", ":", "：", "\n", "\n\n", "\t", "  ", "整改情况：", "整改落实情况",
    "(已完成)", "（已完成整改", "已完成整改", "阶段性完成", "正在整改的问题", "已整改完成的问题", "长期坚持",
    "关于“", "”问题的整改", "2025年7月16日", "2025117日", "20249月", "至11月", "2025728", "截至", "巡察",
    "县委第一巡察组", "对某院党委进行了巡察", "向某院党委反馈", "共19个问题", "已完成9个", "联系电话：123",
    "首页 > 新闻", "发布时间：2024-01-01", "- 3 -", "第3页", "序号\t问题\t整改措施\t完成情况",
    "1\t问题\t措施\t已完成", "欢迎广大群众监督", "问题", "医院", "不到位", "（", "）", "“", "”", "\x00",
    "\u3000", "\xa0", "下一步工作打算", "组织整改情况", "\n关于党建方面\n", "㈠", "１．", "问题1：",
]  # fmt: skip


def test_random_genre_fragments_always_give_a_valid_report() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 60)))
        report = parse_text(text)
        json.dumps(report.to_dict(), ensure_ascii=False)
        for p in report.problems:
            assert p.title and p.path, text


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["list"]])
def test_a_value_that_is_not_text_gives_an_empty_report(value: object) -> None:
    report = parse_text(value)  # type: ignore[arg-type]
    assert report.problems == [] and report.title is None


def test_a_list_restarting_in_every_item_does_not_nest_without_bound() -> None:
    text = "巡察\n" + "1.问题。\n整改情况：做了。\n" * 200
    root = build_tree(unwrap(clean_lines(text)))
    depth, node = 0, root
    while node.children:
        node = node.children[-1]
        depth += 1
    assert depth <= MAX_DEPTH


def _seconds(text: str) -> float:
    # CPU time of this process: other processes on a shared machine do not count
    start = time.process_time()
    parse_text(text)
    return time.process_time() - start


@pytest.mark.parametrize(
    "unit",
    [
        "巡察\n1.问题。\n整改情况：一是做了；二是（已完成）。\n",  # many problems
        "巡察共19个问题，已完成9个，",  # one endless counting sentence
        "巡察" + "2024年1月1日至2月3日，",  # dates without end
        "巡察（一）1.①一是“关于",  # labels and quotes without line breaks
    ],
)
def test_parsing_time_grows_linearly(unit: str) -> None:
    small, large = unit * 2000, unit * 8000
    _seconds(small)  # warm caches
    t_small = min(_seconds(small) for _ in range(3))
    t_large = min(_seconds(large) for _ in range(3))
    # four times the input may take at most ~10 times as long (noise on a shared machine),
    # a quadratic step would take sixteen times as long.
    assert t_large < max(10 * t_small, 0.05), f"{t_small:.3f}s -> {t_large:.3f}s"
