"""Upload → preview (or every error) → confirm; export downloads; who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.exchange.helpers import counts, workbook_bytes
from tests.exchange.test_excel_import import bad_rows, messy
from tests.exchange.test_from_report import REPORT
from zhenggai.exchange.models import Job
from zhenggai.ledger.models import Inspection


def upload(client, unit, data, name="台账.xlsx", kind="ledger", **extra):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        reverse("exchange:import_upload", args=[unit.pk]), {"kind": kind, "file": file, **extra}
    )


def test_admin_uploads_sees_preview_and_confirms(client, world):
    client.force_login(world.alice)
    response = upload(client, world.hospital1, workbook_bytes(messy))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exchange:job", args=[job.pk])
    assert job.state == Job.State.READY and job.preview["problems"] == 5
    page = client.get(response["Location"]).content.decode()
    assert "确认导入" in page and "医疗质量安全管理制度落实不到位" in page and "医疗质量方面" in page
    assert "修订医疗质量管理制度" in page and "hx-trigger" not in page
    assert "将新建 2 个部门：质控科、院感科" in page
    assert "2 位责任领导/责任人没有系统账号，只记录姓名：王五、赵六" in page
    assert Inspection.objects.filter(unit=world.hospital1).count() == 1  # only the personas' one
    response = client.post(reverse("exchange:job_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.inspection.problems.count() == 5
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "已导入：5 个问题，8 条整改措施" in page
    assert reverse("ledger:inspection", args=[job.inspection.pk]) in page
    # A second click does not import again.
    client.post(reverse("exchange:job_confirm", args=[job.pk]))
    assert Inspection.objects.filter(unit=world.hospital1).count() == 2


def test_bad_file_shows_every_error_and_writes_nothing(client, world):
    client.force_login(world.alice)
    before = counts()
    response = upload(client, world.hospital1, workbook_bytes(bad_rows), name="有错误的台账.xlsx")
    job = Job.objects.get()
    assert job.state == Job.State.INVALID and len(job.errors) == 3
    page = client.get(response["Location"]).content.decode()
    assert "共 3 处错误" in page and "数据库未作任何修改" in page
    assert (
        "第4行 E列（整改时限）" in page
        and "第5行 F列（完成情况）" in page
        and "第6行 G列（公开范围）" in page
    )
    assert "确认导入" not in page
    assert client.post(reverse("exchange:job_confirm", args=[job.pk])).status_code == 302
    after = counts()
    assert after.pop("Inspection") == before.pop("Inspection") and after == before


def test_report_upload_preview_lists_doubts(client, world):
    client.force_login(world.alice)
    response = upload(client, world.hospital1, REPORT.encode("gb18030"), name="通报.txt", kind="report")
    page = client.get(response["Location"]).content.decode()
    assert "请核对以下 1 处疑点" in page and "逐项统计为 2 个" in page
    assert "县委第二巡察组" in page and "公务接待审批不严" in page


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"%PDF-1.4 not a spreadsheet", "台账.xlsx", "不是 Excel（.xlsx）文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "台账.xls", "旧版 Excel（.xls）"),
    ],
)
def test_upload_checked_by_content(client, world, data, name, message):
    client.force_login(world.alice)
    response = upload(client, world.hospital1, data, name=name)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Job.objects.exists()


def test_upload_size_limited(client, world, settings):
    settings.EXCHANGE_MAX_BYTES = 1024 * 1024
    client.force_login(world.alice)
    response = upload(client, world.hospital1, b"PK\x03\x04" + b"\0" * (1024 * 1024 + 10))
    assert response.status_code == 400 and "超过大小上限 1 MB" in response.content.decode()


def test_progress_partial_polls_while_busy(client, world):
    client.force_login(world.alice)
    job = Job.objects.create(
        unit=world.hospital1, created_by=world.alice, kind="ledger", filename="大台账.xlsx", data=b"x",
        state=Job.State.IMPORTING, done=30, total=120,
    )  # fmt: skip
    page = client.get(reverse("exchange:job_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "已处理 30 / 120" in page and 'value="25"' in page


def test_carol_of_another_unit_gets_404_everywhere(client, world):
    client.force_login(world.alice)
    upload(client, world.hospital1, workbook_bytes(messy))
    job = Job.objects.get()
    client.force_login(world.carol)
    assert client.get(reverse("exchange:import_upload", args=[world.hospital1.pk])).status_code == 404
    assert upload(client, world.hospital1, workbook_bytes(messy)).status_code == 404
    for name in ("job", "job_status"):
        assert client.get(reverse(f"exchange:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("exchange:job_confirm", args=[job.pk])).status_code == 404
    export = reverse("exchange:export", args=[world.inspection1.pk])
    assert client.post(export, {"list": "ledger"}).status_code == 404
    job.refresh_from_db()
    assert job.state == Job.State.READY and Job.objects.count() == 1  # no export job either


@pytest.mark.parametrize(
    "name, status", [("alice", 200), ("sam", 200), ("carol", 404), ("bob", 404), ("leo", 404), ("vera", 404)]
)
def test_who_may_import_into_the_first_hospital(client, world, name, status):
    client.force_login(getattr(world, name))
    assert client.get(reverse("exchange:import_upload", args=[world.hospital1.pk])).status_code == status


def test_import_start_page(client, world):
    client.force_login(world.alice)
    response = client.get(reverse("exchange:import_start"))
    assert response["Location"] == reverse("exchange:import_upload", args=[world.hospital1.pk])
    client.force_login(world.sam)
    page = client.get(reverse("exchange:import_start")).content.decode()
    assert "某市第一人民医院" in page and "某市中心医院" in page
    client.force_login(world.nora)
    assert client.get(reverse("exchange:import_start")).status_code == 403
    client.logout()
    assert client.get(reverse("exchange:import_start")).status_code == 302


def test_inspection_page_links_to_export_and_for_admins_to_import(client, world):
    url = reverse("ledger:inspection", args=[world.inspection1.pk])
    export = reverse("exchange:export", args=[world.inspection1.pk])
    importing = reverse("exchange:import_upload", args=[world.hospital1.pk])
    client.force_login(world.alice)
    page = client.get(url).content.decode()
    assert export in page and importing in page
    client.force_login(world.vera)
    page = client.get(url).content.decode()
    assert export in page and importing not in page


def test_report_upload_that_is_not_a_report_is_refused_with_the_reader_message(client, world):
    client.force_login(world.alice)
    response = upload(
        client, world.hospital1, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, name="通报.png", kind="report"
    )
    job = Job.objects.get()
    assert job.state == Job.State.INVALID and job.data in (b"", memoryview(b""))
    page = client.get(response["Location"]).content.decode()
    assert "通报.png" in page and "图片" in page and "确认导入" not in page
