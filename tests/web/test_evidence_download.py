"""Evidence downloads: the bytes for whoever may see the problem, 404 for everyone else."""

from django.urls import reverse

from tests import factories as f

CONTENT = b"%PDF-1.4\n%\xe6\x95\xb4\xe6\x94\xb9\n1 0 obj << >> endobj\n%%EOF\n"


def test_owner_downloads_the_stored_bytes_as_attachment(login, world):
    evidence = f.make_evidence(
        world.problem_a, world.measure_bob, by=world.bob, name="整改报告.pdf", content=CONTENT
    )
    response = login(world.bob).get(reverse("ledger:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_supervisor_and_leader_may_download(login, world):
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    for user in (world.sam, world.leo, world.alice, world.vera):
        response = login(user).get(reverse("ledger:evidence_download", args=[evidence.pk]))
        assert response.status_code == 200, user.username


def test_other_unit_and_outsiders_get_404(login, world):
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    for user in (world.carol, world.olga, world.nora):
        response = login(user).get(reverse("ledger:evidence_download", args=[evidence.pk]))
        assert response.status_code == 404, user.username


def test_owner_of_another_problem_gets_404(login, world):
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    # Dan owns a measure of problem_a too; Olga's colleague in 第一医院 with no measure there does not.
    stranger = f.make_user("eve", org=world.party_office1, role="owner")
    assert login(world.dan).get(reverse("ledger:evidence_download", args=[evidence.pk])).status_code == 200
    assert login(stranger).get(reverse("ledger:evidence_download", args=[evidence.pk])).status_code == 404


def test_anonymous_download_redirects_to_login(client, world):
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob)
    response = client.get(reverse("ledger:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_problem_page_links_the_download(login, world):
    evidence = f.make_evidence(world.problem_a, world.measure_bob, by=world.bob, name="会议纪要.pdf")
    html = login(world.alice).get(reverse("ledger:problem", args=[world.problem_a.pk])).content.decode()
    assert f'href="{reverse("ledger:evidence_download", args=[evidence.pk])}">会议纪要.pdf<' in html
