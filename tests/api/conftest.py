"""`api_as(user)`: a test client that sends a fresh bearer token for that user."""

import pytest
from django.test import Client

from zhenggai.api.models import ApiToken


class ApiClient:
    def __init__(self, user):
        _token, key = ApiToken.issue(user, name="测试")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def get(self, path, **params):
        return self.client.get(path, params)

    def post(self, path, body):
        return self.client.post(path, body, content_type="application/json")

    def patch(self, path, body):
        return self.client.patch(path, body, content_type="application/json")


@pytest.fixture
def api_as(db):
    return ApiClient


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}
