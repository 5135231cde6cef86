"""ENUMERATOR, written so that candidates fail on cheap tests, finds what the plain form finds."""

import random
import re

from zhenggai.reports.labels import CIRCLED
from zhenggai.reports.measures import _CN, _DIGIT, _DOT_END, ENUMERATOR

# The pattern before the rewrite: the first character checked by a look-behind first.
PLAIN = re.compile(
    rf"[{_CN}{_DIGIT}（(第{CIRCLED}]"
    r"(?:"
    rf"是(?<=[{_CN}]是)"
    rf"|[{_CN}](?:(?<=[{_CN}].)[{_CN}]?是"
    rf"|(?<=[（(].)[{_CN}]{{0,2}}[)）]"
    rf"|(?<=第.)[{_CN}]{{0,2}}[，,、：:])"
    rf"|[.．、](?<=[{_DIGIT}].){_DOT_END}"
    rf"|[)）](?<=[{_DIGIT}].)"
    rf"|[{_DIGIT}](?:(?<=[{_DIGIT}].)(?:[.．、]{_DOT_END}|[)）])"
    rf"|(?<=[（(].)[{_DIGIT}]?[)）])"
    rf"|(?<=[{CIRCLED}])"
    r")"
)


def test_same_matches_as_plain_pattern() -> None:
    alphabet = _CN + "0123456789０１２（(第①②）)是.．、，,：:年 "
    rnd = random.Random(7)
    for _ in range(50_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 14)))
        found = [(m.start(), m[0]) for m in ENUMERATOR.finditer(text)]
        assert found == [(m.start(), m[0]) for m in PLAIN.finditer(text)], text
