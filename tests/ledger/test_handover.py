import datetime

import pytest

from tests import factories as f
from zhenggai.accounts.models import Membership
from zhenggai.audit.models import events_for
from zhenggai.ledger.models import Handover, Status, WorkflowError
from zhenggai.ledger.services import handover

DAY = datetime.date(2026, 7, 1)


def test_handover_moves_only_open_items_of_the_person(world):
    successor = f.make_user("zoe", org=world.finance1, role=Membership.Role.OWNER)
    world.measure_dan.update(world.dan, Status.COMPLETED, "已完成")
    closed = f.make_closed_problem(office=world.alice, leader=world.leo, inspection=world.inspection1)
    closed_measure = closed.measures.get()
    closed_measure.owner = world.dan
    closed_measure.save()
    record = handover(
        world.alice,
        world.hospital1,
        from_user=world.dan,
        to_user=successor,
        effective_date=DAY,
        note="岗位调整",
    )
    assert record.measure_ids == [world.measure_dan_b.pk]
    world.measure_dan_b.refresh_from_db()
    world.measure_dan.refresh_from_db()
    closed_measure.refresh_from_db()
    assert world.measure_dan_b.owner == successor
    assert world.measure_dan.owner == world.dan  # completed: stays with who did it
    assert closed_measure.owner == world.dan  # closed problem: untouched
    entry = world.measure_dan_b.updates.get(kind="handover")
    assert "2026-07-01" in entry.note and "dan → zoe" in entry.note
    assert events_for(record).get(action="handover").after["measures"] == [world.measure_dan_b.pk]


def test_handover_moves_leader_roles_too(world):
    new_leader = f.make_user("lily", org=world.hospital1, role=Membership.Role.LEADER)
    handover(world.alice, world.hospital1, from_user=world.leo, to_user=new_leader, effective_date=DAY)
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.leader == new_leader and world.measure_bob.owner == world.bob


def test_handover_of_a_department(world):
    record = handover(
        world.alice,
        world.hospital1,
        from_department=world.finance1,
        to_department=world.party_office1,
        effective_date=DAY,
    )
    assert sorted(record.measure_ids) == sorted([world.measure_dan.pk, world.measure_dan_b.pk])
    world.measure_dan.refresh_from_db()
    assert world.measure_dan.department == world.party_office1


def test_handover_stays_inside_the_unit(world):
    handover(world.carol, world.hospital2, from_user=world.olga, to_user=world.carol, effective_date=DAY)
    world.measure_olga.refresh_from_db()
    assert world.measure_olga.owner == world.carol
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.owner == world.bob


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"from_user": "dan"}, "须同时填写"),
        ({}, "请选择"),
        ({"from_user": "dan", "to_user": "dan"}, "不能是同一人"),
        ({"from_user": "dan", "to_user": "olga"}, "不是某市第一人民医院的成员"),
        ({"from_department": "finance1", "to_department": "medical2"}, "不属于某市第一人民医院"),
    ],
)
def test_handover_refuses_bad_requests_and_changes_nothing(world, kwargs, message):
    args = {key: getattr(world, value) for key, value in kwargs.items()}
    with pytest.raises(WorkflowError, match=message):
        handover(world.alice, world.hospital1, effective_date=DAY, **args)
    assert not Handover.objects.exists()
    world.measure_dan.refresh_from_db()
    assert world.measure_dan.owner == world.dan


def test_handover_needs_a_date(world):
    with pytest.raises(WorkflowError, match="交接日期"):
        handover(world.alice, world.hospital1, from_user=world.dan, to_user=world.bob)
