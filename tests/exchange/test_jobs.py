"""The web jobs' background thread: an import analyses, reports progress and writes, an export
builds its file, off the request."""

import io
import time

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from tests import factories as f
from tests.exchange.helpers import workbook_bytes
from tests.exchange.test_excel_import import bad_rows, messy
from zhenggai.accounts.access import visible_problems
from zhenggai.exchange import jobs
from zhenggai.exchange.excel_export import export_workbook
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


@pytest.mark.django_db(transaction=True)
def test_background_export_start_progress_download(client, world, settings):
    """The real thread: 导出 returns at once, the polled fragment ends with the download, and
    the file is export_workbook's output for the same user (the first document property and
    zip timestamps are the only parts that depend on the clock, so compare the sheets)."""
    settings.EXCHANGE_SYNC = False
    client.force_login(world.bob)
    response = client.post(reverse("exchange:export", args=[world.inspection1.pk]), {"list": "ledger"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exchange:job", args=[job.pk])
    status = reverse("exchange:job_status", args=[job.pk])
    deadline = time.monotonic() + 60
    while 'hx-trigger="every 1s"' in (page := client.get(status).content.decode()):
        assert time.monotonic() < deadline, "export still running"
        time.sleep(0.2)
    download = reverse("exchange:job_download", args=[job.pk])
    assert download in page and "导出失败" not in page
    job.refresh_from_db()
    assert job.state == Job.State.DONE and (job.done, job.total) == (1, 1)
    data = client.get(download).content
    expected = export_workbook(world.inspection1, "ledger", problems=visible_problems(world.bob))
    assert sheet_cells(data) == sheet_cells(expected)
    assert sheet_cells(data)[3][2] == "医疗质量安全管理制度落实不到位"  # Bob's problem only
    client.force_login(world.alice)
    assert client.get(download).status_code == 404


def sheet_cells(data: bytes) -> list:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    return [[c.value for c in row] for row in ws.iter_rows()] + [merged]
