"""Numbering labels of report headings and items: recognition, value and normalisation.

Reports number their levels with a handful of styles (一、 / （一） / 1. / （1） / 1） / ①); which
style sits at which level differs from report to report and is inferred by the structure builder
from the order in which styles appear. Here we only recognise a label at the start of a line,
give its style, its numeric value and its normalised printed form (the gold ``path`` form:
trailing punctuation stripped, brackets full-width).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

CN_DIGITS: Final = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS: Final = "零〇一二两三四五六七八九十百"
_CN_VALUE: Final = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# The value of a one-character Chinese numeral (what cn_to_int gives for it).
_CN_ONE: Final = {**_CN_VALUE, "十": 10, "百": 100}
CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Top-level Chinese numeral with a pause mark: "一、", "十二、", also "一." / "一．" in sloppy copies.
CN_TOP: Final = re.compile(r"([一二三四五六七八九十百]{1,4})\s?[、．.](?![0-9])")
# Chinese numeral in brackets, either width or mixed: "（一）", "(二)", "（十二)".
CN_PAREN: Final = re.compile(r"[（(]\s?([一二三四五六七八九十百]{1,4})\s?[)）]")
# Parenthesised ideographs, one character: "㈠", "㈡" (read as "（一）", "（二）").
PAREN_IDEOGRAPH: Final = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
CN_PAREN_ONE: Final = re.compile(rf"([{PAREN_IDEOGRAPH}])")
# Arabic numeral in brackets: "（1）", "(2)", "（ 3 ）".
AR_PAREN: Final = re.compile(r"[（(]\s?(\d{1,3})\s?[)）]")
# Arabic numeral with a dot or pause mark: "1.", "2．", "3、". Not a decimal ("1.5亿"), except that
# an item may start with a year: "1.2023年，来自……" is item 1.
AR_DOT: Final = re.compile(r"(\d{1,3}) ?[.．、](?:(?![0-9])|(?=(?:19|20)\d\d年))")
# Arabic numeral with a closing bracket only: "1）", "2)".
AR_HALF_PAREN: Final = re.compile(r"(\d{1,3})[)）]")
# Circled digits: "①", "②".
CIRCLED_RE: Final = re.compile(rf"([{CIRCLED}])")

# A problem tag with its number: "问题1：", "问题一：", "问题2." (the label is printed "问题1").
WENTI: Final = re.compile(r"问题\s?([一二三四五六七八九十]{1,3}|\d{1,3})\s?[：:、.．]")

# Styles in the order they are tried; CN_PAREN before AR_PAREN is irrelevant (disjoint), but
# AR_HALF_PAREN must come after AR_PAREN.
STYLES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("cn_top", CN_TOP),
    ("cn_paren", CN_PAREN),
    ("cn_paren", CN_PAREN_ONE),
    ("ar_paren", AR_PAREN),
    ("ar_dot", AR_DOT),
    ("ar_half_paren", AR_HALF_PAREN),
    ("circled", CIRCLED_RE),
    ("wenti", WENTI),
)

# Styles that look alike on the page; a report that slips from "（一）" to "（2）" keeps the level.
FAMILY: Final = {
    "cn_top": "pause",
    "ar_dot": "dot",
    "cn_paren": "paren",
    "ar_paren": "paren",
    "ar_half_paren": "half",
    "circled": "circled",
    "wenti": "wenti",
}

# Characters a label can start with.
LABEL_START: Final = frozenset(
    "（(一二三四五六七八九十百0123456789０１２３４５６７８９问" + CIRCLED + PAREN_IDEOGRAPH
)


def _styles_for(first: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The STYLES (in their order) whose pattern can match a line starting with ``first``."""
    if first in "（(":
        return tuple(st for st in STYLES if st[1] in (CN_PAREN, AR_PAREN))
    if first in "一二三四五六七八九十百":
        return tuple(st for st in STYLES if st[1] is CN_TOP)
    if first in PAREN_IDEOGRAPH:
        return tuple(st for st in STYLES if st[1] is CN_PAREN_ONE)
    if first in CIRCLED:
        return tuple(st for st in STYLES if st[1] is CIRCLED_RE)
    if first == "问":
        return tuple(st for st in STYLES if st[1] is WENTI)
    return tuple(st for st in STYLES if st[1] in (AR_DOT, AR_HALF_PAREN))  # digits


