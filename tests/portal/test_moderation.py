"""The unit side: only the 整改办 of the report's unit moderates, links, answers and chooses what
the public sees; every action leaves an AuditEvent; the public page follows the choice."""

from __future__ import annotations

from django.urls import reverse

from tests import factories as f
from tests.portal.conftest import make_feedback
from zhenggai.accounts.models import Membership
from zhenggai.audit.models import AuditEvent
from zhenggai.portal.models import PublicFeedback, PublicReport


def events(item, **kw):
    return AuditEvent.objects.filter(object_type="portal.publicfeedback", object_id=str(item.pk), **kw)


def moderate(client, item, **data):
    body = {"state": "approved", "show_message": "on", "show_answer": "on", "answer": "", "problem": ""}
    body.update(data)
    body = {k: v for k, v in body.items() if v is not None}
    return client.post(reverse("portal:moderate", args=[item.pk]), body)


def public_page(client, report) -> str:
    client.logout()
    return client.get(reverse("portal:report", args=[report.pk])).content.decode()


def test_alice_approves_answers_and_links(client, world, published):
    item = make_feedback(published, text="收费公示栏还没有更新。")
    client.force_login(world.alice)
    response = moderate(client, item, answer="已于本月更新公示栏，感谢监督。", problem="0")
    assert response.status_code == 302 and response["Location"] == reverse("portal:moderate_queue")
    item.refresh_from_db()
    assert item.state == PublicFeedback.State.APPROVED
    assert item.answer == "已于本月更新公示栏，感谢监督。"
    assert item.answered_by == world.alice and item.answered_at is not None
    assert item.problem_title == "医疗质量安全管理制度落实不到位" and item.problem == world.problem_a
    actions = set(events(item).values_list("action", flat=True))
    assert {"feedback.link", "feedback.answer", "feedback.approved"} <= actions
    assert all(
        e.actor == world.alice and e.unit == world.hospital1
        for e in events(item).exclude(action="feedback.submit")
    )
    page = public_page(client, published)
    assert "收费公示栏还没有更新。" in page
    assert "已于本月更新公示栏，感谢监督。" in page
    assert "针对：医疗质量安全管理制度落实不到位" in page


def test_unit_may_show_only_the_answer_or_only_the_message(client, world, published):
    item = make_feedback(published, text="留言正文甲")
    client.force_login(world.alice)
    assert moderate(client, item, answer="答复正文乙", show_message=None).status_code == 302
    page = public_page(client, published)
    assert "答复正文乙" in page and "留言正文甲" not in page
    client.force_login(world.alice)
    assert moderate(client, item, answer="答复正文乙", show_answer=None).status_code == 302
    page = public_page(client, published)
    assert "留言正文甲" in page and "答复正文乙" not in page
    visibility = events(item, action="feedback.approved").count()
    assert visibility == 2


def test_rejected_and_pending_messages_stay_hidden(client, world, published):
    pending = make_feedback(published, text="待审核的留言", ip="1.0.0.1")
    rejected = make_feedback(published, text="广告留言", ip="1.0.0.2")
    client.force_login(world.alice)
    assert (
        moderate(client, rejected, state="rejected", show_message=None, show_answer=None).status_code == 302
    )
    rejected.refresh_from_db()
    assert rejected.state == PublicFeedback.State.REJECTED
    assert events(rejected, action="feedback.rejected").exists()
    page = public_page(client, published)
    assert "待审核的留言" not in page and "广告留言" not in page
    assert pending.state == PublicFeedback.State.PENDING


def test_refused_choice_changes_nothing(client, world, published):
    item = make_feedback(published)
    client.force_login(world.alice)
    # Showing an answer that does not exist: refused, and the link in the same form is not saved.
    response = moderate(client, item, problem="1", show_message=None)
    assert response.status_code == 400
    assert "尚未答复，不能公开答复" in response.content.decode()
    response = moderate(client, item, answer="答复", show_message=None, show_answer=None, problem="1")
    assert response.status_code == 400
    assert "至少选择公开留言或公开答复之一" in response.content.decode()
    item.refresh_from_db()
    assert (item.state, item.answer, item.problem_title) == (PublicFeedback.State.PENDING, "", "")
    assert not events(item).exclude(action="feedback.submit").exists()


