"""Line-level text normalisation: page numbers, web debris, hard wraps, sentences.

The parser works on a list of ``Line``s (stripped text + 1-based line number of the input), built
once, in linear time. Hard-wrapped paragraphs (text copied from a PDF, or a paragraph broken by a
stray newline on a web page) are joined back so that a problem statement or a rectification
paragraph is one line again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .clean import MAX_DEBRIS_LENGTH, debris_rule, may_be_debris
from .labels import CIRCLED, LABEL_START, match_label
from .measures import _marks as inline_enumerators
from .status import STATUS_WORD

SPACES: Final = " \t\u3000\xa0\u200b\ufeff"

# Page-number lines left by PDF or Word: "- 3 -", "— 12 —", "第3页", "第 3 页 共 12 页", "3/12".
PAGE_NUMBER: Final = re.compile(
    r"[-－—–‒]{1,2} ?\d{1,4} ?[-－—–‒]{1,2}"
    r"|第 ?\d{1,4} ?页(?: ?[,，/]? ?共 ?\d{1,4} ?页)?"
    r"|\d{1,4} ?/ ?\d{1,4}"
    r"|[Pp]age ?\d{1,4}(?: ?of ?\d{1,4})?"
)

PAGE_NUMBER_START: Final = "-－—–‒第0123456789Pp"
# Lines from the top and the bottom of a text where web-page furniture is looked for.
DEBRIS_EDGE: Final = 40

# Sentence-final punctuation: a line ending with one of these is not wrapped mid-sentence.
# Small sets of characters tested one character at a time are strings: ``c in "…"`` for one
# character is a short scan, cheaper than hashing the fresh one-character string for a set.
TERMINAL: Final = "。！？!?；;：:）)】]》」』"

# A line that starts a rectification paragraph: "整改情况：", "整改落实情况:", "整改结果及成效：",
# "整改措施及取得的阶段性成效：", "整改进展情况：", "落实情况：", "下一步推进措施："...
RECT_LABEL: Final = re.compile(
    r"(?:具体|主要|采取的|已采取的|相关)?(?:整改|落实|推进|完成|进展)[^：:。；;，,]{0,12}?"
    r"(?:情况|结果|成效|措施|进展|举措|进度)[^：:。；;，,]{0,8}?(?:[:：]|$)"
    r"|(?:下一步|下步)[^：:。；;，,]{0,10}?(?:措施|打算|计划|工作)[:：]"
)
# Without a colon the label must be the whole line ("整改情况"); a longer line such as
# "落实意识形态工作责任制情况不佳" is a statement.
RECT_LABEL_BARE_MAX: Final = 14
# First characters RECT_LABEL can start with: most lines start otherwise and skip the regex.
RECT_LABEL_FIRST: Final = frozenset("具主采已相整落推完进下")
_RECT_LABEL_FIRST_CHARS: Final = "具主采已相整落推完进下"  # the same, as a string (see TERMINAL)


# Longest RECT_LABEL match: "已采取的" + "整改" + 12 characters + "情况" + 8 + "：".
RECT_LABEL_MAX: Final = 29

# rect_label's answers by line: the parser asks about the same line several times (unwrap,
# tree, problem). A plain dict costs less than lru_cache's wrapper; cleared when full.
_RECT_CACHE: Final[dict[str, re.Match[str] | None]] = {}
_RECT_CACHE_MAX: Final = 4096
# Only lines up to this long are cached: a longer one is mostly a paragraph asked about once or
# twice, for which hashing and storing it costs about what reading it again does.
_RECT_CACHE_LINE_MAX: Final = 48


def rect_label(s: str) -> re.Match[str] | None:
    """The rectification paragraph label at the start of ``s`` ("整改情况："), or None."""
    if not s or s[0] not in _RECT_LABEL_FIRST_CHARS:
        return None
    n = len(s)
    if n > _RECT_CACHE_LINE_MAX:
        return RECT_LABEL.match(s)  # longer than any bare label: the rule below cannot apply
    if s in _RECT_CACHE:
        return _RECT_CACHE[s]
    m = RECT_LABEL.match(s)
    # the bare-label rule; a match is at most RECT_LABEL_MAX characters long, so a longer line
    # skips the method call and the last character
    if m is not None and RECT_LABEL_BARE_MAX < n <= RECT_LABEL_MAX and s[-1] not in "：:" and m.end() == n:
        m = None
    if len(_RECT_CACHE) >= _RECT_CACHE_MAX:
        _RECT_CACHE.clear()
    _RECT_CACHE[s] = m
    return m


# Contact lines: "联系电话：0734-…", "电子邮箱:…", "邮政信箱：…", "来信地址：…", "联系方式：…".
CONTACT: Final = re.compile(
    r"(?:联系电话|联系方式|举报电话|监督电话|咨询电话|电话|电子邮箱|电子信箱|邮箱|邮政信箱|来信地址|通信地址|"
    r"通讯地址|邮寄地址|邮编|邮政编码|传真)\s?[:：]"
)

# A table row flattened to text: cells separated by a tab or a run of two or more spaces.
CELL_SEPARATOR: Final = re.compile(r"\t+|[ \u3000]{2,}")

# Document number of an official paper: "某卫党发〔2024〕8号", "（2023）12号".
DOC_NUMBER: Final = re.compile(r"[〔\[［（(]\d{4}[〕\]］）)]\s?第?\d{1,4}\s?号$")

# A line ending with a full date (a signature): "……委员会 2024年4月3日".
DATE_END: Final = re.compile(r"(?:19|20)\d\d ?年 ?\d{1,2} ?月 ?\d{1,2} ?日$")
# A short line that is all in brackets: "（此件公开发布）", "（社会公开稿）".
BRACKETED_LINE: Final = re.compile(r"[（(][^（()）]{1,20}[)）]")

# Enumerated measure starting a line ("一是", "二是"...): such a line never continues the previous.
MEASURE_START: Final = re.compile(r"[一二三四五六七八九十]{1,3}是|[①-⑳]|第[一二三四五六七八九十]{1,3}[，,、]")
# First characters of MEASURE_START and CONTACT matches: other lines skip those regexes.
MEASURE_FIRST: Final = frozenset("一二三四五六七八九十第" + "".join(map(chr, range(ord("①"), ord("⑳") + 1))))
CONTACT_FIRST: Final = frozenset("联举监咨电邮来通传")


def _may_hold_contact(s: str) -> bool:
    """Cheap necessary test for ``CONTACT.search(s)``: every CONTACT key holds one of 电 (电话,
    电子邮箱...), 邮 (邮箱, 邮编...), 址 (来信地址...), 式 (联系方式) and 传 (传真). One-character
    searches are plain scans, several times faster than the regex's search for the keys."""
    return "电" in s or "邮" in s or "址" in s or "式" in s or "传" in s


