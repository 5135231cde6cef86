"""The hand-coded searches and tests in parse.py and meta.py agree with the regexes they replace.

The old patterns are kept here, verbatim, as the reference."""

from __future__ import annotations

import calendar
import re

from hypothesis import given
from hypothesis import strategies as st

from zhenggai.reports.labels import CN_NUMERAL_CHARS
from zhenggai.reports.meta import (
    MONTH_DAY,
    RANGE_END,
    RANGE_END_DAY,
    RANGE_FIRST,
    YMD,
    DateToken,
    _is_digit,
    _next_cn_date,
    _two,
    _valid,
    find_dates,
    find_feedback,
    has_count_hint,
)
from zhenggai.reports.parse import (
    _about_title,
    _next_steps_at,
    _of_genre,
    _title,
)
from zhenggai.reports.status import first_bracket
from zhenggai.reports.text import first_sentence

OLD_COUNT_HINT = re.compile(
    rf"[个项条件\d](?:(?<=[\d{CN_NUMERAL_CHARS}][个项条件])|(?<=[\d{CN_NUMERAL_CHARS}] [个项条件])"
    r"|(?<=[成结改持进]\d)|(?<=[成结改持进] \d))"
)

COUNT_ALPHABET = "个项条件成结改持进 0129一十百两零〇１٣问题完已，。年月日x"


@given(st.text(alphabet=COUNT_ALPHABET, max_size=20))
def test_count_hint(s: str) -> None:
    assert has_count_hint(s) == (OLD_COUNT_HINT.search(s) is not None)


def test_no_decimal_digit_among_cjk_ideographs() -> None:
    # _is_digit answers False there without asking str.isdecimal
    assert not any(chr(o).isdecimal() for o in range(0x4E00, 0xA000))


@given(st.characters())
def test_is_digit(c: str) -> None:
    assert _is_digit(c) == (re.fullmatch(r"\d", c) is not None)


OLD_CN_DATE = re.compile(
    r"([〇○零一二][〇○零一二三四五六七八九]{3})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?"
)
CN_ALPHABET = "〇○零一二三四五六七八九十年月日2024 ，"


@given(st.text(alphabet=CN_ALPHABET, max_size=24), st.integers(min_value=0, max_value=26))
def test_next_cn_date(s: str, pos: int) -> None:
    old, new = OLD_CN_DATE.search(s, pos), _next_cn_date(s, pos)
    assert (old and (old.span(), old.groups())) == (new and (new.span(), new.groups()))


def test_valid_days_of_month() -> None:
    for y in range(1985, 2105):
        for m in range(0, 14):
            for d in [None, *range(-1, 33)]:
                ok = 1990 <= y <= 2099 and 1 <= m <= 12
                old = ok and (d is None or 1 <= d <= calendar.monthrange(y, m)[1])
                assert _valid(y, m, d) == old, (y, m, d)


OLD_GENRE = re.compile(r"巡察|巡视|整改")


@given(st.text(alphabet="巡察视整改 x", max_size=12))
def test_of_genre(s: str) -> None:
    assert _of_genre(s) == (OLD_GENRE.search(s) is not None)


OLD_NEXT_STEPS = re.compile(r"\n(?:下一步|下步|今后)")


@given(st.text(alphabet="\n下一步今后 x", max_size=16))
def test_next_steps_at(s: str) -> None:
    m = OLD_NEXT_STEPS.search(s)
    assert _next_steps_at(s) == (m.start() if m else -1)


OLD_FEEDBACK = re.compile(r"反馈")


def old_find_feedback(opening: str, after: int, known: YMD | None = None) -> list[YMD]:
    for fm in OLD_FEEDBACK.finditer(opening):
        if fm.start() < after:
            continue
        segment = opening[after : fm.start()]
        best: DateToken | None = None
        for tok in find_dates(segment):
            best = tok
        if best is not None:
            return best.readings
        if known is not None:
            month_day: re.Match[str] | None = None
            for md in MONTH_DAY.finditer(segment):
                month_day = md
            if month_day is not None:
                m, d = int(month_day.group(1)), int(month_day.group(2))
                y = known[0] + (1 if m < known[1] else 0)
                if _valid(y, m, d):
                    return [(y, m, d)]
    return []


@given(
    st.lists(st.sampled_from(["反馈", "反", "馈", "2024年6月14日", "6月14日", "，", "x"]), max_size=10),
    st.integers(min_value=-3, max_value=30),
    st.sampled_from([None, (2024, 5, None), (2024, 8, 2)]),
)
def test_find_feedback(parts: list[str], after: int, known: YMD | None) -> None:
    s = "".join(parts)
    assert find_feedback(s, after, known) == old_find_feedback(s, after, known)


OLD_ABOUT_TITLE = re.compile(r"^关于\s?[“\"「『](.+)[”\"」』]\s?(?:的)?\s?(?:问题|整改)")


@given(st.text(alphabet='“"「『”」』的问题整改 \n\u3000x', max_size=14))
def test_about_title(tail: str) -> None:
    s = "关于" + tail
    m = OLD_ABOUT_TITLE.match(s)
    assert _about_title(s) == (m.group(1) if m else None)


@given(
    st.lists(
        st.sampled_from(
            ["问题", "（已完成）", "(", "【", "已完成", "整改中", "；", "。", " ", "x", "关于“", "”问题"]
        ),
        max_size=8,
    )
)
def test_title_bracket_offset(parts: list[str]) -> None:
    # the offset of the line's first bracket, passed on, gives the title the plain call gives
    line = "".join(parts)
    assert _title(line, None, first_bracket(line)) == _title(line)
    sentence = first_sentence(line)[0]
    assert _title(line, sentence, first_bracket(line)) == _title(line, sentence)


OLD_RANGE_END = re.compile(
    r" ?起?(?:至|到|~|～|—|－|-){1,2} ?(?:((?:19|20)\d\d) ?年)? ?(\d{1,2}) ?月 ?(?:(\d{1,2}) ?日)?"
)
OLD_RANGE_END_DAY = re.compile(r" ?起?(?:至|到|~|～|—|－|-){1,2} ?(\d{1,2}) ?日")


def test_range_first() -> None:
    # find_period runs the range patterns only where a character of RANGE_FIRST is
    assert RANGE_END.pattern == OLD_RANGE_END.pattern
    assert RANGE_END_DAY.pattern == OLD_RANGE_END_DAY.pattern
    for c in map(chr, range(0x3000)):
        if c not in RANGE_FIRST:
            assert not RANGE_END.match(c + "至1月1日") and not RANGE_END_DAY.match(c + "至1日")
    for c in RANGE_FIRST:
        assert RANGE_END.match(c + "至1月") or RANGE_END.match(c + "1月")


@given(st.integers(min_value=-150, max_value=250))
def test_two(n: int) -> None:
    assert _two(n) == f"{n:02d}"


@given(st.text(alphabet="2024年1至到~～—－- 起月日19.", max_size=24))
def test_find_period_gate(s: str) -> None:
    # the gate skips nothing the patterns would match
    for tok in find_dates(s):
        matched = RANGE_END.match(s, tok.end) or RANGE_END_DAY.match(s, tok.end)
        assert not matched or s[tok.end : tok.end + 1] in RANGE_FIRST
