"""Status markers: the words reports use for a problem's or a measure's rectification status.

A status counts only when the text states it as a marker: in brackets ("（已完成）", even when the
closing bracket is lost), after a full stop at the end of the item ("……不合理。已完成整改"), after
a status label ("整改进展：部分完成", "（整改状态：长期坚持）"), in a table's status column, or in a
section heading / opening sentence that says what its items are ("已整改完成的问题", "共计14个问题
已整改完成"). Status words in the middle of prose are never markers.
"""

from __future__ import annotations

import re
from typing import Final

from .model import Status

# Constants are Final: the mypyc build then reads them as C statics, not from the module dict.

# Status phrases, longest first so that "未完成整改" wins over "完成整改" at the same place.
_PHRASES: tuple[tuple[str, Status], ...] = (
    ("立行立改已办结", Status.COMPLETED),
    ("阶段性完成整改", Status.PARTIAL),
    ("取得阶段性成效", Status.PARTIAL),
    ("基本完成整改", Status.PARTIAL),
    ("部分完成整改", Status.PARTIAL),
    ("未完成整改", Status.IN_PROGRESS),
    ("尚未完成整改", Status.IN_PROGRESS),
    ("尚未完成", Status.IN_PROGRESS),
    ("持续整改中", Status.IN_PROGRESS),
    ("正在整改中", Status.IN_PROGRESS),
    ("正在整改", Status.IN_PROGRESS),
    ("整改中", Status.IN_PROGRESS),
    ("正在推进", Status.IN_PROGRESS),
    ("推进中", Status.IN_PROGRESS),
    ("未完成", Status.IN_PROGRESS),
    ("已完成整改", Status.COMPLETED),
    ("已整改完成", Status.COMPLETED),
    ("已整改到位", Status.COMPLETED),
    ("整改已完成", Status.COMPLETED),
    ("已办结", Status.COMPLETED),
    ("已销号", Status.COMPLETED),
    ("整改完成", Status.COMPLETED),
    ("完成整改", Status.COMPLETED),
    ("已完成", Status.COMPLETED),
    ("已整改", Status.COMPLETED),
    ("阶段性完成", Status.PARTIAL),
    ("基本完成", Status.PARTIAL),
    ("部分完成", Status.PARTIAL),
    ("长期坚持", Status.LONG_TERM),
    ("长期整改", Status.LONG_TERM),
    ("持续推进", Status.LONG_TERM),
)
STATUS_OF: Final[dict[str, Status]] = dict(_PHRASES)
_ALTERNATION = "|".join(sorted((re.escape(p) for p, _ in _PHRASES), key=len, reverse=True))

# Any status phrase (used for counting sentences and headings, never alone for markers).
STATUS_WORD: Final = re.compile(f"(?:{_ALTERNATION})")

# Optional status label inside a marker: "整改状态：", "整改进展:", "完成情况：", "进展情况：".
# Also in lenticular brackets: "【整改进度】已完成".
_MARK_LABEL = r"(?:【?(?:整改|完成|进展)?(?:状态|进展|进度|情况)\s?(?:[:：]|】)\s?)?"

# Bracketed marker: "（已完成）", "(阶段性完成整改)", "【已办结】", "（整改状态：长期坚持）".
# The closing bracket may be lost at the end of a line ("(已完成整改").
# A short note may follow the word inside the brackets: "（已完成，2023年6月）".
BRACKET_MARKER: Final = re.compile(
    rf"[（(【\[〔［]\s?{_MARK_LABEL}(?P<word>{_ALTERNATION})\s?(?:[，,；;、 ][^（(）)【】\[\]]{{0,20}})?(?:[)）】\]〕］]|$)"
)

# Bare marker closing an item after its last sentence: "……执行不合理。已完成整改",
# "……；整改进展：部分完成。" — only at the very end of the text.
TAIL_MARKER: Final = re.compile(
    rf"(?:^|[。；;！!？?])\s?{_MARK_LABEL}(?P<word>{_ALTERNATION})\s?[。；;.]?\s?$"
)

# Labelled marker anywhere: "整改进展：部分完成", "完成情况：已完成".
LABELLED_MARKER: Final = re.compile(
    rf"(?:整改|完成|进展)(?:状态|进展|进度|情况)\s?(?:[:：]|】)\s?(?P<word>{_ALTERNATION})(?=$|[。；;，,）)\s])"
)

