"""The problem page and its actions: progress (inline via htmx), evidence, assignment, the 销号
chain, 回头看 and 督办/约谈. Every refusal shows the model's Chinese message and writes nothing."""

import datetime

from django.urls import reverse

from tests import factories as f
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import (
    Closure,
    Evidence,
    Measure,
    Problem,
    ProgressUpdate,
    Review,
    Status,
    SupervisionAction,
)


def page(client, problem):
    return client.get(reverse("ledger:problem", args=[problem.pk])).content.decode()


def progress_url(measure):
    return reverse("ledger:measure_progress", args=[measure.pk])


def test_problem_page_shows_measures_owners_and_history(login, world):
    world.measure_bob.update(world.bob, note="已召开专题会议")
    html = page(login(world.alice), world.problem_a)
    assert world.problem_a.title in html
    block = html[html.index(f'id="measure-{world.measure_bob.pk}"') :].split("</article>")[0]
    assert "医务科" in block and "医务科老包" in block and "李副院长" in block
    assert "已召开专题会议" in html[html.index('id="progress-log"') :]
    assert "measure.update" in html[html.index('id="audit"') :]


def test_owner_posts_progress_with_evidence_in_one_form(login, world):
    client = login(world.bob)
    response = client.post(
        progress_url(world.measure_bob),
        {
            "status": Status.COMPLETED,
            "note": "制度已印发",
            "files": [f.upload("制度.pdf")],
            "description": "红头文件",
        },
    )
    assert response.status_code == 302
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.status == Status.COMPLETED
    update = ProgressUpdate.objects.get(measure=world.measure_bob, kind=ProgressUpdate.Kind.STATUS)
    assert (
        update.new_status == Status.COMPLETED and update.note == "制度已印发" and update.author == world.bob
    )
    evidence = Evidence.objects.get(measure=world.measure_bob)
    assert evidence.original_name == "制度.pdf" and evidence.description == "红头文件"
    problem_a = Problem.objects.get(pk=world.problem_a.pk)
    assert problem_a.status == Status.PARTIAL  # one of two measures done


