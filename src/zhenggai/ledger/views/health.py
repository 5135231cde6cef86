"""The 体检 page of an inspection: the consistency findings on the problems the user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhenggai.accounts.access import get_inspection_for_user, visible_problems
from zhenggai.reports.check import SEVERITY_LABELS, Severity

from ..health import check_inspection
from ..models import Problem


@login_required
def health(request, pk):
    inspection, can_edit = get_inspection_for_user(request.user, pk)
    problems = visible_problems(request.user).filter(inspection=inspection)
    findings = check_inspection(inspection, problems)
    titles = dict(
        Problem.objects.filter(pk__in={p for f in findings for p in f.problems}).values_list("pk", "title")
    )
    groups = []
    for severity in Severity:
        items = [
            {"finding": f, "problems": [(pk, titles.get(pk, "")) for pk in f.problems]}
            for f in findings
            if f.severity == severity
        ]
        if items:
            groups.append({"severity": severity.value, "label": SEVERITY_LABELS[severity], "items": items})
    context = {
        "inspection": inspection,
        "can_edit": can_edit,
        "groups": groups,
        "total": len(findings),
        "checked": problems.count(),
    }
    return render(request, "ledger/health.html", context)
