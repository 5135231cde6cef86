"""Exports from the web: 导出 starts a job → progress page → download of the user's own file.

The jobs run inline here (EXCHANGE_SYNC, see conftest.py); test_jobs.py runs the real thread on
PostgreSQL."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from zhenggai.accounts.access import visible_problems
from zhenggai.accounts.models import Membership
from zhenggai.exchange import jobs
from zhenggai.exchange.excel_export import LISTS, export_workbook
from zhenggai.exchange.models import Job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOW = datetime.datetime(2026, 5, 20, 9, 30, tzinfo=datetime.UTC)


def start(client, inspection, kind="ledger"):
    return client.post(reverse("exchange:export", args=[inspection.pk]), {"list": kind})


def problem_titles(data: bytes) -> set:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return {ws.cell(r, 3).value for r in range(4, ws.max_row + 1)} - {None}


def workbook_content(data: bytes) -> list:
    """Every sheet's cell values, merged ranges and print settings: the file's content, without the
    zip container's bytes (compression output is not something the export promises)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (
            ws.title,
            [[c.value for c in row] for row in ws.iter_rows()],
            sorted(str(r) for r in ws.merged_cells.ranges),
            ws.freeze_panes,
            ws.page_setup.orientation,
        )
        for ws in book.worksheets
    ]


def test_export_page_offers_every_list_as_a_job_button(client, world):
    client.force_login(world.alice)
    page = client.get(reverse("exchange:export", args=[world.inspection1.pk])).content.decode()
    for key, name in LISTS.items():
        assert f'name="list" value="{key}"' in page and name in page
    assert "?list=" not in page and not Job.objects.exists()


def test_start_progress_download_gives_export_workbooks_file(client, world):
    client.force_login(world.alice)
    with time_machine.travel(NOW, tick=False):
        response = start(client, world.inspection1)
        job = Job.objects.get()
        expected = export_workbook(world.inspection1, "ledger", problems=visible_problems(world.alice))
    assert response.status_code == 302 and response["Location"] == reverse("exchange:job", args=[job.pk])
    assert job.action == Job.Action.EXPORT and job.state == Job.State.DONE
    assert (job.done, job.total) == (2, 2) and job.created_by == world.alice
    page = client.get(response["Location"]).content.decode()
    download = reverse("exchange:job_download", args=[job.pk])
    assert "导出“整改台账”" in page and download in page and "hx-trigger" not in page
    got = client.get(download)
    assert got.status_code == 200 and got["Content-Type"] == XLSX
    assert "filename*=UTF-8''%E6%9F%90%E5%B8%82" in got["Content-Disposition"]  # 某市…
    assert workbook_content(got.content) == workbook_content(expected)
    assert problem_titles(got.content) == {"医疗质量安全管理制度落实不到位", "财务报销审核不严"}
    # The export page lists the finished job with its download.
    page = client.get(reverse("exchange:export", args=[world.inspection1.pk])).content.decode()
    assert "您最近的导出" in page and download in page


@pytest.mark.parametrize("kind", list(LISTS))
def test_every_list_exports_through_a_job(client, world, kind):
    client.force_login(world.dan)
    with time_machine.travel(NOW, tick=False):
        start(client, world.inspection1, kind)
        expected = export_workbook(world.inspection1, kind, problems=visible_problems(world.dan))
    job = Job.objects.get()
    assert job.kind == kind and job.filename.endswith(f"-{LISTS[kind]}-20260520.xlsx")
    got = client.get(reverse("exchange:job_download", args=[job.pk])).content
    assert workbook_content(got) == workbook_content(expected)


def test_owner_file_holds_only_the_problems_the_owner_sees(client, world):
    client.force_login(world.bob)  # owns a measure of problem_a only
    start(client, world.inspection1)
    job = Job.objects.get()
    data = client.get(reverse("exchange:job_download", args=[job.pk])).content
    assert problem_titles(data) == {"医疗质量安全管理制度落实不到位"}


def test_unknown_list_is_refused_without_a_job(client, world):
    client.force_login(world.alice)
    assert start(client, world.inspection1, "secret").status_code == 404
    assert start(client, world.inspection1, "").status_code == 404
    assert not Job.objects.exists()


