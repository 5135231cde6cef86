"""The public pages: only 社会通报, current versions by default, search by unit/year/text,
superseded versions reachable and marked, each problem's status, downloads, unit counts."""

from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.portal.conftest import make_feedback
from zhenggai.ledger.models import Status
from zhenggai.portal.models import PublicFeedback, PublicReport
from zhenggai.portal.views_public import PER_PAGE


def listed(client, **params) -> list[int]:
    response = client.get(reverse("portal:index"), params)
    assert response.status_code == 200
    return [r.pk for r in response.context["page"].object_list]


def test_portal_needs_no_login(client, published):
    response = client.get(reverse("portal:index"))
    assert response.status_code == 200
    assert published.title in response.content.decode()
    assert "某市第一人民医院" in response.content.decode()


def test_party_report_is_never_public(client, world, published):
    party = PublicReport.publish(world.alice, world.inspection1, scope=PublicReport.Scope.PARTY)
    assert listed(client) == [published.pk]
    assert listed(client, history="on") == [published.pk]
    for url in (
        reverse("portal:report", args=[party.pk]),
        reverse("portal:download", args=[party.pk, "docx"]),
        reverse("portal:download", args=[party.pk, "html"]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("portal:feedback", args=[party.pk]), {"text": "x"}).status_code == 404


def test_only_public_problems_are_in_the_published_report(client, world):
    world.problem_b.is_public = False
    world.problem_b.save()
    report = PublicReport.publish(world.alice, world.inspection1)
    page = client.get(reverse("portal:report", args=[report.pk])).content.decode()
    assert "医疗质量安全管理制度落实不到位" in page
    assert "财务报销审核不严" not in page


def test_current_versions_by_default_older_ones_marked(client, world, published):
    second = PublicReport.publish(world.alice, world.inspection1)
    assert listed(client) == [second.pk]
    assert set(listed(client, history="on")) == {published.pk, second.pk}
    page = client.get(reverse("portal:index"), {"history": "on"}).content.decode()
    assert "已被第2版取代" in page
    old = client.get(reverse("portal:report", args=[published.pk])).content.decode()
    assert "本通报为第1版，已被新版本取代" in old
    assert reverse("portal:report", args=[second.pk]) in old
    assert 'id="feedback-form"' not in old
    new = client.get(reverse("portal:report", args=[second.pk])).content.decode()
    assert "已被新版本取代" not in new
    assert "第2版（本页）" in new and "已被取代" in new  # the version list marks version 1
    assert 'id="feedback-form"' in new


def test_later_ledger_edits_do_not_change_the_public_page(client, world, published):
    world.problem_a.title = "发布后改过的标题"
    world.problem_a.save()
    page = client.get(reverse("portal:report", args=[published.pk])).content.decode()
    assert "医疗质量安全管理制度落实不到位" in page
    assert "发布后改过的标题" not in page


def test_search_by_unit(client, world, published):
    other = PublicReport.publish(world.carol, world.inspection2)
    assert set(listed(client)) == {published.pk, other.pk}
    assert listed(client, unit=world.hospital1.pk) == [published.pk]
    assert listed(client, unit=world.hospital2.pk) == [other.pk]
    # A unit without a published report is no choice at all: the form says so, nothing breaks.
    response = client.get(reverse("portal:index"), {"unit": world.medical1.pk, "q": "中心医院"})
    assert response.status_code == 200
    assert "单位：" in response.content.decode()
    assert [r.pk for r in response.context["page"].object_list] == [other.pk]


def test_search_by_year(client, world):
    with time_machine.travel(datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)):
        old = PublicReport.publish(world.carol, world.inspection2)
    new = PublicReport.publish(world.alice, world.inspection1)
    year = timezone.localdate().year
    assert listed(client, year=2025) == [old.pk]
    assert listed(client, year=year) == [new.pk]
    page = client.get(reverse("portal:index")).content.decode()
    assert "2025年" in page and f"{year}年" in page
    assert listed(client, year="abc") == [new.pk, old.pk]


