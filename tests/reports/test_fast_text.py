"""text.py's and clean.py's fast paths give what the plain computation they replace gives.

- clean.may_be_debris asks str.isspace() only of characters up to U+3000: no space is above;
- first_sentence, written with str.find, splits where the old regex [。！？!?] found the end;
- rect_label, with its own cache, answers what RECT_LABEL with the bare-label rule answers;
- clean_lines and unwrap, reading a line's first and last characters' classes from tables by
  code point and asking each line's gap and label once, give what they gave with the sets.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from zhenggai.reports import clean
from zhenggai.reports.clean import DEBRIS_FIRST, DEBRIS_FIRST_TABLE, match_debris
from zhenggai.reports.labels import LABEL_START, match_label
from zhenggai.reports.status import STATUS_WORD
from zhenggai.reports.text import (
    _F_CONTACT,
    _F_DATE,
    _F_LABEL,
    _F_MEASURE,
    _F_NOTE,
    _F_PAGE,
    _F_RECT,
    _L_DATE,
    _L_NUMBER,
    _L_TERMINAL,
    _L_TITLE,
    _RECT_LABEL_FIRST_CHARS,
    BRACKETED_LINE,
    CLOSING_LAST,
    CONTACT,
    CONTACT_FIRST,
    DATE_END,
    DATE_FIRST,
    DEBRIS_EDGE,
    DEBRIS_HINT,
    DOC_NUMBER,
    LABELLED_WRAP_MIN,
    MEASURE_FIRST,
    MEASURE_START,
    PAGE_NUMBER,
    PAGE_NUMBER_START,
    PARAGRAPH_FIRST,
    RECT_LABEL_BARE_MAX,
    RECT_LABEL_FIRST,
    SPACES,
    TERMINAL,
    TITLE_ENDINGS,
    WRAP_SLACK,
    Line,
    _continues_inline_list,
    _first_flags,
    _last_flags,
    _may_hold_contact,
    clean_lines,
    first_sentence,
    is_date_line,
    is_table_row,
    rect_label,
    unwrap,
    wrap_width,
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
        # lines longer than the cached ones (and than any match)
        for tail in ["甲" * 60, "：" + "乙" * 60, "\n" + "丙" * 60]:
            same_label(s + tail)
            same_label(s + tail)


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


# The first- and last-character classes as sets, before the tables by code point.
FIRST_CLASSES = [
    (CONTACT_FIRST, _F_CONTACT),
    (LABEL_START, _F_LABEL),
    (RECT_LABEL_FIRST, _F_RECT),
    (MEASURE_FIRST, _F_MEASURE),
    (frozenset("（("), _F_NOTE),
    (frozenset(DATE_FIRST), _F_DATE),
    (frozenset(PAGE_NUMBER_START), _F_PAGE),
]


def old_may_be_debris(s: str) -> bool:
    c = s[0]
    if c in DEBRIS_FIRST or (c <= "\u3000" and c.isspace()):
        return True
    return (
        ("I" in s and "ICP" in s) or "版权所有" in s or ("网" in s and ("公网安备" in s or "网站标识码" in s))
    )


def test_character_tables_are_the_sets() -> None:
    for o in [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        c = chr(o)
        first, last = _first_flags(c + "甲"), _last_flags("甲" + c)
        for chars, bit in FIRST_CLASSES:
            assert bool(first & bit) == (c in chars), (hex(o), bit)
        in_table = o < 0x10000 and DEBRIS_FIRST_TABLE[o] != 0
        assert in_table == (c in DEBRIS_FIRST or (c <= "\u3000" and c.isspace())), hex(o)
        assert bool(first & (_F_CONTACT | _F_LABEL | _F_RECT | _F_MEASURE | _F_NOTE)) == (
            c in PARAGRAPH_FIRST
        )
        assert bool(last & _L_TERMINAL) == (c in TERMINAL), hex(o)
        assert bool(last & (_L_TITLE | _L_NUMBER | _L_DATE)) == (c in CLOSING_LAST), hex(o)
        assert bool(last & _L_TITLE) == any(t.endswith(c) for t in TITLE_ENDINGS), hex(o)
        assert bool(last & _L_NUMBER) == (c == "号") and bool(last & _L_DATE) == (c == "日")


_DEBRIS_CHARS = [
    *"网首当欢打关上扫版Cc©I公主建发来 \t\u3000甲乙1。：:",
    "ICP",
    "版权所有",
    "公网安备",
    "网站标识码",
]


@given(st.lists(st.sampled_from(_DEBRIS_CHARS), min_size=1, max_size=8).map("".join))
def test_may_be_debris_is_the_old_test(s: str) -> None:
    assert clean.may_be_debris(s) == old_may_be_debris(s)


def old_clean_lines(text: str) -> list[tuple[int, str]]:
    if "\xa0" in text or "\u200b" in text:
        text = text.replace("\xa0", " ").replace("\u200b", "")
    out: list[tuple[int, str]] = []
    raw_lines = text.split("\n")
    tail = len(raw_lines) - DEBRIS_EDGE
    no = 0
    for raw in raw_lines:
        no += 1
        s = raw.strip(SPACES)
        if not s:
            continue
        n = len(s)
        if n <= 80:
            if n <= 20 and s[0] in PAGE_NUMBER_START and PAGE_NUMBER.fullmatch(s) is not None:
                continue
            if (
                (n <= 12 or no <= DEBRIS_EDGE or no > tail)
                and old_may_be_debris(s)
                and (n <= 12 or DEBRIS_HINT.search(s) is not None)
                and match_debris(s) is not None
            ):
                continue
        out.append((no, s))
    return out


_CLEAN_LINES = st.sampled_from(
    [
        "",
        "  ",
        "- 3 -",
        "第3页",
        "12/30",
        "打印 关闭",
        "首页 > 信息公开",
        "发布时间：2024-05-08",
        "××市卫生健康委员会 版权所有",
        "京ICP备12345678号",
        "一、整改情况",
        "关于巡察整改情况的通报",
        "整改工作领导小组定期听取进展汇报，对推进缓慢的事项及时督促。" * 2,
        "来源：办公室 " + "甲" * 70,
        "\u3000\u3000正文一行。",
        "1.建立制度",
        "\xa0上一篇：无",
    ]
)


@given(st.lists(_CLEAN_LINES, max_size=90))
def test_clean_lines_is_the_old_cleaning(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert [(ln.no, ln.text) for ln in clean_lines(text)] == old_clean_lines(text)


# unwrap and its helpers as they were before the character tables and the facts kept per line.
def old_ends_paragraph(a: str) -> bool:
    """Whether ``a`` (open or full) still ends its paragraph whatever follows: a title, a contact,
    a table row, a date, a document number."""
    last = a[-1]
    if last in CLOSING_LAST and (
        a.endswith(TITLE_ENDINGS)
        or (last == "号" and DOC_NUMBER.search(a) is not None)
        or (last == "日" and DATE_END.search(a) is not None)
    ):
        return True
    if ("：" in a or ":" in a) and _may_hold_contact(a) and CONTACT.search(a) is not None:
        return True
    if ("\t" in a or (" " in a and "  " in a)) and is_table_row(a):
        return True
    return len(a) <= 20 and a[0] in DATE_FIRST and is_date_line(a)


def old_starts_paragraph(b: str) -> bool:
    """Whether ``b`` starts a paragraph of its own whatever precedes it: a contact, a table row,
    a label, a rectification label, an enumerated measure, a date, a bracketed note."""
    b0 = b[0]
    if b0 in PARAGRAPH_FIRST:
        if b0 in CONTACT_FIRST and CONTACT.match(b) is not None:
            return True
        if b0 in LABEL_START and match_label(b) is not None:
            return True
        if b0 in RECT_LABEL_FIRST and rect_label(b) is not None:
            return True
        if b0 in MEASURE_FIRST and MEASURE_START.match(b) is not None:
            return True
        if b0 in "（(" and BRACKETED_LINE.fullmatch(b) and STATUS_WORD.search(b) is None:
            return True  # a note such as "（此件公开发布）" or a subtitle stands alone
    if ("\t" in b or (" " in b and "  " in b)) and is_table_row(b):
        return True
    return len(b) <= 20 and b0 in DATE_FIRST and is_date_line(b)


def old_stands_alone(a: str) -> bool:
    """Whether ``a``, a whole input line in text with free lines, is a heading or a whole item: a
    labelled line (unless very long), a short unpunctuated line (a signature, a heading)."""
    n = len(a)
    if n >= LABELLED_WRAP_MIN:
        return False
    if a[0] in LABEL_START and match_label(a) is not None:
        return True
    return n < 12 and "，" not in a and "," not in a and "、" not in a and "；" not in a and ";" not in a


def old_unwrap_free(lines: list[Line]) -> list[Line]:
    """``unwrap`` for text with free lines: a line ending a sentence ends its paragraph."""
    out: list[Line] = []
    head = lines[0]  # first line of the paragraph
    parts: list[str] = []  # texts of the paragraph once a line is joined to ``head``
    a = head.text
    for k in range(1, len(lines)):
        line = lines[k]
        b = line.text
        if (
            a[-1] not in TERMINAL
            and (len(parts) > 0 or not old_stands_alone(a))
            and not old_ends_paragraph(a)
            and not old_starts_paragraph(b)
        ):
            if not parts:
                parts = [a]
            parts.append(b)
        else:
            if parts:
                out.append(Line(head.no, "".join(parts)))
                parts = []
            else:
                out.append(head)
            head = line
        a = b
    out.append(Line(head.no, "".join(parts)) if parts else head)
    return out


def old_unwrap_hard(lines: list[Line], width: int) -> list[Line]:
    """``unwrap`` for hard-wrapped text of line width ``width``: only a full line was wrapped; it
    may end with a full stop and still go on ("……落实。" / "(已完成)")."""
    full_min = width - WRAP_SLACK
    out: list[Line] = []
    head = lines[0]
    parts: list[str] = []
    a = head.text
    labelled: list[str] = []  # paragraphs that may start with a label, in order
    if a[0] in LABEL_START:
        labelled.append(a)
    for k in range(1, len(lines)):
        line = lines[k]
        b = line.text
        if len(a) >= full_min and (
            (not old_ends_paragraph(a) and not old_starts_paragraph(b))
            or (
                b[0] in LABEL_START and _continues_inline_list(parts or [a], b, width, labelled, lines, k + 1)
            )
        ):
            if not parts:
                parts = [a]
            parts.append(b)
        else:
            if parts:
                out.append(Line(head.no, "".join(parts)))
                parts = []
            else:
                out.append(head)
            head = line
            if b[0] in LABEL_START:
                labelled.append(b)
        a = b
    out.append(Line(head.no, "".join(parts)) if parts else head)
    return out


def old_unwrap(lines: list[Line]) -> list[Line]:
    if not lines:
        return []
    width = wrap_width(lines)
    if width is None:
        return old_unwrap_free(lines)
    return old_unwrap_hard(lines, width)


_UNWRAP_PIECES = [
    *"甲乙丙，。；：:、 \t（）()1２号日",
    "一、",
    "（一）",
    "1.",
    "2.",
    "3.",
    "①",
    "②",
    "一是",
    "整改情况：",
    "下一步工作打算：",
    "联系电话：0734-1234567",
    "2024年4月3日",
    "〔2024〕8号",
    "情况通报",
    "（此件公开发布）",
    "（已完成）",
    "甲乙丙丁戊己庚辛壬癸" * 2,
    "  ",
]
_UNWRAP_LINE = (
    st.lists(st.sampled_from(_UNWRAP_PIECES), min_size=1, max_size=8)
    .map("".join)
    .map(lambda s: s.strip(SPACES) or "甲")
)


def _same_unwrap(texts: list[str]) -> None:
    lines = [Line(i + 1, t) for i, t in enumerate(texts)]
    new, old = unwrap(lines), old_unwrap(lines)
    assert [(ln.no, ln.text) for ln in new] == [(ln.no, ln.text) for ln in old], texts
    # a line joined to no other is the same Line
    assert [any(x is ln for ln in lines) for x in new] == [any(x is ln for ln in lines) for x in old]


@given(st.lists(_UNWRAP_LINE, min_size=1, max_size=14))
def test_unwrap_free_is_the_old_unwrap(texts: list[str]) -> None:
    _same_unwrap(texts)


@given(st.lists(st.tuples(st.integers(0, 3), _UNWRAP_LINE), min_size=5, max_size=14))
def test_unwrap_hard_is_the_old_unwrap(rows: list[tuple[int, str]]) -> None:
    # lines padded to one width, some left short: the text is hard-wrapped
    width = 24
    texts = [t if k == 0 else (t + "甲" * width)[: width - (k - 1)] for k, t in rows]
    _same_unwrap(texts)