# Title endings of a report heading ("……的通报", "……情况报告").
TITLE_ENDINGS: Final = ("通报", "报告", "公告", "公示", "情况")
TITLE_END: Final = re.compile(rf"(?:{'|'.join(TITLE_ENDINGS)})$")

# In text with free lines, a labelled line this long may have been broken by a stray newline.
LABELLED_WRAP_MIN: Final = 30
# Hard-wrapped text: enough lines of one width to tell, and a wrapped line within this of it.
WRAP_MIN_LINES: Final = 5
WRAP_MIN_WIDTH: Final = 20
WRAP_SHARE: Final = 0.35
WRAP_SLACK: Final = 2


@dataclass
class Line:
    """One logical line of the report: stripped text and the 1-based input line it starts on.

    The __init__ is written out: the dataclass-generated one stays interpreted in the mypyc build."""

    no: int
    text: str

    def __init__(self, no: int, text: str) -> None:
        self.no = no
        self.text = text


def is_page_number(s: str) -> bool:
    """True for a line holding nothing but a page number ("- 3 -", "第3页", "3/12")."""
    return len(s) <= 20 and PAGE_NUMBER.fullmatch(s) is not None


# Words one of which every kind of web debris holds (see clean.py); lines without any of them,
# longer than a bare button row, are report text and skip the slower debris rules.
DEBRIS_HINT: Final = re.compile(
    r"首|主页|位置|欢迎|发布|发文|更新|来源|作者|撰稿|编辑|审|供稿|字|浏览|阅读|点击|访问|打印|关闭|收藏|返回|"
    r"顶部|保存|纠错|复制|分享|放大|缩小|保护色|背景|朗读|障碍|长者|默认|上一|下一|上篇|下篇|扫|版权|opyright|"
    r"OPYRIGHT|©|标识|ICP|公网|主办|承办|协办|技术|运维|维护|地址|浏览器|分辨率|网站|联系我们|关于我们|声明|帮助|"
    r"导航|English|bookmark"
)


