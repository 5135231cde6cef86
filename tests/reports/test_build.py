"""The parser's build: compiled with mypyc in a regular install, pure Python in the editable one.

``make test`` runs tests/reports twice: on the editable install (pure Python, so that an edit takes
effect at once) and on the wheel unpacked into build/compiled with ZHENGGAI_EXPECT_COMPILED=1.
This test checks that each pass really ran the build it claims to.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

SETUP = Path(__file__).resolve().parents[2] / "setup.py"


def compiled_modules() -> list[str]:
    return re.findall(r'"src/zhenggai/reports/(\w+)\.py"', SETUP.read_text(encoding="utf-8"))


def test_setup_compiles_the_modules_parse_text_runs_through() -> None:
    names = compiled_modules()
    assert {"parse", "text", "structure", "labels", "measures", "status", "meta"} <= set(names)
    for name in names:
        assert (SETUP.parent / "src" / "zhenggai" / "reports" / f"{name}.py").is_file()


def test_each_module_is_the_build_this_pass_expects() -> None:
    expect_compiled = os.environ.get("ZHENGGAI_EXPECT_COMPILED") == "1"
    for name in compiled_modules():
        module = importlib.import_module(f"zhenggai.reports.{name}")
        assert module.__file__ is not None
        is_compiled = not module.__file__.endswith(".py")
        assert is_compiled == expect_compiled, module.__file__
