"""status.py's str.find-driven marker search gives what the plain regex scans give.

find_marker_in tries BRACKET_MARKER, LABELLED_MARKER and TAIL_MARKER only where str.find /
str.rfind say a marker can start, instead of letting each regex scan the text. The plain
computation (the scans as they were) is kept here, and the two are compared on texts built
from the characters that matter: brackets, separators, spaces, labels, phrases, CJK filler.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from zhenggai.reports.model import Status
from zhenggai.reports.status import (
    _TAIL_TRAILER,
    BRACKET_MARKER,
    LABELLED_MARKER,
    STATUS_OF,
    TAIL_MARKER,
    TAIL_WINDOW,
    _first_bracket_from,
    _tail_phrase_end,
    find_marker,
    find_marker_in,
    first_bracket,
    has_bracket,
    has_colon,
    strip_markers,
)


def plain_find_marker(text: str) -> tuple[Status, str] | None:
    """find_marker as the three full regex scans compute it."""
    at = -1
    word = ""
    last: re.Match[str] | None = None
    for m in BRACKET_MARKER.finditer(text):
        last = m
    if last is not None:
        at = last.start()
        word = last.group("word")
    if has_colon(text):
        for m in LABELLED_MARKER.finditer(text):
            if m.start() > at:
                at = m.start()
                word = m.group("word")
    m2 = TAIL_MARKER.search(text, max(len(text) - TAIL_WINDOW, 0))
    if m2 and m2.start() > at:
        at = m2.start()
        word = m2.group("word")
    if at < 0:
        return None
    return STATUS_OF[word], word


def plain_strip_markers(text: str) -> str:
    """strip_markers as the full regex scans compute it."""
    text = BRACKET_MARKER.sub("", text)
    m = TAIL_MARKER.search(text, max(len(text) - TAIL_WINDOW, 0))
    if m:
        text = text[: m.start() + (1 if m.group(0)[:1] in "。；;！!？?" else 0)]
    return text.strip()


PIECES = [
    *STATUS_OF,
    *"（(【[〔［)）】]〕］：:，,；;、。.！!？? \u3000\n甲乙整改完成进展状态进度情况结果",
    "整改进展：",
    "完成情况:",
    "【整改进度】",
    "整改状态：",
    "整改进展",
    "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)


@given(TEXTS)
def test_find_marker_is_the_plain_scans(text: str) -> None:
    assert find_marker(text) == plain_find_marker(text)


@given(TEXTS, st.integers(0, 80), st.integers(0, 80))
def test_find_marker_in_a_part_is_the_plain_scans(text: str, i: int, j: int) -> None:
    part = text[min(i, j) : max(i, j)]
    assert find_marker_in(part, has_bracket(text), has_colon(text)) == plain_find_marker(part)


@given(TEXTS)
def test_strip_markers_is_the_plain_scans(text: str) -> None:
    assert strip_markers(text) == plain_strip_markers(text)


def test_a_long_label_far_from_its_opening_character() -> None:
    # the tail marker's longest reach: opening character, space, "【整改进展 】 ", 7-character phrase
    text = "甲" * 20 + "。 【整改进展 】 阶段性完成整改。"
    assert _tail_phrase_end(text) >= 0
    assert find_marker(text) == plain_find_marker(text) == (Status.PARTIAL, "阶段性完成整改")


OPENING = re.compile(r"[（(【\[〔［]")


@given(TEXTS, st.integers(0, 80))
def test_first_bracket_is_the_class_search(text: str, start: int) -> None:
    m = OPENING.search(text, start)
    assert _first_bracket_from(text, start) == (m.start() if m else -1)
    m = OPENING.search(text)
    assert first_bracket(text) == (m.start() if m else -1)
    assert has_bracket(text) == (m is not None)


def test_no_phrase_ends_with_closing_punctuation_or_a_space() -> None:
    # _tail_phrase_end reads a text's last character as one or the other
    assert not set(_TAIL_TRAILER) & {p[-1] for p in STATUS_OF}


@given(TEXTS)
def test_the_tail_phrase_end_is_the_strip(text: str) -> None:
    t = text.rstrip(_TAIL_TRAILER)
    assert _tail_phrase_end(text) == (len(t) if t.endswith(tuple(STATUS_OF)) else -1)


def test_ending_with_is_the_last_character_table() -> None:
    # _ending_with compares code points instead of looking the character up in a dict
    from zhenggai.reports.status import _PHRASES_BY_END, _ending_with

    for c in range(0x110000):
        ch = chr(c)
        want = _PHRASES_BY_END.get(ch, () if ch in _TAIL_TRAILER else None)
        assert _ending_with(c) == want, hex(c)


def test_may_open_heading_is_the_first_character_set() -> None:
    from zhenggai.reports.status import _HEADING_FIRST, _may_open_heading

    for c in range(0x110000):
        assert _may_open_heading(c) == (chr(c) in _HEADING_FIRST), hex(c)


def test_every_status_heading_names_its_items() -> None:
    # heading_status skips the regex for texts without any of its last group's words
    from zhenggai.reports.status import STATUS_HEADING

    assert STATUS_HEADING.pattern.endswith("(?:问题|事项|任务|项目)")


OLD_HEADING = re.compile(
    "(?:需要|需|仍需|尚需|目前)?(?P<word>"
    + "|".join(sorted(map(re.escape, STATUS_OF), key=len, reverse=True))
    + ")(?:整改)?(?:的)?(?:问题|事项|任务|项目)"
)
HEADING_PIECES = [*STATUS_OF, *" \u3000需要仍尚目前的整改问题事项任务项目甲", "问题", "事项", "任务", "项目"]


@given(st.lists(st.sampled_from(HEADING_PIECES), max_size=8).map("".join))
def test_heading_status_is_the_plain_match(text: str) -> None:
    from zhenggai.reports.status import heading_status

    m = OLD_HEADING.match(text.strip())
    assert heading_status(text) == ((STATUS_OF[m["word"]], m["word"]) if m else None)


def test_word_is_the_only_group() -> None:
    # find_marker_in reads the phrase as m[1]
    for pattern in (BRACKET_MARKER, LABELLED_MARKER, TAIL_MARKER):
        assert pattern.groups == 1
        assert pattern.groupindex["word"] == 1
