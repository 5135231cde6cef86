"""Imports from the web: the upload is checked, analysed into a preview (or the full error list)
and, on confirmation, written — each step in a background thread that reports progress on the
ImportJob, so the page polls instead of blocking. With settings.EXCHANGE_SYNC the steps run
inline (the tests do this)."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from zhenggai.reports import ReportError

from .excel_import import LedgerImportError, plan_from_excel
from .from_report import parse_report_bytes, plan_from_report
from .models import ImportJob
from .plan import Plan, unit_doubts, write_plan

log = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "EXCHANGE_MAX_BYTES", DEFAULT_MAX_BYTES)


class UploadError(ValueError):
    """The upload is refused before any analysis (size, type); the message is Chinese."""


def check_upload(kind: str, name: str, data: bytes) -> None:
    limit = max_bytes()
    if not data:
        raise UploadError(f"文件“{name}”是空文件")
    if len(data) > limit:
        raise UploadError(f"文件“{name}”超过大小上限 {limit // (1024 * 1024)} MB")
    if kind == ImportJob.Kind.LEDGER and not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UploadError(f"文件“{name}”是旧版 Excel（.xls），请另存为 .xlsx 后再上传")
        raise UploadError(f"文件“{name}”不是 Excel（.xlsx）文件")


def build_plan(job: ImportJob, progress=None) -> Plan:
    """The plan of the job's file. Raises LedgerImportError / ReportError on bad content."""
    data = bytes(job.data)
    if job.kind == ImportJob.Kind.LEDGER:
        return plan_from_excel(data, job.filename, feedback_date=job.feedback_date, progress=progress)
    plan = plan_from_report(parse_report_bytes(data, job.filename))
    if job.feedback_date:
        plan.feedback_date = job.feedback_date
    return plan


def _progress(job: ImportJob):
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    return report


def analyse(job: ImportJob) -> None:
    try:
        plan = build_plan(job, _progress(job))
    except LedgerImportError as exc:
        _finish(job, ImportJob.State.INVALID, errors=[e.to_dict() for e in exc.errors])
    except ReportError as exc:
        _finish(job, ImportJob.State.INVALID, errors=[{"message": str(exc)}])
    except Exception:
        log.exception("analysing import job %s", job.pk)
        _finish(job, ImportJob.State.FAILED, errors=[{"message": "分析文件时发生内部错误，请联系管理员"}])
    else:
        plan.doubts += unit_doubts(plan, job.unit)
        _finish(job, ImportJob.State.READY, preview=plan.preview())


def confirm(job: ImportJob) -> None:
    try:
        plan = build_plan(job)
        inspection = write_plan(plan, job.unit, by=job.created_by, progress=_progress(job))
    except (LedgerImportError, ReportError) as exc:
        _finish(job, ImportJob.State.INVALID, errors=[{"message": m} for m in str(exc).splitlines()])
    except Exception:
        log.exception("writing import job %s", job.pk)
        _finish(job, ImportJob.State.FAILED, errors=[{"message": "导入时发生内部错误，数据库未作任何修改"}])
    else:
        _finish(job, ImportJob.State.DONE, inspection=inspection)


def _finish(job: ImportJob, state: str, **fields) -> None:
    if state != ImportJob.State.READY:
        fields["data"] = b""  # the upload is not kept once it is imported or refused
    job.state = state
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["state", *fields])


def run(step, job: ImportJob) -> None:
    """Run `step(job)` in a background thread (inline with settings.EXCHANGE_SYNC)."""
    if getattr(settings, "EXCHANGE_SYNC", False):
        step(job)
        return

    def work():
        close_old_connections()
        try:
            step(ImportJob.objects.select_related("unit", "created_by").get(pk=job.pk))
        finally:
            connection.close()

    threading.Thread(target=work, name=f"import-job-{job.pk}", daemon=True).start()
