"""Text rules of the 体检 (consistency check): near-duplicate measures and "ongoing" wording.

Both work on plain strings so that the report check (``check.py``) and the ledger check
(``zhenggai.ledger.health``) share them. Never imports Django.

Similarity. Two measure texts are compared as sets of character 3-grams after ``normalise``:
enumeration words ("一是", "（2）", "首先") and status markers ("（已完成）") are dropped, every
《…》 title becomes one private-use character (the same title gives the same character, so a long
title counts as one word, not as thirty characters), and punctuation and spaces go. Two texts
are the same measure when

- their Jaccard similarity is at least ``JACCARD_MIN`` (both say nearly the same thing), or
- at least ``CONTAINMENT_MIN`` of the shorter one's 3-grams occur in the longer one (one measure
  was pasted whole into another, which then goes on with more text).

Texts shorter than ``MIN_CHARS`` normalised characters ("加强学习", "建立台账") are never compared:
short stock phrases recur in every report without being copies.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .status import strip_markers

# Below this many normalised characters a text is a stock phrase, not a measure worth comparing.
MIN_CHARS = 16
# Jaccard similarity of 3-gram sets from which two measures count as the same text. Measured on
# the dev corpus (five reports, 11,478 pairs of measures under different problems): copies score
# 0.80–1.00, rewordings of one measure ("修订《X》，对A进行修改完善" / "对A修改完善，修订《X》")
# 0.33–0.56, unrelated measures below 0.30.
JACCARD_MIN = 0.8
# Share of the shorter text's 3-grams found in the longer one from which the shorter counts as
# pasted into the longer (a copied sentence followed by new text). Corpus: pasted measures score
# 0.86–1.00, rewordings 0.54–0.74, unrelated measures at most 0.47.
CONTAINMENT_MIN = 0.85

# Enumeration words at the start of a measure or a clause: 一是/二是, 第一/第二, 首先/其次/再次/最后,
# （1）/(一)/1./1、/①, and the paragraph labels 整改情况：/整改措施：/整改落实情况：.
ENUMERATION = re.compile(
    r"(?:(?<=^)|(?<=[。；;，,：:\s]))"
    r"(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}(?=[，,、：:])|首先|其次|再次|最后"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[①-⑳]"
    r"|整改(?:落实)?(?:情况|措施|结果)(?:及成效)?[:：])"
)
# A document title in book-title marks, nested marks included: 《关于〈X〉的通知》.
BOOK_TITLE = re.compile(r"《[^《》]{1,120}》")
# Everything that is not a letter, digit or CJK character (punctuation, spaces, quotes).
NON_WORD = re.compile(r"[^\w\u3400-\u9fff\ue000-\uf8ff]|_")


def normalise(text: str, titles: dict[str, str] | None = None) -> str:
    """The text reduced to what carries its meaning, for n-gram comparison.

    ``titles`` maps each 《title》 met so far to its private-use character; pass the same dict
    for all texts that are compared with each other."""
    titles = {} if titles is None else titles
    text = strip_markers(text)

    def title_char(m: re.Match[str]) -> str:
        key = NON_WORD.sub("", m.group(0))
        if key not in titles:
            titles[key] = chr(0xE000 + len(titles) % 6000)
        return titles[key]

    text = BOOK_TITLE.sub(title_char, text)
    text = ENUMERATION.sub("", text)
    return NON_WORD.sub("", text)


def grams(text: str, n: int = 3) -> frozenset[str]:
    return frozenset(text[i : i + n] for i in range(max(len(text) - n + 1, 0)))


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float

    @property
    def same(self) -> bool:
        return self.jaccard >= JACCARD_MIN or self.containment >= CONTAINMENT_MIN


def similarity(a: frozenset[str], b: frozenset[str]) -> Similarity:
    if not a or not b:
        return Similarity(0.0, 0.0)
    common = len(a & b)
    return Similarity(common / len(a | b), common / min(len(a), len(b)))


@dataclass
class Text:
    """One measure text prepared for comparison; ``owner`` says which problem it belongs to."""

    owner: int
    index: int
    text: str
    grams: frozenset[str]


def prepare(items: list[tuple[int, int, str]]) -> list[Text]:
    """(owner, index, text) triples → comparable texts; stock phrases are left out."""
    titles: dict[str, str] = {}
    out = []
    for owner, index, text in items:
        norm = normalise(text, titles)
        if len(norm) >= MIN_CHARS:
            out.append(Text(owner, index, text, grams(norm)))
    return out


def same_pairs(texts: list[Text]) -> list[tuple[Text, Text, Similarity]]:
    """Pairs of texts of DIFFERENT owners that are the same measure, in document order.

    Prefix filtering keeps this far from quadratic: a pair can only reach the lower threshold
    t = min(JACCARD_MIN, CONTAINMENT_MIN) if it shares at least t·|a| of the smaller text a's
    3-grams, so a's rarest |a| − ⌈t·|a|⌉ + 1 grams must include a shared one. Each text probes
    the index with that prefix only, and rare grams have short posting lists."""
    t = min(JACCARD_MIN, CONTAINMENT_MIN)
    df: dict[str, int] = {}
    index: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        for g in text.grams:
            df[g] = df.get(g, 0) + 1
            index.setdefault(g, []).append(i)
    pairs: dict[tuple[int, int], Similarity] = {}
    for i, a in enumerate(texts):
        size = len(a.grams)
        prefix = sorted(a.grams, key=lambda g: (df[g], g))[: size - math.ceil(t * size) + 1]
        for g in prefix:
            for j in index[g]:
                b = texts[j]
                # Probe from the smaller text of each pair only (ties: the earlier one).
                if j == i or a.owner == b.owner or (len(b.grams), j) < (size, i):
                    continue
                key = (min(i, j), max(i, j))
                if key in pairs:
                    continue
                pairs[key] = similarity(a.grams, b.grams)
    return [(texts[i], texts[j], sim) for (i, j), sim in sorted(pairs.items()) if sim.same]


# ---------------------------------------------------------------------------------------------
# "Ongoing or planned" wording in the text of an item marked completed.
#
# Each pattern is one real-world way reports say that work is not done yet. Precision matters
# more than recall: a 体检 that cries wolf is switched off. So a word counts only in the text of
# the item itself (never in the problem statement, which describes the problem), never inside
# a 《document title》, and not where it qualifies a noun ("正在运行的系统", "拟报废的设备", "即将
# 到期的项目"), where it is part of another word (接待, 待遇, 草拟, 拟定), where it states a rule
# ("待党组会议通过后列支使用": a procedure, not pending work), or where it reports good news
# ("尚未发现违规问题").

ONGOING_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "正在研发当中", "正在抓紧调研", "委医政科正在受理中"; "正逐步完善" is too vague to count.
    ("正在", re.compile(r"正在")),
    # "仍在推进", "仍在办理".
    ("仍在", re.compile(r"仍在(?=[推办进实研建审协整落开])")),
    # "尚未完成", "尚未建立"; but "尚未发现问题" / "尚未再出现" report good news.
    ("尚未", re.compile(r"尚未(?!发现|出现|再|收到|接到|发生)")),
    # "待省专家组进行实地审核", "待检察机关提起公诉", "有待加强", "亟待解决"; not 接待/对待/期待/待遇/
    # 招待/看待/优待/等待…, and not "待X后Y" (a rule for the future, handled in _is_procedure).
    ("待", re.compile(r"(?<![接对期招看善款优亏虐留以相])待(?![遇人岗命客业])")),
    # "将于年底完成", "预计于2023年年底前全面竣工", "计划于/计划在7月31日完成上线", "拟于", "拟定于".
    ("将于", re.compile(r"(?:将|拟|拟定|计划|预计)(?:于|在)(?=[^，,。；;]{0,12}(?:\d|年|月|底|前|内|完成))")),
    # "预计2023年年底竣工".
    ("预计", re.compile(r"预计(?=\s?(?:19|20)\d\d年|年底|年内|月底)")),
    # "还将对所有学员进行考核", "即将启动".
    # "尚需进一步完善"; but "五万元以上还需经党委会批准" states a rule (需经/须经 approval).
    ("还将", re.compile(r"(?:还将|即将|尚需|仍需|还需)(?!经)")),
    # "拟招聘", "拟将", "拟计划"; not 草拟/起拟/模拟/虚拟/比拟, not "拟定了方案" (drafted: done).
    ("拟", re.compile(r"(?<![草起模虚比])拟(?!定(?!于)|稿|任|写)")),
    # "下一步将有计划、有步骤地帮助…", "下步打算"; not "为下一步工作打下基础".
    ("下一步", re.compile(r"(?<!为)下一?步(?!工作打下|打下|奠定)")),
    # Work still in hand: "调研中", "受理中", "建设中", "实施中" at the end of a clause.
    (
        "进行中",
        re.compile(
            r"(?:推进|进行|办理|受理|实施|建设|研发|研究|调研|审核|审批|协调|招标|施工|整改)中(?=$|[，,。；;）)])"
        ),
    ),
)

# A word that qualifies a noun: marker, at most 6 more characters in the same clause, then 的.
_ATTRIBUTIVE = re.compile(r"^[^，,。；;：:、]{0,6}的")
# "待X后Y" / "待X即可Y" inside one clause: a procedure or condition, not pending work.
_PROCEDURE = re.compile(r"^待[^，,。；;]{1,20}?(?:后|即可|方可|再)")
# 待 inside an object or noun phrase ("对全院待报废医疗设备进行清查", "将待办事项…"): the clause
# before it holds a preposition or a determiner. Pending work starts its clause ("，待省专家组审核")
# or follows a short subject or adverb ("此项工作尚待批复", "有待加强").
_OBJECT_BEFORE = re.compile(r"[对把将的之]|全院|所有|各类|各项")
# Before "建设中"/"实施中": "落实到…建设中", "在…实施中" name where something goes, not work in hand.
_INTO = re.compile(r"[到在于入]")
# After 下一步: a plan to consolidate what is done ("下一步将持续巩固整改成果") is not new work.
_CONSOLIDATE = re.compile(r"^下一?步[^，,。；;]{0,6}(?:巩固|保持|坚持|常态|防止)")
# Clause and sentence boundaries for quoting.
_CLAUSE_END = re.compile(r"[。；;！!？?\n]")


def _mask_titles(text: str) -> str:
    """Blank out 《…》 titles, keeping offsets: "《关于仍未答复的投诉件…》" says nothing of the item."""
    return BOOK_TITLE.sub(lambda m: "《" + "□" * (len(m.group(0)) - 2) + "》", text)


@dataclass(frozen=True)
class Ongoing:
    word: str  # the words as printed, e.g. "正在", "计划在"
    quote: str  # the sentence it stands in


def find_ongoing(text: str) -> Ongoing | None:
    """The first place where ``text`` says its work is still going on or only planned."""
    masked = _mask_titles(strip_markers(text))
    hits: list[tuple[int, str, int]] = []
    for word, pattern in ONGOING_PATTERNS:
        for m in pattern.finditer(masked):
            if _is_exempt_match(word, m, masked):
                continue
            hits.append((m.start(), m.group(0), m.end()))
            break
    if not hits:
        return None
    start, word, end = min(hits)
    return Ongoing(word, quote_around(strip_markers(text), start, end))


def _is_exempt_match(word: str, m: re.Match[str], text: str) -> bool:
    after = text[m.end() :]
    if word == "进行中" and _INTO.search(_clause_before(text, m.start())):
        return True  # "落实到医共体建设中", "在项目实施中发现": a place, not a state
    if word in ("正在", "还将", "拟", "待") and _ATTRIBUTIVE.match(after):
        return True  # "正在运行的系统", "拟报废的医疗设备", "即将到期的采购项目"
    if word == "待" and _PROCEDURE.match(text[m.start() :]):
        return True
    if word == "待" and _OBJECT_BEFORE.search(_clause_before(text, m.start())):
        return True  # "对全院待报废医疗设备进行了清查": 待 qualifies the object
    if word == "下一步" and _CONSOLIDATE.match(text[m.start() :]):
        return True
    return False


def _clause_before(text: str, start: int) -> str:
    left = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
    return text[left:start]


_CLAUSE_START = re.compile(r"[，,。；;：:！!？?\n]")


def quote_around(text: str, start: int, end: int, width: int = 80) -> str:
    """The sentence around text[start:end], cut to ``width`` characters around the match."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    sentence = text[left:right].strip()
    if len(sentence) <= width:
        return sentence
    offset = start - left
    lo = max(0, min(offset - width // 2, len(sentence) - width))
    cut = sentence[lo : lo + width]
    return ("…" if lo > 0 else "") + cut + ("…" if lo + width < len(sentence) else "")
