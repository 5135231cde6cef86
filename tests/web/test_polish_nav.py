"""The site header: 导入 only for those who may import (整改办, supervisors with units below),
公开通报 for everyone signed in, and the publishing page reachable from the inspection page."""

from django.urls import reverse

from tests import factories as f
from zhenggai.accounts.models import Membership


def header(client):
    html = client.get(reverse("ledger:dashboard")).content.decode()
    return html[html.index('class="site-nav"') :].split("</nav>")[0]


def test_office_and_supervisor_get_the_import_link(login, world):
    for user in (world.alice, world.sam, world.carol):
        nav = header(login(user))
        assert f'href="{reverse("exchange:import_start")}"' in nav and ">导入<" in nav
        assert f'href="{reverse("portal:index")}"' in nav


def test_owners_leaders_viewers_and_strangers_get_no_import_link(login, world):
    for user in (world.bob, world.leo, world.vera, world.nora):
        nav = header(login(user))
        assert reverse("exchange:import_start") not in nav
        assert ">公开通报<" in nav


def test_supervisor_with_no_unit_below_gets_no_import_link(login, world):
    lonely = f.make_supervisor_org("某县纪委")
    user = f.make_user("lonely", org=lonely, role=Membership.Role.SUPERVISOR)
    assert reverse("exchange:import_start") not in header(login(user))


def test_import_link_leads_to_a_page_the_user_may_use(login, world):
    response = login(world.alice).get(reverse("exchange:import_start"))
    assert response.status_code == 302
    assert response.url == reverse("exchange:import_upload", args=[world.hospital1.pk])
    assert login(world.sam).get(reverse("exchange:import_start")).status_code == 200


def test_inspection_page_links_publishing_for_office_and_supervisor_only(login, world):
    url = reverse("publishing:inspection", args=[world.inspection1.pk])
    for user in (world.alice, world.sam):
        html = login(user).get(reverse("ledger:inspection", args=[world.inspection1.pk])).content.decode()
        assert f'href="{url}"' in html
        assert login(user).get(url).status_code == 200
    for user in (world.bob, world.leo):
        html = login(user).get(reverse("ledger:inspection", args=[world.inspection1.pk])).content.decode()
        assert url not in html


def test_current_section_is_marked_in_the_nav(login, world):
    client = login(world.sam)
    html = client.get(reverse("exchange:import_start")).content.decode()
    nav = html[html.index('class="site-nav"') :].split("</nav>")[0]
    assert f'href="{reverse("exchange:import_start")}" aria-current="page"' in nav
