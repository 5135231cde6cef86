"""text.py's and clean.py's fast paths give what the plain computation they replace gives.

- clean.may_be_debris asks str.isspace() only of characters up to U+3000: no space is above;
- first_sentence, written with str.find, splits where the old regex [。！？!?] found the end;
- rect_label, with its own cache, answers what RECT_LABEL with the bare-label rule answers.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from zhenggai.reports.text import (
    _RECT_LABEL_FIRST_CHARS,
    RECT_LABEL_BARE_MAX,
    RECT_LABEL_FIRST,
    first_sentence,
    rect_label,
)

# RECT_LABEL as it stands, kept here so that a rewrite of rect_label is checked against it.
OLD_RECT_LABEL = re.compile(
    r"(?:具体|主要|采取的|已采取的|相关)?(?:整改|落实|推进|完成|进展)[^：:。；;，,]{0,12}?"
    r"(?:情况|结果|成效|措施|进展|举措|进度)[^：:。；;，,]{0,8}?(?:[:：]|$)"
    r"|(?:下一步|下步)[^：:。；;，,]{0,10}?(?:措施|打算|计划|工作)[:：]"
)


def old_rect_label(s: str) -> re.Match[str] | None:
    m = OLD_RECT_LABEL.match(s)
    if m is None:
        return None
    if m.end() == len(s) and s[-1] not in "：:" and len(s) > RECT_LABEL_BARE_MAX:
        return None
    return m


# The words and characters the pattern is made of, plus filler.
RECT_PIECES = [
    *"具体主要采取的已相关整改落实推进完成进展情况结果成效措施举措度下一步打算计划工作",
    *"：:。；;，,\n 甲乙",
    "整改",
    "落实",
    "情况",
    "措施",
    "进展",
    "下一步",
    "已采取的",
    "采取的",
    "具体",
    "相关",
]


def same_label(s: str) -> None:
    new, old = rect_label(s), old_rect_label(s)
    assert (new is None) == (old is None), s
    if new is not None and old is not None:
        assert (new.start(), new.end(), new.group()) == (old.start(), old.end(), old.group()), s


@given(st.lists(st.sampled_from(RECT_PIECES), max_size=14).map("".join))
def test_rect_label_is_the_old_pattern(s: str) -> None:
    same_label(s)


_GAP = st.lists(st.sampled_from(list("甲情况措施整：:，。\n 下")), max_size=14).map("".join)
_LABEL_LIKE = st.tuples(
    st.sampled_from(["", "具体", "主要", "采取的", "已采取的", "相关", "下一步", "下步", "下"]),
    st.sampled_from(["", "整改", "落实", "推进", "完成", "进展", "整"]),
    _GAP,
    st.sampled_from(["情况", "结果", "成效", "措施", "进展", "举措", "进度", "计划", "工作", "打算", "情"]),
    _GAP,
    st.sampled_from(["", "：", ":", "\n", "。", "甲"]),
    _GAP,
).map("".join)


@given(_LABEL_LIKE)
def test_rect_label_is_the_old_pattern_on_label_like_lines(s: str) -> None:
    same_label(s)


def test_rect_label_examples() -> None:
    for s in [
        "整改情况：一是",
        "整改措施及取得的阶段性成效：",
        "整改情况",
        "整改情况\n",
        "落实意识形态工作责任制情况不佳",
        "下一步工作打算：",
        "下步工作",
        "已采取的整改措施：",
        "整改工作领导小组定期听取进展汇报，对推进缓慢的事项及时督促",
        "",
    ]:
        same_label(s)


def test_no_space_character_is_above_the_ideographic_space() -> None:
    assert max(c for c in map(chr, range(0x110000)) if c.isspace()) == "\u3000"


# The sentence end first_sentence looked for with a regex before it used str.find.
OLD_SENTENCE_END = re.compile(r"[。！？!?]")


def old_first_sentence(s: str) -> tuple[str, str]:
    m = OLD_SENTENCE_END.search(s)
    if m is None:
        return s.strip(), ""
    return s[: m.start()].strip(), s[m.end() :].strip()


@given(st.lists(st.sampled_from([*"。！？!?.，甲乙 \u3000\n"]), max_size=12).map("".join))
def test_first_sentence_is_the_old_split(s: str) -> None:
    assert first_sentence(s) == old_first_sentence(s)


def test_rect_label_first_characters_twice_the_same() -> None:
    assert frozenset(_RECT_LABEL_FIRST_CHARS) == RECT_LABEL_FIRST
