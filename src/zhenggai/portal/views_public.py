"""The public portal: published 社会通报 of every unit, their versions, and the feedback form.

No login. Only reports of scope "public" (社会通报) exist here; a 党内通报 is a 404. Everything a
member of the public writes is held for moderation (views_moderate.py) and escaped on output.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zhenggai.accounts.access import grants
from zhenggai.accounts.models import Organisation

from .forms import FeedbackForm, SearchForm
from .models import PublicFeedback, PublicReport
from .models_feedback import FeedbackError, RateLimited, snapshot_problems

PER_PAGE = 10
# The frozen HTML is escaped by the renderer; the policy forbids scripts in it all the same.
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "txt": ("text/plain; charset=utf-8", "txt"),
}


def client_ip(request) -> str:
    """The client's address. Behind N trusted proxies (PORTAL_TRUSTED_PROXIES) it is the N-th
    address from the right of X-Forwarded-For; anything further left was written by the client."""
    hops = settings.PORTAL_TRUSTED_PROXIES
    if hops > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def public_reports():
    return PublicReport.objects.filter(scope=PublicReport.Scope.PUBLIC).select_related("inspection__unit")


def get_public_report(pk, *deferred: str) -> PublicReport:
    try:
        return public_reports().defer(*deferred).get(pk=pk)
    except (PublicReport.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该通报") from None


def portal_context(request) -> dict:
    """What every portal page shows in its sub-navigation."""
    return {"can_moderate": bool(grants(request.user).admin_unit_ids)}


def index(request):
    form = SearchForm(request.GET or None)
    # The list shows neither the files nor the text; the version that superseded a report is
    # read as a number, not as a second report with its .docx.
    reports = public_reports().defer("html", "docx", "snapshot", "text")
    reports = reports.annotate(superseding_version=F("superseded_by__version"))
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        # Keep the fields that are valid (a junk unit id must not hide the text search).
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    if not filters.get("history"):
        reports = reports.filter(superseded_by__isnull=True)
    if filters.get("unit"):
        reports = reports.filter(inspection__unit=filters["unit"])
    if filters.get("year"):
        reports = reports.filter(as_of__year=filters["year"])
    if filters.get("q"):
        reports = reports.filter(Q(title__icontains=filters["q"]) | Q(text__icontains=filters["q"]))
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), **portal_context(request)}
    return render(request, "portal/index.html", context)


def units(request):
    """Every unit with a published 社会通报: its reports and how many messages it has answered.
    Messages the unit declined to publish (不予公开) are not counted; pending ones are."""
    unit_ids = public_reports().values("inspection__unit")
    current = (
        public_reports()
        .filter(superseded_by__isnull=True)
        .values("inspection__unit")
        .order_by()
        .annotate(n=Count("id"))
    )
    reports = {row["inspection__unit"]: row["n"] for row in current}
    counts = (
        PublicFeedback.objects.exclude(state=PublicFeedback.State.REJECTED)
        .values("report__inspection__unit")
        .order_by()
        .annotate(answered=Count("id", filter=~Q(answer="")), unanswered=Count("id", filter=Q(answer="")))
    )
    by_unit = {row["report__inspection__unit"]: row for row in counts}
    table = [
        {
            "unit": unit,
            "reports": reports.get(unit.pk, 0),
            "answered": by_unit.get(unit.pk, {}).get("answered", 0),
            "unanswered": by_unit.get(unit.pk, {}).get("unanswered", 0),
        }
        for unit in Organisation.objects.filter(pk__in=unit_ids).order_by("name")
    ]
    return render(request, "portal/units.html", {"rows": table, **portal_context(request)})


def _report_page(request, report: PublicReport, form: FeedbackForm, status: int = 200):
    versions = list(
        PublicReport.objects.filter(inspection=report.inspection_id, scope=report.scope)
        .only("id", "version", "as_of", "published_at", "superseded_by")
        .order_by("-version")
    )
    current = next((v for v in versions if v.superseded_by_id is None), None)
    shown = (
        PublicFeedback.objects.filter(
            report__inspection=report.inspection_id,
            report__scope=report.scope,
            state=PublicFeedback.State.APPROVED,
        )
        .select_related("report")
        .order_by("-created_at")
    )
    context = {
        "report": report,
        "paragraphs": [p for p in report.text.split("\n\n") if p.strip()],
        "problems": snapshot_problems(report),
        "versions": versions,
        "current": current,
        "feedback": shown,
        "form": form,
        **portal_context(request),
    }
    return render(request, "portal/report.html", context, status=status)


def report(request, pk):
    report = get_public_report(pk, "docx", "html")
    return _report_page(request, report, FeedbackForm(report=report))


@require_POST
def feedback(request, pk):
    report = get_public_report(pk, "docx", "html")
    form = FeedbackForm(request.POST, report=report)
    if form.is_valid():
        data = form.cleaned_data
        try:
            PublicFeedback.submit(
                report,
                text=data["text"],
                name=data["name"],
                contact=data["contact"],
                problem_index=data["problem"],
                ip=client_ip(request),
            )
        except RateLimited as exc:
            form.add_error(None, str(exc))
            return _report_page(request, report, form, status=429)
        except FeedbackError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "您的意见建议已收到，经单位审核后公开。感谢您的监督！")
            return redirect(reverse("portal:report", args=[report.pk]) + "#feedback")
    return _report_page(request, report, form, status=400)


def download(request, pk, fmt):
    report = get_public_report(pk)
    filename = f"{report.title}（第{report.version}版）"
    if fmt == "html":
        response = HttpResponse(report.html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = HTML_POLICY
        return response
    if fmt not in DOWNLOADS:
        raise Http404("不支持的格式")
    content_type, extension = DOWNLOADS[fmt]
    body = bytes(report.docx) if fmt == "docx" else report.text.encode("utf-8")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{extension}")
    return response
