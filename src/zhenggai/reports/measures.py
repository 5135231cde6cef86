"""Rectification measures: splitting a rectification paragraph into its enumerated actions.

Reports enumerate measures inline or one per line with 一是/二是…, 1./2., （1）（2）, ①②, 第一，…
When no enumeration is found the whole paragraph is one measure. Each measure keeps its own
status marker ("……（已完成）"); a problem-level marker is never copied down.
"""

from __future__ import annotations

from typing import Final

from .labels import CIRCLED, cn_to_int
from .model import Measure
from .status import find_marker_in, has_bracket, has_colon

# Constants are Final: the mypyc build then reads them as C statics, not from the module dict.

# What may stand right before an inline enumerator: start, whitespace or punctuation (so that
# "统一是", "2012." or "1.48" never start a measure). Circled digits may stand anywhere.
BEFORE: Final = frozenset(' \t\n\u3000，,。；;：:！!？?）)]】、”"')

_CN: Final = "一二三四五六七八九十"
# Enumerators looked at in one text at most.
MAX_MARKS: Final = 1000

_DIGITS: Final = "0123456789０１２３４５６７８９"
# What may follow "第一" in an enumerator.
_DI_END: Final = "，,、：:"


def _marks(text: str) -> dict[str, list[tuple[int, int]]]:
    """(offset, value) of every enumerator in ``text``, by family."""
    out: dict[str, list[tuple[int, int]]] = {}
    hits = _scan(text)
    if len(hits) > MAX_MARKS:
        hits = hits[:MAX_MARKS]  # noise, not a rectification paragraph: no report lists this many
    for code in hits:
        start = code >> 3
        s = text[start : start + (code & 7)]
        read = _READ.get(s)
        if read is None:
            read = _read(s)
            if len(_READ) < _READ_MAX:
                _READ[s] = read
        family, v = read
        if start and family != "circled" and text[start - 1] not in BEFORE:
            continue
        if v is not None:
            found = out.get(family)
            if found is None:
                out[family] = [(start, v)]
            else:
                found.append((start, v))
    return out


def _scan(text: str) -> list[int]:
    """Every enumerator in ``text``, leftmost first and none overlapping, as start * 8 + length.

    (What the single regex this replaces found; tests/reports/test_fast_measures.py keeps it.)

    A regex scan tests every character against a class; str.find skips to the few characters an
    enumerator ends with. This finds the same matches because every enumerator holds exactly one
    of them, as its last character (是, a closing bracket, one of .．、 after a digit, one of ，,、：:
    after 第 and numerals, or the circled digit itself) and is otherwise made of numerals, digits,
    opening brackets and 第, none of which ends one. So two matches never share an end, the
    matches of distinct ends never overlap, and the one finditer takes at an end is the one that
    starts leftmost: for each end, the code below picks the longest form that holds."""
    hits: list[int] = []
    n = len(text)
    i = text.find("是")
    while i >= 0:
        if i and text[i - 1] in _CN:  # "一是", "十二是", "一十二是"
            s = i - 1
            if s and text[s - 1] in _CN:
                s -= 1
                if s and text[s - 1] in _CN:
                    s -= 1
            hits.append(s * 8 + i + 1 - s)
        i = text.find("是", i + 1)
    _closes(text, "）", hits)
    _closes(text, ")", hits)
    _dots(text, ".", n, hits)
    _dots(text, "．", n, hits)
    _dots(text, "、", n, hits)
    i = text.find("第")
    while i >= 0:  # "第一，" to "第一二三："
        j = i + 1
        while j < n and j < i + 5 and text[j] in _CN:
            j += 1
        if i + 1 < j < i + 5 and j < n and text[j] in _DI_END:
            hits.append(i * 8 + j + 1 - i)
        i = text.find("第", i + 1)
    _circled(text, hits)
    if len(hits) > 1:
        hits.sort()
    return hits