def is_debris(s: str) -> bool:
    """True for web-page furniture (breadcrumbs, 发布时间, 打印/关闭, 上一篇...).

    The cheapest test first: most lines fail may_be_debris, which debris_rule also asks (of the
    stripped line; a line that passes it stripped passes it as it is)."""
    n = len(s)
    return (
        0 < n <= MAX_DEBRIS_LENGTH
        and may_be_debris(s)
        and (n <= 12 or DEBRIS_HINT.search(s) is not None)
        and debris_rule(s) is not None
    )


def cells(s: str) -> list[str]:
    """Cells of a flattened table row (a single cell when the line is prose).

    Tab-separated rows keep their empty cells (a merged cell printed once leaves them), so the
    columns stay aligned; space-separated rows cannot tell an empty cell from a wide gap."""
    if "\t" in s:
        return [c.strip(" \u3000") for c in s.split("\t")]
    return [c for c in CELL_SEPARATOR.split(s) if c]


def is_table_row(s: str) -> bool:
    """True when the line holds three or more cells (or two separated by a tab).

    Here and in the callers' gates, ``" " in s`` goes before ``"  " in s``: most lines hold no
    space, and a one-character search is a plain scan where an ASCII pattern searched in a line
    of Chinese is first converted to the line's width (a new string)."""
    if "\t" in s:
        return sum(1 for c in cells(s) if c) >= 2
    return " " in s and "  " in s and len(cells(s)) >= 3


def clean_lines(text: str) -> list[Line]:
    """Split ``text`` into stripped lines, dropping blanks, debris and page numbers."""
    # Replacing in the whole text is replacing in each stripped line: both characters are in
    # SPACES and become one of SPACES or nothing, so the stripped part of a line stays stripped.
    if "\xa0" in text or "\u200b" in text:
        text = text.replace("\xa0", " ").replace("\u200b", "")
    out: list[Line] = []
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
            if n <= 20 and _first_flags(s) & _F_PAGE and is_page_number(s):
                continue
            # page furniture sits above and below the article; inside it only short lines are checked
            if (n <= 12 or no <= DEBRIS_EDGE or no > tail) and is_debris(s):
                continue
        out.append(Line(no, s))
    return out


# First characters of a line that may start a paragraph of its own (a contact, a label, a
# rectification label, an enumerated measure or a bracketed note): other lines skip those tests.
PARAGRAPH_FIRST: Final = frozenset(
    CONTACT_FIRST | LABEL_START | RECT_LABEL_FIRST | MEASURE_FIRST | {"（", "("}
)
# Last characters of a title (TITLE_ENDINGS), a document number (号) and a date (日).
CLOSING_LAST: Final = "".join(sorted({t[-1] for t in TITLE_ENDINGS})) + "号日"
# First characters of a date line (see DATE_LINE); spaces are removed before matching, so a
# line starting with one is tried too.
DATE_FIRST: Final = "12〇○零一二 "

# The classes above of a line's first character, as bits of a table indexed by code point:
# one ord() and one bytes index per line instead of a one-character string per test, hashed
# for each set. All their characters are in the Basic Multilingual Plane (building the table
# fails otherwise); a character above it is in none.
_F_CONTACT: Final = 1  # CONTACT_FIRST
_F_LABEL: Final = 2  # LABEL_START
_F_RECT: Final = 4  # RECT_LABEL_FIRST
_F_MEASURE: Final = 8  # MEASURE_FIRST
_F_NOTE: Final = 16  # "（(": a bracketed note
_F_DATE: Final = 32  # DATE_FIRST
_F_PAGE: Final = 64  # PAGE_NUMBER_START
# The same for a line's last character.
_L_TERMINAL: Final = 1  # TERMINAL
_L_TITLE: Final = 2  # the last character of one of TITLE_ENDINGS
_L_NUMBER: Final = 4  # 号, ending a document number
_L_DATE: Final = 8  # 日, ending a date