def test_progress_through_htmx_swaps_the_problem_body(login, world):
    client = login(world.bob)
    response = client.post(
        progress_url(world.measure_bob),
        {"status": Status.PARTIAL, "note": "阶段性完成"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="problem-body">')
    assert "进展已提交" in html
    assert f'id="measure-{world.measure_bob.pk}" data-status="partial"' in html
    assert 'id="problem-status"><span class="badge status-partial">' in html


def test_bad_evidence_file_is_refused_and_nothing_is_written(login, world):
    client = login(world.bob)
    before = ProgressUpdate.objects.count()
    response = client.post(
        progress_url(world.measure_bob),
        {
            "status": Status.COMPLETED,
            "note": "附件",
            "files": [f.upload("病毒.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04")],
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 422  # swapped in place by htmx, errors shown in the form
    assert html.lstrip().startswith('<div id="problem-body">')
    assert "病毒.exe" in html and "内容类型不被接受" in html
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.status == Status.IN_PROGRESS
    assert ProgressUpdate.objects.count() == before
    assert not Evidence.objects.exists()


def test_progress_needs_a_note(login, world):
    response = login(world.bob).post(
        progress_url(world.measure_bob), {"status": Status.COMPLETED, "note": ""}
    )
    assert response.status_code == 400
    assert "进展说明：这个字段是必填项。" in response.content.decode()


def test_owner_cannot_update_another_departments_measure(login, world):
    response = login(world.bob).post(
        progress_url(world.measure_dan), {"status": Status.COMPLETED, "note": "越权"}
    )
    assert response.status_code == 403
    world.measure_dan.refresh_from_db()
    assert world.measure_dan.status == Status.IN_PROGRESS


def test_leader_comments_without_changing_status(login, world):
    client = login(world.leo)
    html = page(client, world.problem_a)
    assert "批注意见" in html
    response = client.post(progress_url(world.measure_bob), {"status": Status.COMPLETED, "note": "请抓紧"})
    assert response.status_code == 302
    world.measure_bob.refresh_from_db()
    assert world.measure_bob.status == Status.IN_PROGRESS
    assert ProgressUpdate.objects.filter(measure=world.measure_bob, note="请抓紧", author=world.leo).exists()


def test_evidence_upload_form(login, world):
    client = login(world.dan)
    response = client.post(
        reverse("ledger:evidence_upload", args=[world.problem_b.pk]),
        {
            "measure": world.measure_dan_b.pk,
            "files": [f.upload("a.pdf"), f.upload("b.txt", "整改说明".encode("gbk"))],
        },
    )
    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["a.pdf", "b.txt"]
    assert Evidence.objects.get(original_name="b.txt").content_type == "text/plain"


def test_oversized_evidence_shows_the_limit(login, world, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = login(world.dan).post(
        reverse("ledger:evidence_upload", args=[world.problem_b.pk]),
        {"files": [f.upload("大文件.pdf", b"%PDF-1.4\n" + b"0" * 2000)]},
    )
    assert response.status_code == 400
    assert "大文件.pdf" in response.content.decode() and "超过大小上限" in response.content.decode()
    assert not Evidence.objects.exists()


def test_unit_admin_assigns_owner_deadline_and_leader(login, world):
    client = login(world.alice)
    response = client.post(
        reverse("ledger:measure_assign", args=[world.measure_dan_b.pk]),
        {
            "leader": world.leo.pk,
            "department": world.medical1.pk,
            "owner": world.bob.pk,
            "deadline": "2026-12-31",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(pk=world.measure_dan_b.pk)
    assert (measure.leader, measure.department, measure.owner) == (world.leo, world.medical1, world.bob)
    assert measure.deadline == datetime.date(2026, 12, 31)
    assert AuditEvent.objects.filter(action="measure.assign", object_id=str(measure.pk)).exists()


def test_assignment_needs_deadline_or_long_term(login, world):
    response = login(world.alice).post(
        reverse("ledger:measure_assign", args=[world.measure_dan_b.pk]), {"department": world.finance1.pk}
    )
    assert response.status_code == 400
    assert "请填写整改时限，或勾选“长期坚持”。" in response.content.decode()


def test_assignment_refuses_people_of_another_unit(login, world):
    response = login(world.alice).post(
        reverse("ledger:measure_assign", args=[world.measure_dan_b.pk]),
        {"owner": world.olga.pk, "deadline": "2026-12-31"},
    )
    assert response.status_code == 400
    assert Measure.objects.get(pk=world.measure_dan_b.pk).owner == world.dan


def test_unit_admin_adds_a_measure_with_its_responsibility(login, world):
    client = login(world.alice)
    response = client.post(
        reverse("ledger:measure_create", args=[world.problem_b.pk]),
        {
            "text": "开展报销专项检查",
            "department": world.finance1.pk,
            "owner": world.dan.pk,
            "long_term": "on",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(text="开展报销专项检查")
    assert measure.long_term and measure.owner == world.dan and measure.problem == world.problem_b


def test_closure_refused_without_evidence_shows_why(login, world):
    Measure.objects.filter(problem=world.problem_b).update(status=Status.COMPLETED)
    response = login(world.dan).post(
        reverse("ledger:closure_request", args=[world.problem_b.pk]), {"note": "完成"}
    )
    assert response.status_code == 400
    assert "没有佐证材料，不能申请销号" in response.content.decode()
    assert not Closure.objects.exists()


def test_closure_refused_with_unfinished_measure(login, world):
    response = login(world.dan).post(reverse("ledger:closure_request", args=[world.problem_b.pk]), {})
    assert response.status_code == 400
    assert "未完成或未列为长期坚持" in response.content.decode()


def test_full_closure_chain_from_the_pages(login, world):
    Measure.objects.filter(pk=world.measure_dan_b.pk).update(leader=world.leo)
    dan = login(world.dan)
    dan.post(
        progress_url(world.measure_dan_b),
        {"status": Status.COMPLETED, "note": "已整改", "files": [f.upload("凭证.pdf")]},
    )
    assert (
        dan.post(
            reverse("ledger:closure_request", args=[world.problem_b.pk]), {"note": "申请销号"}
        ).status_code
        == 302
    )
    problem = Problem.objects.get(pk=world.problem_b.pk)
    assert problem.closure_state == Problem.ClosureState.PENDING
    # Dan cannot approve his own request.
    assert (
        dan.post(reverse("ledger:closure_decide", args=[problem.pk]), {"decision": "approve"}).status_code
        == 403
    )

    alice = login(world.alice)
    html = page(alice, problem)
    assert 'class="current-step">整改办审核<' in html
    alice.post(
        reverse("ledger:closure_decide", args=[problem.pk]), {"decision": "approve", "note": "材料齐全"}
    )
    assert Closure.objects.get(problem=problem).step == Closure.Step.LEADER_CONFIRM

    leo = login(world.leo)
    response = leo.post(
        reverse("ledger:closure_decide", args=[problem.pk]), {"decision": "approve", "note": "同意销号"}
    )
    assert response.status_code == 302, response.content.decode()
    problem.refresh_from_db()
    assert problem.closure_state == Problem.ClosureState.CLOSED
    html = page(leo, problem)
    steps = html[html.index('class="timeline closure-steps"') :].split("</ol>")[0]
    assert "整改办审核：<strong>同意</strong>" in steps and "材料齐全" in steps
    assert "责任领导确认：<strong>同意</strong>" in steps and "同意销号" in steps
    assert Review.objects.filter(problem=problem, kind=Review.Kind.SCHEDULED).exists()


def test_rejection_needs_a_reason_and_reopens_for_work(login, world):
    problem = f.make_closable_problem(inspection=world.inspection1)
    problem.request_closure(world.alice)
    client = login(world.alice)
    response = client.post(reverse("ledger:closure_decide", args=[problem.pk]), {"decision": "reject"})
    assert response.status_code == 400
    assert "退回时请写明理由" in response.content.decode()
    client.post(
        reverse("ledger:closure_decide", args=[problem.pk]), {"decision": "reject", "note": "材料不全"}
    )
    problem.refresh_from_db()
    assert problem.closure_state == Problem.ClosureState.OPEN
    assert Closure.objects.get(problem=problem).state == Closure.State.REJECTED


def test_decide_without_pending_closure_is_404(login, world):
    assert (
        login(world.alice).get(reverse("ledger:closure_decide", args=[world.problem_a.pk])).status_code == 404
    )


def test_review_records_rebound_and_reopens(login, world):
    problem = f.make_closed_problem(inspection=world.inspection1, office=world.alice, leader=world.leo)
    review = Review.objects.get(problem=problem)
    client = login(world.sam)
    response = client.post(
        reverse("ledger:review_record", args=[problem.pk, review.pk]),
        {"result": "rebounded", "note": "问题复发"},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.closure_state == Problem.ClosureState.REOPENED and problem.rebound_count == 1
    assert "屡改屡犯：反弹 1 次" in page(client, problem)


def test_supervisor_records_urge_notice_and_owner_cannot(login, world):
    url = reverse("ledger:supervise", args=[world.problem_a.pk])
    assert login(world.bob).post(url, {"kind": "urge", "text": "x"}).status_code == 403
    client = login(world.sam)
    response = client.post(url, {"kind": "urge", "text": "请于月底前完成整改", "due_date": "2026-12-31"})
    assert response.status_code == 302
    action = SupervisionAction.objects.get(problem=world.problem_a)
    assert action.kind == "urge" and action.by == world.sam
    assert "请于月底前完成整改" in page(client, world.problem_a).split('id="supervision"')[1]


def test_supervisor_draws_a_review_sample(login, world):
    closed = [
        f.make_closed_problem(inspection=world.inspection1, office=world.alice, leader=world.leo)
        for _ in range(3)
    ]
    response = login(world.sam).post(
        reverse("ledger:review_sample", args=[world.inspection1.pk]), {"size": 2, "seed": 7}
    )
    assert response.status_code == 302
    sampled = Review.objects.filter(kind=Review.Kind.SAMPLE)
    assert sampled.count() == 2 and {r.problem_id for r in sampled} <= {p.pk for p in closed}


def test_sample_without_closed_problems_shows_the_reason(login, world):
    response = login(world.sam).post(
        reverse("ledger:review_sample", args=[world.inspection1.pk]), {"size": 2}
    )
    assert response.status_code == 400
    assert "没有可抽查的已销号问题" in response.content.decode()


def test_unit_admin_hands_over_a_department(login, world):
    response = login(world.alice).post(
        reverse("ledger:handover", args=[world.inspection1.pk]),
        {
            "from_department": world.finance1.pk,
            "to_department": world.medical1.pk,
            "effective_date": "2026-11-01",
        },
    )
    assert response.status_code == 302
    assert not Measure.objects.filter(department=world.finance1).exists()
    assert Measure.objects.filter(department=world.medical1).count() == 3


def test_handover_form_says_what_is_missing(login, world):
    response = login(world.alice).post(
        reverse("ledger:handover", args=[world.inspection1.pk]),
        {"from_user": world.bob.pk, "effective_date": "2026-11-01"},
    )
    assert response.status_code == 400
    assert "人员交接需要同时选择原责任人和接任人" in response.content.decode()


def test_other_unit_sees_404_on_problem_and_actions(login, world):
    client = login(world.carol)
    for name in ("ledger:problem", "ledger:closure_request", "ledger:supervise", "ledger:evidence_upload"):
        assert client.get(reverse(name, args=[world.problem_a.pk])).status_code == 404
    assert (
        client.post(progress_url(world.measure_bob), {"status": "completed", "note": "x"}).status_code == 404
    )


def test_unit_admin_edits_problem_and_overrides_status(login, world):
    client = login(world.alice)
    response = client.post(
        reverse("ledger:problem_edit", args=[world.problem_b.pk]),
        {
            "label": "2",
            "title": "财务报销审核把关不严",
            "position": 2,
            "immediate": "on",
            "status_override": "long_term",
        },
    )
    assert response.status_code == 302
    problem = Problem.objects.get(pk=world.problem_b.pk)
    assert problem.title == "财务报销审核把关不严" and problem.immediate and not problem.is_public
    assert problem.status == Status.LONG_TERM and problem.status_override == Status.LONG_TERM
    assert ProgressUpdate.objects.filter(problem=problem, new_status=Status.LONG_TERM).exists()
    html = page(client, problem)
    assert "人工认定" in html and "立行立改" in html and "仅党内" in html


def test_unit_admin_edits_measure_text(login, world):
    response = login(world.alice).post(
        reverse("ledger:measure_edit", args=[world.measure_bob.pk]),
        {"text": "修订医疗质量安全管理制度", "position": 1},
    )
    assert response.status_code == 302
    assert Measure.objects.get(pk=world.measure_bob.pk).text == "修订医疗质量安全管理制度"
    assert AuditEvent.objects.filter(action="measure.edit", object_id=str(world.measure_bob.pk)).exists()


def test_owner_cannot_edit_measure_text_or_assign(login, world):
    client = login(world.bob)
    assert (
        client.post(reverse("ledger:measure_edit", args=[world.measure_bob.pk]), {"text": "x"}).status_code
        == 403
    )
    response = client.post(
        reverse("ledger:measure_assign", args=[world.measure_bob.pk]),
        {"owner": world.bob.pk, "deadline": "2030-01-01"},
    )
    assert response.status_code == 403
    assert Measure.objects.get(pk=world.measure_bob.pk).deadline != datetime.date(2030, 1, 1)


def test_new_measure_without_position_goes_last(login, world):
    login(world.alice).post(
        reverse("ledger:measure_create", args=[world.problem_a.pk]),
        {"text": "新增措施", "position": "", "owner": world.bob.pk, "deadline": "2026-12-31"},
    )
    measures = list(Measure.objects.filter(problem=world.problem_a).order_by("position", "pk"))
    assert measures[-1].text == "新增措施"
    assert measures[-1].position == max(m.position for m in measures[:-1]) + 1
