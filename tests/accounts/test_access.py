"""The access helpers: who sees and changes what (see accounts/README.md)."""

import pytest
from django.http import Http404

from tests import factories as f
from zhenggai.accounts.access import (
    ACTIONS,
    can,
    get_evidence_for_user,
    get_inspection_for_user,
    get_measure_for_user,
    get_problem_for_user,
    roles_for,
    visible_inspections,
    visible_measures,
    visible_problems,
)
from zhenggai.accounts.models import Membership

Role = Membership.Role


def test_carol_gets_404_for_everything_of_the_first_hospital(world):
    carol = world.carol
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    with pytest.raises(Http404):
        get_inspection_for_user(carol, world.inspection1.pk)
    for problem in (world.problem_a, world.problem_b):
        with pytest.raises(Http404):
            get_problem_for_user(carol, problem.pk)
    for measure in (world.measure_bob, world.measure_dan, world.measure_dan_b):
        with pytest.raises(Http404):
            get_measure_for_user(carol, measure.pk)
    with pytest.raises(Http404):
        get_evidence_for_user(carol, evidence.pk)
    assert list(visible_inspections(carol)) == [world.inspection2]
    assert set(visible_problems(carol)) == {world.problem_c}
    assert set(visible_measures(carol)) == {world.measure_olga}
    assert not any(can(carol, action, world.problem_a) for action in ACTIONS)
    assert not any(can(carol, action, world.measure_bob) for action in ACTIONS)


def test_unit_admin_sees_and_edits_everything_of_her_unit(world):
    alice = world.alice
    inspection, can_edit = get_inspection_for_user(alice, world.inspection1.pk)
    assert inspection == world.inspection1 and can_edit
    assert set(visible_problems(alice)) == {world.problem_a, world.problem_b}
    for measure in (world.measure_bob, world.measure_dan, world.measure_dan_b):
        assert get_measure_for_user(alice, measure.pk) == (measure, True)
    assert can(alice, "assign_measure", world.measure_bob)
    assert can(alice, "handover", world.hospital1)
    assert not can(alice, "supervise", world.problem_a)


def test_owner_sees_only_problems_with_his_measures(world):
    bob = world.bob
    assert set(visible_problems(bob)) == {world.problem_a}
    assert set(visible_measures(bob)) == {world.measure_bob, world.measure_dan}
    with pytest.raises(Http404):
        get_problem_for_user(bob, world.problem_b.pk)
    assert list(visible_inspections(bob)) == [world.inspection1]


def test_owner_can_only_update_own_measures(world):
    bob = world.bob
    assert get_measure_for_user(bob, world.measure_bob.pk) == (world.measure_bob, True)
    assert get_measure_for_user(bob, world.measure_dan.pk) == (world.measure_dan, False)
    assert can(bob, "upload_evidence", world.measure_bob)
    assert not can(bob, "upload_evidence", world.measure_dan)
    assert not can(bob, "assign_measure", world.measure_bob)
    assert not can(bob, "edit_problem", world.problem_a)


def test_owner_department_membership_covers_measures_assigned_to_the_department_only(world):
    colleague = f.make_user(org=world.medical1, role=Role.OWNER)
    measure = f.make_measure(problem=world.problem_b, department=world.medical1)
    assert get_measure_for_user(colleague, measure.pk) == (measure, True)
    assert get_measure_for_user(colleague, world.measure_bob.pk) == (world.measure_bob, True)
    assert not can(colleague, "update_measure", world.measure_dan_b)


def test_owner_cannot_close_problem(world):
    assert can(world.bob, "request_closure", world.problem_a)
    assert not can(world.bob, "office_check", world.problem_a)
    assert not can(world.bob, "leader_confirm", world.problem_a)
    assert not can(world.bob, "supervisor_signoff", world.problem_a)


def test_leader_sees_items_he_leads_and_may_only_comment_and_confirm(world):
    leo = world.leo
    # problem_b: nobody leads it, so every unit leader sees it (to confirm its closure)
    assert set(visible_problems(leo)) == {world.problem_a, world.problem_b}
    problem, can_edit = get_problem_for_user(leo, world.problem_a.pk)
    assert not can_edit
    assert get_measure_for_user(leo, world.measure_bob.pk) == (world.measure_bob, False)
    assert can(leo, "comment", world.measure_bob)
    assert can(leo, "leader_confirm", world.problem_a)
    assert not can(leo, "comment", world.measure_dan_b)


