"""The problem page shows what the ledger keeps beyond its foreign keys: names from an imported
台账 (people and departments without accounts, 佐证材料 text) and the public's messages linked to
the problem — to the unit's 整改办 and its supervisors only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from zhenggai.exchange.models import MeasureNames
from zhenggai.portal.models import PublicFeedback, PublicReport
from zhenggai.portal.models_feedback import snapshot_problems


def page(client, problem):
    response = client.get(reverse("ledger:problem", args=[problem.pk]))
    assert response.status_code == 200
    return response.content.decode()


def measure_block(html, measure):
    return html[html.index(f'id="measure-{measure.pk}"') :].split("</article>")[0]


def feedback_on(world, problem, text, ip="198.51.100.9", **kw):
    report = PublicReport.objects.filter(inspection=problem.inspection, superseded_by__isnull=True).first()
    report = report or PublicReport.publish(
        world.alice if problem.inspection == world.inspection1 else world.carol, problem.inspection
    )
    index = next(p["index"] for p in snapshot_problems(report) if p["title"] == problem.title)
    return PublicFeedback.submit(report, text=text, ip=ip, problem_index=index, **kw)


def test_imported_names_stand_in_where_the_measure_has_no_account(login, world):
    measure = f.make_measure(problem=world.problem_a, department=None, owner=None, leader=None)
    MeasureNames.objects.create(
        measure=measure,
        leader_name="张院长",
        department_name="后勤保障处",
        owner_name="刘处长",
        evidence_text="《后勤管理制度》\n会议纪要2份",
    )
    block = measure_block(page(login(world.alice), world.problem_a), measure)
    assert "责任领导：<span" in block and "张院长（导入）" in block
    assert "后勤保障处（导入）" in block and "刘处长（导入）" in block
    assert "佐证材料（导入台账）：《后勤管理制度》<br>会议纪要2份" in block
    assert "未定" not in block


def test_an_account_wins_over_the_imported_name(login, world):
    MeasureNames.objects.create(measure=world.measure_bob, owner_name="旧表里的名字", leader_name="")
    block = measure_block(page(login(world.alice), world.problem_a), world.measure_bob)
    assert "医务科老包" in block and "旧表里的名字" not in block
    other = measure_block(page(login(world.alice), world.problem_a), world.measure_dan)
    assert "（导入）" not in other


def test_imported_names_are_escaped(login, world):
    measure = f.make_measure(problem=world.problem_a, department=None, owner=None, leader=None)
    MeasureNames.objects.create(measure=measure, owner_name="<script>x</script>")
    block = measure_block(page(login(world.alice), world.problem_a), measure)
    assert "<script>x</script>" not in block and "&lt;script&gt;" in block


def test_office_sees_linked_messages_with_state_answer_sender_and_moderation_link(login, world):
    shown = feedback_on(world, world.problem_a, "建议公开整改时间表。", name="王先生", contact="13800000000")
    shown.reply(world.alice, "已在官网公布时间表。")
    shown.decide(world.alice, PublicFeedback.State.APPROVED, show_message=True, show_answer=True)
    pending = feedback_on(world, world.problem_a, "还在排队吗？", ip="198.51.100.10")
    feedback_on(world, world.problem_b, "另一个问题的留言", ip="198.51.100.11")
    html = page(login(world.alice), world.problem_a)
    section = html[html.index('id="public-feedback"') :].split("</section>")[0]
    assert "群众意见建议（2）" in section
    assert "建议公开整改时间表。" in section and "已在官网公布时间表。" in section
    assert "已公开" in section and "待审核" in section and "尚未答复" in section
    assert "王先生" in section and "13800000000" in section
    assert reverse("portal:moderate", args=[pending.pk]) in section
    assert "另一个问题的留言" not in section


def test_supervisor_sees_messages_but_not_sender_nor_moderation(login, world):
    message = feedback_on(world, world.problem_a, "监督看到的留言", name="王先生", contact="13800000000")
    html = page(login(world.sam), world.problem_a)
    section = html[html.index('id="public-feedback"') :].split("</section>")[0]
    assert "监督看到的留言" in section and "待审核" in section
    assert "13800000000" not in section and "王先生" not in section
    assert reverse("portal:moderate", args=[message.pk]) not in section


def test_owners_leaders_and_other_units_do_not_see_public_messages(login, world):
    feedback_on(world, world.problem_a, "只给整改办看的留言")
    for user in (world.bob, world.leo):
        html = page(login(user), world.problem_a)
        assert 'id="public-feedback"' not in html and "只给整改办看的留言" not in html
    assert login(world.carol).get(reverse("ledger:problem", args=[world.problem_a.pk])).status_code == 404


def test_problem_page_queries_do_not_grow_with_measures(login, world):
    problem = f.make_problem(inspection=world.inspection1, title="查询数测试问题")

    def add(n):
        for i in range(n):
            measure = f.make_measure(
                problem=problem, department=world.medical1, owner=world.bob, leader=world.leo
            )
            if i % 2:
                MeasureNames.objects.create(measure=measure, department_name=f"部门{i}", evidence_text="纪要")
            f.make_evidence(problem=problem, measure=measure, by=world.alice)
            measure.update(world.bob, note=f"进展{i}")

    add(2)
    feedback_on(world, problem, "留言一")
    client = login(world.alice)
    page(client, problem)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        page(client, problem)
    add(10)
    with CaptureQueriesContext(connection) as large:
        html = page(client, problem)
    assert html.count('class="measure"') == 12
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
