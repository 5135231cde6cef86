"""Shared test configuration."""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "gold").is_dir():
        pytest.skip("../shared/corpus is not beside the checkout")
    return CORPUS
