"""/api/organisations, /api/inspections and /api/evidence (metadata only)."""

import datetime

import time_machine

from tests import factories as f
from tests.api.conftest import ids


def test_organisations_of_a_unit_admin(world, api_as):
    alice = api_as(world.alice)
    expected = {world.hospital1.pk, world.party_office1.pk, world.medical1.pk, world.finance1.pk}
    assert ids(alice.get("/api/organisations")) == expected
    departments = ids(alice.get("/api/organisations", kind="department"))
    assert departments == {world.party_office1.pk, world.medical1.pk, world.finance1.pk}
    body = alice.get(f"/api/organisations/{world.medical1.pk}").json()
    assert body["kind_label"] == "部门/科室" and body["parent_id"] == world.hospital1.pk
    assert alice.get(f"/api/organisations/{world.supervisor_org.pk}").status_code == 404


def test_inspection_detail_counts_and_countdown(world, api_as):
    world.measure_dan_b.update(world.dan, status="completed", note="完成")
    feedback = world.inspection1.feedback_date
    with time_machine.travel(
        datetime.datetime.combine(feedback + datetime.timedelta(days=10), datetime.time(12))
    ):
        body = api_as(world.alice).get(f"/api/inspections/{world.inspection1.pk}").json()
    assert body["unit"] == {"id": world.hospital1.pk, "name": "某市第一人民医院"}
    assert body["phase"] == "集中整改"
    assert body["days_left"] == (world.inspection1.concentrated_deadline - feedback).days - 10
    assert body["status_counts"]["completed"] == 1 and body["status_counts"]["in_progress"] == 1
    assert body["kind_label"] == "常规巡察"


def test_inspection_list_filters(world, api_as):
    sam = api_as(world.sam)
    assert ids(sam.get("/api/inspections", unit=world.hospital2.pk)) == {world.inspection2.pk}
    assert ids(sam.get("/api/inspections", kind="special")) == set()
    response = sam.get("/api/inspections", kind="secret")
    assert response.status_code == 422 and "取值无效" in response.json()["detail"][0]["msg"]


def test_evidence_metadata_but_no_file_contents(world, api_as):
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob, name="制度文件.pdf")
    bob = api_as(world.bob)
    body = bob.get(f"/api/evidence/{evidence.pk}").json()
    assert body["original_name"] == "制度文件.pdf" and body["sha256"] == evidence.sha256
    assert body["size"] == evidence.size and body["content_type"] == "application/pdf"
    assert body["uploaded_by"]["username"] == "bob"
    assert "file" not in body
    # The file itself comes from the web view, which applies the same access helper.
    bob.client.force_login(world.bob)
    download = bob.client.get(body["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    carol = api_as(world.carol).client
    carol.force_login(world.carol)
    assert carol.get(body["download_url"]).status_code == 404
    assert ids(bob.get("/api/evidence", problem=world.problem_a.pk)) == {evidence.pk}
    assert ids(bob.get("/api/evidence", measure=world.measure_dan.pk)) == set()
