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
# AR_HALF_PAREN must come after AR_PAREN. _label_at_start reads the patterns by hand (WENTI
# excepted); tests/reports/test_fast_structure.py checks it against them.
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


# First characters for which CN_TOP is the only pattern tried (see match_label).
_CN_TOP_FIRST: Final = frozenset("一二三四五六七八九十百")  # also the numerals of CN_PAREN


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


# A cache miss (never handed out).
_MISSING: Final = Label("", 0, "", "", 0)


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
    return match_label_code(line, ord(line[0]))


def _cn_numeral_code(o: int) -> bool:
    """Whether code point ``o`` is one of _CN_TOP_FIRST (一二三四五六七八九十百; a test pins it)."""
    return (
        o == 0x4E00
        or o == 0x4E8C
        or o == 0x4E09
        or o == 0x56DB
        or o == 0x4E94
        or o == 0x516D
        or o == 0x4E03
        or o == 0x516B
        or o == 0x4E5D
        or o == 0x5341
        or o == 0x767E
    )


def label_start_code(o: int) -> bool:
    """Whether code point ``o`` is one of LABEL_START (a test pins it): a code point test costs
    less than hashing a fresh one-character string for the set."""
    if o < 128:
        return o == 40 or 48 <= o <= 57  # "(" and the ASCII digits
    if 0x4E00 <= o <= 0x9FFF:
        return o == 0x95EE or _cn_numeral_code(o)  # "问" and the Chinese numerals
    # "（", the full-width digits, CIRCLED and PAREN_IDEOGRAPH
    return o == 0xFF08 or 0xFF10 <= o <= 0xFF19 or 0x2460 <= o <= 0x2473 or 0x3220 <= o <= 0x3229


# match_label's answers for short lines (headings, asked about again and again: when
# unwrapping, building the tree, finding the signature). A plain dict costs less than an
# lru_cache wrapper; it is cleared when full.
_LABEL_CACHE: Final[dict[str, Label | None]] = {}
_LABEL_CACHE_MAX: Final = 16384


def match_label_code(line: str, o: int) -> Label | None:
    """``match_label`` of a non-empty ``line`` whose first character has code point ``o`` (for
    callers that read the first character anyway)."""
    if o < 0x4E00 or o > 0x9FFF:
        if not label_start_code(o):
            return None  # most lines are prose: they neither fill the cache nor hash the line
    elif o != 0x95EE:
        if not _cn_numeral_code(o):
            return None
        if line.find("、", 1, 6) < 0 and line.find("．", 1, 6) < 0 and line.find(".", 1, 6) < 0:
            # the only pattern for this first character, CN_TOP, has its pause mark after one
            # to four numerals and an optional space: "一是……" lines skip the cache and the
            # reader
            return None
    # Only short lines (headings) are asked about again and again; a longer one is mostly an
    # item's paragraph seen once, for which the cache would cost more than reading it again.
    if len(line) > 48:
        return _label_at_start(line)
    lab = _LABEL_CACHE.get(line, _MISSING)
    if lab is not _MISSING:
        return lab
    lab = _label_at_start(line)
    if len(_LABEL_CACHE) >= _LABEL_CACHE_MAX:
        _LABEL_CACHE.clear()
    _LABEL_CACHE[line] = lab
    return lab


@lru_cache(maxsize=16384)
def label_at_start(line: str) -> Label | None:
    """``match_label`` of a line whose first character is one of LABEL_START (for callers that
    test it first), cached. (match_label keeps its own cache, for short lines only.)"""
    return _label_at_start(line)


def _decimal(ch: str) -> bool:
    """``ch.isdecimal()`` (what ``\\d`` tests), without the method call for ASCII and CJK
    characters (U+3000 to U+9FFF hold no decimal digit; a test pins it)."""
    o = ord(ch)
    if o < 128:
        return 48 <= o <= 57
    if 0x3000 <= o <= 0x9FFF:
        return False
    return ch.isdecimal()


def _space(ch: str) -> bool:
    """``ch.isspace()`` (what ``\\s`` tests), without the method call for ASCII and CJK
    characters (U+3001 to U+9FFF hold no whitespace; a test pins it)."""
    o = ord(ch)
    if o < 128:
        return 9 <= o <= 13 or 28 <= o <= 32
    if 0x3001 <= o <= 0x9FFF:
        return False
    return ch.isspace()


def _label_end(line: str, end: int, n: int) -> int:
    """Offset of the text after a label ending at ``end``: spaces, ideographic spaces and tabs
    skipped."""
    while end < n:
        o = ord(line[end])
        if o != 32 and o != 0x3000 and o != 9:
            break
        end += 1
    return end