def _closes(text: str, close: str, hits: list[int]) -> None:
    """Add the enumerators ending with the closing bracket ``close`` (a helper, not a loop over
    both brackets: iterating over a str literal builds a new one-character str each time)."""
    i = text.find(close)
    while i >= 0:
        if i:
            c = text[i - 1]
            if c in _DIGITS:  # "1）", "12）", "（1）", "（12）" ("123）" holds "23）")
                if i >= 2 and text[i - 2] in _DIGITS:
                    s = i - 3 if i >= 3 and text[i - 3] in "（(" else i - 2
                else:
                    s = i - 2 if i >= 2 and text[i - 2] in "（(" else i - 1
                hits.append(s * 8 + i + 1 - s)
            elif c in _CN:  # "（一）" to "（一二三）"
                s = i - 1
                while s > 0 and s > i - 3 and text[s - 1] in _CN:
                    s -= 1
                if s and text[s - 1] in "（(":
                    s -= 1
                    hits.append(s * 8 + i + 1 - s)
        i = text.find(close, i + 1)


def _dots(text: str, dot: str, n: int, hits: list[int]) -> None:
    """Add the enumerators ending with ``dot``, one of .．、 ("1.", "12、"; not "1.48", "2025.7")."""
    i = text.find(dot)
    while i >= 0:
        if i and text[i - 1] in _DIGITS and _dot_ends(text, i + 1, n):
            s = i - 2 if i >= 2 and text[i - 2] in _DIGITS else i - 1
            hits.append(s * 8 + i + 1 - s)
        i = text.find(dot, i + 1)


def _dot_ends(text: str, at: int, n: int) -> bool:
    """Whether a "1." may end at ``at``: no digit next, unless a year ("1.2023年")."""
    if at >= n or text[at] not in _DIGITS:
        return True
    # (?:19|20)\d\d年 — \d is any Unicode decimal digit, as str.isdecimal() tests
    return (
        at + 4 < n
        and text[at : at + 2] in ("19", "20")
        and text[at + 2 : at + 4].isdecimal()
        and text[at + 4] == "年"
    )


def _circled(text: str, hits: list[int]) -> None:
    """Add the circled digits of ``text``.

    ① to ⑳ are U+2460 to U+2473, the only characters whose UTF-16 code unit has the high byte
    0x24 ("$") and a low byte from 0x60 to 0x73; no code unit of a surrogate pair has that high
    byte. So one memchr over the UTF-16 bytes decides for nearly every text that none is there.
    "utf-16" is the codec str.encode reaches without a codec look-up (the bytes begin with a byte
    order mark and follow the machine's order; "surrogatepass" keeps a lone surrogate one unit)."""
    data = text.encode("utf-16", "surrogatepass")
    if 0x24 not in data:  # an int test: a bytes needle would first fail as an int, raising inside
        return
    if len(data) != 2 * len(text) + 2:  # a character outside the BMP: one unit no longer is one
        for k in range(len(text)):
            if "①" <= text[k] <= "⑳":
                hits.append(k * 8 + 1)
        return
    if data[0] == 0xFF:  # little-endian: the mark FF FE, then each unit's low byte, high byte
        i = data.find(b"$", 2)
        while i >= 0:
            if i & 1 and 0x60 <= data[i - 1] <= 0x73:
                hits.append(((i - 3) >> 1) * 8 + 1)
            i = data.find(b"$", i + 1)
    else:  # big-endian: the mark FE FF, then each unit's high byte, low byte
        i = data.find(b"$", 2)
        while i >= 0:
            if not i & 1 and 0x60 <= data[i + 1] <= 0x73:
                hits.append(((i - 2) >> 1) * 8 + 1)
            i = data.find(b"$", i + 1)


# Family and value of the enumerators met so far, by their text. Reports use a few dozen; the
# bound is for noise.
_READ: Final[dict[str, tuple[str, int | None]]] = {}
_READ_MAX: Final = 2000


def _read(s: str) -> tuple[str, int | None]:
    """Family and value of an enumerator _scan found: its text tells the family."""
    if len(s) == 1:
        return "circled", CIRCLED.index(s) + 1
    if s[-1] == "是":
        return "shi", cn_to_int(s[:-1])
    if s[0] == "第":
        return "di", cn_to_int(s[1:-1])
    if s[0] in "（(":
        digits = s[1:-1]
        if digits.isdigit():
            return "ar_paren", int(digits)
        return "cn_paren", cn_to_int(digits)
    return ("ar_dot" if s[-1] in ".．、" else "ar_half"), int(s[:-1])


class _Run:
    """One family's enumerators (a plain class: a NamedTuple is built by a generic call under mypyc)."""

    def __init__(self, family: str, marks: list[tuple[int, int]], groups: int) -> None:
        self.family = family
        self.marks = marks  # (offset, value) of the first increasing sequence
        self.groups = groups  # number of sequences (a restart at a lower value starts a new one)