def test_only_the_user_who_started_it_sees_the_job_and_its_file(client, world):
    client.force_login(world.alice)
    start(client, world.inspection1)
    job = Job.objects.get()
    urls = [reverse(f"exchange:{name}", args=[job.pk]) for name in ("job", "job_status", "job_download")]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    # Carol (other hospital), Vera and Bob (same hospital) and Sam (supervisor above it): 404.
    for name in ("carol", "vera", "bob", "sam"):
        client.force_login(getattr(world, name))
        assert [client.get(url).status_code for url in urls] == [404, 404, 404], name
        assert client.post(reverse("exchange:job_confirm", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_file_is_refused_once_the_user_can_no_longer_see_the_inspection(client, world):
    client.force_login(world.alice)
    start(client, world.inspection1)
    job = Job.objects.get()
    Membership.objects.filter(user=world.alice).delete()
    for name in ("job", "job_download"):
        assert client.get(reverse(f"exchange:{name}", args=[job.pk])).status_code == 404


def test_carol_cannot_start_an_export_of_another_unit(client, world):
    client.force_login(world.carol)
    assert start(client, world.inspection1).status_code == 404
    assert client.get(reverse("exchange:export", args=[world.inspection1.pk])).status_code == 404
    assert not Job.objects.exists()


def test_failed_export_shows_a_chinese_error_and_no_download(client, world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "export_workbook", broken)
    client.force_login(world.alice)
    response = start(client, world.inspection1, "tasks")
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "导出失败" in page and "导出时发生内部错误" in page and "disk full" not in page
    assert reverse("exchange:export", args=[world.inspection1.pk]) in page
    assert client.get(reverse("exchange:job_download", args=[job.pk])).status_code == 404


def test_progress_partial_polls_while_the_export_runs(client, world):
    client.force_login(world.alice)
    job = Job.objects.create(
        action=Job.Action.EXPORT, unit=world.hospital1, inspection=world.inspection1,
        created_by=world.alice, kind="tasks", filename="x.xlsx", state=Job.State.EXPORTING,
        done=3, total=12,
    )  # fmt: skip
    status = reverse("exchange:job_status", args=[job.pk])
    page = client.get(status).content.decode()
    assert 'hx-trigger="every 1s"' in page and "正在导出……已处理 3 / 12" in page and 'value="25"' in page
    assert client.get(reverse("exchange:job_download", args=[job.pk])).status_code == 404
    Job.objects.filter(pk=job.pk).update(done=12)
    page = client.get(status).content.decode()
    assert "正在生成文件" in page and 'hx-trigger="every 1s"' in page


def test_progress_is_written_once_per_percent_and_at_the_end(world):
    job = Job.objects.create(
        action=Job.Action.EXPORT, unit=world.hospital1, inspection=world.inspection1,
        created_by=world.alice, kind="ledger", filename="x.xlsx", state=Job.State.EXPORTING,
    )  # fmt: skip
    seen = []
    report = jobs._progress(job)
    for done in range(1, 1001):
        report(done, 1000)
        job.refresh_from_db()
        seen.append(job.done)
    # 0 %, 1 % … 100 %: 101 writes for 1,000 calls
    assert len(set(seen)) == 101 and seen[:10] == [1] * 9 + [10] and seen[-1] == 1000 and job.total == 1000


def test_old_jobs_files_are_cleaned_up_on_the_next_start(client, world):
    client.force_login(world.alice)
    with time_machine.travel(NOW, tick=False):
        start(client, world.inspection1)
        old_export = Job.objects.get()
        unconfirmed = Job.objects.create(
            unit=world.hospital1, created_by=world.alice, kind="ledger", filename="a.xlsx",
            data=b"PK\x03\x04upload", state=Job.State.READY,
        )  # fmt: skip
        stuck = Job.objects.create(
            unit=world.hospital1, created_by=world.alice, kind="ledger", filename="b.xlsx",
            data=b"PK\x03\x04upload", state=Job.State.IMPORTING,
        )  # fmt: skip
    with time_machine.travel(NOW + datetime.timedelta(hours=23), tick=False):
        start(client, world.inspection1, "tasks")
        assert Job.objects.filter(pk=old_export.pk).exists()  # still within the day
    with time_machine.travel(NOW + datetime.timedelta(hours=25), tick=False):
        start(client, world.inspection1, "archive")
    assert not Job.objects.filter(pk=old_export.pk).exists()
    assert client.get(reverse("exchange:job_download", args=[old_export.pk])).status_code == 404
    unconfirmed.refresh_from_db()
    assert unconfirmed.state == Job.State.INVALID and bytes(unconfirmed.data) == b""
    assert "超过 24 小时未确认导入" in unconfirmed.errors[0]["message"]
    stuck.refresh_from_db()
    assert stuck.state == Job.State.FAILED and "任务已中断" in stuck.errors[0]["message"]
    assert sorted(Job.objects.filter(action="export").values_list("kind", flat=True)) == ["archive", "tasks"]
    page = client.get(reverse("exchange:job", args=[unconfirmed.pk])).content.decode()
    assert "确认导入</button>" not in page and "文件已清除，请重新上传" in page


def test_cleanup_also_runs_when_an_import_starts(world):
    with time_machine.travel(NOW, tick=False):
        old = Job.objects.create(
            action=Job.Action.EXPORT, unit=world.hospital1, inspection=world.inspection1,
            created_by=world.alice, kind="ledger", filename="x.xlsx", data=b"PK", state="done",
        )  # fmt: skip
    jobs.clean_up(now=NOW + datetime.timedelta(days=2))
    assert not Job.objects.filter(pk=old.pk).exists()
    assert timezone.now() > NOW  # the clock is back
