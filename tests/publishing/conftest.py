"""Publishing tests: shared personas, fast password hashing."""

import pytest

from tests.personas import alice, bob, carol, dan, leo, nora, olga, sam, vera, world  # noqa: F401


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
