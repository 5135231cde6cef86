"""read.fold_line_breaks, the fast path of the reader's newline folding, gives what the regex gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from zhenggai.reports.read import LINE_BREAKS, fold_line_breaks, read_text

# Every separator the pattern knows, its neighbours, and ordinary text.
ALPHABET = "\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029\x1a 一，a"


@given(st.text(alphabet=ALPHABET, max_size=40))
def test_fold_line_breaks_is_the_regex(text: str) -> None:
    assert fold_line_breaks(text) == LINE_BREAKS.sub("\n", text)


@given(st.text(alphabet="\r\n一，a", max_size=40))
def test_fold_line_breaks_without_rare_separators(text: str) -> None:
    # the str.replace path alone: only CR and LF among the separators
    assert fold_line_breaks(text) == LINE_BREAKS.sub("\n", text)


def test_crlf_and_lone_cr_files_read_as_lf(tmp_path: Path) -> None:
    path = tmp_path / "通报.txt"
    path.write_bytes("一、问题\r\n正文\r\r\n尾\r".encode())
    assert read_text(path) == "一、问题\n正文\n\n尾\n"


def test_form_feed_after_newline_is_one_break(tmp_path: Path) -> None:
    path = tmp_path / "通报.txt"
    path.write_bytes("第一页\n\f第二页\r\n\f第三页\u2028末".encode())
    assert read_text(path) == "第一页\n第二页\n\n第三页\n末"