def _flag_table(classes: list[tuple[str, int]]) -> bytes:
    """A table of bits by code point: ``bit`` for each character of ``chars`` in ``classes``."""
    table = bytearray(0x10000)
    for chars, bit in classes:
        for c in chars:
            table[ord(c)] |= bit
    return bytes(table)


_FIRST_TABLE: Final = _flag_table(
    [
        ("".join(sorted(CONTACT_FIRST)), _F_CONTACT),
        ("".join(sorted(LABEL_START)), _F_LABEL),
        (_RECT_LABEL_FIRST_CHARS, _F_RECT),
        ("".join(sorted(MEASURE_FIRST)), _F_MEASURE),
        ("（(", _F_NOTE),
        (DATE_FIRST, _F_DATE),
        (PAGE_NUMBER_START, _F_PAGE),
    ]
)
_LAST_TABLE: Final = _flag_table(
    [
        (TERMINAL, _L_TERMINAL),
        ("".join(t[-1] for t in TITLE_ENDINGS), _L_TITLE),
        ("号", _L_NUMBER),
        ("日", _L_DATE),
    ]
)


def _first_flags(s: str) -> int:
    """The _F_ bits of the first character of ``s`` (not empty)."""
    o = ord(s[0])
    return _FIRST_TABLE[o] if o < 0x10000 else 0


def _last_flags(s: str) -> int:
    """The _L_ bits of the last character of ``s`` (not empty)."""
    o = ord(s[-1])
    return _LAST_TABLE[o] if o < 0x10000 else 0


def _has_gap(s: str) -> bool:
    """Necessary test for ``is_table_row(s)``: a tab, or two spaces in a row."""
    return "\t" in s or (" " in s and "  " in s)


# What is known of a line while unwrapping, as bits (0: nothing yet): whether it has a gap
# (_has_gap) and whether it starts with a label (match_label), each asked at most once.
_K_GAP_KNOWN: Final = 1
_K_GAP: Final = 2
_K_LABEL_KNOWN: Final = 4
_K_LABEL: Final = 8
# Returned by _starts_paragraph with what it learnt.
_K_STARTS: Final = 16


def _gap_facts(s: str, facts: int) -> int:
    """``facts`` with _has_gap(s) known."""
    if facts & _K_GAP_KNOWN:
        return facts
    return facts | (_K_GAP_KNOWN | _K_GAP if _has_gap(s) else _K_GAP_KNOWN)


def _label_facts(s: str, facts: int) -> int:
    """``facts`` with ``match_label(s) is not None`` known (``s`` starts with one of LABEL_START)."""
    if facts & _K_LABEL_KNOWN:
        return facts
    return facts | (_K_LABEL_KNOWN | _K_LABEL if match_label(s) is not None else _K_LABEL_KNOWN)


def _ends_paragraph(a: str, first: int, last: int, facts: int) -> bool:
    """Whether ``a`` (open or full) still ends its paragraph whatever follows: a title, a contact,
    a table row, a date, a document number. ``first`` and ``last``: the _F_ and _L_ bits of its
    first and last characters (``first`` may be -1 when ``a`` is longer than 20 characters);
    ``facts``: what is known of it (_K_ bits)."""
    if last & (_L_TITLE | _L_NUMBER | _L_DATE) and (
        a.endswith(TITLE_ENDINGS)
        or (last & _L_NUMBER and DOC_NUMBER.search(a) is not None)
        or (last & _L_DATE and DATE_END.search(a) is not None)
    ):
        return True
    if ("：" in a or ":" in a) and _may_hold_contact(a) and CONTACT.search(a) is not None:
        return True
    if _gap_facts(a, facts) & _K_GAP and is_table_row(a):
        return True
    return len(a) <= 20 and first & _F_DATE != 0 and is_date_line(a)


