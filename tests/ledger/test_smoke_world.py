from zhenggai.accounts.access import visible_problems


def test_world_builds_and_carol_sees_only_her_hospital(world):
    assert set(visible_problems(world.carol)) == {world.problem_c}
