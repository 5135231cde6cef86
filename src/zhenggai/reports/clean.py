"""Web-page debris that copies of published reports carry, and its removal.

Reports are published on government and hospital websites; whether we get the page as HTML or as
a .txt someone copied out of the browser, it arrives wrapped in the site's navigation, article
metadata, print/close buttons, share links and footer. Every rule below is a named, line-anchored
pattern: it must match the *whole* (stripped) line, so a sentence of the report that merely
contains a word such as 来源 or 打印 is never touched. ``clean_text`` blanks matching lines
instead of deleting them, so line numbers of a .txt stay those of the file.
"""

from __future__ import annotations

import re
from typing import Final

# Breadcrumb trail: "首页 > 信息公开 > 工作动态", "网站首页 >> 通知公告", "首页»新闻".
BREADCRUMB: Final = re.compile(r"(?:网站首页|首页|主页|首 页)\s*(?:[>＞»›→]|&gt;|-{1,2}>)+.*")

# Location label in front of a breadcrumb: "当前位置：首页 > …", "您现在的位置: …".
LOCATION: Final = re.compile(
    r"(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|您当前的位置|当前所在位置)\s*[:：].*"
)

# Site greeting in the page header: "欢迎访问××市卫生健康委员会网站", "欢迎来到××门户网站！".
WELCOME: Final = re.compile(r"欢迎(?:访问|来到|光临|您访问)[^。；;，,]{0,40}(?:网站|网|门户|平台)[。！!]?")

# Article metadata: one or more "key：value" fields, e.g.
# "发布时间：2024-05-08 09:30  来源：办公室  字号：[大 中 小]  浏览次数：123".
# The line must start with a key and either hold a second key or be short and sentence-free.
META_KEYS: Final = (
    r"发布时间|发布日期|发文日期|更新时间|来源|信息来源|文章来源|稿件来源|作者|撰稿|撰稿人|"
    r"编辑|责任编辑|审核|审稿|供稿|字号|字体|浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|访问量|点击率"
)
META_FIELD: Final = re.compile(rf"(?:【|\[)?(?:{META_KEYS})\s*[:：]")
META_START: Final = re.compile(rf"(?:【|\[)?(?:{META_KEYS})\s*[:：]\s*(?P<value>.*)")
META_SHORT_VALUE: Final = re.compile(r"[^。；;！!？?]{0,40}")

# Page tools shown as buttons or links: "【打印】【关闭】", "关闭 打印", "[打印本页] [关闭窗口]",
# "【字体：大 中 小】", "返回顶部". The line may hold nothing but these words.
TOOL_WORDS: Final = (
    r"打印|打印本页|打印此页|打印文章|关闭|关闭窗口|关闭本页|关闭页面|收藏|加入收藏|收藏本页|返回顶部|返回|"
    r"回到顶部|顶部|保存|保存本页|纠错|我要纠错|复制链接|分享|字体|字号|大|中|小|默认|放大|缩小|"
    r"视力保护色|背景色|朗读|无障碍|长者模式|简|繁|简体|繁体"
)
PAGE_TOOLS: Final = re.compile(rf"(?:[\s【】\[\]［］|｜:：/·]*(?:{TOOL_WORDS}))+[\s【】\[\]［］|｜:：/·]*")

# Share links: "分享到：微信 微博 QQ空间", "分享至：", "分享：". "分享" alone is a page tool.
SHARE: Final = re.compile(r"(?:【|\[)?分享(?:到|至|\s*[:：])\s*[:：]?[\s\w（）()、，,|｜]{0,40}")

# Neighbouring articles: "上一篇：关于……的通知", "下一篇: 无".
PREV_NEXT: Final = re.compile(
    r"(?:【|\[)?(?:上一篇|下一篇|上一条|下一条|上篇|下篇)(?:(?:】|\])?\s*[:：].{0,120}|(?:】|\]).{0,120}|\s+.{0,120}|)"
)

# Mobile QR prompt: "扫一扫在手机打开当前页", "用手机扫描二维码分享本页", a bare "扫一扫".
SCAN_QR: Final = re.compile(
    r"(?:扫一扫|微信扫一扫)|(?:扫一扫|扫描二维码|用手机扫描(?:二维码)?|手机扫描|微信扫一扫)"
    r"[^。；;，,]{0,20}(?:手机|本页|当前页|此页|页面|分享|打开)[^。；;，,]{0,10}"
)

# Footer: copyright, ICP licence, public-security record, site id, sponsor, technical support,
# browser advice. Each starts the line; sponsor-like keys need their colon ("主办单位：…").
FOOTER: Final = re.compile(
    r"(?:(?:版权所有|Copyright|COPYRIGHT|copyright|©|网站标识码|[\u4e00-\u9fa5]{1,2}ICP备|ICP备|"
    r"[\u4e00-\u9fa5]{1,2}公网安备|公网安备).{0,160})"
    r"|(?:(?:主办单位|承办单位|主办|承办|协办|技术支持|运维单位|维护单位|网站维护|联系地址)\s*[:：].{0,160})"
    r"|(?:(?:建议|推荐)(?:使用)?.{0,30}(?:浏览器|分辨率).{0,60})"
)
# Footer lines that carry the owner or licence further in:
# "××市卫生健康委员会 版权所有", "地址：…  电话：…  京ICP备12345678号".
FOOTER_INNER: Final = re.compile(
    r"[^。]{0,60}版权所有[^。]{0,80}|.{0,160}(?:ICP备|ICP证|公网安备|网站标识码)\s*[:：]?\s*[\w\-－]*号?.{0,80}"
)
# Footer link rows: "网站地图 | 联系我们 | 关于我们", a bare "联系我们".
FOOTER_LINKS: Final = re.compile(
    r"(?:[\s|｜·/]*(?:网站地图|联系我们|关于我们|隐私声明|免责声明|网站声明|使用帮助|设为首页|网站导航|English))+"
    r"[\s|｜·/]*"
)

