"""The unit dashboard (工作台): counts, lights, countdown, overdue/due/stale lists, supervisor table."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from zhenggai.ledger.models import Measure, Status


def _card(html: str, inspection) -> str:
    start = html.index(f'id="inspection-{inspection.pk}"')
    end = html.find("</section>", start)
    return html[start:end]


def _set(measure, **fields):
    Measure.objects.filter(pk=measure.pk).update(**fields)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("ledger:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unit_admin_sees_counts_lights_and_countdown(login, world):
    today = f.today()
    _set(world.measure_bob, deadline=today - datetime.timedelta(days=2))  # red, overdue
    _set(world.measure_dan, deadline=today + datetime.timedelta(days=3))  # yellow, due this week
    _set(world.measure_dan_b, deadline=today + datetime.timedelta(days=15))  # green
    world.measure_dan_b.update(world.dan, status=Status.COMPLETED, note="已完成")  # …then no light
    f.make_problem(inspection=world.inspection1, title="第三个问题")

    response = login(world.alice).get(reverse("ledger:dashboard"))
    html = response.content.decode()
    card = _card(html, world.inspection1)

    assert world.inspection1.title in card
    assert 'class="total">3<' in card
    assert (
        'data-status="completed"><span class="badge status-completed">已完成整改</span><span class="num">1<'
        in card
    )
    assert (
        'data-status="in_progress"><span class="badge status-in_progress">正在整改</span><span class="num">2<'
        in card
    )
    assert 'data-light="red"><span class="light light-red"></span>红灯<span class="num">1<' in card
    assert 'data-light="yellow"><span class="light light-yellow"></span>黄灯<span class="num">1<' in card
    assert 'data-light="green"><span class="light light-green"></span>绿灯<span class="num">0<' in card
    days_left = world.inspection1.days_left(today)
    assert f'<strong class="days-left">{days_left}</strong>' in card
    assert "集中整改" in card
    overdue = card[card.index('class="overdue"') : card.index('class="due-week"')]
    assert f'data-measure="{world.measure_bob.pk}"' in overdue
    due_week = card[card.index('class="due-week"') : card.index('class="stale-list"')]
    assert f'data-measure="{world.measure_dan.pk}"' in due_week
    assert f'data-measure="{world.measure_bob.pk}"' not in due_week
    # Carol's hospital is not on Alice's dashboard.
    assert world.inspection2.title not in html
    assert 'id="units"' not in html


def test_stale_measures_are_listed(login, world):
    with time_machine.travel(datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC)):
        world.measure_bob.update(world.bob, note="启动整改")
    _set(world.measure_dan, last_update_at=None)
    html = login(world.alice).get(reverse("ledger:dashboard")).content.decode()
    stale = _card(html, world.inspection1).split('class="stale-list"')[1]
    assert f'data-measure="{world.measure_bob.pk}"' in stale


def test_phase_after_the_concentrated_deadline_is_continuing(login, world):
    world.inspection1.concentrated_deadline = f.today() - datetime.timedelta(days=1)
    world.inspection1.save()
    html = login(world.alice).get(reverse("ledger:dashboard")).content.decode()
    card = _card(html, world.inspection1)
    assert "持续整改" in card
    assert "转入持续整改" in card


def test_owner_sees_only_their_own_unit(login, world):
    html = login(world.bob).get(reverse("ledger:dashboard")).content.decode()
    assert world.inspection1.title in html
    assert world.inspection2.title not in html


def test_supervisor_sees_table_of_every_unit_with_progress_and_red_counts(login, world):
    today = f.today()
    _set(world.measure_olga, deadline=today - datetime.timedelta(days=5))
    _set(world.measure_dan_b, status=Status.COMPLETED)
    world.problem_b.recompute_status()

    html = login(world.sam).get(reverse("ledger:dashboard")).content.decode()
    table = html[html.index('id="units"') :]
    row1 = table[table.index('data-unit="某市第一人民医院"') :].split("</tr>")[0]
    row2 = table[table.index('data-unit="某市中心医院"') :].split("</tr>")[0]
    assert reverse("ledger:inspection", args=[world.inspection1.pk]) in row1
    assert 'class="num progress">50%<' in row1  # 1 of 2 problems completed
    assert 'class="num red-count">0<' in row1
    assert 'class="num progress">0%<' in row2
    assert '<span class="light light-red"></span>1<' in row2
    # The most overdue items across units are listed for the supervisor.
    assert world.measure_olga.text[:20] in table


def _grow(inspection, department, owner, n):
    today = f.today()
    for i in range(n):
        problem = f.make_problem(inspection=inspection)
        f.make_measure(
            problem=problem,
            department=department,
            owner=owner,
            deadline=today + datetime.timedelta(days=i - 3),
        )


@pytest.mark.parametrize("persona", ["alice", "sam", "bob"])
def test_dashboard_query_count_does_not_grow_with_problems(login, world, persona):
    client = login(getattr(world, persona))
    url = reverse("ledger:dashboard")
    _grow(world.inspection1, world.medical1, world.bob, 5)
    client.get(url)  # warm up: session, content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world.inspection1, world.medical1, world.bob, 45)
    f.make_inspection(unit=world.hospital1, title="第二轮巡察")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
