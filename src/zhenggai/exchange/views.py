"""Upload a report or 台账 → preview (or every error) → confirm; export → progress → download.

Who may: importing into a unit needs its 整改办 role or a supervisor role above it
(accounts.access.get_unit_for_import); exporting needs only to see the inspection, and the file
holds only the problems the user may see. An export job and its file belong to the user who
started it, and only while that user can still see the inspection."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhenggai.accounts.access import (
    get_inspection_for_user,
    get_unit_for_import,
    importable_units,
    visible_inspections,
)

from . import jobs
from .excel_export import LISTS
from .models import Job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="文件类型",
        choices=[(k.value, k.label) for k in (Job.Kind.REPORT, Job.Kind.LEDGER)],
        widget=forms.RadioSelect,
        initial=Job.Kind.LEDGER,
    )
    file = forms.FileField(
        label="文件", help_text="Excel 台账（.xlsx），或已发布的整改通报（.txt .docx .html .pdf）"
    )
    feedback_date = forms.DateField(
        label="巡察反馈日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="可不填；“6月底”等不带年份的时限据此推算",
    )


def _job_for_user(user, pk) -> Job:
    """An import job of a unit the user may import into, or the user's own export job of an
    inspection the user can still see; anything else is 404."""
    mine = Q(
        action=Job.Action.EXPORT,
        created_by=user,
        inspection__in=visible_inspections(user),
    )
    try:
        # The file is read by the download only, not by the page polled every second.
        return (
            Job.objects.select_related("unit", "inspection")
            .defer("data")
            .get(Q(action=Job.Action.IMPORT, unit__in=importable_units(user)) | mine, pk=pk)
        )
    except Job.DoesNotExist:
        raise Http404("未找到，或您无权查看") from None


@login_required
def import_start(request):
    units = list(importable_units(request.user).order_by("path"))
    if len(units) == 1:
        return redirect("exchange:import_upload", units[0].pk)
    recent = Job.objects.filter(action=Job.Action.IMPORT, unit__in=units).select_related("unit")[:10]
    return render(
        request, "exchange/start.html", {"units": units, "recent": recent}, status=200 if units else 403
    )


@login_required
def import_upload(request, unit_pk):
    unit = get_unit_for_import(request.user, unit_pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = jobs.max_bytes()
        data = upload.read(limit + 1)
        kind = form.cleaned_data["kind"]
        try:
            jobs.check_upload(kind, upload.name, data)
        except jobs.UploadError as exc:
            form.add_error("file", str(exc))
        else:
            jobs.clean_up()
            job = Job.objects.create(
                unit=unit,
                created_by=request.user,
                kind=kind,
                filename=upload.name[-255:],
                data=data,
                feedback_date=form.cleaned_data["feedback_date"],
            )
            jobs.run(jobs.analyse, job)
            return redirect("exchange:job", job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "exchange/upload.html", {"unit": unit, "form": form}, status=status)


@login_required
def job(request, pk):
    return render(request, "exchange/job.html", {"job": _job_for_user(request.user, pk)})


@login_required
def job_status(request, pk):
    return render(request, "exchange/_job_status.html", {"job": _job_for_user(request.user, pk)})


@login_required
@require_POST
def job_confirm(request, pk):
    job = _job_for_user(request.user, pk)
    # Claim the job atomically, so a double click never imports twice.
    claimed = Job.objects.filter(pk=job.pk, action=Job.Action.IMPORT, state=Job.State.READY).update(
        state=Job.State.IMPORTING, done=0, total=0
    )
    if claimed:
        job.refresh_from_db()
        jobs.run(jobs.confirm, job)
    return redirect("exchange:job", job.pk)


@login_required
def export(request, pk):
    """GET: the lists and the user's recent exports of the inspection; POST list=…: start the
    export job and go to its progress page."""
    inspection, _can_edit = get_inspection_for_user(request.user, pk)
    if request.method == "POST":
        kind = request.POST.get("list", "")
        if kind not in LISTS:
            raise Http404("没有这种清单")
        job = jobs.start_export(inspection, kind, request.user)
        return redirect("exchange:job", job.pk)
    recent = Job.objects.filter(
        action=Job.Action.EXPORT, created_by=request.user, inspection=inspection
    ).defer("data")[:10]
    return render(
        request, "exchange/export.html", {"inspection": inspection, "lists": LISTS, "recent": recent}
    )


@login_required
def job_download(request, pk):
    job = _job_for_user(request.user, pk)
    if not job.is_export or job.state != Job.State.DONE or not job.data:
        raise Http404("文件未生成或已过期清除")
    response = HttpResponse(bytes(job.data), content_type=XLSX)
    response["Content-Disposition"] = _attachment(job.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"
