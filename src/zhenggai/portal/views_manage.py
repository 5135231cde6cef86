"""The 整改办's publishing pages: preview the 通报 of an inspection (scope and as-of date),
download it as txt/html/docx, publish it (a frozen PublicReport version), list the versions."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zhenggai.accounts.access import can, get_inspection_for_user, roles_for
from zhenggai.accounts.models import Membership
from zhenggai.exchange.to_report import report_from_ledger
from zhenggai.ledger.models import WorkflowError
from zhenggai.reports.render import blocks, render_docx, render_html, render_text

from .models import PublicReport

# Roles that read a whole unit: only they may see a 通报 (a 党内通报 lists every problem).
READERS = {Membership.Role.SUPERVISOR, Membership.Role.UNIT_ADMIN, Membership.Role.VIEWER}
FORMATS = {
    "txt": ("text/plain; charset=utf-8", render_text),
    "html": ("text/html; charset=utf-8", render_html),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
}


def get_inspection_for_publishing(user, pk, publish: bool = False):
    """(inspection, can_publish). 404 when the user cannot see the inspection; 403 when it sees only
    some problems (owners, leaders) or, with publish=True, when it is not the unit's 整改办."""
    inspection, can_edit = get_inspection_for_user(user, pk)
    if publish and not can_edit:
        raise PermissionDenied
    if not can_edit and not roles_for(user, inspection.unit) & READERS:
        raise PermissionDenied
    return inspection, can_edit


def get_version_for_user(user, pk) -> PublicReport:
    try:
        version = PublicReport.objects.select_related("inspection__unit", "published_by").get(pk=pk)
    except PublicReport.DoesNotExist:
        raise Http404("未找到，或您无权查看") from None
    get_inspection_for_publishing(user, version.inspection_id)
    return version


class ReportForm(forms.Form):
    scope = forms.ChoiceField(
        label="通报范围", choices=PublicReport.Scope.choices, initial=PublicReport.Scope.PUBLIC
    )
    as_of = forms.DateField(
        label="截至日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="按这一天的整改进展生成（留空为今天）；计数、各问题和措施的状态都取当日的记录",
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"] or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError("截至日期不能晚于今天")
        return day


def _form(request) -> ReportForm:
    data = request.POST if request.method == "POST" else request.GET
    if "scope" in data or "as_of" in data:
        return ReportForm(data)
    return ReportForm({"scope": PublicReport.Scope.PUBLIC, "as_of": timezone.localdate().isoformat()})


def _filename(inspection, scope: str, as_of: datetime.date, fmt: str, version: int | None = None) -> str:
    label = PublicReport.Scope(scope).label
    suffix = f"第{version}版" if version else f"截至{as_of.isoformat()}"
    return f"{inspection.unit.name}巡察整改进展情况通报（{label}，{suffix}）.{fmt}"


def _attachment(content, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
def preview(request, pk):
    inspection, can_publish = get_inspection_for_publishing(request.user, pk)
    form = _form(request)
    document = None
    if form.is_valid():
        scope, as_of = form.cleaned_data["scope"], form.cleaned_data["as_of"]
        report = report_from_ledger(inspection, as_of=as_of, scope=scope)
        query = urlencode({"scope": scope, "as_of": as_of.isoformat()})
        document = {"blocks": blocks(report, scope), "problems": len(report.problems), "query": query}
    versions = PublicReport.objects.filter(inspection=inspection).select_related(
        "published_by", "superseded_by"
    )
    return render(
        request,
        "publishing/preview.html",
        {
            "inspection": inspection,
            "form": form,
            "document": document,
            "can_publish": can_publish,
            "versions": versions.order_by("scope", "-version"),
        },
        status=200 if form.is_valid() else 400,
    )


@login_required
def download(request, pk):
    """?format=txt|html|docx (default docx) &scope= &as_of=: the 通报 as it would be published."""
    inspection, _ = get_inspection_for_publishing(request.user, pk)
    fmt = request.GET.get("format", "docx")
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    form = _form(request)
    if not form.is_valid():
        return preview(request, pk)
    scope, as_of = form.cleaned_data["scope"], form.cleaned_data["as_of"]
    report = report_from_ledger(inspection, as_of=as_of, scope=scope)
    return _attachment(FORMATS[fmt][1](report, scope=scope), fmt, _filename(inspection, scope, as_of, fmt))


@login_required
@require_POST
def publish(request, pk):
    inspection, _ = get_inspection_for_publishing(request.user, pk, publish=True)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return preview(request, pk)
    try:
        version = PublicReport.publish(
            request.user, inspection, scope=form.cleaned_data["scope"], as_of=form.cleaned_data["as_of"]
        )
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("publishing:inspection", pk=inspection.pk)
    messages.success(request, f"已发布{version.get_scope_display()}第{version.version}版")
    return redirect("publishing:version", pk=version.pk)


@login_required
def version(request, pk):
    published = get_version_for_user(request.user, pk)
    paragraphs = [p for p in published.text.split("\n\n") if p.strip()]
    return render(
        request,
        "publishing/version.html",
        {
            "version": published,
            "inspection": published.inspection,
            "title": paragraphs[0] if paragraphs else published.title,
            "paragraphs": paragraphs[1:],
            "can_publish": can(request.user, "edit_inspection", published.inspection),
        },
    )


@login_required
def version_download(request, pk):
    """?format=txt|html|docx (default docx): the frozen files of a published version."""
    published = get_version_for_user(request.user, pk)
    fmt = request.GET.get("format", "docx")
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    content = {"txt": published.text, "html": published.html, "docx": bytes(published.docx)}[fmt]
    filename = _filename(published.inspection, published.scope, published.as_of, fmt, published.version)
    return _attachment(content, fmt, filename)
