"""Evidence download: only through get_evidence_for_user, always as an attachment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from zhenggai.accounts.access import get_evidence_for_user


@login_required
def evidence_download(request, pk):
    evidence = get_evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("佐证材料文件不存在") from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    # Never let a browser sniff an uploaded file into something executable.
    response["X-Content-Type-Options"] = "nosniff"
    return response
