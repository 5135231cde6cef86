"""Compiles the report parser's hot modules with mypyc when a wheel is built.

pyproject.toml holds all the project's metadata; this file only adds the extension modules.

- A regular install (``pip install .``, a wheel) compiles the modules listed in ``COMPILED`` to C
  with mypyc: the parser then runs about 1.8× fewer instructions (figures in bench/README.md).
  The same sources run unchanged as plain Python.
- An editable install (``pip install -e .``, what ``make run`` and ``make test`` use) stays pure
  Python, so an edit to a source file takes effect at once and no stale compiled module can hide it.
- ``ZHENGGAI_PURE=1`` skips compiling in any install; a machine without a C compiler falls back
  to pure Python with a warning instead of failing the install.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The parser's modules on the hot path of parse_text (read, check and render stay pure Python).
COMPILED = [
    "src/zhenggai/reports/clean.py",
    "src/zhenggai/reports/labels.py",
    "src/zhenggai/reports/measures.py",
    "src/zhenggai/reports/meta.py",
    "src/zhenggai/reports/model.py",
    "src/zhenggai/reports/parse.py",
    "src/zhenggai/reports/status.py",
    "src/zhenggai/reports/structure.py",
    "src/zhenggai/reports/text.py",
]


class OptionalBuildExt(build_ext):
    """Builds the compiled modules, or leaves the pure-Python ones when compiling fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, no Python headers: the sources still work
            self.warn(f"compiling the parser failed, installing it as pure Python: {exc}")

    def build_extension(self, ext):  # type: ignore[no-untyped-def]
        try:
            super().build_extension(ext)
        except Exception as exc:
            self.warn(f"compiling {ext.name} failed, it stays pure Python: {exc}")


def _editable() -> bool:
    return any(arg in ("editable_wheel", "develop") for arg in sys.argv)


def _ext_modules() -> list:  # type: ignore[type-arg]
    if os.environ.get("ZHENGGAI_PURE") == "1" or _editable():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("mypyc is not available: the parser is installed as pure Python", file=sys.stderr)
        return []
    return mypycify(COMPILED, opt_level="3")


setup(ext_modules=_ext_modules(), cmdclass={"build_ext": OptionalBuildExt})