# A heading that names the status of the items under it: "已整改完成的问题", "正在整改的问题（4个）",
# "（二）尚未完成整改的问题".
STATUS_HEADING: Final = re.compile(
    rf"(?:需要|需|仍需|尚需|目前)?(?P<word>{_ALTERNATION})(?:整改)?(?:的)?(?:问题|事项|任务|项目)"
)

# A line that states nothing but a status: "整改进展：已完成整改。", "（已完成）", "完成情况：基本完成".
STATUS_LINE: Final = re.compile(
    rf"[（(【\[]?\s?(?:(?:整改|完成|进展)?(?:状态|进展|进度|情况|结果)\s?(?:[:：]|】)\s?)?(?P<word>{_ALTERNATION})"
    r"\s?[)）】\]]?\s?[。.；;]?"
)

# An opening sentence counts or announces the items it introduces: "共计14个问题", "以下问题".
OPENING_COUNT: Final = re.compile(r"[\d一二三四五六七八九十两] ?[个项]|以下|下列|如下")

# Marker words that are paragraph labels, not statuses ("整改措施及取得的阶段性成效").
_FALSE_CONTEXT: Final = ("取得的阶段性成效",)


# Characters one of which every status phrase holds: texts without any have no marker.
MARKER_HINT: Final = re.compile(r"[完结销中坚推正效到期已]")


# Longest bare tail marker: "。整改进展：阶段性完成整改。" with spaces.
TAIL_WINDOW: Final = 32
# The status phrases, and their last characters: a text that does not end with a phrase (before
# closing punctuation and spaces) has no tail marker, and TAIL_MARKER is not run on it.
_PHRASE_WORDS: Final = tuple(p for p, _ in _PHRASES)
_PHRASE_ENDS: Final = frozenset(p[-1] for p, _ in _PHRASES)
# The phrases by their last character (one lookup answers the first test and narrows the second).
_PHRASES_BY_END: Final[dict[str, tuple[str, ...]]] = {
    e: tuple(p for p in _PHRASE_WORDS if p[-1] == e) for e in _PHRASE_ENDS
}


# Every character str.isspace() accepts, which is the set the regex's \s matches (spelt out: the
# test suite checks it against all code points; computing it here cost every import 0.1 s).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# What may follow a tail marker's phrase: whitespace and a full stop.
_TAIL_TRAILER: Final = WHITESPACE + "。；;."


# The phrases by the code point of their last character, for _ending_with (tuple constants:
# returning one costs nothing).
_ENDS_ZHONG: Final = _PHRASES_BY_END["中"]
_ENDS_WEI: Final = _PHRASES_BY_END["位"]
_ENDS_HAO: Final = _PHRASES_BY_END["号"]
_ENDS_CHENG: Final = _PHRASES_BY_END["成"]
_ENDS_CHI: Final = _PHRASES_BY_END["持"]
_ENDS_GAI: Final = _PHRASES_BY_END["改"]
_ENDS_XIAO: Final = _PHRASES_BY_END["效"]
_ENDS_JIE: Final = _PHRASES_BY_END["结"]
_ENDS_JIN: Final = _PHRASES_BY_END["进"]


def _ending_with(c: int) -> tuple[str, ...] | None:
    """What a text's last character, of code point ``c``, says about a tail marker: the phrases
    ending with it; () when it is closing punctuation or a space (in _TAIL_TRAILER); else None.

    Integer comparisons: looking the character up in a dict would first make it a str and hash
    it (hundreds of instructions for a CJK character). The test suite checks this against
    _PHRASES_BY_END and _TAIL_TRAILER for every code point."""
    if c >= 0x4E2D:  # 中, the lowest phrase end; above it only "；" closes a tail marker
        if c == 0x6539:  # 改
            return _ENDS_GAI
        if c == 0x6210:  # 成
            return _ENDS_CHENG
        if c == 0x4E2D:  # 中
            return _ENDS_ZHONG
        if c == 0x7ED3:  # 结
            return _ENDS_JIE
        if c == 0x8FDB:  # 进
            return _ENDS_JIN
        if c == 0x6548:  # 效
            return _ENDS_XIAO
        if c == 0x6301:  # 持
            return _ENDS_CHI
        if c == 0x4F4D:  # 位
            return _ENDS_WEI
        if c == 0x53F7:  # 号
            return _ENDS_HAO
        if c == 0xFF1B:  # ；
            return ()
        return None
    if c == 0x3002:  # 。
        return ()
    if c > 0x3002:  # up to 中: no closing punctuation, no space
        return None
    if c < 0x80:  # ASCII: ".", ";", a space or a control character str.isspace() accepts
        return () if c == 0x20 or c == 0x2E or c == 0x3B or 0x09 <= c <= 0x0D or 0x1C <= c <= 0x1F else None
    # the other spaces of WHITESPACE
    if c == 0x3000 or c == 0x85 or c == 0xA0 or c == 0x1680 or 0x2000 <= c <= 0x200A:
        return ()
    return () if c == 0x2028 or c == 0x2029 or c == 0x202F or c == 0x205F else None