def _runs(marks: dict[str, list[tuple[int, int]]]) -> list[_Run]:
    runs: list[_Run] = []
    for family, found in marks.items():
        first: list[tuple[int, int]] | None = None
        groups = 0
        cur: list[tuple[int, int]] = []
        last = 0
        for mark in found:
            v = mark[1]
            if cur:
                if v <= last:  # a restart at a lower value starts a new sequence
                    groups += 1
                    if first is None:
                        first = cur
                    cur = []
                elif v > last + 2:
                    continue  # a stray number, not the next item
            elif v > 2:
                continue  # a sequence starts at 1 (or 2 when its first marker was lost)
            cur.append(mark)
            last = v
        if cur:
            groups += 1
            if first is None:
                first = cur
        if first is not None:
            runs.append(_Run(family, first, groups))
    return runs


def enumerate_measures(text: str) -> list[int]:
    """Offsets where the measures of ``text`` start (empty when not enumerated).

    The outer enumeration is the earliest one with two or more items. A lost first marker
    ("……；二是……；三是") makes the text before the second the first measure. A lone marker
    followed by an enumeration that restarts ("①……一是……二是……加强……一是……二是": the "②" was
    lost) gives one measure per group of the restarting one."""
    last = _LAST[0]
    if last[0] == text:
        return list(last[1])
    starts = _enumerate(text)
    _LAST[0] = (text, tuple(starts))  # one assignment: a thread never sees a half-updated memo
    return starts


# The last text enumerate_measures read and its result: the parser asks whether a statement's
# rest is enumerated, then splits that same text into its measures.
_LAST: Final[list[tuple[str, tuple[int, ...]]]] = [("", ())]


def _enumerate(text: str) -> list[int]:
    marks = _marks(text)
    runs = _runs(marks)
    # the earliest run of two or more, and the earliest single (no two runs start at one place)
    outer: _Run | None = None
    lone: _Run | None = None
    for r in runs:
        if len(r.marks) >= 2:
            if outer is None or r.marks[0][0] < outer.marks[0][0]:
                outer = r
        elif lone is None or r.marks[0][0] < lone.marks[0][0]:
            lone = r
    if lone is not None and (outer is None or lone.marks[0][0] < outer.marks[0][0]):
        # the first of the runs after the lone marker with the most groups (as max() would pick)
        best: _Run | None = None
        for r in runs:
            if r.groups > 1 and r.marks[0][0] > lone.marks[0][0] and (best is None or r.groups > best.groups):
                best = r
        if best is not None:
            return _group_starts(text, marks[best.family])
    if outer is None:
        return []
    starts = [off for off, _ in outer.marks]
    if outer.marks[0][1] == 2:
        starts.insert(0, 0)
    return starts


def _group_starts(text: str, found: list[tuple[int, int]]) -> list[int]:
    """Start offsets of each group of a restarting enumeration (the sentence before its 1)."""
    starts: list[int] = []
    for off, v in found:
        if v == 1:
            if starts:  # after the last sentence end before the character before the 1
                end = off - 1 if off > 1 else 0
                cut = text.rfind("。", 0, end)
                k = text.rfind("；", cut + 1, end)
                if k >= 0:
                    cut = k
                k = text.rfind(";", cut + 1, end)
                if k >= 0:
                    cut = k
                k = text.rfind("\n", cut + 1, end)
                if k >= 0:
                    cut = k
                starts.append(cut + 1)
            else:
                starts.append(0)
    return starts


def split_measures(text: str, line: int = 0) -> list[Measure]:
    """The measures of a rectification paragraph, each with its own status marker."""
    text = text.strip()
    if not text:
        return []
    starts = enumerate_measures(text) or [0]  # not enumerated: the whole text is one measure
    n = len(starts)
    # the paragraph's bracket and colon tests answer them for the measures of one without any
    brackets = has_bracket(text)
    colons = has_colon(text)
    out: list[Measure] = []
    for i in range(n):
        seg = text[starts[i] : starts[i + 1] if i + 1 < n else len(text)].strip()
        marker = find_marker_in(seg, brackets, colons)
        if marker is None:
            out.append(Measure(seg, None, None, line))
        else:
            out.append(Measure(seg, marker[0], marker[1], line))
    return out
