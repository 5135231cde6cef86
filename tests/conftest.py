"""Shared test configuration."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# `make test` (and CI) run the property tests derandomized, so a run is repeatable; plain
# `pytest` explores new random examples each time.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("explore", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "explore"))

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "gold").is_dir():
        pytest.skip("../shared/corpus is not beside the checkout")
    return CORPUS


# Ledger personas (Alice, Bob, Carol, Sam …) are fixtures every test module may ask for by name.
from tests.personas import alice, bob, carol, dan, leo, nora, olga, sam, vera, world  # noqa: E402, F401


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploaded files (evidence) into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The personas' passwords need not resist cracking; PBKDF2 made each test take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