def _tail_phrase_end(text: str) -> int:
    """len(text.rstrip(_TAIL_TRAILER)) when what is left ends with a status phrase (a cheap
    necessary condition for TAIL_MARKER), else -1.

    No phrase ends with closing punctuation or a space, so stripping them all leaves the phrase
    of a tail marker at the very end. Most texts end with a character that is neither, or with
    one mark after such a character: one or two code point tests settle those without the
    strip (it builds a new string)."""
    n = len(text)
    if n == 0:
        return -1
    ends = _ending_with(ord(text[-1]))
    if ends is None:
        return -1  # the text ends with neither a phrase nor closing punctuation
    if ends:
        return n if text.endswith(ends) else -1  # nothing to strip
    if n >= 2 and _ending_with(ord(text[-2])) is None:
        return -1  # one closing mark after a character that ends no phrase
    t = text.rstrip(_TAIL_TRAILER)
    if not t:
        return -1
    ends = _ending_with(ord(t[-1]))  # not closing punctuation: a tuple of phrases or None
    return len(t) if ends and t.endswith(ends) else -1


def status_of(word: str) -> Status | None:
    """Normalised status of a status phrase ("阶段性完成整改" -> partial)."""
    return STATUS_OF.get(word)


# The opening brackets BRACKET_MARKER starts with (its first character class).
_OPENING_BRACKETS: Final = ("（", "(", "【", "[", "〔", "［")


def has_bracket(text: str) -> bool:
    """Whether ``text`` holds an opening bracket a bracketed marker may start with."""
    return "（" in text or "(" in text or "【" in text or "[" in text or "〔" in text or "［" in text


def first_bracket(text: str) -> int:
    """Offset of the first opening bracket a bracketed marker may start with, or -1.

    BRACKET_MARKER's scan tests every character against its class of brackets (dozens of
    instructions each); str.find runs through the text far faster, and no bracketed marker can
    start before this offset, so the scan starts there and finds the same matches."""
    return _first_bracket_from(text, 0)


def _first_bracket_from(text: str, start: int) -> int:
    """Offset of the first of _OPENING_BRACKETS at or after ``start``, or -1.

    One str.find per bracket, written out (a loop over the tuple costs the mypyc build more than
    the finds), each looking only before the first bracket found so far."""
    end = len(text)
    k = text.find("（", start, end)
    if k >= 0:
        end = k
    k = text.find("(", start, end)
    if k >= 0:
        end = k
    k = text.find("【", start, end)
    if k >= 0:
        end = k
    k = text.find("[", start, end)
    if k >= 0:
        end = k
    k = text.find("〔", start, end)
    if k >= 0:
        end = k
    k = text.find("［", start, end)
    if k >= 0:
        end = k
    return end if end < len(text) else -1


def has_colon(text: str) -> bool:
    """Whether ``text`` holds a colon, which every labelled marker has."""
    return "：" in text or ":" in text


def find_marker(text: str) -> tuple[Status, str] | None:
    """The last status marker stated in ``text`` (a problem statement or a measure), or None."""
    return find_marker_in(text, True, True)