def test_search_by_text_in_title_and_body(client, world, published):
    other = PublicReport.publish(world.carol, world.inspection2)
    assert listed(client, q="药品耗材") == [other.pk]  # a problem title, in the text only
    assert listed(client, q="财务报销") == [published.pk]
    assert listed(client, q="第一人民医院关于巡察整改") == [published.pk]  # the title
    assert listed(client, q="没有这样的内容") == []
    assert (
        "没有符合条件的通报" in client.get(reverse("portal:index"), {"q": "没有这样的内容"}).content.decode()
    )


def test_list_loads_no_files(client, world, published, django_assert_max_num_queries):
    PublicReport.publish(world.alice, world.inspection1)
    with django_assert_max_num_queries(8) as queries:
        client.get(reverse("portal:index"), {"history": "on"})
    selects = [q["sql"] for q in queries.captured_queries if "portal_publicreport" in q["sql"]]
    assert selects and not any('"docx"' in sql or '"html"' in sql for sql in selects)


def test_list_is_paginated(client, world):
    for _ in range(PER_PAGE + 2):
        PublicReport.publish(world.alice, f.make_inspection(unit=world.hospital1))
    first = client.get(reverse("portal:index"), {"unit": world.hospital1.pk})
    assert len(first.context["page"].object_list) == PER_PAGE
    assert "第 1 / 2 页" in first.content.decode()
    assert f"unit={world.hospital1.pk}&amp;page=2" in first.content.decode()
    second = client.get(reverse("portal:index"), {"unit": world.hospital1.pk, "page": 2})
    assert len(second.context["page"].object_list) == 2
    assert client.get(reverse("portal:index"), {"page": "junk"}).status_code == 200


def test_report_page_shows_the_report_and_each_problem_status(client, world):
    world.measure_dan_b.update(by=world.dan, status=Status.COMPLETED, note="已完成")
    report = PublicReport.publish(world.alice, world.inspection1)
    response = client.get(reverse("portal:report", args=[report.pk]))
    page = response.content.decode()
    assert "根据市委统一部署" in page  # the frozen text of the 通报
    rows = {p["title"]: p["status"] for p in response.context["problems"]}
    assert rows == {"医疗质量安全管理制度落实不到位": "in_progress", "财务报销审核不严": "completed"}
    assert '<span class="badge status-completed">已完成整改</span>' in page
    assert '<span class="badge status-in_progress">正在整改</span>' in page


def test_downloads_are_the_frozen_files(client, published):
    docx = client.get(reverse("portal:download", args=[published.pk, "docx"]))
    assert docx.status_code == 200 and docx.content == bytes(published.docx)
    assert docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]
    text = client.get(reverse("portal:download", args=[published.pk, "txt"]))
    assert text.content.decode() == published.text
    html = client.get(reverse("portal:download", args=[published.pk, "html"]))
    assert html.content.decode() == published.html
    assert "default-src 'none'" in html["Content-Security-Policy"]
    assert client.get(reverse("portal:download", args=[published.pk, "exe"])).status_code == 404


def test_unknown_report_is_404(client, db):
    assert client.get(reverse("portal:report", args=[999])).status_code == 404


def test_unit_list_counts_answered_and_unanswered(client, world, published):
    other = PublicReport.publish(world.carol, world.inspection2)
    answered = make_feedback(published, ip="1.1.1.1")
    answered.reply(world.alice, "已答复")
    make_feedback(published, ip="1.1.1.2")  # pending, unanswered
    rejected = make_feedback(published, ip="1.1.1.3")
    rejected.decide(world.alice, PublicFeedback.State.REJECTED, show_message=False, show_answer=False)
    make_feedback(other, ip="1.1.1.4")
    response = client.get(reverse("portal:units"))
    rows = {row["unit"].name: row for row in response.context["rows"]}
    assert set(rows) == {"某市第一人民医院", "某市中心医院"}
    first = rows["某市第一人民医院"]
    assert (first["reports"], first["answered"], first["unanswered"]) == (1, 1, 1)
    second = rows["某市中心医院"]
    assert (second["reports"], second["answered"], second["unanswered"]) == (1, 0, 1)
    page = response.content.decode()
    assert f'<tr data-unit="{world.hospital1.pk}">' in page
