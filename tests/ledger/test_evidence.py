import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from zhenggai.ledger.models import Evidence, ProgressUpdate, WorkflowError

# Fixed timestamps keep the bytes (and so the test ids) identical across xdist workers.
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED_TIME), "<Types/>")
        archive.writestr(zipfile.ZipInfo(f"{part}document.xml", FIXED_TIME), "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("a.txt", FIXED_TIME), "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("纪要.pdf", f.PDF_BYTES, "application/pdf"),
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
        ("照片.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        ("图.gif", b"GIF89a" + b"\0" * 10, "image/gif"),
        (
            "制度.docx",
            ooxml("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("台账.xlsx", ooxml("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20, "application/vnd.ms-excel"),
        ("说明.txt", "整改说明：已完成。\n".encode(), "text/plain"),
        ("说明GBK.txt", "整改说明：已完成。\n".encode("gbk"), "text/plain"),
    ],
    ids=["pdf", "png", "jpeg", "gif", "docx", "xlsx", "xls", "utf8-text", "gbk-text"],
)
def test_accepted_types_are_recognised_by_content(world, name, content, content_type):
    evidence = Evidence.create_from_upload(
        world.bob, world.problem_a, world.measure_bob, SimpleUploadedFile(name, content), "会议纪要"
    )
    assert evidence.content_type == content_type
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.size == len(content) and evidence.original_name == name
    with evidence.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 40, "内容类型不被接受"),
        ("打包.zip", plain_zip(), "是压缩包"),
        ("空.pdf", b"", "空文件"),
    ],
    ids=["executable", "zip", "empty"],
)
def test_other_content_is_refused_whatever_the_name(world, name, content, message):
    with pytest.raises(WorkflowError, match=message):
        Evidence.create_from_upload(world.bob, world.problem_a, None, SimpleUploadedFile(name, content))
    assert not Evidence.objects.exists()


def test_files_over_the_size_limit_are_refused(world, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    with pytest.raises(WorkflowError, match="超过大小上限 1 MB"):
        Evidence.create_from_upload(world.bob, world.problem_a, None, big)


def test_evidence_for_a_measure_of_another_problem_is_refused(world):
    with pytest.raises(WorkflowError, match="不属于此问题"):
        Evidence.create_from_upload(world.bob, world.problem_b, world.measure_bob, f.upload())


def test_upload_is_logged_and_marks_the_measure_updated(world):
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.last_update_at is not None
    entry = world.problem_a.updates.get(kind=ProgressUpdate.Kind.EVIDENCE)
    assert entry.measure == world.measure_bob and evidence.original_name in entry.note
    # The stored file name is the content hash, never the user's name.
    assert evidence.sha256 in evidence.file.name and "佐证" not in evidence.file.name
