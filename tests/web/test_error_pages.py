"""Friendly Chinese error pages: nobody sees a traceback."""

from django.template.loader import render_to_string
from django.urls import reverse


def test_forbidden_action_shows_chinese_403(login, world):
    response = login(world.bob).get(reverse("ledger:inspection_edit", args=[world.inspection1.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权进行此操作" in html and "整改办" in html


def test_hidden_object_shows_chinese_404(login, world):
    response = login(world.carol).get(reverse("ledger:problem", args=[world.problem_a.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert world.problem_a.title not in html


def test_500_page_needs_no_context_and_promises_nothing_was_saved():
    # Rendered by Django's server_error view without a request context; it must stand alone.
    html = render_to_string("500.html")
    assert "系统出现错误" in html and "没有被保存" in html
    assert "{%" not in html