def _starts_paragraph(b: str, first: int, facts: int) -> int:
    """Whether ``b`` starts a paragraph of its own whatever precedes it: a contact, a table row,
    a label, a rectification label, an enumerated measure, a date, a bracketed note. ``first``:
    the _F_ bits of its first character; ``facts``: what is known of it. Returns ``facts`` with
    what was learnt, and _K_STARTS when it does."""
    if first & (_F_CONTACT | _F_LABEL | _F_RECT | _F_MEASURE | _F_NOTE):  # PARAGRAPH_FIRST
        if first & _F_CONTACT and CONTACT.match(b) is not None:
            return facts | _K_STARTS
        if first & _F_LABEL:
            facts = _label_facts(b, facts)
            if facts & _K_LABEL:
                return facts | _K_STARTS
        if first & _F_RECT and rect_label(b) is not None:
            return facts | _K_STARTS
        if first & _F_MEASURE and MEASURE_START.match(b) is not None:
            return facts | _K_STARTS
        if first & _F_NOTE and BRACKETED_LINE.fullmatch(b) and STATUS_WORD.search(b) is None:
            return facts | _K_STARTS  # a note such as "（此件公开发布）" or a subtitle stands alone
    facts = _gap_facts(b, facts)
    if facts & _K_GAP and is_table_row(b):
        return facts | _K_STARTS
    if len(b) <= 20 and first & _F_DATE and is_date_line(b):
        return facts | _K_STARTS
    return facts


def _stands_alone(a: str, first: int, facts: int) -> bool:
    """Whether ``a``, a whole input line in text with free lines, is a heading or a whole item: a
    labelled line (unless very long), a short unpunctuated line (a signature, a heading).
    ``first`` and ``facts`` as for _ends_paragraph (``first`` known below LABELLED_WRAP_MIN)."""
    n = len(a)
    if n >= LABELLED_WRAP_MIN:
        return False
    if first & _F_LABEL and _label_facts(a, facts) & _K_LABEL:
        return True
    return n < 12 and "，" not in a and "," not in a and "、" not in a and "；" not in a and ";" not in a


def wrap_width(lines: list[Line]) -> int | None:
    """Line width of a hard-wrapped text (PDF copy), or None when lines run free.

    In a hard-wrapped text most lines of 20+ characters have the same length, give or take
    one (a full-width punctuation mark pushed to the next line)."""
    # counts[k]: lines of length k (k >= WRAP_MIN_WIDTH), in a list rather than a dict (no
    # boxed keys, no hashing); counts[top + 1] stays 0 for the neighbour test of the longest
    top = 0
    for ln in lines:
        k = len(ln.text)
        if k > top:
            top = k
    if top < WRAP_MIN_WIDTH:
        return None
    counts = [0] * (top + 2)
    n = 0
    for ln in lines:
        k = len(ln.text)
        if k >= WRAP_MIN_WIDTH:
            counts[k] = counts[k] + 1  # written out: "+=" on a list item is a generic add
            n += 1
    if n < WRAP_MIN_LINES:
        return None
    best, best_count = 0, 0
    # ties go to the longer width, so the order in which widths are tried does not matter
    for k in range(WRAP_MIN_WIDTH, top + 1):
        ck = counts[k]
        if ck:
            c = counts[k - 1] + ck + counts[k + 1]
            if c > best_count or (c == best_count and k > best):
                best, best_count = k, c
    if best_count < max(WRAP_MIN_LINES, n * WRAP_SHARE):
        return None
    return best + 1 if counts[best + 1] else best


# Signature / as-of date alone on a line: "2025年7月28日", "2025728", "2025.7.28".
DATE_LINE: Final = re.compile(
    r"(?:19|20)\d\d(?: ?年 ?\d{1,2} ?月 ?\d{1,2} ?日?|\d{3,4}|[.\-/]\d{1,2}[.\-/]\d{1,2}|年\d{3,4}日)"
    r"|[〇○零一二][〇○零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
)