# Conversion leftovers: pandoc's "[bookmark: _GoBack]" and similar anchors.
BOOKMARK: Final = re.compile(r"\[bookmark:[^\]]*\]")

# Rules in the order they are tried; the name is what `debris_rule` reports.
RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("breadcrumb", BREADCRUMB),
    ("location", LOCATION),
    ("welcome", WELCOME),
    ("page_tools", PAGE_TOOLS),
    ("share", SHARE),
    ("prev_next", PREV_NEXT),
    ("scan_qr", SCAN_QR),
    ("footer", FOOTER),
    ("footer_inner", FOOTER_INNER),
    ("footer_links", FOOTER_LINKS),
    ("bookmark", BOOKMARK),
)

# All rules in one alternation: one regex call per line instead of one per rule (the parser
# asks for every short line). The named group that matched is the rule's name.
ANY_RULE: Final = re.compile("|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in RULES))

# Lines longer than this are report prose, never page furniture.
MAX_DEBRIS_LENGTH: Final = 200
_SPACES: Final = " \t\u3000\xa0"

# Characters a match of a rule above (or of META_START) can start with, besides a space (\s).
# Only the footers that carry the owner or licence further in (FOOTER's "××ICP备…" and
# "××公网安备…", FOOTER_INNER) can start otherwise, and they hold one of DEBRIS_INNER. A line
# passing neither test is content without trying the rules. Keep both in step with the rules.
DEBRIS_FIRST: Final = frozenset(
    "网首主当您你欢"  # breadcrumb, location, welcome
    "打关收加返回顶保纠我复分字大中小默放缩视背朗无长简繁【】[]［］|｜:：/·"  # page tools
    "上下扫微用手"  # prev/next, QR prompt
    "版Cc©I公主承协技运维联建推"  # footer
    "隐免使设E"  # footer links
    "发更来信文稿作撰编责审供浏阅点访"  # metadata keys
)
DEBRIS_INNER: Final = ("ICP", "版权所有", "公网安备", "网站标识码")


def _starts_debris(c: str) -> bool:
    """Whether a line starting with the character ``c`` may be debris whatever follows: ``c`` is
    one of DEBRIS_FIRST or a space."""
    return c in DEBRIS_FIRST or c.isspace()


# _starts_debris by code point, for the Basic Multilingual Plane: every character of
# DEBRIS_FIRST is in it and every character str.isspace() accepts is at most U+3000 (the
# ideographic space; a test pins both), so a character above it is not. One ord() and one
# bytes index per line instead of hashing the one-character string for a set.
DEBRIS_FIRST_TABLE: Final = bytes(_starts_debris(chr(o)) for o in range(0x10000))


def may_be_debris(s: str) -> bool:
    """Cheap necessary test for ``match_debris(s)``: false for most report lines."""
    o = ord(s[0])
    if o < 0x10000 and DEBRIS_FIRST_TABLE[o]:
        return True
    return may_hold_inner_debris(s)


def may_hold_inner_debris(s: str) -> bool:
    """``may_be_debris`` of a line whose first character is not in DEBRIS_FIRST_TABLE: the line
    holds the owner or licence of a footer further in."""
    # a one-character search first: "ICP" searched in a line of Chinese is first converted to
    # the line's width (a new string); "公网安备" and "网站标识码" both hold 网
    return (
        ("I" in s and "ICP" in s) or "版权所有" in s or ("网" in s and ("公网安备" in s or "网站标识码" in s))
    )


def debris_rule(line: str) -> str | None:
    """Name of the rule that marks ``line`` as page debris, or None when it is content."""
    s = line.strip(_SPACES)
    if not s or len(s) > MAX_DEBRIS_LENGTH or not may_be_debris(s):
        return None
    return match_debris(s)


def match_debris(s: str) -> str | None:
    """``debris_rule`` of a stripped, non-empty line of at most MAX_DEBRIS_LENGTH characters."""
    m = ANY_RULE.fullmatch(s)
    if m is not None:
        return m.lastgroup
    if _is_metadata(s):
        return "metadata"
    return None


def _is_metadata(s: str) -> bool:
    m = META_START.fullmatch(s)
    if not m:
        return False
    if len(META_FIELD.findall(s)) >= 2:
        return True
    return META_SHORT_VALUE.fullmatch(m.group("value")) is not None


def is_debris(line: str) -> bool:
    return debris_rule(line) is not None


def clean_text(text: str, *, keep_lines: bool = True) -> str:
    """Remove the debris lines of ``text`` (newline-separated).

    With ``keep_lines`` (plain-text files) a debris line becomes an empty line, so line numbers
    stay those of the file; otherwise (text extracted from HTML, .docx, PDF) it is dropped."""
    lines = text.split("\n")
    kept: list[str] = []
    changed = False
    for line in lines:
        if line and debris_rule(line) is not None:
            changed = True
            if keep_lines:
                kept.append("")
        else:
            kept.append(line)
    return "\n".join(kept) if changed else text