def find_marker_in(text: str, brackets: bool, colons: bool) -> tuple[Status, str] | None:
    """find_marker(text) for a part of a longer text whose bracket and colon tests the caller
    has made: ``brackets`` (``colons``) False says the longer text, and so ``text``, holds none.

    Each pattern is tried only where str.find / str.rfind says a marker of its kind can start
    (the regexes' own scans test a class at every character); the comments below argue that
    this gives the matches the plain scans give."""
    # each kind of marker has a cheap necessary condition; most texts meet none of them
    opening = first_bracket(text) if brackets else -1
    labelled = colons and has_colon(text)
    phrase_end = _tail_phrase_end(text)
    if not (opening >= 0 or labelled or phrase_end >= 0):
        return None
    # Every kind of marker holds a status phrase: no MARKER_HINT search first (it would pass for
    # nearly every text that gets here, and the marker patterns fail as fast without a phrase).
    at = -1  # start of the last marker so far
    word = ""
    if opening >= 0:
        # The last match BRACKET_MARKER.finditer(text) gives. A match starts with an opening
        # bracket, so the scan's next match is the match at the first bracket from where it
        # stands (the end of the previous match) at which the pattern matches.
        n = len(text)
        pos = opening
        while True:
            m = BRACKET_MARKER.match(text, pos)
            if m is not None:
                at = pos
                word = m[1]  # the only group, "word" (an index: no name lookup, no method call)
                pos = m.end()
            else:
                pos += 1
            if pos >= n:
                break
            pos = _first_bracket_from(text, pos)
            if pos < 0:
                break
    if labelled:
        # The last match of LABELLED_MARKER.finditer(text). A match holds exactly one separator
        # (a colon or "】": none of the label's other characters, no whitespace and no phrase is
        # one), four label characters and an optional whitespace before it; so it starts 4 or 5
        # before its separator, and matches never overlap (no phrase holds a label). Separators
        # are tried from the last: the first that ends a match ends the scan's last match.
        sep = len(text)
        while True:
            # the last separator before sep (no max(): with three arguments it is a generic call)
            k = text.rfind("：", 0, sep)
            k2 = text.rfind(":", k + 1, sep)
            if k2 > k:
                k = k2
            k2 = text.rfind("】", k + 1, sep)
            sep = k2 if k2 > k else k
            if sep < 4:
                break
            start = sep - 4
            m = LABELLED_MARKER.match(text, start)
            if m is None and sep >= 5:
                start = sep - 5
                m = LABELLED_MARKER.match(text, start)
            if m is not None:
                if start > at:
                    at = start
                    word = m[1]
                break
    # a bare marker can only be at the very end: look at the tail only
    if phrase_end >= 0:
        start = _tail_start(text, phrase_end, at)
        if start >= 0:
            m2 = TAIL_MARKER.match(text, start)
            if m2 is not None:
                at = start
                word = m2[1]
    if at < 0:
        return None
    return STATUS_OF[word], word


# The characters TAIL_MARKER's match starts with (or the text's start).
_TAIL_OPENERS: Final = ("。", "；", ";", "！", "!", "？", "?")
# Longest distance from a tail marker's opening character to the end of its phrase: the character,
# a space, the longest label ("【整改进展 】 ", 8) and the longest phrase (7).
_TAIL_SPAN: Final = 1 + 1 + 8 + 7


def _tail_start(text: str, phrase_end: int, after: int) -> int:
    """Where TAIL_MARKER.search(text, max(len(text) - TAIL_WINDOW, 0)) can only match, if that is
    after ``after``; else -1. ``phrase_end`` is the length of ``text`` less its trailing closing
    punctuation and spaces (where the phrase of a tail marker ends).

    A match's phrase ends at phrase_end (what follows it is only trailing punctuation and spaces,
    and no phrase ends with one of those), and between its opening character and its phrase lie
    only spaces and label characters, none of them an opening character; so the match can only
    start at the last opening character before phrase_end, at most _TAIL_SPAN before it, or at
    the text's start when there is none."""
    window = max(len(text) - TAIL_WINDOW, 0)
    lo = phrase_end - _TAIL_SPAN  # max(window, phrase_end - _TAIL_SPAN, after + 1)
    if lo < window:
        lo = window
    if lo <= after:
        lo = after + 1
    start = -1
    # one str.rfind per opening character of _TAIL_OPENERS, written out, each looking only after
    # the last one found so far
    k = text.rfind("。", lo, phrase_end)
    if k >= 0:
        start = lo = k
    k = text.rfind("；", lo, phrase_end)
    if k > start:
        start = lo = k
    k = text.rfind(";", lo, phrase_end)
    if k > start:
        start = lo = k
    k = text.rfind("！", lo, phrase_end)
    if k > start:
        start = lo = k
    k = text.rfind("!", lo, phrase_end)
    if k > start:
        start = lo = k
    k = text.rfind("？", lo, phrase_end)
    if k > start:
        start = lo = k
    k = text.rfind("?", lo, phrase_end)
    if k > start:
        start = k
    if start < 0 and window == 0 and after < 0:
        start = 0  # no opening character: only "^" can start a match
    return start


