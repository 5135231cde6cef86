"""PublicReport.publish: a frozen snapshot, versions, supersession, the audit trail."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests import factories as f
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import Status, WorkflowError
from zhenggai.portal.models import PublicReport
from zhenggai.reports.parse import parse_text


def test_publish_freezes_text_html_docx_and_snapshot(world):
    alice = world.alice
    published = PublicReport.publish(alice, world.inspection1)
    assert published.version == 1 and published.is_current
    assert published.scope == PublicReport.Scope.PUBLIC and published.as_of == timezone.localdate()
    assert published.title == "某市第一人民医院关于巡察整改进展情况的通报"
    assert [p["title"] for p in published.snapshot["problems"]] == [
        world.problem_a.title,
        world.problem_b.title,
    ]
    assert parse_text(published.text).declared.total == 2
    assert published.html.startswith("<!DOCTYPE html>") and world.problem_a.title in published.html
    paragraphs = [p.text for p in docx.Document(io.BytesIO(bytes(published.docx))).paragraphs]
    assert paragraphs[0] == published.title
    event = AuditEvent.objects.get(action="report.publish")
    assert event.actor == alice and event.unit == world.hospital1 and event.after["version"] == 1


def test_later_ledger_edits_do_not_change_a_published_report(world):
    published = PublicReport.publish(world.alice, world.inspection1)
    text, html, data, snapshot = published.text, published.html, bytes(published.docx), published.snapshot
    world.problem_a.title = "改过的标题"
    world.problem_a.save()
    world.measure_bob.update(world.bob, status=Status.COMPLETED, note="已完成")
    f.make_problem(inspection=world.inspection1, title="发布后新增的问题")
    published.refresh_from_db()
    assert (published.text, published.html, bytes(published.docx), published.snapshot) == (
        text,
        html,
        data,
        snapshot,
    )
    assert "改过的标题" not in published.text and "发布后新增的问题" not in published.text
    again = PublicReport.publish(world.alice, world.inspection1)
    assert "改过的标题" in again.text and "发布后新增的问题" in again.text


def test_publishing_again_supersedes_the_previous_version(world):
    first = PublicReport.publish(world.alice, world.inspection1)
    second = PublicReport.publish(world.alice, world.inspection1)
    party = PublicReport.publish(world.alice, world.inspection1, scope=PublicReport.Scope.PARTY)
    first.refresh_from_db()
    assert (first.version, second.version, party.version) == (1, 2, 1)
    assert first.superseded_by == second and second.is_current and party.is_current
    third = PublicReport.publish(world.alice, world.inspection1)
    second.refresh_from_db()
    first.refresh_from_db()
    assert third.version == 3 and second.superseded_by == third and first.superseded_by == second


def test_party_scope_keeps_party_only_problems(world):
    world.problem_b.is_public = False
    world.problem_b.save()
    public = PublicReport.publish(world.alice, world.inspection1)
    party = PublicReport.publish(world.alice, world.inspection1, scope=PublicReport.Scope.PARTY)
    assert world.problem_b.title not in public.text and world.problem_b.title in party.text
    assert "需要向社会公开的1个" in public.text and "巡察反馈问题共2个" in party.text


def test_publish_as_of_a_past_date(world):
    day = timezone.localdate() - datetime.timedelta(days=1)
    published = PublicReport.publish(world.alice, world.inspection1, as_of=day)
    # The world's problems were created today: on the day before there were none.
    assert published.as_of == day and published.snapshot["problems"] == []


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"scope": "secret"}, "未知的通报范围"),
        ({"as_of": timezone.localdate() + datetime.timedelta(days=1)}, "截至日期不能晚于今天"),
    ],
)
def test_bad_publish_is_refused_and_writes_nothing(world, kwargs, message):
    with pytest.raises(WorkflowError, match=message):
        PublicReport.publish(world.alice, world.inspection1, **kwargs)
    assert (
        not PublicReport.objects.exists() and not AuditEvent.objects.filter(action="report.publish").exists()
    )


def test_version_numbers_are_unique_per_inspection_and_scope(world):
    published = PublicReport.publish(world.alice, world.inspection1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicReport.objects.create(
            inspection=world.inspection1,
            scope=published.scope,
            version=1,
            title="x",
            as_of=published.as_of,
            snapshot={},
            text="",
            html="",
            docx=b"",
        )
