"""The hand-written label reader against the label patterns it replaces, and the structure
builder's gates against the tests they stand for.

``_reference`` is ``label_at_start`` as it was with the regexes of labels.STYLES, each tried in
turn; ``_label_at_start`` must give the same label (every field) or None for any line."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zhenggai.reports.labels import (
    _CN_TOP_FIRST,
    AR_DOT,
    AR_HALF_PAREN,
    AR_PAREN,
    CIRCLED,
    CIRCLED_RE,
    CN_PAREN,
    CN_PAREN_ONE,
    CN_TOP,
    LABEL_START,
    PAREN_IDEOGRAPH,
    STYLES,
    WENTI,
    Label,
    _cn_numeral_code,
    _decimal,
    _label_at_start,
    _space,
    label_start_code,
    match_label,
    match_label_code,
    normalise_label,
    number_value,
)
from zhenggai.reports.structure import ABOUT_QUOTED, UNNUMBERED_HEADING
from zhenggai.reports.text import _RECT_LABEL_FIRST_CHARS, rect_label


def _styles_for(first: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if first in "（(":
        return tuple(s for s in STYLES if s[1] in (CN_PAREN, AR_PAREN))
    if first in "一二三四五六七八九十百":
        return tuple(s for s in STYLES if s[1] is CN_TOP)
    if first in PAREN_IDEOGRAPH:
        return tuple(s for s in STYLES if s[1] is CN_PAREN_ONE)
    if first in CIRCLED:
        return tuple(s for s in STYLES if s[1] is CIRCLED_RE)
    if first == "问":
        return tuple(s for s in STYLES if s[1] is WENTI)
    return tuple(s for s in STYLES if s[1] in (AR_DOT, AR_HALF_PAREN))


def _reference(line: str) -> Label | None:
    for style, pattern in _styles_for(line[0]):
        m = pattern.match(line)
        if m is None:
            continue
        digits: str = m.group(1)
        if digits in PAREN_IDEOGRAPH:
            digits = "一二三四五六七八九十"[PAREN_IDEOGRAPH.index(digits)]
        value = CIRCLED.index(digits) + 1 if style == "circled" else number_value(digits)
        if value is None:
            continue
        norm = digits if style == "circled" else normalise_label(style, digits)
        end = m.end()
        while end < len(line) and line[end] in " \u3000\t":
            end += 1
        return Label(style, value, line[: m.end()].strip(), norm, end)
    return None


def _fields(lab: Label | None) -> tuple[str, int, str, str, int] | None:
    return None if lab is None else (lab.style, lab.value, lab.printed, lab.norm, lab.end)


# The characters the patterns test, some that look like them, and filler.
ALPHABET = (
    "（()）一二三四五六七八九十百两零〇0123456789０１２３４５６７８９٣"
    + "、．.。:：问题年 \u3000\t\n\xa0\x1c\x0b\u2003"
    + CIRCLED[:3]
    + PAREN_IDEOGRAPH[:3]
    + "是条项a"
)
STARTS = sorted(LABEL_START)


@settings(max_examples=3000)
@given(st.sampled_from(STARTS), st.text(ALPHABET, max_size=12))
def test_label_reader_matches_the_patterns(first: str, rest: str) -> None:
    line = first + rest
    assert _fields(_label_at_start(line)) == _fields(_reference(line))


@settings(max_examples=1000)
@given(st.text(ALPHABET, max_size=12))
def test_match_label_matches_the_patterns(line: str) -> None:
    expected = _reference(line) if line and line[0] in LABEL_START else None
    assert _fields(match_label(line)) == _fields(expected)


def test_label_reader_examples() -> None:
    for line in [
        "1.2023年，来自",
        "1.2023",
        "1 、x",
        "（ 十二 ）x",
        "(1 )",
        "十二、 1",
        "3）",
        "①x",
        "㈡",
        "问题 3：x",
    ]:
        assert _fields(_label_at_start(line)) == _fields(_reference(line)), line


def test_char_class_shortcuts() -> None:
    # _decimal and _space answer CJK characters without asking str: none is a digit or a space
    assert not any(chr(o).isdecimal() for o in range(0x3000, 0xA000))
    assert not any(chr(o).isspace() for o in range(0x3001, 0xA000))
    for o in [*range(0x3000), *range(0xA000, 0x10000), 0x1D7CE]:
        assert _decimal(chr(o)) == chr(o).isdecimal()
        assert _space(chr(o)) == chr(o).isspace()


def test_code_point_gates() -> None:
    # label_start_code and _cn_numeral_code are the sets LABEL_START and _CN_TOP_FIRST
    for o in range(0x110000):
        c = chr(o)
        assert label_start_code(o) == (c in LABEL_START), hex(o)
        assert _cn_numeral_code(o) == (c in _CN_TOP_FIRST), hex(o)


@settings(max_examples=500)
@given(st.text(ALPHABET, min_size=1, max_size=60))
def test_match_label_code_and_cache(line: str) -> None:
    # asked twice: the second answer comes from the cache for lines of up to 48 characters
    expected = _fields(_reference(line) if line[0] in LABEL_START else None)
    assert _fields(match_label_code(line, ord(line[0]))) == expected
    assert _fields(match_label(line)) == expected


HEADING_ALPHABET = '关于方面的问题存在“"「『 \t。；，：（）党建设' + "一1"


@settings(max_examples=500)
@given(st.text(HEADING_ALPHABET, max_size=34))
def test_structure_regex_gates(s: str) -> None:
    # TreeBuilder._add_short asks UNNUMBERED_HEADING only when "方面" is in the line;
    # _has_evidence asks ABOUT_QUOTED only when the text starts with "关于"
    if UNNUMBERED_HEADING.fullmatch(s):
        assert "方面" in s
    if ABOUT_QUOTED.match(s):
        assert s.startswith("关于")


@settings(max_examples=500)
@given(st.text("具主采已相整落推完进下情况措施：:。一（a", min_size=1, max_size=20))
def test_rect_label_first_character_gate(s: str) -> None:
    # TreeBuilder.add calls rect_label only when the first character is one of these
    if s[0] not in _RECT_LABEL_FIRST_CHARS:
        assert rect_label(s) is None
