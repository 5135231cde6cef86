"""我的任务: the measures a user owns (personally or through a department) or leads, by light."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from zhenggai.accounts.access import can, grants, visible_measures, visible_problems

from ..forms import ProgressForm
from ..models import Closure, Light, Status

GROUPS = [
    (Light.RED, "红灯：已逾期"),
    (Light.YELLOW, "黄灯：临近时限"),
    (Light.GREEN, "绿灯：进入提醒期"),
    (Light.NONE, "其他在办事项"),
]


def _mine_q(user) -> Q:
    g = grants(user)
    q = Q(owner=user) | Q(leader=user)
    for path in g.owner_department_paths + g.leader_department_paths:
        q |= Q(department__path__startswith=path)
    return q


@login_required
def my_tasks(request):
    today = timezone.localdate()
    measures = (
        visible_measures(request.user)
        .filter(_mine_q(request.user))
        .select_related("problem__inspection__unit", "department", "owner", "leader")
        .order_by("deadline", "pk")
    )
    groups = {light: [] for light, _ in GROUPS}
    done = []
    for measure in measures:
        if measure.status in (Status.COMPLETED, Status.LONG_TERM):
            done.append(measure)
            continue
        measure.current_light = measure.light(today)
        measure.stale_now = measure.is_stale(today)
        measure.can_update = can(request.user, "update_measure", measure)
        if measure.can_update or can(request.user, "comment", measure):
            measure.progress_form = ProgressForm(measure=measure, comment_only=not measure.can_update)
        groups[measure.current_light].append(measure)
    # 销号 requests waiting for this user's step (整改办审核, 责任领导确认 or 监督机构签批).
    pending = (
        Closure.objects.filter(
            state=Closure.State.PENDING, problem__in=visible_problems(request.user).values("pk")
        )
        .select_related("problem__inspection__unit", "requested_by")
        .order_by("requested_at", "pk")
    )
    approvals = [closure for closure in pending if can(request.user, closure.step, closure)]
    return render(
        request,
        "ledger/my_tasks.html",
        {
            "approvals": approvals,
            "groups": [(light, title, groups[light]) for light, title in GROUPS],
            "done": done,
            "today": today,
            "open_count": sum(len(v) for v in groups.values()),
        },
    )
