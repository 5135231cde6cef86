"""Named people in named organisations, shared by every ledger, web and API test.

某市卫生健康委巡察办 (supervisor, Sam) over two hospitals:
- 某市第一人民医院: Alice is its 整改办; Leo is a 责任领导 (vice-president); Bob owns the 医务科
  measures; Dan owns the 财务科 measures; Vera reads only. Its inspection has two problems:
  problem_a (measures of 医务科/Bob and 财务科/Dan, both led by Leo) and problem_b (财务科 only).
- 某市中心医院: Carol is its 整改办 and must see nothing of 第一医院; Olga owns its 医务科.
Nora has an account and no membership at all.

Use the fixtures by name (``def test_x(alice, world): …``); `world` holds the organisations
and ledger objects.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from tests import factories as f
from zhenggai.accounts.models import Membership, Organisation
from zhenggai.ledger.models import Inspection, Measure, Problem

Role = Membership.Role


@dataclass
class World:
    supervisor_org: Organisation
    hospital1: Organisation
    hospital2: Organisation
    party_office1: Organisation
    medical1: Organisation
    finance1: Organisation
    medical2: Organisation
    sam: object
    alice: object
    leo: object
    bob: object
    dan: object
    vera: object
    carol: object
    olga: object
    nora: object
    inspection1: Inspection
    problem_a: Problem
    problem_b: Problem
    measure_bob: Measure
    measure_dan: Measure
    measure_dan_b: Measure
    inspection2: Inspection
    problem_c: Problem
    measure_olga: Measure

    @property
    def users(self) -> dict[str, object]:
        return {
            n: getattr(self, n)
            for n in ("sam", "alice", "leo", "bob", "dan", "vera", "carol", "olga", "nora")
        }


def build_world() -> World:
    today = f.today()
    sup = f.make_supervisor_org("某市卫生健康委巡察办")
    h1 = f.make_unit("某市第一人民医院", parent=sup)
    h2 = f.make_unit("某市中心医院", parent=sup)
    office1 = f.make_department(h1, "党委办公室")
    medical1 = f.make_department(h1, "医务科")
    finance1 = f.make_department(h1, "财务科")
    medical2 = f.make_department(h2, "医务科")

    sam = f.make_user("sam", org=sup, role=Role.SUPERVISOR, first_name="巡察办老孙")
    alice = f.make_user("alice", org=h1, role=Role.UNIT_ADMIN, first_name="整改办小艾")
    leo = f.make_user("leo", org=h1, role=Role.LEADER, first_name="李副院长")
    bob = f.make_user("bob", org=medical1, role=Role.OWNER, first_name="医务科老包")
    dan = f.make_user("dan", org=finance1, role=Role.OWNER, first_name="财务科小邓")
    vera = f.make_user("vera", org=h1, role=Role.VIEWER, first_name="只读小魏")
    carol = f.make_user("carol", org=h2, role=Role.UNIT_ADMIN, first_name="中心医院整改办小蔡")
    olga = f.make_user("olga", org=medical2, role=Role.OWNER, first_name="中心医院医务科小欧")
    nora = f.make_user("nora", first_name="无角色用户")

    inspection1 = f.make_inspection(
        unit=h1, title="某市第一人民医院巡察整改", feedback_date=today - datetime.timedelta(days=30)
    )
    problem_a = f.make_problem(inspection=inspection1, label="1", title="医疗质量安全管理制度落实不到位")
    measure_bob = f.make_measure(problem=problem_a, department=medical1, owner=bob, leader=leo)
    measure_dan = f.make_measure(problem=problem_a, department=finance1, owner=dan, leader=leo)
    problem_b = f.make_problem(inspection=inspection1, label="2", title="财务报销审核不严")
    measure_dan_b = f.make_measure(problem=problem_b, department=finance1, owner=dan)

    inspection2 = f.make_inspection(unit=h2, title="某市中心医院巡察整改")
    problem_c = f.make_problem(inspection=inspection2, label="1", title="药品耗材采购监管不严")
    measure_olga = f.make_measure(problem=problem_c, department=medical2, owner=olga)

    return World(
        supervisor_org=sup, hospital1=h1, hospital2=h2, party_office1=office1, medical1=medical1,
        finance1=finance1, medical2=medical2, sam=sam, alice=alice, leo=leo, bob=bob, dan=dan,
        vera=vera, carol=carol, olga=olga, nora=nora, inspection1=inspection1, problem_a=problem_a,
        problem_b=problem_b, measure_bob=measure_bob, measure_dan=measure_dan,
        measure_dan_b=measure_dan_b, inspection2=inspection2, problem_c=problem_c,
        measure_olga=measure_olga,
    )  # fmt: skip


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def sam(world):
    return world.sam


@pytest.fixture
def alice(world):
    return world.alice


@pytest.fixture
def leo(world):
    return world.leo


@pytest.fixture
def bob(world):
    return world.bob


@pytest.fixture
def dan(world):
    return world.dan


@pytest.fixture
def vera(world):
    return world.vera


@pytest.fixture
def carol(world):
    return world.carol


@pytest.fixture
def olga(world):
    return world.olga


@pytest.fixture
def nora(world):
    return world.nora


PERSONA_FIXTURES = ["world", "sam", "alice", "leo", "bob", "dan", "vera", "carol", "olga", "nora"]
