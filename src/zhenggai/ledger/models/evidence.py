"""佐证材料: uploaded files, type checked by content, sha256 stored."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from zhenggai import audit

from .base import WorkflowError
from .problem import Problem, ProgressUpdate

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Leading bytes of the binary formats we accept → (content type, file extension).
MAGIC = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
    # OLE2 compound file: legacy .doc / .xls / .ppt
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", ".doc"),
]
# Office Open XML files are zips; the part names tell Word, Excel and PowerPoint apart.
OOXML = [
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
]
OLE_EXTENSIONS = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
ACCEPTED = "PDF、PNG、JPEG、GIF、Word、Excel、PowerPoint（含旧版 doc/xls/ppt）或纯文本（UTF-8/GBK）"


def sniff(data: bytes, name: str = "") -> tuple[str, str]:
    """(content type, extension) judged from the bytes; raises WorkflowError when not accepted."""
    for magic, content_type, extension in MAGIC:
        if data.startswith(magic):
            if content_type == "application/x-ole-storage":
                extension = os.path.splitext(name)[1].lower()
                if extension not in OLE_EXTENSIONS:
                    extension = ".doc"
                return OLE_EXTENSIONS[extension], extension
            return content_type, extension
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            names = []
        if "[Content_Types].xml" in names:
            for prefix, content_type, extension in OOXML:
                if any(n.startswith(prefix) for n in names):
                    return content_type, extension
        raise WorkflowError(f"文件“{name}”是压缩包，不是可接受的佐证材料；可接受：{ACCEPTED}")
    if data and _is_text(data):
        return "text/plain", ".txt"
    raise WorkflowError(f"文件“{name}”的内容类型不被接受；可接受：{ACCEPTED}")


def _is_text(data: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        return controls == 0
    return False


def evidence_path(instance: Evidence, filename: str) -> str:
    # Named by content hash: no user-chosen path ever reaches the file system.
    return f"evidence/{instance.problem.inspection_id}/{instance.sha256[:2]}/{instance.sha256}{os.path.splitext(filename)[1]}"


class Evidence(models.Model):
    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.PROTECT, related_name="evidence"
    )
    measure = models.ForeignKey(
        "ledger.Measure",
        verbose_name="整改措施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    sha256 = models.CharField("SHA-256 校验值", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    description = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["problem", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_unit(self):
        return self.problem.inspection.unit

    @classmethod
    @transaction.atomic
    def create_from_upload(cls, by, problem, measure, uploaded_file, description: str = "") -> Evidence:
        """Store an uploaded file after checking its size and type by content."""
        name = os.path.basename(getattr(uploaded_file, "name", "") or "佐证材料")[:255]
        limit = getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)
        size = getattr(uploaded_file, "size", None)
        if size is not None and size > limit:
            raise WorkflowError(f"文件“{name}”超过大小上限 {limit // (1024 * 1024)} MB")
        if hasattr(uploaded_file, "seek"):
            uploaded_file.seek(0)
        data = uploaded_file.read(limit + 1)
        if len(data) > limit:
            raise WorkflowError(f"文件“{name}”超过大小上限 {limit // (1024 * 1024)} MB")
        if not data:
            raise WorkflowError(f"文件“{name}”是空文件")
        if measure is not None and measure.problem_id != problem.pk:
            raise WorkflowError("该整改措施不属于此问题")
        content_type, extension = sniff(data, name)
        evidence = cls(
            problem=problem,
            measure=measure,
            original_name=name,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            content_type=content_type,
            uploaded_by=by,
            description=(description or "").strip()[:300],
        )
        evidence.file.save(f"upload{extension}", ContentFile(data), save=False)
        evidence.save()
        if measure is not None:
            measure.last_update_at = timezone.now()
            measure.save(update_fields=["last_update_at"])
        problem.log(by, ProgressUpdate.Kind.EVIDENCE, f"上传佐证材料“{name}”", measure=measure)
        audit.record(
            by,
            "evidence.upload",
            evidence,
            after={"name": name, "sha256": evidence.sha256, "size": len(data)},
        )
        return evidence
