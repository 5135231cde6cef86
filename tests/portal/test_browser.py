"""The portal walk in Debian's Chromium (Playwright) against a live server.

整改办 Alice publishes the 社会通报 through the publishing pages; a member of the public (no
login) finds it on the portal, reads each problem's status and sends a message about a problem;
the message stays hidden until Alice approves it, answers it and shows both; then the public sees
the answer. Publishing again marks the first version superseded. Screenshots: test-artifacts/portal/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.web.test_browser import Session, browser  # noqa: F401  (the Chromium fixture)
from zhenggai.audit.models import AuditEvent
from zhenggai.portal.models import PublicFeedback, PublicReport

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "portal"


def shot(page, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{step}.png"), full_page=True)


def test_publish_read_feedback_answer_in_chromium(browser, live_server, world):  # noqa: F811
    base = live_server.url

    # 1. Alice publishes the 社会通报 of 第一医院 from the inspection page.
    alice = Session(browser, base, "alice")
    page = alice.page
    page.goto(f"{base}/inspections/{world.inspection1.pk}/")
    page.click("a.button:has-text('整改通报')")
    page.wait_for_selector("button:has-text('发布此通报')")
    shot(page, "01-alice-preview")
    page.click("button:has-text('发布此通报')")
    page.wait_for_selector("text=已发布社会通报第1版")
    report = PublicReport.objects.get()
    assert report.scope == PublicReport.Scope.PUBLIC and report.version == 1
    shot(page, "02-alice-published")

    # 2. The public, not signed in, finds it by unit and text and reads each problem's status.
    public = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    public.set_default_timeout(15_000)
    reader = public.new_page()
    reader.goto(base + "/gongkai/")
    reader.select_option("select[name=unit]", label="某市第一人民医院")
    reader.fill("input[name=q]", "财务报销")
    reader.click("button:has-text('查询')")
    reader.wait_for_url(re.compile(r"q=%E8%B4%A2"))
    assert "共 1 份通报" in reader.inner_text("#result-count")
    shot(reader, "03-public-search")
    reader.click(f"a:has-text('{report.title}')")
    reader.wait_for_url(f"{base}/gongkai/reports/{report.pk}/")
    assert "根据市委统一部署" in reader.inner_text("#report")
    statuses = reader.inner_text("#problems")
    assert "财务报销审核不严" in statuses and "正在整改" in statuses
    shot(reader, "04-public-report")

    # 3. The public sends a message about a problem; it is held for moderation.
    reader.select_option("select[name=problem]", label="（二）财务报销审核不严")
    reader.fill("textarea[name=text]", "报销审核什么时候能公开流程？<script>alert(1)</script>")
    reader.fill("input[name=name]", "王群众")
    reader.fill("input[name=contact]", "13900000000")
    shot(reader, "05-public-feedback-form")
    reader.click("button:has-text('提交意见建议')")
    reader.wait_for_selector("text=经单位审核后公开")
    assert "报销审核什么时候能公开流程" not in reader.inner_text("#feedback")
    shot(reader, "06-public-feedback-sent")
    item = PublicFeedback.objects.get()
    assert item.state == PublicFeedback.State.PENDING and item.problem == world.problem_b

    # 4. Alice approves it, answers it and shows both, from the moderation queue.
    page.goto(base + "/gongkai/moderate/")
    row = page.locator(f'tr[data-feedback="{item.pk}"]')
    assert "报销审核什么时候能公开流程" in row.inner_text()
    shot(page, "07-alice-queue")
    row.locator("a:has-text('处理')").click()
    page.wait_for_url(f"{base}/gongkai/moderate/{item.pk}/")
    assert "王群众" in page.inner_text("#message") and "13900000000" in page.inner_text("#message")
    page.fill("textarea[name=answer]", "报销流程已于本月在院内网公开，欢迎继续监督。")
    page.check("input[name=state][value=approved]")
    page.check("input[name=show_message]")
    page.check("input[name=show_answer]")
    shot(page, "08-alice-answer")
    page.click("button:has-text('保存')")
    page.wait_for_url(base + "/gongkai/moderate/")
    assert "已保存（已公开）" in page.inner_text(".messages")
    item.refresh_from_db()
    assert item.state == PublicFeedback.State.APPROVED and item.answered_by == world.alice
    actions = set(
        AuditEvent.objects.filter(object_type="portal.publicfeedback", object_id=str(item.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"feedback.submit", "feedback.answer", "feedback.approved"} <= actions

    # 5. The public sees the message (escaped, as written) and the answer.
    reader.goto(f"{base}/gongkai/reports/{report.pk}/")
    feedback = reader.inner_text("#feedback")
    assert "报销审核什么时候能公开流程？<script>alert(1)</script>" in feedback
    assert "报销流程已于本月在院内网公开" in feedback and "针对：财务报销审核不严" in feedback
    assert "王群众" not in reader.content() and "13900000000" not in reader.content()
    shot(reader, "09-public-sees-answer")
    reader.goto(base + "/gongkai/units/")
    unit_row = reader.locator(f'tr[data-unit="{world.hospital1.pk}"]')
    assert unit_row.locator(".answered").inner_text() == "1"
    assert unit_row.locator(".unanswered").inner_text() == "0"
    shot(reader, "10-public-units")

    # 6. Alice publishes again: the first version is marked superseded, the answer follows along.
    page.goto(f"{base}/publishing/inspections/{world.inspection1.pk}/")
    page.click("button:has-text('发布此通报')")
    page.wait_for_selector("text=已发布社会通报第2版")
    reader.goto(f"{base}/gongkai/reports/{report.pk}/")
    assert "已被新版本取代" in reader.inner_text(".superseded-banner")
    reader.click(".superseded-banner a")
    assert "第2版（本页）" in reader.inner_text("#versions")
    assert "报销流程已于本月在院内网公开" in reader.inner_text("#feedback")
    shot(reader, "11-public-second-version")
    public.close()
    alice.close()
