"""The web import's background thread: it analyses, reports progress and writes, off the request."""

import time

import pytest
from django.db import connection

from tests import factories as f
from tests.exchange.helpers import workbook_bytes
from tests.exchange.test_excel_import import bad_rows, messy
from zhenggai.exchange import jobs
from zhenggai.exchange.models import Job
from zhenggai.ledger.models import Inspection

# The in-memory SQLite test database is shared between threads through SQLite's shared cache,
# which locks whole tables ("database table is locked") while the test polls; the threads are
# tested on PostgreSQL (make test runs the suite there too). SQLite itself is exercised by the
# synchronous path in every other test.
pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="threads on the in-memory SQLite test database lock tables"
)


def wait_for(job, states, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job still {job.state}")


@pytest.mark.django_db(transaction=True)
def test_background_thread_analyses_then_writes(settings):
    settings.EXCHANGE_SYNC = False
    unit = f.make_unit("某县后台医院")
    admin = f.make_user(org=unit, role="unit_admin")
    job = Job.objects.create(
        unit=unit,
        created_by=admin,
        kind=Job.Kind.LEDGER,
        filename="台账.xlsx",
        data=workbook_bytes(messy),
    )
    jobs.run(jobs.analyse, job)
    job = wait_for(job, {Job.State.READY, Job.State.INVALID, Job.State.FAILED})
    assert job.state == Job.State.READY and job.preview["measures"] == 8
    Job.objects.filter(pk=job.pk).update(state=Job.State.IMPORTING)
    jobs.run(jobs.confirm, job)
    job = wait_for(job, {Job.State.DONE, Job.State.INVALID, Job.State.FAILED})
    assert job.state == Job.State.DONE
    assert (job.done, job.total) == (5, 5)
    assert Inspection.objects.get(unit=unit).problems.count() == 5


@pytest.mark.django_db(transaction=True)
def test_background_thread_records_every_error(settings):
    settings.EXCHANGE_SYNC = False
    unit = f.make_unit("某县后台医院")
    admin = f.make_user(org=unit, role="unit_admin")
    job = Job.objects.create(
        unit=unit,
        created_by=admin,
        kind=Job.Kind.LEDGER,
        filename="错.xlsx",
        data=workbook_bytes(bad_rows),
    )
    jobs.run(jobs.analyse, job)
    job = wait_for(job, {Job.State.READY, Job.State.INVALID, Job.State.FAILED})
    assert job.state == Job.State.INVALID
    assert [e["row"] for e in job.errors] == [4, 5, 6]
    assert not Inspection.objects.filter(unit=unit).exists()
