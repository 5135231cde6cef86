"""Sign in, sign out and change password, in Chinese."""

from django.urls import reverse

from tests.factories import PASSWORD


def test_login_page_is_chinese(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "登录整改台账" in html and "用户名" in html and "密码" in html


def test_wrong_password_says_so_in_chinese(client, world):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_lands_on_the_dashboard_with_name_and_unit(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "alice", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("ledger:dashboard")
    assert "整改办小艾" in html and "某市第一人民医院" in html
    assert reverse("ledger:my_tasks") in html


def test_login_returns_to_the_page_asked_for(client, world):
    target = reverse("ledger:problem", args=[world.problem_a.pk])
    response = client.get(target)
    assert response.status_code == 302
    response = client.post(response["Location"], {"username": "bob", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_logout_is_a_post(login, world):
    client = login(world.alice)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("ledger:dashboard")).status_code == 302


def test_password_change(login, world):
    client = login(world.alice)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Zhenggai-2026-x", "new_password2": "Zhenggai-2026-x"},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    world.alice.refresh_from_db()
    assert world.alice.check_password("Zhenggai-2026-x")


def test_password_change_errors_are_chinese(login, world):
    response = login(world.alice).post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "a", "new_password2": "b"},
    )
    html = response.content.decode()
    assert "原密码" in html and "不正确" in html


def test_unknown_page_is_a_friendly_chinese_404(login, world, settings):
    settings.DEBUG = False
    response = login(world.alice).get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
