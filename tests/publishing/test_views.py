"""The publishing pages: preview, downloads, publish, versions; who may use them."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from zhenggai.portal.models import PublicReport
from zhenggai.reports.read import parse_file


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_preview_shows_the_report_and_download_links(client, world):
    login(client, world.alice)
    response = client.get(reverse("publishing:inspection", args=[world.inspection1.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "某市第一人民医院关于巡察整改进展情况的通报" in page
    assert world.problem_a.title in page and "需要向社会公开的2个" in page
    assert (
        reverse("publishing:download", args=[world.inspection1.pk]) + "?format=docx&amp;scope=public" in page
    )
    assert "发布此通报" in page and "尚未发布" in page


def test_preview_party_scope_as_of(client, world):
    world.problem_b.is_public = False
    world.problem_b.save()
    login(client, world.alice)
    url = reverse("publishing:inspection", args=[world.inspection1.pk])
    public = client.get(url, {"scope": "public", "as_of": timezone.localdate().isoformat()}).content.decode()
    party = client.get(url, {"scope": "party", "as_of": timezone.localdate().isoformat()}).content.decode()
    assert world.problem_b.title not in public and world.problem_b.title in party
    past = client.get(url, {"scope": "party", "as_of": "2020-01-01"}).content.decode()
    assert "截至2020年1月1日，巡察反馈问题共0个" in past


@pytest.mark.parametrize("as_of, message", [("2999-01-01", "截至日期不能晚于今天"), ("not-a-date", "日期")])
def test_bad_preview_input_is_a_chinese_form_error(client, world, as_of, message):
    login(client, world.alice)
    response = client.get(
        reverse("publishing:inspection", args=[world.inspection1.pk]), {"scope": "public", "as_of": as_of}
    )
    assert response.status_code == 400 and message in response.content.decode()


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_downloads_parse_back(client, world, tmp_path, fmt):
    login(client, world.alice)
    url = reverse("publishing:download", args=[world.inspection1.pk])
    response = client.get(url, {"format": fmt, "scope": "party", "as_of": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and f".{fmt}" in response["Content-Disposition"]
    path = tmp_path / f"通报.{fmt}"
    path.write_bytes(response.content)
    assert [p.title for p in parse_file(path).problems] == [world.problem_a.title, world.problem_b.title]


def test_unknown_format_is_404(client, world):
    login(client, world.alice)
    url = reverse("publishing:download", args=[world.inspection1.pk])
    assert client.get(url, {"format": "pdf"}).status_code == 404


def test_publish_then_edit_then_publish_again_supersedes_visibly(client, world):
    login(client, world.alice)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("publishing:publish", args=[world.inspection1.pk]), {"scope": "public", "as_of": today}
    )
    first = PublicReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "publishing:version", args=[first.pk]
    )
    world.problem_a.title = "发布后改过的标题"
    world.problem_a.save()
    page = client.get(reverse("publishing:version", args=[first.pk])).content.decode()
    assert "医疗质量安全管理制度落实不到位" in page and "发布后改过的标题" not in page
    assert "取代" not in page
    client.post(
        reverse("publishing:publish", args=[world.inspection1.pk]), {"scope": "public", "as_of": today}
    )
    second = PublicReport.objects.get(version=2)
    page = client.get(reverse("publishing:version", args=[first.pk])).content.decode()
    assert "本通报已被" in page and "第2版</a>取代" in page
    assert "发布后改过的标题" in client.get(reverse("publishing:version", args=[second.pk])).content.decode()
    listing = client.get(reverse("publishing:inspection", args=[world.inspection1.pk])).content.decode()
    assert "已被第2版取代" in listing and "现行版本" in listing
    frozen = client.get(reverse("publishing:version_download", args=[first.pk]), {"format": "docx"})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(frozen.content)).paragraphs)
    assert "医疗质量安全管理制度落实不到位" in text and "发布后改过的标题" not in text


def test_publish_future_date_is_refused(client, world):
    login(client, world.alice)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("publishing:publish", args=[world.inspection1.pk]), {"scope": "public", "as_of": future}
    )
    assert response.status_code == 400 and "截至日期不能晚于今天" in response.content.decode()
    assert not PublicReport.objects.exists()


def test_publish_needs_post(client, world):
    login(client, world.alice)
    assert client.get(reverse("publishing:publish", args=[world.inspection1.pk])).status_code == 405


def test_inspection_page_links_to_publishing(client, world):
    login(client, world.alice)
    page = client.get(reverse("ledger:inspection", args=[world.inspection1.pk])).content.decode()
    assert reverse("publishing:inspection", args=[world.inspection1.pk]) in page


# Every publishing URL for every persona: 404 outside the unit, 403 for those who see only some
# problems, reading for whole-unit readers, publishing for the 整改办 only.
READ = ["inspection", "download_txt", "version", "version_docx"]
EXPECTED = {
    "alice": {"read": 200, "publish": 302},
    "sam": {"read": 200, "publish": 403},
    "vera": {"read": 200, "publish": 403},
    "bob": {"read": 403, "publish": 403},
    "dan": {"read": 403, "publish": 403},
    "leo": {"read": 403, "publish": 403},
    "carol": {"read": 404, "publish": 404},
    "olga": {"read": 404, "publish": 404},
    "nora": {"read": 404, "publish": 404},
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_url_for_every_persona(client, world, name):
    published = PublicReport.publish(world.alice, world.inspection1)
    pk = world.inspection1.pk
    urls = {
        "inspection": reverse("publishing:inspection", args=[pk]),
        "download_txt": reverse("publishing:download", args=[pk]) + "?format=txt",
        "version": reverse("publishing:version", args=[published.pk]),
        "version_docx": reverse("publishing:version_download", args=[published.pk]),
    }
    login(client, world.users[name])
    for key in READ:
        assert client.get(urls[key]).status_code == EXPECTED[name]["read"], (name, key)
    response = client.post(
        reverse("publishing:publish", args=[pk]),
        {"scope": "public", "as_of": timezone.localdate().isoformat()},
    )
    assert response.status_code == EXPECTED[name]["publish"], name
    assert PublicReport.objects.count() == (2 if EXPECTED[name]["publish"] == 302 else 1)


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("publishing:inspection", args=[world.inspection1.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_missing_version_is_404(client, world):
    login(client, world.alice)
    assert client.get(reverse("publishing:version", args=[999999])).status_code == 404


def test_ledger_text_is_escaped_on_the_pages(client, world):
    world.problem_a.title = '<script>alert("xss")</script>药品采购'
    world.problem_a.save()
    login(client, world.alice)
    page = client.get(reverse("publishing:inspection", args=[world.inspection1.pk])).content.decode()
    assert '<script>alert("xss")</script>' not in page and "&lt;script&gt;" in page
    published = PublicReport.publish(world.alice, world.inspection1)
    page = client.get(reverse("publishing:version", args=[published.pk])).content.decode()
    assert '<script>alert("xss")</script>' not in page and "&lt;script&gt;" in page
    assert "<script>alert" not in published.html


def test_version_download_is_the_frozen_bytes(client, world):
    published = PublicReport.publish(world.alice, world.inspection1)
    login(client, world.vera)
    url = reverse("publishing:version_download", args=[published.pk])
    assert client.get(url, {"format": "docx"}).content == bytes(published.docx)
    assert client.get(url, {"format": "txt"}).content.decode() == published.text
    assert client.get(url, {"format": "html"}).content.decode() == published.html
    # A non-ASCII file name is sent as filename*=utf-8''… (percent-encoded): "第1版".
    assert "%E7%AC%AC1%E7%89%88" in client.get(url)["Content-Disposition"]
