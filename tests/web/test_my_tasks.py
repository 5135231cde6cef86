"""我的任务: measures the user owns or leads, grouped by light, with quick progress forms."""

import datetime

from django.urls import reverse

from tests import factories as f
from zhenggai.ledger.models import Measure, Status


def groups(html: str) -> dict[str, str]:
    parts = html.split('class="card task-group" data-light="')[1:]
    return {part.split('"')[0]: part.split("</section>")[0] for part in parts}


def test_owner_sees_own_measures_grouped_by_light(login, world):
    today = f.today()
    Measure.objects.filter(pk=world.measure_dan.pk).update(deadline=today - datetime.timedelta(days=1))
    Measure.objects.filter(pk=world.measure_dan_b.pk).update(deadline=today + datetime.timedelta(days=5))
    html = login(world.dan).get(reverse("ledger:my_tasks")).content.decode()
    by_light = groups(html)
    assert f'data-measure="{world.measure_dan.pk}"' in by_light["red"]
    assert f'data-measure="{world.measure_dan_b.pk}"' in by_light["yellow"]
    assert f'data-measure="{world.measure_bob.pk}"' not in html  # Bob's, not Dan's
    assert html.count('action="' + reverse("ledger:measure_progress", args=[world.measure_dan.pk])) == 1


def test_leader_sees_the_measures_they_lead(login, world):
    html = login(world.leo).get(reverse("ledger:my_tasks")).content.decode()
    assert f'data-measure="{world.measure_bob.pk}"' in html
    assert f'data-measure="{world.measure_dan.pk}"' in html
    assert f'data-measure="{world.measure_dan_b.pk}"' not in html
    assert "批注意见" in html


def test_quick_progress_returns_to_my_tasks(login, world):
    client = login(world.dan)
    response = client.post(
        reverse("ledger:measure_progress", args=[world.measure_dan_b.pk]),
        {"status": Status.PARTIAL, "note": "已完成一半", "next": reverse("ledger:my_tasks")},
    )
    assert response["Location"] == reverse("ledger:my_tasks")
    assert Measure.objects.get(pk=world.measure_dan_b.pk).status == Status.PARTIAL


def test_next_may_not_leave_the_site(login, world):
    response = login(world.dan).post(
        reverse("ledger:measure_progress", args=[world.measure_dan_b.pk]),
        {"status": Status.PARTIAL, "note": "x", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith(reverse("ledger:problem", args=[world.problem_b.pk]))


def test_completed_measures_move_out_of_the_open_groups(login, world):
    world.measure_dan_b.update(world.dan, status=Status.COMPLETED, note="完成")
    html = login(world.dan).get(reverse("ledger:my_tasks")).content.decode()
    assert f'data-measure="{world.measure_dan_b.pk}"' not in "".join(groups(html).values())
    assert "已完成或长期坚持（1）" in html


def test_user_without_tasks_is_told_so(login, world):
    html = login(world.nora).get(reverse("ledger:my_tasks")).content.decode()
    assert "目前没有需要您办理的整改措施" in html


def test_closures_waiting_for_my_step_are_listed(login, world):
    problem = f.make_closable_problem(inspection=world.inspection1, title="待销号的问题")
    Measure.objects.filter(problem=problem).update(leader=world.leo)
    closure = problem.request_closure(world.alice, "申请销号")
    approvals = reverse("ledger:closure_decide", args=[problem.pk])

    alice_html = login(world.alice).get(reverse("ledger:my_tasks")).content.decode()
    assert f'data-closure="{closure.pk}"' in alice_html and approvals in alice_html
    assert "整改办审核" in alice_html
    assert (
        f'data-closure="{closure.pk}"'
        not in login(world.leo).get(reverse("ledger:my_tasks")).content.decode()
    )

    closure.decide(world.alice, True, "材料齐全")
    leo_html = login(world.leo).get(reverse("ledger:my_tasks")).content.decode()
    assert f'data-closure="{closure.pk}"' in leo_html and "责任领导确认" in leo_html
    assert (
        f'data-closure="{closure.pk}"'
        not in login(world.alice).get(reverse("ledger:my_tasks")).content.decode()
    )
    assert (
        f'data-closure="{closure.pk}"'
        not in login(world.carol).get(reverse("ledger:my_tasks")).content.decode()
    )
