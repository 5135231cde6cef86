"""Upload a report or 台账 → preview (or every error) → confirm; export downloads.

Who may: importing into a unit needs its 整改办 role or a supervisor role above it
(accounts.access.get_unit_for_import); exporting needs only to see the inspection, and the file
holds only the problems the user may see."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhenggai.accounts.access import (
    get_inspection_for_user,
    get_unit_for_import,
    importable_units,
    visible_problems,
)

from . import jobs
from .excel_export import LISTS, export_workbook, filename_for
from .models import ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="文件类型",
        choices=ImportJob.Kind.choices,
        widget=forms.RadioSelect,
        initial=ImportJob.Kind.LEDGER,
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


def _job_for_user(user, pk) -> ImportJob:
    try:
        return ImportJob.objects.select_related("unit", "inspection").get(
            pk=pk, unit__in=importable_units(user)
        )
    except ImportJob.DoesNotExist:
        raise Http404("未找到，或您无权查看") from None


@login_required
def import_start(request):
    units = list(importable_units(request.user).order_by("path"))
    if len(units) == 1:
        return redirect("exchange:import_upload", units[0].pk)
    recent = ImportJob.objects.filter(unit__in=units).select_related("unit")[:10]
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
            job = ImportJob.objects.create(
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
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.READY).update(
        state=ImportJob.State.IMPORTING, done=0, total=0
    )
    if claimed:
        job.refresh_from_db()
        jobs.run(jobs.confirm, job)
    return redirect("exchange:job", job.pk)


@login_required
def export(request, pk):
    inspection, _can_edit = get_inspection_for_user(request.user, pk)
    kind = request.GET.get("list")
    if not kind:
        return render(request, "exchange/export.html", {"inspection": inspection, "lists": LISTS})
    if kind not in LISTS:
        raise Http404("没有这种清单")
    problems = visible_problems(request.user)
    data = export_workbook(inspection, kind, problems=problems)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = _attachment(filename_for(inspection, kind))
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"
