"""The parser against the hand-annotated dev corpus (../shared/corpus), through the CLI.

Runs the project's scorer with the acceptance thresholds of issue 2; it exits 1 when a figure is
below its threshold, and the test fails with the scorer's report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCORER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score_parse.py"
THRESHOLDS = {"f1": 0.98, "status": 0.98, "measures": 0.95, "meta": 0.9, "declared": 1.0}


@pytest.mark.corpus
def test_dev_corpus_scores_meet_the_acceptance_thresholds(corpus_dir: Path) -> None:
    if not SCORER.is_file():
        pytest.skip("../shared/tools/score_parse.py is not beside the checkout")
    limits = [arg for name, value in THRESHOLDS.items() for arg in (f"--min-{name}", str(value))]
    script = Path(sys.executable).with_name("zhenggai")
    if not script.is_file():
        pytest.skip("the zhenggai console script is not installed beside the interpreter")
    cmd = f"{script} parse {{}} --json"
    proc = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--gold",
            str(corpus_dir / "gold"),
            "--docs",
            str(corpus_dir),
            "--cmd",
            cmd,
            "-v",
            *limits,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr
    assert proc.returncode == 0, f"below the thresholds {THRESHOLDS}:\n{proc.stdout}\n{proc.stderr}"
    assert "problem_f1=" in summary
