"""The Django admin: every model has Chinese names and working pages; history is read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories as f
from zhenggai.audit.models import AuditEvent
from zhenggai.ledger.models import ProgressUpdate

APPS = {"accounts", "audit", "ledger"}


@pytest.fixture
def staff_client(client, world):
    f.make_closed_problem(office=world.alice, leader=world.leo, inspection=world.inspection1)
    world.problem_a.supervise(world.sam, "urge", "请加快进度")
    f.make_category(world.inspection1, title="整改问题类别")
    f.make_outcome(world.inspection1, text="追回资金")
    from zhenggai.ledger.services import handover

    handover(world.alice, world.hospital1, from_user=world.dan, to_user=world.bob, effective_date=f.today())
    superuser = f.make_user("root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    return client


def our_models():
    return [model for model in admin.site._registry if model._meta.app_label in APPS]


def test_every_model_is_registered_with_a_chinese_name():
    from django.apps import apps

    registered = set(our_models())
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            assert model in registered, model
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(model._meta.verbose_name)), model
            for field in model._meta.get_fields():
                if field.concrete and not field.auto_created:
                    label = str(field.verbose_name)
                    assert any("\u4e00" <= ch <= "\u9fff" for ch in label), (model, field.name)


@pytest.mark.parametrize("page", ["changelist", "change"])
def test_admin_pages_render_for_every_model(staff_client, page):
    for model in our_models():
        opts = model._meta
        if page == "changelist":
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            response = staff_client.get(url, {"q": "整改"})
        else:
            obj = model.objects.first()
            assert obj is not None, model
            response = staff_client.get(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
        assert response.status_code == 200, (model, response.status_code)


@pytest.mark.parametrize("model", [ProgressUpdate, AuditEvent])
def test_history_cannot_be_added_changed_or_deleted_in_admin(staff_client, model):
    opts = model._meta
    row = model.objects.first()
    add = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == 403
    delete = staff_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[row.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    change = staff_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]), {"note": "改"}
    )
    assert change.status_code == 403
    assert model.objects.filter(pk=row.pk, note=row.note).exists()
