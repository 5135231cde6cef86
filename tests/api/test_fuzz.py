"""Arbitrary JSON bodies never get a 5xx: every write answers 2xx, 4xx with a Chinese detail."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import ApiClient

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
FIELDS = ["measure_id", "problem_id", "inspection_id", "status", "note", "title", "text", "position", "deadline",
          "owner_id", "department_id", "long_term", "approve", "kind", "category_id"]  # fmt: skip
BODIES = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=5) | JSON

WRITES = [
    ("post", "/api/updates"),
    ("post", "/api/problems"),
    ("patch", "/api/problems/{problem}"),
    ("post", "/api/problems/{problem}/closure"),
    ("post", "/api/problems/{problem}/supervision"),
    ("post", "/api/measures"),
    ("post", "/api/measures/{measure}/assign"),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES, write=st.sampled_from(WRITES))
def test_no_body_makes_the_api_fail(world, body, write):
    client = ApiClient(world.alice).client
    client.raise_request_exception = False
    method, path = write
    url = path.format(problem=world.problem_a.pk, measure=world.measure_bob.pk)
    response = getattr(client, method)(url, body, content_type="application/json")
    assert response.status_code < 500, (url, body, response.content)
    detail = response.json().get("detail") if response.status_code >= 400 else None
    if isinstance(detail, list):
        assert all(error["msg"] for error in detail)
