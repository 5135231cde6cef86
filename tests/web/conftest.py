"""Web tests use the shared personas (tests/personas.py) and log in with Django's test client."""

import pytest

from tests.personas import (  # noqa: F401  (pytest fixtures)
    alice,
    bob,
    carol,
    dan,
    leo,
    nora,
    olga,
    sam,
    vera,
    world,
)


@pytest.fixture
def login(client):
    """login(user) → the test client, signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    # Uploaded evidence goes to a throwaway folder, never the developer's data dir.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The personas' passwords need no real key stretching in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
