"""What every ledger view shares: the permission gate, running a workflow method, the form page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from zhenggai.accounts.access import can

from ..models import WorkflowError

# What the model methods refuse with: the workflow's own error, and validation of uploads/fields.
REFUSALS = (WorkflowError, ValidationError)


def require(user, action: str, obj) -> None:
    """403 unless the access helpers allow `action` on `obj` (the object was fetched through one)."""
    if not can(user, action, obj):
        raise PermissionDenied


def refusal_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def form_page(request, form, *, title, back_url, submit, perform, success, intro="", context=None):
    """GET shows the form; a valid POST runs `perform(cleaned_data)` in one transaction.

    A refusal (WorkflowError, ValidationError) rolls everything back and is shown on the form
    in Chinese; the user never sees a traceback and nothing is half-written.
    """
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                result = perform(form.cleaned_data)
        except REFUSALS as exc:
            form.add_error(None, refusal_message(exc))
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(safe_next(request, back_url))
    status = 400 if request.method == "POST" else 200
    page = {"title": title, "form": form, "back_url": back_url, "submit": submit, "intro": intro}
    page.update(context or {})
    return render(request, "ledger/form.html", page, status=status)