def is_date_line(s: str) -> bool:
    """True for a line that is only a date (the signature date)."""
    return len(s) <= 20 and DATE_LINE.fullmatch(s.replace(" ", "")) is not None


# Lines looked at after a wrapped line that may go on with an inline list (see below).
LOOKAHEAD: Final = 20
# Labelled paragraphs looked back at for the items' numbering.
LOOKBACK: Final = 50
# Lines of the paragraph before it in which the previous number is looked for.
WINDOW_LINES: Final = 3
# Label styles that also enumerate measures inline, with the enumerator family that finds them
# inside a paragraph (measures.py).
INLINE_FAMILY: Final = {
    "ar_dot": "ar_dot",
    "ar_half_paren": "ar_half",
    "ar_paren": "ar_paren",
    "cn_paren": "cn_paren",
    "circled": "circled",
}


def _continues_inline_list(
    parts: list[str], b: str, width: int, labelled: list[str], lines: list[Line], at: int
) -> bool:
    """Whether ``b`` ("5.召开专题会议……") goes on with the measures enumerated inline in the
    paragraph ``parts`` ("整改结果及成效：1.……4.……"), the wrap having fallen right before its
    number, in a hard-wrapped text: the line before is full and the paragraph's last inline
    enumerator of that family is the number before. When the number also follows the items
    (the last number of that style that began one of the ``labelled`` paragraphs), the line must
    itself go on with the next number inline ("3.……。4.……"), or the item with that number must
    come next (``lines[at:]``: the lines after ``b``)."""
    a = parts[-1]
    if len(a) < width - WRAP_SLACK or (_has_gap(a) and is_table_row(a)) or (_has_gap(b) and is_table_row(b)):
        return False
    lab = match_label(b)
    if lab is None or lab.value < 2:
        return False
    family = INLINE_FAMILY.get(lab.style)
    if family is None:
        return False
    # the number before is on the last lines (a bounded window keeps unwrap linear); one
    # character before the window lets the enumerator scan see what precedes its first mark
    window = "".join(parts[-WINDOW_LINES:])
    if len(parts) > WINDOW_LINES:
        window = parts[-WINDOW_LINES - 1][-1] + window
    if not _may_hold(window, family, lab.value - 1):
        return False
    found = inline_enumerators(window).get(family)
    if not found or found[-1][1] != lab.value - 1 or found[-1][0] == 0:
        return False
    if _last_number(labelled, lab.style) != lab.value - 1:
        return True
    after = [v for off, v in inline_enumerators(b).get(family, []) if off > 0]
    if after:
        return after[0] == lab.value + 1
    for ln in lines[at : at + LOOKAHEAD]:
        nxt = match_label(ln.text)
        if nxt is not None:
            return nxt.style == lab.style and nxt.value == lab.value
    return False


_FULLWIDTH_DIGITS: Final = str.maketrans("0123456789", "０１２３４５６７８９")


def _may_hold(window: str, family: str, value: int) -> bool:
    """Cheap necessary test that ``window`` holds enumerator ``value`` of ``family``."""
    if family == "circled":
        return CIRCLED[value - 1] in window if value <= len(CIRCLED) else False
    if family == "cn_paren":
        return True
    digits = str(value)
    return digits in window or digits.translate(_FULLWIDTH_DIGITS) in window


def _last_number(labelled: list[str], style: str) -> int | None:
    """Value of the last label of ``style`` that began one of the last LOOKBACK paragraphs."""
    for text in reversed(labelled[-LOOKBACK:]):
        lab = match_label(text)
        if lab is not None and lab.style == style:
            return lab.value
    return None


def unwrap(lines: list[Line]) -> list[Line]:
    """Join lines hard-wrapped in the middle of a sentence.

    Line ``b`` continues line ``a`` when ``a`` is open (in hard-wrapped text: full) and neither
    ends its paragraph whatever follows (``_ends_paragraph``) nor does ``b`` start one
    (``_starts_paragraph``). A line that is joined to no other is returned as it is (the same
    ``Line``)."""
    if not lines:
        return []
    width = wrap_width(lines)
    if width is None:
        return _unwrap_free(lines)
    return _unwrap_hard(lines, width)


