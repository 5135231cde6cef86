"""The list endpoints run a fixed number of queries, however many rows they return."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f

URLS = [
    "/api/problems",
    "/api/measures",
    "/api/measures?light=yellow",
    "/api/problems?light=red&department={department}",
    "/api/updates",
    "/api/evidence",
    "/api/inspections",
    "/api/organisations",
]


def grow(world, problems: int) -> None:
    """Add problems, each with three measures (people, department, a category two levels deep),
    progress and evidence."""
    today = f.today()
    heading = f.make_category(world.inspection1, title="一级标题")
    sub = f.make_category(world.inspection1, parent=heading, title="二级标题")
    for n in range(problems):
        problem = f.make_problem(inspection=world.inspection1, category=sub)
        for k in range(3):
            measure = f.make_measure(
                problem=problem,
                owner=world.bob,
                leader=world.leo,
                department=world.medical1,
                deadline=today + datetime.timedelta(days=(n * 3 + k) % 40 - 5),
            )
            measure.update(world.bob, note=f"进展{n}-{k}")
        f.make_evidence(problem, None, by=world.bob)
        f.make_inspection(unit=world.hospital1)
        f.make_department(world.hospital1)


def count_queries(client, url) -> tuple[int, int]:
    client.get(url)  # warm-up: token last_used_at write, content types
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["items"])


@pytest.mark.parametrize("url", URLS)
def test_list_query_count_does_not_grow_with_rows(world, api_as, url):
    url = url.format(department=world.medical1.pk)
    alice = api_as(world.alice)
    grow(world, 2)
    small, small_rows = count_queries(alice, url + ("&" if "?" in url else "?") + "page_size=200")
    grow(world, 12)
    large, large_rows = count_queries(alice, url + ("&" if "?" in url else "?") + "page_size=200")
    assert large_rows > small_rows, "the second run must really return more rows"
    assert large == small, f"{url}: {small} queries for {small_rows} rows, {large} for {large_rows}"


def test_problem_detail_query_count_does_not_grow_with_measures(world, api_as):
    alice = api_as(world.alice)
    url = f"/api/problems/{world.problem_a.pk}"
    before, _ = count_queries_detail(alice, url)
    for _ in range(10):
        f.make_measure(problem=world.problem_a, owner=world.bob, leader=world.leo, department=world.medical1)
    after, measures = count_queries_detail(alice, url)
    assert measures == 12 and after == before


def count_queries_detail(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["measures"])


def test_problem_list_is_a_handful_of_queries(world, api_as):
    alice = api_as(world.alice)
    grow(world, 3)
    queries, rows = count_queries(alice, "/api/problems")
    # token, memberships (grants), count, page
    assert rows == 5 and queries <= 4
