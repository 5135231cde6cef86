"""The parser's fast paths give what the plain computation they replace gives.

- status.WHITESPACE, spelt out, is every character str.isspace() and the regex's \\s accept;
- find_marker's quick test for a tail marker holds whenever TAIL_MARKER matches;
- measures._scan, which finds enumerators with str.find, finds what the plain
  one-branch-per-family pattern finds (leftmost, non-overlapping);
- enumerate_measures' memo of the last text never returns another text's result, nor a list
  that a caller's change could spoil.
"""

from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import strategies as st

from zhenggai.reports.labels import CIRCLED
from zhenggai.reports.measures import _scan, enumerate_measures
from zhenggai.reports.status import STATUS_OF, TAIL_MARKER, WHITESPACE, _tail_phrase_end


def test_whitespace_is_every_space_character() -> None:
    spaces = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    assert WHITESPACE == spaces
    assert all(re.fullmatch(r"\s", c) for c in spaces)


@given(
    st.lists(
        st.sampled_from([*STATUS_OF, "。", "；", ";", ".", "！", " ", "\u3000", "\n", "整改进展：", "甲"]),
        max_size=8,
    ).map("".join)
)
def test_a_tail_marker_passes_the_quick_test(text: str) -> None:
    if TAIL_MARKER.search(text) is not None:
        assert _tail_phrase_end(text) >= 0


_CN = "一二三四五六七八九十"
# The enumerator pattern written one branch per family, each checking the first character with a
# look-behind (what _scan must find, in the plainest form).
PLAIN_ENUMERATOR = re.compile(
    rf"[{_CN}0-9０-９（(第{CIRCLED}]"
    rf"(?:(?<=[{_CN}])[{_CN}]{{0,2}}是"
    r"|(?<=[0-9０-９])[0-9０-９]?[.．、](?:(?![0-9０-９])|(?=(?:19|20)\d\d年))"
    r"|(?<=[0-9０-９])[0-9０-９]?[)）]"
    rf"|(?<=[（(])(?:[0-9０-９]{{1,2}}|[{_CN}]{{1,3}})[)）]"
    rf"|(?<=第)[{_CN}]{{1,3}}[，,、：:]"
    rf"|(?<=[{CIRCLED}]))"
)

_PIECES = [*_CN, *"0123456789０１２", *"（(第①②⑳是.．、)），,：:年统 \n", "19", "20", "2023年"]


@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_scan_finds_what_the_plain_pattern_finds(text: str) -> None:
    assert _spans(text) == [m.span() for m in PLAIN_ENUMERATOR.finditer(text)]


def test_scan_finds_what_the_plain_pattern_finds_on_random_runs() -> None:
    alphabet = _CN + "0123456789０１２（(第①②）)是.．、，,：:年 "
    rnd = random.Random(7)
    for _ in range(50_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 14)))
        assert _spans(text) == [m.span() for m in PLAIN_ENUMERATOR.finditer(text)], text


def _spans(text: str) -> list[tuple[int, int]]:
    return [(code >> 3, (code >> 3) + (code & 7)) for code in _scan(text)]


def test_enumerate_measures_memo_is_per_text_and_returns_fresh_lists() -> None:
    a, b = "一是甲；二是乙；三是丙。", "①甲②乙"
    first = enumerate_measures(a)
    first.append(99)
    assert enumerate_measures(a) == [0, 4, 8]
    assert enumerate_measures(b) == [0, 2]
    assert enumerate_measures(a) == [0, 4, 8]
    assert enumerate_measures("") == []
