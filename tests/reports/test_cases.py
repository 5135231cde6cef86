"""Every rule of the parser on a short made-up snippet.

Each case is a pair of data files in tests/reports/cases: NAME.txt (the report text) and NAME.json
(the expected output). Only the keys given in the JSON are compared; a list is compared item by
item and must have the same length; ``"measures": N`` compares only the number of measures.
Add a case by adding two files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zhenggai.reports.parse import parse_text

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.stem for p in CASES.glob("*.txt"))


def compare(expected: Any, actual: Any, where: str) -> list[str]:
    """Differences between ``expected`` (a partial spec) and ``actual``, each saying where."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        out: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{where}.{key}: missing")
            elif key == "measures" and isinstance(value, int):
                if len(actual[key]) != value:
                    out.append(f"{where}.measures: expected {value}, got {len(actual[key])}")
            else:
                out.extend(compare(value, actual[key], f"{where}.{key}"))
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {len(expected)} items, got {actual!r}"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out.extend(compare(e, a, f"{where}[{i}]"))
        return out
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


def test_there_are_enough_cases() -> None:
    assert len(NAMES) >= 40
    for name in NAMES:
        assert (CASES / f"{name}.json").is_file(), f"{name}.txt has no expected {name}.json"


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str) -> None:
    text = (CASES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    actual = parse_text(text, doc=f"{name}.txt").to_dict()
    problems = compare(expected, actual, name)
    assert not problems, "\n".join(problems)


def test_compare_reports_a_wrong_measure_count() -> None:
    assert compare({"measures": 2}, {"measures": [{}]}, "x") == ["x.measures: expected 2, got 1"]
    assert compare({"a": [1]}, {"a": [1, 2]}, "x")