def _unwrap_free(lines: list[Line]) -> list[Line]:
    """``unwrap`` for text with free lines: a line ending a sentence ends its paragraph."""
    out: list[Line] = []
    head = lines[0]  # first line of the paragraph
    parts: list[str] = []  # texts of the paragraph once a line is joined to ``head``
    # the line ``a`` before ``b``: its text, its last and first characters' bits (first: -1
    # until needed) and what is known of it; each line is looked at as ``b``, then as ``a``
    a = head.text
    a_last = _last_flags(a)
    a_first = -1
    a_facts = 0
    for k in range(1, len(lines)):
        line = lines[k]
        b = line.text
        b_last = _last_flags(b)
        b_first = -1
        b_facts = 0
        join = False
        if not a_last & _L_TERMINAL:
            if a_first < 0 and len(a) < LABELLED_WRAP_MIN:
                a_first = _first_flags(a)
            if (len(parts) > 0 or not _stands_alone(a, a_first, a_facts)) and not _ends_paragraph(
                a, a_first, a_last, a_facts
            ):
                b_first = _first_flags(b)
                b_facts = _starts_paragraph(b, b_first, b_facts)
                join = not b_facts & _K_STARTS
        if join:
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
        a, a_last, a_first, a_facts = b, b_last, b_first, b_facts
    out.append(Line(head.no, "".join(parts)) if parts else head)
    return out


def _unwrap_hard(lines: list[Line], width: int) -> list[Line]:
    """``unwrap`` for hard-wrapped text of line width ``width``: only a full line was wrapped; it
    may end with a full stop and still go on ("……落实。" / "(已完成)")."""
    full_min = width - WRAP_SLACK
    out: list[Line] = []
    head = lines[0]
    parts: list[str] = []
    # the line ``a`` before ``b``: its text, its first character's bits and what is known of it
    a = head.text
    a_first = _first_flags(a)
    a_facts = 0
    labelled: list[str] = []  # paragraphs that may start with a label, in order
    if a_first & _F_LABEL:
        labelled.append(a)
    for k in range(1, len(lines)):
        line = lines[k]
        b = line.text
        b_first = _first_flags(b)
        b_facts = 0
        join = False
        if len(a) >= full_min:
            if not _ends_paragraph(a, a_first, _last_flags(a), a_facts):
                b_facts = _starts_paragraph(b, b_first, b_facts)
                join = not b_facts & _K_STARTS
            if not join and b_first & _F_LABEL:
                join = _continues_inline_list(parts or [a], b, width, labelled, lines, k + 1)
        if join:
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
            if b_first & _F_LABEL:
                labelled.append(b)
        a, a_first, a_facts = b, b_first, b_facts
    out.append(Line(head.no, "".join(parts)) if parts else head)
    return out


def first_sentence(s: str) -> tuple[str, str]:
    """Split ``s`` after its first sentence: (sentence without its full stop, rest)."""
    # The earliest of 。！？!? with str.find, the commonest first, each later one searched only
    # before the earliest so far (a regex scan testing each character against the class
    # [。！？!?] is several times slower). Written out: a loop over a tuple of the five builds
    # the tuple and iterates generically in the compiled build.
    # The rarer four are looked for only when the line holds them: ``in`` costs less than a
    # find with bounds.
    end = s.find("。")
    if "！" in s:
        k = s.find("！", 0, end) if end >= 0 else s.find("！")
        if k >= 0:
            end = k
    if "？" in s:
        k = s.find("？", 0, end) if end >= 0 else s.find("？")
        if k >= 0:
            end = k
    if "!" in s:
        k = s.find("!", 0, end) if end >= 0 else s.find("!")
        if k >= 0:
            end = k
    if "?" in s:
        k = s.find("?", 0, end) if end >= 0 else s.find("?")
        if k >= 0:
            end = k
    if end < 0:
        return s.strip(), ""
    return s[:end].strip(), s[end + 1 :].strip()


def strip_end(s: str) -> str:
    """Drop trailing sentence punctuation and spaces ("……不到位。" -> "……不到位")."""
    return s.rstrip("。.;；,，:：、 \u3000")
