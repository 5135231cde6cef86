"""find_marker's shortcuts give what the plain computation gives.

- find_marker_in, told a longer text's bracket and colon tests, finds find_marker's marker in
  every part of that text (split_measures tests the paragraph once, not each measure);
- the tail test by last character accepts exactly the texts that end with a status phrase;
- find_marker without the MARKER_HINT search: no marker in a text without a hint character.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zhenggai.reports.status import (
    _PHRASE_WORDS,
    _TAIL_TRAILER,
    MARKER_HINT,
    STATUS_OF,
    _tail_phrase_end,
    find_marker,
    find_marker_in,
    has_bracket,
    has_colon,
)

_PIECES = [
    *STATUS_OF,
    *"（(【[〔［)）】]〕］：:，,；;。.！？ \n甲乙",
    "整改进展：",
    "完成情况:",
    "【整改进度】",
    "整改状态：",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@given(_TEXTS, st.integers(0, 60), st.integers(0, 60))
def test_a_part_has_the_marker_find_marker_gives_it(text: str, i: int, j: int) -> None:
    part = text[min(i, j) : max(i, j)]
    assert find_marker_in(part, has_bracket(text), has_colon(text)) == find_marker(part)


@given(_TEXTS)
def test_the_tail_test_is_ends_with_a_phrase(text: str) -> None:
    assert (_tail_phrase_end(text) >= 0) == text.rstrip(_TAIL_TRAILER).endswith(_PHRASE_WORDS)


@given(_TEXTS)
def test_no_marker_without_a_hint_character(text: str) -> None:
    if MARKER_HINT.search(text) is None:
        assert find_marker(text) is None