# First characters for which CN_TOP is the only pattern tried (see match_label).
_CN_TOP_FIRST: Final = frozenset("一二三四五六七八九十百")

# Each label pattern starts with its own set of characters; a line is tried only against the
# patterns its first character allows (one or two instead of eight).
_STYLES_BY_FIRST: Final = {c: _styles_for(c) for c in LABEL_START}


@dataclass
class Label:
    """A numbering label found at the start of a line.

    Treat it as immutable: the label cache hands the same object to every caller. (Not a frozen
    dataclass: its __init__ would go through object.__setattr__; this one is written out because
    the generated one stays interpreted in the mypyc build.)"""

    style: str  # one of the STYLES names
    value: int  # numeric value (（三） -> 3)
    printed: str  # as printed, e.g. "(一)"
    norm: str  # normalised path form, e.g. "（一）", "1", "一"
    end: int  # offset in the line where the text after the label starts

    def __init__(self, style: str, value: int, printed: str, norm: str, end: int) -> None:
        self.style = style
        self.value = value
        self.printed = printed
        self.norm = norm
        self.end = end


@lru_cache(maxsize=4096)
def cn_to_int(s: str) -> int | None:
    """Value of a Chinese numeral up to 999 ("十二" -> 12, "二十" -> 20); None when not one."""
    if not s or any(c not in CN_NUMERAL_CHARS for c in s):
        return None
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for c in s:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_VALUE[c] if current else _CN_VALUE[c]
    return total + current


def number_value(s: str) -> int | None:
    """Value of an Arabic or Chinese numeral string."""
    if s.isdigit():
        return int(s)
    return cn_to_int(s)


_ASCII_DIGITS: Final = str.maketrans("０１２３４５６７８９", "0123456789")


def normalise_label(style: str, digits: str) -> str:
    """Gold path form of a label: brackets full-width, digits ASCII, trailing punctuation dropped."""
    if not digits.isascii():  # an ASCII string has no full-width digit to translate
        digits = digits.translate(_ASCII_DIGITS)
    if style in ("cn_paren", "ar_paren"):
        return f"（{digits}）"
    if style == "ar_half_paren":
        return f"{digits}）"
    if style == "wenti":
        return f"问题{digits}"
    return digits


def match_label(line: str) -> Label | None:
    """The numbering label at the start of ``line`` (already stripped), or None."""
    if not line:
        return None
    c = line[0]
    if c not in LABEL_START:
        return None  # most lines are prose: they neither fill the cache nor hash the line
    if (
        c in _CN_TOP_FIRST
        and line.find("、", 1, 6) < 0
        and line.find("．", 1, 6) < 0
        and line.find(".", 1, 6) < 0
    ):
        # the only pattern for this first character, CN_TOP, has its pause mark after one to
        # four numerals and an optional space: "一是……" lines skip the cache and the regex
        return None
    return label_at_start(line)


@lru_cache(maxsize=16384)
def label_at_start(line: str) -> Label | None:
    """``match_label`` of a line whose first character is one of LABEL_START (for callers that
    test it first). Cached: the parser asks for the same line more than once (when unwrapping,
    building the tree, finding the signature)."""
    for style, pattern in _STYLES_BY_FIRST[line[0]]:
        m = pattern.match(line)
        if m is None:
            continue
        digits: str = m.group(1)
        # normalise_label and number_value inlined: the patterns tell which forms can occur
        if style == "circled":
            value = CIRCLED.index(digits) + 1
            norm = digits
        elif style == "cn_top" or style == "cn_paren":
            if digits in PAREN_IDEOGRAPH:
                value = PAREN_IDEOGRAPH.index(digits) + 1
                digits = "一二三四五六七八九十"[value - 1]
            else:
                # Chinese numerals only (no digit to translate): one character is read directly
                one = _CN_ONE.get(digits) if len(digits) == 1 else None
                v = one if one is not None else cn_to_int(digits)
                if v is None:
                    continue
                value = v
            norm = f"（{digits}）" if style == "cn_paren" else digits
        else:
            v = number_value(digits)
            if v is None:
                continue
            value = v
            norm = normalise_label(style, digits)
        end0 = m.end()
        end = end0
        n = len(line)
        while end < n and line[end] in " \u3000\t":
            end += 1
        return Label(style, value, line[:end0].strip(), norm, end)
    return None
