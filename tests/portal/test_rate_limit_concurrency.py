"""Concurrent posts from one address (as from several app servers at once) never exceed the
limit: PostgreSQL only, where each thread has its own connection and transaction."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tests.personas import build_world
from zhenggai.portal.models import PublicFeedback, PublicReport
from zhenggai.portal.models_feedback import RateLimited


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_from_one_address_stop_at_the_limit():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises writers in one process anyway)")
    world = build_world()
    report = PublicReport.publish(world.alice, world.inspection1)
    barrier = threading.Barrier(12)
    outcomes: list[str] = []

    def post(n):
        try:
            barrier.wait()
            PublicFeedback.submit(report, text=f"并发留言{n}", ip="203.0.113.99")
            outcomes.append("ok")
        except RateLimited:
            outcomes.append("limited")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["limited"] * 7 + ["ok"] * 5
    assert PublicFeedback.objects.count() == 5
