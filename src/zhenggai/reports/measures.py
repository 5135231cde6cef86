"""Rectification measures: splitting a rectification paragraph into its enumerated actions.

Reports enumerate measures inline or one per line with 一是/二是…, 1./2., （1）（2）, ①②, 第一，…
When no enumeration is found the whole paragraph is one measure. Each measure keeps its own
status marker ("……（已完成）"); a problem-level marker is never copied down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import CIRCLED, cn_to_int
from .model import Measure
from .status import find_marker

# What may stand right before an inline enumerator: start, whitespace or punctuation.
_BEFORE = r"(?:^|(?<=[\s，,。；;：:！!？?）)\]】、”\"]))"

# "一是……；二是……" — the commonest enumeration in these reports.
SHI = re.compile(_BEFORE + r"([一二三四五六七八九十]{1,3})是")
# "1.……2.……" inline (not a decimal "1.48%", not inside a date "2025.7.15").
AR_DOT = re.compile(_BEFORE + r"(\d{1,2})[.．、](?:(?![0-9])|(?=(?:19|20)\d\d年))")
# "（1）……（2）……".
AR_PAREN = re.compile(_BEFORE + r"[（(](\d{1,2})[)）]")
# "（一）……（二）……" inside a rectification paragraph.
CN_PAREN = re.compile(_BEFORE + r"[（(]([一二三四五六七八九十]{1,3})[)）]")
# "①……②……".
CIRCLED_RE = re.compile(rf"([{CIRCLED}])")
# "第一，……第二，……".
DI = re.compile(_BEFORE + r"第([一二三四五六七八九十]{1,3})[，,、：:]")

FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("shi", SHI),
    ("ar_dot", AR_DOT),
    ("ar_paren", AR_PAREN),
    ("cn_paren", CN_PAREN),
    ("circled", CIRCLED_RE),
    ("di", DI),
)


@dataclass
class _Run:
    family: str
    marks: list[tuple[int, int]]  # (offset, value) of the first increasing sequence
    groups: int  # number of sequences (a restart at a lower value starts a new one)


def _value(family: str, s: str) -> int | None:
    if family == "circled":
        return CIRCLED.index(s) + 1
    if s.isdigit():
        return int(s)
    return cn_to_int(s)


def _runs(text: str) -> list[_Run]:
    runs: list[_Run] = []
    for family, pattern in FAMILIES:
        seqs: list[list[tuple[int, int]]] = []
        cur: list[tuple[int, int]] = []
        for m in pattern.finditer(text):
            v = _value(family, m.group(1))
            if v is None:
                continue
            if cur and v <= cur[-1][1]:
                seqs.append(cur)
                cur = []
            elif cur and v > cur[-1][1] + 2:
                continue  # a stray number, not the next item
            elif not cur and v > 2:
                continue  # a sequence starts at 1 (or 2 when its first marker was lost)
            cur.append((m.start(), v))
        if cur:
            seqs.append(cur)
        if seqs:
            runs.append(_Run(family, seqs[0], len(seqs)))
    return runs


def enumerate_measures(text: str) -> list[int]:
    """Offsets where the measures of ``text`` start (empty when not enumerated).

    The outer enumeration is the earliest one with two or more items. A lost first marker
    ("……；二是……；三是") makes the text before the second the first measure. A lone marker
    followed by an enumeration that restarts ("①……一是……二是……加强……一是……二是": the "②" was
    lost) gives one measure per group of the restarting one."""
    runs = _runs(text)
    if not runs:
        return []
    lists = [r for r in runs if len(r.marks) >= 2]
    outer = min(lists, key=lambda r: r.marks[0][0]) if lists else None
    singles = [r for r in runs if len(r.marks) == 1]
    lone = min(singles, key=lambda r: r.marks[0][0]) if singles else None
    if lone is not None and (outer is None or lone.marks[0][0] < outer.marks[0][0]):
        nested = [r for r in runs if r.groups > 1 and r.marks[0][0] > lone.marks[0][0]]
        if nested:
            return _group_starts(text, max(nested, key=lambda r: r.groups))
    if outer is None:
        return []
    starts = [off for off, _ in outer.marks]
    if outer.marks[0][1] == 2:
        starts.insert(0, 0)
    return starts


def _group_starts(text: str, run: _Run) -> list[int]:
    """Start offsets of each group of a restarting enumeration (the sentence before its 1)."""
    pattern = dict(FAMILIES)[run.family]
    starts: list[int] = []
    for m in pattern.finditer(text):
        if _value(run.family, m.group(1)) == 1:
            cut = max(text.rfind(c, 0, max(m.start() - 1, 0)) for c in "。；;\n")
            starts.append(cut + 1 if starts else 0)
    return starts


def split_measures(text: str, line: int = 0) -> list[Measure]:
    """The measures of a rectification paragraph, each with its own status marker."""
    text = text.strip()
    if not text:
        return []
    starts = enumerate_measures(text)
    if not starts:
        return [_measure(text, line)]
    out: list[Measure] = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(text)
        out.append(_measure(text[s:e], line))
    return out


def _measure(segment: str, line: int) -> Measure:
    seg = segment.strip()
    marker = find_marker(seg)
    if marker is None:
        return Measure(text=seg, line=line)
    return Measure(text=seg, status=marker[0], status_text=marker[1], line=line)
