"""`zhenggai remind`: escalation per light, staleness, idempotence, delivered to a real SMTP server."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from zhenggai.ledger.models import Measure
from zhenggai.notify.models import Notification, ReminderItem, ReminderLog

from .conftest import DEADLINE, at, free_port, make_measure, touch

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def remind(*args: str) -> str:
    out = io.StringIO()
    call_command("remind", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def remind_on(day: datetime.date, world, *args: str, fresh: bool = True) -> str:
    """Run the command with the clock on `day` at 07:30 (the systemd timer's time).
    fresh: every open measure had an update that morning, so nothing is stale."""
    if fresh:
        touch(*Measure.objects.all(), day=day)
    with time_machine.travel(at(day), tick=False):
        return remind(*args)


def test_nothing_before_the_green_threshold(world, smtp):
    out = remind_on(DEADLINE - 21 * DAY, world)
    assert smtp.mails == []
    assert Notification.objects.count() == 0
    assert "已发送提醒摘要 0 份" in out


def test_green_notifies_only_the_owner(world, smtp):
    out = remind_on(DEADLINE - 20 * DAY, world)
    assert smtp.addresses == {"bob@example.cn"}
    [mail] = smtp.mails
    assert mail.sender == "zhenggai@example.cn"
    assert mail.subject == "【整改提醒】2026年04月10日：即将到期1项"
    assert "鲍医生，您好" in mail.body
    assert "【第一医院】一1．“三重一大”决策制度执行不严格" in mail.body
    assert "措施：修订“三重一大”决策制度实施细则" in mail.body
    assert "整改时限：2026-04-30（还剩 20 天，绿灯）" in mail.body
    assert "您的身份：责任人" in mail.body
    assert f"查看： https://zg.example.cn{reverse('ledger:problem', args=[world.problem.pk])}" in mail.body
    # Completed and long-term measures share the deadline but are not mentioned.
    assert "专题民主生活会" not in mail.body and "警示教育" not in mail.body
    assert "已发送提醒摘要 1 份：邮件 1 封，站内通知 1 条" in out
    [note] = Notification.objects.all()
    assert (note.user, note.level, note.subject) == (world.bob, "green", mail.subject)
    # The same items in the app, without the mail's greeting and footer.
    assert note.body.startswith("截至 2026年04月10日，以下整改事项需要您关注：")
    assert note.body in mail.body.replace("此邮件由整改台账系统自动发送，请勿直接回复。", "").replace(
        "鲍医生，您好：\n\n", ""
    )
    assert "修订“三重一大”决策制度实施细则" in note.body and "您好" not in note.body


def test_yellow_adds_the_responsible_leader(world, smtp):
    remind_on(DEADLINE - 11 * DAY, world)
    assert smtp.addresses == {"bob@example.cn"}, "11 days left is still green"
    smtp.clear()
    remind_on(DEADLINE - 10 * DAY, world)
    assert smtp.addresses == {"bob@example.cn", "leo@example.cn"}
    [leo_mail] = smtp.to("leo@example.cn")
    assert "还剩 10 天，黄灯" in leo_mail.body
    assert "您的身份：责任领导" in leo_mail.body
    assert set(Notification.objects.filter(level="yellow").values_list("user__username", flat=True)) == {
        "bob",
        "leo",
    }


def test_red_adds_the_unit_head_and_the_rectification_office(world, smtp):
    remind_on(DEADLINE, world)
    assert smtp.addresses == {"bob@example.cn", "leo@example.cn"}, "due today is yellow, not red"
    smtp.clear()
    remind_on(DEADLINE + DAY, world)
    assert smtp.addresses == {"bob@example.cn", "leo@example.cn", "harry@example.cn", "alice@example.cn"}
    for who, role in [("harry", "单位主要负责人"), ("alice", "整改办"), ("bob", "责任人")]:
        [mail] = smtp.to(f"{who}@example.cn")
        assert mail.subject == "【整改提醒】2026年05月01日：已逾期1项"
        assert "一、已逾期，共 1 项" in mail.body
        assert "已逾期 1 天，红灯" in mail.body
        assert f"您的身份：{role}" in mail.body
    # The supervisor and the other hospital's office hear nothing.
    assert not smtp.to("sam@example.cn") and not smtp.to("carol@example.cn")


def test_escalation_level_is_recorded_per_item(world, smtp):
    for day in (DEADLINE - 20 * DAY, DEADLINE - 10 * DAY, DEADLINE + DAY):
        remind_on(day, world)
    rows = ReminderItem.objects.filter(measure=world.by_person, log__recipient=world.bob).order_by(
        "log__date"
    )
    assert [(r.log.date, r.kind, r.light, r.escalation, r.reason) for r in rows] == [
        (DEADLINE - 20 * DAY, "due_soon", "green", "owner", "owner"),
        (DEADLINE - 10 * DAY, "due_soon", "yellow", "leader", "owner"),
        (DEADLINE + DAY, "overdue", "red", "unit", "owner"),
    ]
    head = ReminderItem.objects.get(log__recipient=world.harry)
    assert (head.escalation, head.reason, head.deadline) == ("unit", "head", DEADLINE)


def test_department_measure_goes_to_its_owner_members_mail_only_to_those_with_email(world, smtp):
    day = world.by_department.deadline - 5 * DAY
    out = remind_on(day, world)
    # Bob owns the department's measure too (an owner member of 医务科); Dan has no e-mail.
    assert smtp.to("dora@example.cn") and smtp.to("bob@example.cn")
    assert all("dan" not in a for a in smtp.addresses)
    [dan_note] = Notification.objects.filter(user=world.dan)
    assert "开展决策事项专项检查" in dan_note.body and dan_note.level == "yellow"
    assert ReminderLog.objects.get(recipient=world.dan).email == ""
    assert "1 人没有邮箱，只发站内通知" in out


def test_stale_after_fourteen_days_without_update(world, smtp):
    day = DEADLINE - 40 * DAY  # far from every deadline: only staleness can trigger
    touch(*Measure.objects.all(), day=day - 13 * DAY)
    remind_on(day, world, fresh=False)
    assert smtp.mails == [], "13 days without update is not stale yet"
    touch(*Measure.objects.all(), day=day - 14 * DAY)
    remind_on(day, world, fresh=False)
    # Owner of by_person (Bob) + 医务科's owners for by_department + 整改办; leader and head not.
    # 第二医院's measure has no owner: only its own 整改办 (Carol) hears about it.
    assert smtp.addresses == {"bob@example.cn", "dora@example.cn", "alice@example.cn", "carol@example.cn"}
    [alice_mail] = smtp.to("alice@example.cn")
    assert alice_mail.subject == "【整改提醒】2026年03月21日：长期未更新2项"
    assert "一、长期未更新（超过规定天数没有更新进展），共 2 项" in alice_mail.body
    assert "最近更新：2026-03-07（已 14 天未更新进展）" in alice_mail.body
    assert "您的身份：整改办" in alice_mail.body
    [carol_mail] = smtp.to("carol@example.cn")
    assert "清理往来款项" in carol_mail.body and "第一医院" not in carol_mail.body
    carol_items = ReminderItem.objects.filter(log__recipient=world.carol)
    assert [i.measure for i in carol_items] == [world.other_measure]


def test_stale_and_overdue_items_are_grouped_in_one_digest(world, smtp):
    day = DEADLINE + 3 * DAY
    touch(*Measure.objects.all(), day=day - 20 * DAY)
    remind_on(day, world, fresh=False)
    [alice_mail] = smtp.to("alice@example.cn")
    assert alice_mail.subject == "【整改提醒】2026年05月03日：已逾期1项，长期未更新2项"
    assert alice_mail.body.index("一、已逾期") < alice_mail.body.index("二、长期未更新")
    assert Notification.objects.get(user=world.alice).level == "red"
    assert ReminderLog.objects.filter(recipient=world.alice).count() == 1


def test_running_twice_the_same_day_sends_nothing_the_second_time(world, smtp):
    day = DEADLINE + DAY
    remind_on(day, world)
    first = len(smtp.mails)
    notes = Notification.objects.count()
    assert first == 4
    out = remind_on(day, world)
    assert len(smtp.mails) == first
    assert Notification.objects.count() == notes
    assert "已发送提醒摘要 0 份" in out and "今日已发送、不再重复的 4 份" in out
    # The next day the same overdue item is reminded again.
    remind_on(day + DAY, world)
    assert len(smtp.mails) == 2 * first
    assert ReminderLog.objects.filter(date=day + DAY).count() == 4


def test_a_new_item_later_the_same_day_is_sent_alone(world, smtp):
    day = DEADLINE + DAY
    remind_on(day, world)
    smtp.clear()
    make_measure(world.problem, "建立决策事项台账", owner=world.bob, leader=world.leo, deadline=day - 2 * DAY)
    remind_on(day, world)
    assert smtp.addresses == {"bob@example.cn", "leo@example.cn", "harry@example.cn", "alice@example.cn"}
    for mail in smtp.mails:
        assert "建立决策事项台账" in mail.body
        assert "修订“三重一大”决策制度实施细则" not in mail.body, "already sent today"


def test_completed_and_long_term_measures_produce_nothing(world, smtp):
    Measure.objects.filter(
        pk__in=[world.by_person.pk, world.by_department.pk, world.other_measure.pk]
    ).delete()
    day = DEADLINE + 30 * DAY
    touch(*Measure.objects.all(), day=day - 60 * DAY)  # overdue, and stale for weeks
    out = remind_on(day, world, fresh=False)
    assert smtp.mails == []
    assert Notification.objects.count() == 0 and ReminderLog.objects.count() == 0
    assert "已发送提醒摘要 0 份" in out


def test_dry_run_prints_and_records_nothing(world, smtp):
    out = remind_on(DEADLINE + DAY, world, "--dry-run")
    assert smtp.mails == []
    assert Notification.objects.count() == 0 and ReminderLog.objects.count() == 0
    assert "alice（alice@example.cn）：【整改提醒】2026年05月01日：已逾期1项" in out
    assert "试运行：将发送提醒摘要 4 份" in out


def test_date_option_overrides_today(world, smtp):
    touch(*Measure.objects.all(), day=DEADLINE + DAY)
    with time_machine.travel(at(DEADLINE - 30 * DAY), tick=False):
        remind("--date", (DEADLINE + DAY).isoformat())
    assert len(smtp.mails) == 4
    assert set(ReminderLog.objects.values_list("date", flat=True)) == {DEADLINE + DAY}


def test_bad_date_is_a_chinese_message(world, smtp):
    with pytest.raises(CommandError, match="--date 参数“2026-13-01”不是有效日期，应为 YYYY-MM-DD"):
        remind("--date", "2026-13-01")


def test_unreachable_mail_server_sends_and_records_nothing(world, smtp, settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    touch(*Measure.objects.all(), day=DEADLINE + DAY)
    with pytest.raises(CommandError, match=f"无法连接邮件服务器 127.0.0.1:{settings.EMAIL_PORT}"):
        remind("--date", (DEADLINE + DAY).isoformat())
    assert Notification.objects.count() == 0 and ReminderLog.objects.count() == 0


def test_inactive_users_get_nothing(world, smtp):
    world.leo.is_active = False
    world.leo.save()
    remind_on(DEADLINE + DAY, world)
    assert "leo@example.cn" not in smtp.addresses
    assert not Notification.objects.filter(user=world.leo).exists()


def test_thresholds_come_from_each_inspection(world, smtp):
    from zhenggai.ledger.models import Inspection

    Inspection.objects.filter(pk=world.inspection.pk).update(green_days=30, yellow_days=15, stale_days=7)
    remind_on(DEADLINE - 30 * DAY, world)
    assert smtp.addresses == {"bob@example.cn"}, "green at 30 days left with this inspection's thresholds"
    smtp.clear()
    remind_on(DEADLINE - 15 * DAY, world)
    assert smtp.addresses == {"bob@example.cn", "leo@example.cn"}
    smtp.clear()
    day = DEADLINE - 45 * DAY
    touch(*Measure.objects.all(), day=day - 7 * DAY)
    remind_on(day, world, fresh=False)
    # Stale after 7 days in 第一医院; 第二医院 keeps the default 14, so Carol hears nothing.
    assert smtp.addresses == {"bob@example.cn", "dora@example.cn", "alice@example.cn"}


def test_a_refused_mail_is_not_recorded_and_the_next_run_retries_it(world, smtp):
    day = DEADLINE + DAY
    smtp.refuse.add("harry@example.cn")
    touch(*Measure.objects.all(), day=day)
    with time_machine.travel(at(day), tick=False):
        err = io.StringIO()
        with pytest.raises(CommandError, match="1 份提醒摘要发送失败"):
            call_command("remind", stdout=io.StringIO(), stderr=err)
    assert "发送失败：harry <harry@example.cn>" in err.getvalue()
    assert smtp.addresses == {"bob@example.cn", "leo@example.cn", "alice@example.cn"}
    assert not ReminderLog.objects.filter(recipient=world.harry).exists()
    assert not Notification.objects.filter(user=world.harry).exists()
    smtp.clear()
    smtp.refuse.clear()
    out = remind_on(day, world)
    assert smtp.addresses == {"harry@example.cn"}
    assert "已发送提醒摘要 1 份" in out and "今日已发送、不再重复的 3 份" in out


def test_building_digests_costs_the_same_queries_for_ten_times_the_items(world, smtp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhenggai.ledger.models import Category, Problem
    from zhenggai.notify import reminders

    day = DEADLINE + DAY

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            digests, _ = reminders.build_digests(day)
            texts = [reminders.render_body(d) for d in digests]
        assert texts
        return len(ctx.captured_queries)

    touch(*Measure.objects.all(), day=day)
    before = count()
    top = Category.objects.create(inspection=world.inspection, label="二", title="全面从严治党不力方面")
    for i in range(10):
        sub = Category.objects.create(
            inspection=world.inspection, parent=top, label=f"（{i + 1}）", title="小类"
        )
        problem = Problem.objects.create(
            inspection=world.inspection, category=sub, label=str(i + 2), title=f"问题{i}"
        )
        make_measure(
            problem, f"措施{i}", owner=world.bob, leader=world.leo, deadline=DEADLINE, last_update_at=at(day)
        )
    assert count() == before
    [alice] = [d for d in reminders.build_digests(day)[0] if d.recipient == world.alice]
    assert "二（3）4．问题2" in reminders.render_body(alice)