def test_oversized_answer_is_refused_naming_the_field(client, world, published):
    item = make_feedback(published)
    client.force_login(world.alice)
    response = moderate(client, item, answer="答" * 2001)
    assert response.status_code == 400
    assert "答复：答复不能超过 2000 字（现为 2001 字）" in response.content.decode()
    item.refresh_from_db()
    assert item.answer == ""


def test_carol_of_another_unit_gets_404(client, world, published):
    item = make_feedback(published)
    client.force_login(world.carol)
    assert client.get(reverse("portal:moderate", args=[item.pk])).status_code == 404
    assert moderate(client, item, answer="越权答复").status_code == 404
    item.refresh_from_db()
    assert item.answer == "" and item.state == PublicFeedback.State.PENDING
    # Her own queue is open to her and lists nothing of 第一医院.
    queue = client.get(reverse("portal:moderate_queue"), {"show": "all"})
    assert queue.status_code == 200
    assert list(queue.context["page"].object_list) == []


def test_only_the_unit_admin_moderates(client, world, published):
    item = make_feedback(published)
    url = reverse("portal:moderate", args=[item.pk])
    for user in (world.bob, world.leo, world.vera, world.sam, world.nora):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
        assert client.get(reverse("portal:moderate_queue")).status_code == 403, user.username
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    # A second 整改办 of the same unit moderates as well.
    second = f.make_user("alice2", org=world.hospital1, role=Membership.Role.UNIT_ADMIN)
    client.force_login(second)
    assert client.get(url).status_code == 200


def test_queue_filters(client, world, published):
    pending = make_feedback(published, text="甲", ip="2.0.0.1")
    answered = make_feedback(published, text="乙", ip="2.0.0.2")
    answered.reply(world.alice, "已答复")
    answered.decide(world.alice, PublicFeedback.State.APPROVED, show_message=True, show_answer=True)
    other = make_feedback(PublicReport.publish(world.carol, world.inspection2), text="丙", ip="2.0.0.3")
    client.force_login(world.alice)

    def shown(show):
        response = client.get(reverse("portal:moderate_queue"), {"show": show})
        return {item.pk for item in response.context["page"].object_list}

    assert shown("pending") == {pending.pk}
    assert shown("unanswered") == {pending.pk}
    assert shown("approved") == {answered.pk}
    assert shown("all") == {pending.pk, answered.pk}
    assert other.pk not in shown("all")
    assert shown("junk") == {pending.pk}  # unknown filter: the default (待审核)


def test_messages_follow_the_report_to_its_next_version(client, world, published):
    item = make_feedback(published, text="第一版收到的留言")
    item.decide(world.alice, PublicFeedback.State.APPROVED, show_message=True, show_answer=False)
    second = PublicReport.publish(world.alice, world.inspection1)
    page = public_page(client, second)
    assert "第一版收到的留言" in page and "关于第1版" in page


def test_a_shown_answer_cannot_be_emptied_unless_it_is_hidden_too(client, world, published):
    item = make_feedback(published, text="留言")
    client.force_login(world.alice)
    assert moderate(client, item, answer="第一次答复").status_code == 302
    response = moderate(client, item, answer="")
    assert response.status_code == 400 and "尚未答复，不能公开答复" in response.content.decode()
    item.refresh_from_db()
    assert item.answer == "第一次答复" and item.show_answer
    # Withdrawing the answer and hiding it in the same save is fine.
    assert moderate(client, item, answer="", show_answer=None).status_code == 302
    item.refresh_from_db()
    assert (item.answer, item.answered_at, item.show_answer) == ("", None, False)
    assert "第一次答复" not in public_page(client, published)