def test_supervisor_reads_all_units_below_but_does_not_edit_measures(world):
    sam = world.sam
    assert set(visible_inspections(sam)) == {world.inspection1, world.inspection2}
    assert set(visible_problems(sam)) == {world.problem_a, world.problem_b, world.problem_c}
    assert get_measure_for_user(sam, world.measure_olga.pk) == (world.measure_olga, False)
    assert get_inspection_for_user(sam, world.inspection1.pk) == (world.inspection1, False)
    for action in ("supervise", "supervisor_signoff", "draw_sample", "record_review"):
        assert can(sam, action, world.problem_a), action
    for action in ("update_measure", "assign_measure", "edit_problem", "office_check"):
        assert not can(sam, action, world.measure_bob), action


def test_supervisor_of_another_branch_sees_nothing(world):
    other_sup = f.make_supervisor_org("某区卫生健康局巡察办")
    stranger = f.make_user(org=other_sup, role=Role.SUPERVISOR)
    assert not visible_inspections(stranger).exists()
    with pytest.raises(Http404):
        get_problem_for_user(stranger, world.problem_a.pk)


def test_viewer_reads_her_unit_and_changes_nothing(world):
    vera = world.vera
    assert set(visible_problems(vera)) == {world.problem_a, world.problem_b}
    assert get_measure_for_user(vera, world.measure_bob.pk) == (world.measure_bob, False)
    assert not any(can(vera, action, world.measure_bob) for action in ACTIONS)


def test_user_without_membership_and_anonymous_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    for user in (world.nora, AnonymousUser()):
        assert not visible_inspections(user).exists()
        assert not visible_problems(user).exists()
        with pytest.raises(Http404):
            get_problem_for_user(user, world.problem_a.pk)


def test_inactive_user_sees_nothing(world):
    world.alice.is_active = False
    world.alice.save()
    alice = type(world.alice).objects.get(pk=world.alice.pk)
    assert not visible_problems(alice).exists()


def test_garbage_primary_keys_are_404_not_errors(world):
    for pk in ("abc", None, -1, 10**12):
        with pytest.raises(Http404):
            get_problem_for_user(world.alice, pk)


def test_roles_for_includes_roles_held_on_ancestors(world):
    assert roles_for(world.sam, world.medical1) == {Role.SUPERVISOR}
    assert roles_for(world.alice, world.medical1) == {Role.UNIT_ADMIN}
    assert roles_for(world.bob, world.medical1) == {Role.OWNER}
    assert roles_for(world.bob, world.finance1) == set()
    assert roles_for(world.carol, world.hospital1) == set()


def test_can_refuses_unknown_actions(world):
    with pytest.raises(ValueError):
        can(world.alice, "delete_everything", world.problem_a)


def test_nobody_may_update_measures_of_a_closed_problem(world):
    problem = f.make_closed_problem(office=world.alice, leader=world.leo, inspection=world.inspection1)
    measure = problem.measures.get()
    assert not can(world.alice, "update_measure", measure)
    assert not can(world.alice, "request_closure", problem)
    assert can(world.alice, "record_review", problem)


def test_can_on_many_measures_costs_no_query_per_measure(world, django_assert_max_num_queries):
    for _ in range(10):
        f.make_measure(problem=world.problem_a, department=world.medical1)
    problem = type(world.problem_a).objects.select_related("inspection__unit").get(pk=world.problem_a.pk)
    measures = list(problem.measures.all())
    can(world.bob, "update_measure", measures[0])  # resolves and caches Bob's grants
    with django_assert_max_num_queries(0):
        allowed = [can(world.bob, "update_measure", m) for m in measures]
    assert sum(allowed) == 11  # his own measure and the ten of his department


def test_unit_leader_sees_and_confirms_a_problem_nobody_leads(world):
    # Regression: can() let any unit leader confirm a problem with no 责任领导, but
    # visible_problems hid it from them, so the confirmation page was a 404.
    problem_b = world.problem_b
    assert not problem_b.measures.filter(leader__isnull=False).exists()
    assert problem_b in visible_problems(world.leo)
    problem, _can_edit = get_problem_for_user(world.leo, problem_b.pk)
    assert can(world.leo, "leader_confirm", problem)


def test_unit_leader_does_not_see_a_problem_another_leader_leads(world):
    other = f.make_user("lin", org=world.hospital1, role=Role.LEADER)
    f.make_measure(problem=world.problem_b, department=world.finance1, leader=other)
    assert world.problem_b not in visible_problems(world.leo)
    assert not can(world.leo, "leader_confirm", world.problem_b)
    with pytest.raises(Http404):
        get_problem_for_user(world.leo, world.problem_b.pk)
