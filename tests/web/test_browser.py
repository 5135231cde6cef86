"""The acceptance walk in Debian's Chromium (Playwright, sync API) against a live server.

整改办 Alice builds the ledger; owner Bob posts progress with evidence and asks for 销号; Alice and
leader Leo approve the chain; the light and closure state change on the page; Carol of the other
hospital gets 404 on the problem. A screenshot of every step goes to test-artifacts/.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.db import connections

from tests import factories as f
from zhenggai.ledger.models import Closure, Evidence, Measure, Problem, Status

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between page actions are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()
        # The ORM calls made while Playwright's loop runs get their own connection; close it,
        # or PostgreSQL cannot drop the test database at the end of the session.
        connections.close_all()


class Session:
    """One person's browser window, signed in through the login form."""

    def __init__(self, browser, base_url: str, username: str):
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.username = username
        self.page.goto(base_url + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", f.PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(base_url + "/")

    def shot(self, step: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{step}-{self.username}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


def test_rectification_flow_in_chromium(browser, live_server, world):
    base = live_server.url
    deadline = f.today() + datetime.timedelta(days=5)  # inside the 10-day yellow window

    # 1. 整改办 Alice creates the inspection, a problem and a measure with its responsibility.
    alice = Session(browser, base, "alice")
    page = alice.page
    alice.shot("01-dashboard")
    page.click("a.button:has-text('新建巡察整改')")
    page.fill("#id_title", "浏览器验收巡察整改")
    page.fill("#id_group_name", "市委第三巡察组")
    page.fill("#id_feedback_date", (f.today() - datetime.timedelta(days=10)).isoformat())
    alice.shot("02-inspection-form")
    page.click("button:has-text('创建')")
    page.wait_for_url(re.compile(r"/inspections/\d+/$"))
    assert "浏览器验收巡察整改" in page.inner_text("h1")
    page.click("a.button:has-text('添加问题')")
    page.fill("#id_label", "1")
    page.fill("#id_title", "门诊收费公示不规范")
    page.fill("#id_description", "部分收费项目未按规定公示。")
    page.click("button:has-text('添加')")
    page.wait_for_url(re.compile(r"/problems/\d+/$"))
    problem_url = page.url
    problem = Problem.objects.get(title="门诊收费公示不规范")
    alice.shot("03a-problem-created")
    page.click("a.button:has-text('添加整改措施')")
    page.fill("#id_text", "制定收费公示制度，全面公示收费项目")
    page.select_option("#id_leader", label="李副院长")
    page.select_option("#id_department", label="医务科")
    page.select_option("#id_owner", label="医务科老包")
    page.fill("#id_deadline", deadline.isoformat())
    alice.shot("03-measure-form")
    page.click("button:has-text('添加')")
    page.wait_for_url(problem_url)
    measure = Measure.objects.get(problem=problem)
    article = page.locator(f"#measure-{measure.pk}")
    assert article.get_attribute("data-light") == "yellow"
    assert "黄灯" in article.inner_text() and "医务科老包" in article.inner_text()
    alice.shot("04-problem-yellow")
    # The inspection page filters in place (htmx) and keeps the filter in the address bar.
    page.click("a:has-text('浏览器验收巡察整改')")
    page.wait_for_selector(f'[data-problem="{problem.pk}"]')
    page.select_option("select[name=scope]", "party")
    page.wait_for_selector("text=没有符合条件的问题")
    assert "scope=party" in page.url
    page.select_option("select[name=scope]", "")
    page.wait_for_selector(f'[data-problem="{problem.pk}"]')
    page.select_option("select[name=light]", "yellow")
    page.wait_for_url(re.compile(r"light=yellow"))
    page.wait_for_selector(f'[data-problem="{problem.pk}"]')
    assert "共 1 个问题" in page.inner_text("#shown-count")
    page.select_option("select[name=light]", "red")
    page.wait_for_selector("text=没有符合条件的问题")
    alice.shot("04a-inspection-filtered")
    alice.close()

    # 2. Owner Bob posts progress with evidence (inline, htmx) and asks for 销号.
    bob = Session(browser, base, "bob")
    page = bob.page
    page.goto(problem_url)
    article = page.locator(f"#measure-{measure.pk}")
    article.locator("summary").click()
    # A file that is not acceptable evidence: refused in place, nothing saved.
    article.locator("select[name=status]").select_option("completed")
    article.locator("textarea[name=note]").fill("先传一个不合格的附件")
    article.locator("input[name=files]").set_input_files(
        files=[{"name": "程序.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00\x03\x00"}]
    )
    article.locator("button:has-text('提交')").click()
    page.wait_for_selector(f"#measure-{measure.pk} .form-errors")
    assert "程序.exe" in page.inner_text(f"#measure-{measure.pk} .form-errors")
    assert "正在整改" in page.inner_text("#problem-status")
    bob.shot("05a-bad-file-refused")
    assert not Evidence.objects.filter(problem=problem).exists()
    article = page.locator(f"#measure-{measure.pk}")
    article.locator("select[name=status]").select_option("completed")
    article.locator("textarea[name=note]").fill("收费公示制度已印发，公示栏已更新")
    article.locator("input[name=files]").set_input_files(
        files=[{"name": "收费公示制度.pdf", "mimeType": "application/pdf", "buffer": f.PDF_BYTES}]
    )
    bob.shot("05-progress-form")
    article.locator("button:has-text('提交')").click()
    page.wait_for_selector("#problem-status .status-completed")
    assert "进展已提交" in page.inner_text("#problem-body")
    assert page.locator(f"#measure-{measure.pk}").get_attribute("data-light") == "none"
    assert "收费公示制度.pdf" in page.inner_text("#evidence")
    assert page.url == problem_url  # swapped in place, no navigation
    bob.shot("06-progress-posted")
    assert Evidence.objects.get(problem=problem).original_name == "收费公示制度.pdf"
    page.click("a.button:has-text('申请销号')")
    page.fill("#id_note", "整改已完成，申请销号")
    page.click("button:has-text('提交销号申请')")
    page.wait_for_url(problem_url)
    assert "销号审批中" in page.inner_text("#closure-state")
    bob.shot("07-closure-requested")
    bob.close()

    # 3. Alice checks, Leo confirms: the problem is closed and a 回头看 is scheduled.
    for username, step in (("alice", "整改办审核"), ("leo", "责任领导确认")):
        approver = Session(browser, base, username)
        page = approver.page
        page.goto(problem_url)
        assert step in page.inner_text(".current-step")
        page.click(f"a.button:has-text('审批：{step}')")
        page.check("input[name=decision][value=approve]")
        page.fill("#id_note", f"{step}同意")
        approver.shot(f"08-decide-{step}")
        page.click("button:has-text('提交审批意见')")
        page.wait_for_url(re.compile(re.escape(problem_url)))
        approver.shot(f"09-decided-{step}")
        if username == "leo":
            assert "已销号" in page.inner_text("#closure-state")
            steps = page.inner_text(".closure-steps")
            assert "整改办审核：同意" in steps and "责任领导确认：同意" in steps
            assert "定期回头看" in page.inner_text("#reviews")
        approver.close()
    problem.refresh_from_db()
    assert problem.closure_state == Problem.ClosureState.CLOSED
    assert problem.status == Status.COMPLETED
    assert Closure.objects.get(problem=problem).state == Closure.State.APPROVED

    # 4. Carol of 某市中心医院 may not even see that the problem exists.
    carol = Session(browser, base, "carol")
    response = carol.page.goto(problem_url)
    assert response.status == 404
    assert "页面不存在" in carol.page.inner_text("h1")
    carol.shot("10-other-unit-404")
    carol.close()