def strip_markers(text: str) -> str:
    """``text`` without its status markers (for titles)."""
    if has_bracket(text):
        text = BRACKET_MARKER.sub("", text)
    phrase_end = _tail_phrase_end(text)
    if phrase_end >= 0:
        start = _tail_start(text, phrase_end, -1)
        m = TAIL_MARKER.match(text, start) if start >= 0 else None
        if m:
            text = text[: start + (1 if m.group(0)[:1] in "。；;！!？?" else 0)]
    return text.strip()


# First characters of the phrases, and of what STATUS_HEADING and STATUS_LINE allow before a
# phrase: a text starting otherwise is neither, and the regex is not run.
_PHRASE_FIRST: Final = frozenset(p[0] for p, _ in _PHRASES)
_HEADING_FIRST: Final = _PHRASE_FIRST | frozenset("需仍尚目")
_LINE_FIRST: Final = _PHRASE_FIRST | frozenset("（(【[整完进状情结")


def line_status(text: str) -> tuple[Status, str] | None:
    """Status of a line that holds only a status ("整改进展：已完成整改。"), else None."""
    if len(text) > 30:
        return None
    text = text.strip()
    if not text or text[0] not in _LINE_FIRST:
        return None
    m = STATUS_LINE.fullmatch(text)
    if m is None:
        return None
    return STATUS_OF[m.group("word")], m.group("word")


def _may_open_heading(c: int) -> bool:
    """Whether a character of code point ``c`` is in _HEADING_FIRST (integer comparisons: a set
    lookup would first make the CJK character a str and hash it). The test suite checks this
    against _HEADING_FIRST for every code point."""
    return c in (
        0x6574,  # 整
        0x5DF2,  # 已
        0x6301,  # 持
        0x63A8,  # 推
        0x6B63,  # 正
        0x5B8C,  # 完
        0x672A,  # 未
        0x5C1A,  # 尚
        0x57FA,  # 基
        0x90E8,  # 部
        0x957F,  # 长
        0x9636,  # 阶
        0x53D6,  # 取
        0x7ACB,  # 立
        0x9700,  # 需
        0x4ECD,  # 仍
        0x76EE,  # 目
    )


def heading_status(text: str) -> tuple[Status, str] | None:
    """Status given by a heading that names its items' status ("已整改完成的问题")."""
    text = text.strip()
    if not text or not _may_open_heading(ord(text[0])):
        return None
    # a match ends with what the phrase describes: most headings starting like one are others
    if "问题" not in text and "事项" not in text and "任务" not in text and "项目" not in text:
        return None
    m = STATUS_HEADING.match(text)
    if m is None:
        return None
    return STATUS_OF[m.group("word")], m.group("word")


def sentence_status(text: str) -> tuple[Status, str] | None:
    """Status of an opening sentence that says its section's items are done / still going on.

    E.g. "截至目前，共计14个问题已整改完成。" or "尚有4个问题正在整改过程中。": the sentence speaks
    of problems (问题/事项) and states exactly one kind of status."""
    if "问题" not in text and "事项" not in text:
        return None
    if OPENING_COUNT.search(text) is None:
        return None  # "对已完成整改的问题适时开展回头看" speaks of problems, it does not list them
    if any(f in text for f in _FALSE_CONTEXT):
        return None
    kinds: dict[Status, str] = {}
    for m in STATUS_WORD.finditer(text):
        kinds.setdefault(STATUS_OF[m.group(0)], m.group(0))
    if len(kinds) != 1:
        return None
    ((status, word),) = kinds.items()
    return status, word
