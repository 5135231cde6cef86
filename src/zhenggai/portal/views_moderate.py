"""The unit side of 意见建议: the 整改办 of a report's unit moderates, links, answers and chooses
what the public sees. Nobody else may even see a message (404), whatever their other roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from zhenggai.accounts.access import grants

from .forms import ModerateForm
from .models import PublicFeedback
from .models_feedback import FeedbackError
from .views_public import portal_context

PER_PAGE = 20
FILTERS = {
    "pending": ("待审核", {"state": PublicFeedback.State.PENDING}),
    "unanswered": ("未答复", {"answer": ""}),
    "approved": ("已公开", {"state": PublicFeedback.State.APPROVED}),
    "rejected": ("不予公开", {"state": PublicFeedback.State.REJECTED}),
    "all": ("全部", {}),
}


def moderatable_feedback(user):
    """Messages on the reports of the units where `user` is 整改办 (unit admin)."""
    units = grants(user).admin_unit_ids
    return PublicFeedback.objects.filter(report__inspection__unit_id__in=units).select_related(
        "report__inspection__unit", "answered_by", "problem"
    )


def get_feedback_for_moderation(user, pk) -> PublicFeedback:
    try:
        return moderatable_feedback(user).get(pk=pk)
    except (PublicFeedback.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到，或您无权查看") from None


@login_required
def queue(request):
    if not grants(request.user).admin_unit_ids:
        raise PermissionDenied("只有整改办可以审核意见建议")
    current = request.GET.get("show") if request.GET.get("show") in FILTERS else "pending"
    items = moderatable_feedback(request.user).filter(**FILTERS[current][1])
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    tabs = [(key, label) for key, (label, _) in FILTERS.items()]
    context = {"page": page, "tabs": tabs, "current": current, **portal_context(request)}
    return render(request, "portal/moderate_queue.html", context)


@login_required
def moderate(request, pk):
    item = get_feedback_for_moderation(request.user, pk)
    form = ModerateForm(request.POST or None, feedback=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item.moderate(
                request.user,
                problem_index=data["problem"],
                answer=data["answer"],
                state=data["state"],
                show_message=data["show_message"],
                show_answer=data["show_answer"],
            )
        except FeedbackError as exc:
            form.add_error(None, str(exc))
            item.refresh_from_db()
        else:
            messages.success(request, f"意见建议#{item.pk} 已保存（{item.get_state_display()}）")
            return redirect("portal:moderate_queue")
    status = 400 if request.method == "POST" else 200
    context = {"item": item, "form": form, **portal_context(request)}
    return render(request, "portal/moderate.html", context, status=status)
