"""Portal tests: the personas' 第一医院 (Alice's unit) and 中心医院 (Carol's) publish 社会通报."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhenggai.portal.models import PublicFeedback, PublicReport


@pytest.fixture
def published(world) -> PublicReport:
    """第一医院's 社会通报, version 1, published by its 整改办 Alice."""
    return PublicReport.publish(world.alice, world.inspection1)


@pytest.fixture
def send(client):
    """send(report, text=…, ip=…, **fields) → the response of the public feedback form."""

    def post(report, ip="203.0.113.7", **fields):
        fields.setdefault("text", "建议公开整改的具体时间表。")
        return client.post(reverse("portal:feedback", args=[report.pk]), fields, REMOTE_ADDR=ip)

    return post


def make_feedback(report, text="请问整改什么时候完成？", ip="198.51.100.1", **kw) -> PublicFeedback:
    return PublicFeedback.submit(report, text=text, ip=ip, **kw)
