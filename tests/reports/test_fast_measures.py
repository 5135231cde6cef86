"""measures._marks, which finds enumerators with str.find, finds what the old enumerator regex found.

The regex below is the one _marks scanned every paragraph with before; _old_marks is the _marks
built on it. The property test pins the equivalence: same matches (leftmost, non-overlapping),
same look at the character before, same values, same cap on the number of matches.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from zhenggai.reports.labels import CIRCLED
from zhenggai.reports.measures import BEFORE, MAX_MARKS, _group_starts, _marks, _read, _scan

_CN = "一二三四五六七八九十"
_DIGIT = "0-9０-９"
_DOT_END = r"(?:(?![0-9０-９])|(?=(?:19|20)\d\d年))"
_C = f"[{_CN}]"
_D = f"[{_DIGIT}]"


def _first(cls: str, n: int) -> str:
    return f"(?<={cls}{'.' * (n - 1)})"


OLD_ENUMERATOR = re.compile(
    rf"[{_CN}{_DIGIT}（(第{CIRCLED}]"
    r"(?:"
    rf"是(?<={_C}是)"
    rf"|{_C}(?:是{_first(_C, 3)}|[)）]{_first('[（(]', 3)}|[，,、：:]{_first('第', 3)}"
    rf"|{_C}(?:是{_first(_C, 4)}|[)）]{_first('[（(]', 4)}|[，,、：:]{_first('第', 4)}"
    rf"|{_C}(?:[)）]{_first('[（(]', 5)}|[，,、：:]{_first('第', 5)})))"
    rf"|[.．、](?<={_D}.){_DOT_END}"
    rf"|[)）](?<={_D}.)"
    rf"|{_D}(?:[.．、]{_first(_D, 3)}{_DOT_END}|[)）](?<=[{_DIGIT}（(]..)|{_D}[)）]{_first('[（(]', 4)})"
    rf"|(?<=[{CIRCLED}])"
    r")"
)


def _old_marks(text: str) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    seen = 0
    for m in OLD_ENUMERATOR.finditer(text):
        seen += 1
        if seen > MAX_MARKS:
            break
        family, v = _read(m[0])
        start = m.start()
        if start and family != "circled" and text[start - 1] not in BEFORE:
            continue
        if v is not None:
            out.setdefault(family, []).append((start, v))
    return out


def _old_scan(text: str) -> list[int]:
    return [m.start() * 8 + len(m[0]) for m in OLD_ENUMERATOR.finditer(text)]


_PIECES = [
    *_CN,
    *"0123456789０１２９",
    *"（(第是.．、)），,：:年统 \n甲$两",
    *"①②⑩⑳⑴Ⓐ\u245f\u2474",
    "19",
    "20",
    "2023年",
    "19٣٤年",
    "\U0001f600",
    "\ud800",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_marks_find_what_the_enumerator_regex_finds(text: str) -> None:
    assert _scan(text) == _old_scan(text)
    assert _marks(text) == _old_marks(text)


def test_examples() -> None:
    for text in [
        "（1）甲（12）乙1）丙123）丁",
        "一是甲；十二是乙；第十二是丙；一十二是丁；统一是",
        "第一，甲第二、乙第三：丙第四五六七，丁",
        "1.甲2．乙3、丙1.48%，2025.7.15，1.2023年，1.1999年",
        "①甲②乙⑳丙⑴丁$两",
        "（一）甲（二三）乙（一二三四）丙",
        "\U0001f600①甲1.乙",
    ]:
        assert _scan(text) == _old_scan(text)
        assert _marks(text) == _old_marks(text)


def test_the_cap_counts_every_match() -> None:
    for text in ["①" * (MAX_MARKS + 5) + "，1.甲", "统一是" * (MAX_MARKS - 1) + "；1.甲；2.乙" * 3]:
        assert _marks(text) == _old_marks(text)


def _old_group_starts(text: str, found: list[tuple[int, int]]) -> list[int]:
    starts: list[int] = []
    for off, v in found:
        if v == 1:
            cut = max(text.rfind(c, 0, max(off - 1, 0)) for c in "。；;\n")
            starts.append(cut + 1 if starts else 0)
    return starts


@given(
    st.lists(st.sampled_from([*"。；;\n甲乙", "①"]), max_size=30).map("".join),
    st.lists(st.tuples(st.integers(0, 32), st.integers(1, 3)), max_size=6),
)
def test_group_starts_cut_after_the_last_sentence_end(text: str, found: list[tuple[int, int]]) -> None:
    assert _group_starts(text, found) == _old_group_starts(text, found)
