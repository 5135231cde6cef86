"""Imports and exports from the web, as background jobs.

An import's upload is checked, analysed into a preview (or the full error list) and, on
confirmation, written; an export builds the Excel list of the problems its user may see and keeps
the file on the job for download. Each step runs in a background thread that reports progress on
the Job, so the page polls instead of blocking. With settings.EXCHANGE_SYNC the steps run inline
(the tests do this)."""

from __future__ import annotations

import datetime
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from zhenggai.accounts.access import visible_problems
from zhenggai.reports import ReportError

from .excel_export import export_workbook, filename_for
from .excel_import import LedgerImportError, plan_from_excel
from .from_report import parse_report_bytes, plan_from_report
from .models import Job
from .plan import Plan, unit_doubts, write_plan

log = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_KEEP_HOURS = 24


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
    if kind == Job.Kind.LEDGER and not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UploadError(f"文件“{name}”是旧版 Excel（.xls），请另存为 .xlsx 后再上传")
        raise UploadError(f"文件“{name}”不是 Excel（.xlsx）文件")


def build_plan(job: Job, progress=None) -> Plan:
    """The plan of the job's file. Raises LedgerImportError / ReportError on bad content."""
    data = bytes(job.data)
    if job.kind == Job.Kind.LEDGER:
        return plan_from_excel(data, job.filename, feedback_date=job.feedback_date, progress=progress)
    plan = plan_from_report(parse_report_bytes(data, job.filename))
    if job.feedback_date:
        plan.feedback_date = job.feedback_date
    return plan


def _progress(job: Job):
    """A progress callback writing to the job at most once per percent (and at the end), so a
    2,000-row 台账 costs a hundred small UPDATEs, not two thousand."""
    written = [-1]

    def report(done: int, total: int) -> None:
        percent = 100 * done // total if total else 0
        if percent != written[0] or done == total:
            written[0] = percent
            Job.objects.filter(pk=job.pk).update(done=done, total=total)

    return report


def analyse(job: Job) -> None:
    try:
        plan = build_plan(job, _progress(job))
    except LedgerImportError as exc:
        _finish(job, Job.State.INVALID, errors=[e.to_dict() for e in exc.errors])
    except ReportError as exc:
        _finish(job, Job.State.INVALID, errors=[{"message": str(exc)}])
    except Exception:
        log.exception("analysing import job %s", job.pk)
        _finish(job, Job.State.FAILED, errors=[{"message": "分析文件时发生内部错误，请联系管理员"}])
    else:
        plan.doubts += unit_doubts(plan, job.unit)
        _finish(job, Job.State.READY, preview=plan.preview())


def confirm(job: Job) -> None:
    try:
        plan = build_plan(job)
        inspection = write_plan(plan, job.unit, by=job.created_by, progress=_progress(job))
    except (LedgerImportError, ReportError) as exc:
        _finish(job, Job.State.INVALID, errors=[{"message": m} for m in str(exc).splitlines()])
    except Exception:
        log.exception("writing import job %s", job.pk)
        _finish(job, Job.State.FAILED, errors=[{"message": "导入时发生内部错误，数据库未作任何修改"}])
    else:
        _finish(job, Job.State.DONE, inspection=inspection)


def start_export(inspection, kind: str, user) -> Job:
    """Create the job exporting the `kind` list (excel_export.LISTS) of the inspection for the
    user, and start it. Old jobs are cleaned up first (clean_up)."""
    clean_up()
    job = Job.objects.create(
        action=Job.Action.EXPORT,
        unit=inspection.unit,
        inspection=inspection,
        created_by=user,
        kind=kind,
        state=Job.State.EXPORTING,
        filename=filename_for(inspection, kind)[-255:],
        data=b"",
    )
    run(export, job)
    return job


def export(job: Job) -> None:
    """Build the file: what the user may see now, exactly as export_workbook writes it."""
    try:
        data = export_workbook(
            job.inspection, job.kind, problems=visible_problems(job.created_by), progress=_progress(job)
        )
    except Exception:
        log.exception("exporting job %s", job.pk)
        _finish(job, Job.State.FAILED, errors=[{"message": "导出时发生内部错误，请稍后重试或联系管理员"}])
    else:
        _finish(job, Job.State.DONE, data=data)


def keep_for() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "EXCHANGE_JOB_KEEP_HOURS", DEFAULT_KEEP_HOURS))


def clean_up(now=None) -> None:
    """Forget the files of jobs started more than keep_for() ago; called on every job start."""
    cutoff = (now or timezone.now()) - keep_for()
    old = Job.objects.filter(created_at__lt=cutoff)
    hours = int(keep_for().total_seconds() // 3600)
    # A job still busy that long was cut off by a server restart: say so instead of polling forever.
    old.filter(state__in=Job.BUSY).update(
        state=Job.State.FAILED, data=b"", errors=[{"message": "任务已中断（服务器可能重启过），请重新开始"}]
    )
    # An export is nothing but its file: the whole job goes.
    old.filter(action=Job.Action.EXPORT).delete()
    # An import keeps its record (what was imported, the errors), not an upload left unconfirmed.
    old.filter(action=Job.Action.IMPORT, state=Job.State.READY).update(
        state=Job.State.INVALID,
        data=b"",
        errors=[{"message": f"上传后超过 {hours} 小时未确认导入，文件已清除，请重新上传"}],
    )


def _finish(job: Job, state: str, **fields) -> None:
    if state != Job.State.READY and not (state == Job.State.DONE and job.is_export):
        fields["data"] = b""  # an upload is not kept once it is imported or refused
    job.state = state
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["state", *fields])


def run(step, job: Job) -> None:
    """Run `step(job)` in a background thread (inline with settings.EXCHANGE_SYNC)."""
    if getattr(settings, "EXCHANGE_SYNC", False):
        step(job)
        return

    def work():
        close_old_connections()
        try:
            step(Job.objects.select_related("unit", "created_by", "inspection__unit").get(pk=job.pk))
        finally:
            connection.close()

    threading.Thread(target=work, name=f"{job.action}-job-{job.pk}", daemon=True).start()