def _label_at_start(line: str) -> Label | None:
    """``label_at_start`` without the cache.

    The patterns of STYLES are read by hand here (WENTI excepted): each has a single way to
    match, so no backtracking is lost. ``\\s`` is ``str.isspace`` and ``\\d`` is ``str.isdecimal``
    (what the regex engine tests for str patterns); ``[0-9]`` is ASCII only. A run of more
    numerals than a pattern allows fails it, as the character after the longest allowed run is
    then a numeral, neither the optional space nor the closing mark. The label never starts or
    ends with whitespace, so its printed form needs no strip."""
    c = line[0]
    o = ord(c)  # dispatch by code point: no string compared or hashed
    n = len(line)
    if o == 0xFF08 or o == 40:  # "（" or "("
        # CN_PAREN, then AR_PAREN: a bracket, an optional space, the numerals, an optional
        # space, a closing bracket
        if n < 3:
            return None
        i = 1
        ch = line[1]
        if _space(ch):
            i = 2
            ch = line[2]
        j = i + 1
        if _cn_numeral_code(ord(ch)):
            while j < n and j - i < 5:
                ch = line[j]
                if not _cn_numeral_code(ord(ch)):
                    break
                j += 1
            if j - i > 4:
                return None
            style = "cn_paren"
        elif _decimal(ch):
            while j < n and j - i < 4:
                ch = line[j]
                if not _decimal(ch):
                    break
                j += 1
            if j - i > 3:
                return None
            style = "ar_paren"
        else:
            return None
        if j >= n:
            return None
        k = j  # ch is line[j]
        if _space(ch):
            k += 1
            if k >= n:
                return None
            ch = line[k]
        if ch != ")" and ch != "）":
            return None
        end0 = k + 1
        digits = line[i:j]
        if style == "cn_paren":
            one = _CN_ONE.get(digits) if j - i == 1 else None
            v = one if one is not None else cn_to_int(digits)
            if v is None:
                return None
            value = v
            norm = f"（{digits}）"
        else:
            value = int(digits)
            norm = normalise_label(style, digits)
    elif _cn_numeral_code(o):
        # CN_TOP: the numerals, an optional space, a pause mark not followed by an ASCII digit
        style = "cn_top"
        j = 1
        ch = ""
        while j < n and j < 5:
            ch = line[j]
            if not _cn_numeral_code(ord(ch)):
                break
            j += 1
        if j > 4 or j >= n:
            return None
        k = j  # ch is line[j]
        if _space(ch):
            k += 1
            if k >= n:
                return None
            ch = line[k]
        if ch != "、" and ch != "．" and ch != ".":
            return None
        end0 = k + 1
        if end0 < n and 48 <= ord(line[end0]) <= 57:
            return None
        digits = line[:j]
        one = _CN_ONE.get(digits) if j == 1 else None
        v = one if one is not None else cn_to_int(digits)
        if v is None:
            return None
        value = v
        norm = digits
    elif 0x3220 <= o <= 0x3229:  # PAREN_IDEOGRAPH
        # CN_PAREN_ONE: the character alone ("㈠" is "（一）")
        style = "cn_paren"
        end0 = 1
        value = o - 0x321F  # PAREN_IDEOGRAPH.index(c) + 1
        norm = f"（{'一二三四五六七八九十'[value - 1]}）"
    elif 0x2460 <= o <= 0x2473:  # CIRCLED
        style = "circled"
        end0 = 1
        value = o - 0x245F  # CIRCLED.index(c) + 1
        norm = c
    elif o == 0x95EE:  # "问"
        return _wenti(line)
    else:
        # a digit: AR_DOT, then AR_HALF_PAREN; both start with one to three digits
        ascii_digits = o < 128
        value = o - 48
        j = 1
        ch = ""
        while j < n and j < 4:
            ch = line[j]
            o = ord(ch)
            if o < 128:
                if not 48 <= o <= 57:
                    break
                value = value * 10 + o - 48
            elif _decimal(ch):
                ascii_digits = False
            else:
                break
            j += 1
        if j > 3 or j >= n:
            return None
        k = j  # ch is line[j]
        if ch == " " and k + 1 < n:
            ch2 = line[k + 1]
            if ch2 == "." or ch2 == "．" or ch2 == "、":
                k += 1
                ch = ch2
        end0 = k + 1
        if (ch == "." or ch == "．" or ch == "、") and (
            end0 >= n
            or not 48 <= ord(line[end0]) <= 57
            # "1.2023年": a year may follow an item number
            or (
                end0 + 4 < n
                and line[end0 + 4] == "年"
                and (line.startswith("19", end0) or line.startswith("20", end0))
                and _decimal(line[end0 + 2])
                and _decimal(line[end0 + 3])
            )
        ):
            style = "ar_dot"
        elif ch == ")" or ch == "）":  # only when no space was taken: line[j]
            style = "ar_half_paren"
            end0 = j + 1
        else:
            return None
        digits = line[:j]
        if ascii_digits:
            norm = digits if style == "ar_dot" else f"{digits}）"
        else:
            value = int(digits)
            norm = normalise_label(style, digits)
    return Label(style, value, line[:end0], norm, _label_end(line, end0, n))


def _wenti(line: str) -> Label | None:
    """WENTI at the start of ``line`` ("问题1：")."""
    m = WENTI.match(line)
    if m is None:
        return None
    digits: str = m.group(1)
    v = number_value(digits)
    if v is None:
        return None
    end0 = m.end()
    return Label(
        "wenti", v, line[:end0].strip(), normalise_label("wenti", digits), _label_end(line, end0, len(line))
    )
