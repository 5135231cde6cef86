"""Unit boundaries: another unit's objects are 404 everywhere and absent from every list."""

import pytest

from tests import factories as f
from tests.api.conftest import ids


def unit_a_urls(world):
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    update = world.measure_bob.update(world.bob, note="已召开专题会议")
    return [
        f"/api/organisations/{world.hospital1.pk}",
        f"/api/organisations/{world.medical1.pk}",
        f"/api/inspections/{world.inspection1.pk}",
        f"/api/problems/{world.problem_a.pk}",
        f"/api/problems/{world.problem_b.pk}",
        f"/api/measures/{world.measure_bob.pk}",
        f"/api/measures/{world.measure_dan_b.pk}",
        f"/api/updates/{update.pk}",
        f"/api/evidence/{evidence.pk}",
    ]


def test_carol_gets_404_on_every_unit_a_object(world, api_as):
    carol = api_as(world.carol)
    for url in unit_a_urls(world):
        response = carol.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"] == "未找到该对象，或您无权查看。"


def test_a_missing_object_looks_exactly_like_a_hidden_one(world, api_as):
    carol = api_as(world.carol)
    hidden = carol.get(f"/api/problems/{world.problem_a.pk}")
    missing = carol.get("/api/problems/987654")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_carol_cannot_write_to_unit_a(world, api_as):
    carol = api_as(world.carol)
    writes = [
        ("post", "/api/problems", {"inspection_id": world.inspection1.pk, "title": "越权新增"}),
        ("patch", f"/api/problems/{world.problem_a.pk}", {"title": "越权修改"}),
        ("post", f"/api/problems/{world.problem_a.pk}/closure", {"note": "越权销号"}),
        ("post", "/api/measures", {"problem_id": world.problem_a.pk, "text": "越权措施"}),
        ("post", f"/api/measures/{world.measure_bob.pk}/assign", {"owner_id": world.carol.pk}),
        ("post", "/api/updates", {"measure_id": world.measure_bob.pk, "note": "越权填报"}),
    ]
    for method, url, body in writes:
        response = getattr(carol, method)(url, body)
        assert response.status_code == 404, (url, response.content)
    world.problem_a.refresh_from_db()
    assert world.problem_a.title == "医疗质量安全管理制度落实不到位"
    assert not world.measure_bob.updates.exists()


def test_carol_sees_only_her_unit_in_every_list(world, api_as):
    f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    f.make_evidence(world.problem_c, world.measure_olga, by=world.olga)
    world.measure_bob.update(world.bob, note="进展")
    world.measure_olga.update(world.olga, note="进展")
    carol = api_as(world.carol)
    assert ids(carol.get("/api/organisations")) == {world.hospital2.pk, world.medical2.pk}
    assert ids(carol.get("/api/inspections")) == {world.inspection2.pk}
    assert ids(carol.get("/api/problems")) == {world.problem_c.pk}
    assert ids(carol.get("/api/measures")) == {world.measure_olga.pk}
    updates = carol.get("/api/updates").json()["items"]
    assert updates and {u["problem_id"] for u in updates} == {world.problem_c.pk}
    evidence = carol.get("/api/evidence").json()["items"]
    assert [e["problem_id"] for e in evidence] == [world.problem_c.pk]
    # Filtering by the other unit's ids does not reveal anything either.
    assert ids(carol.get("/api/problems", inspection=world.inspection1.pk)) == set()
    assert ids(carol.get("/api/measures", department=world.medical1.pk)) == set()


def test_supervisor_reads_every_unit_below(world, api_as):
    sam = api_as(world.sam)
    assert ids(sam.get("/api/inspections")) == {world.inspection1.pk, world.inspection2.pk}
    assert ids(sam.get("/api/problems")) == {world.problem_a.pk, world.problem_b.pk, world.problem_c.pk}
    assert len(ids(sam.get("/api/measures"))) == 4
    orgs = ids(sam.get("/api/organisations"))
    assert {world.supervisor_org.pk, world.hospital1.pk, world.hospital2.pk, world.medical2.pk} <= orgs
    assert sam.get(f"/api/measures/{world.measure_olga.pk}").status_code == 200


def test_supervisor_reads_but_does_not_edit(world, api_as):
    sam = api_as(world.sam)
    response = sam.post("/api/updates", {"measure_id": world.measure_bob.pk, "note": "督促"})
    assert response.status_code == 403
    response = sam.post("/api/problems", {"inspection_id": world.inspection1.pk, "title": "新增"})
    assert response.status_code == 403


def test_supervisor_of_another_branch_sees_nothing(world, api_as):
    other = f.make_supervisor_org("另一巡察办")
    stranger = f.make_user("stranger", org=other, role="supervisor")
    client = api_as(stranger)
    assert ids(client.get("/api/problems")) == set()
    assert client.get(f"/api/inspections/{world.inspection1.pk}").status_code == 404


def test_owner_sees_only_problems_with_his_measures(world, api_as):
    bob = api_as(world.bob)
    assert ids(bob.get("/api/problems")) == {world.problem_a.pk}
    assert bob.get(f"/api/problems/{world.problem_b.pk}").status_code == 404
    assert bob.get(f"/api/measures/{world.measure_dan_b.pk}").status_code == 404


def test_user_without_role_sees_nothing(world, api_as):
    nora = api_as(world.nora)
    for url in ("/api/organisations", "/api/inspections", "/api/problems", "/api/measures", "/api/updates"):
        assert ids(nora.get(url)) == set(), url


@pytest.mark.parametrize("name", ["alice", "vera"])
def test_unit_admin_and_viewer_read_the_whole_unit(world, api_as, name):
    client = api_as(getattr(world, name))
    assert ids(client.get("/api/problems")) == {world.problem_a.pk, world.problem_b.pk}
    assert ids(client.get("/api/inspections")) == {world.inspection1.pk}


def test_viewer_cannot_write(world, api_as):
    vera = api_as(world.vera)
    assert vera.post("/api/updates", {"measure_id": world.measure_bob.pk, "note": "x"}).status_code == 403
    assert vera.patch(f"/api/problems/{world.problem_a.pk}", {"title": "改"}).status_code == 403
