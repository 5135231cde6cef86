import pytest

from tests import factories as f
from zhenggai.accounts.models import Organisation


@pytest.mark.django_db
def test_path_is_materialised_from_the_parents():
    sup = f.make_supervisor_org()
    unit = f.make_unit(parent=sup)
    dept = f.make_department(unit)
    assert sup.path == f"/{sup.pk}/"
    assert dept.path == f"/{sup.pk}/{unit.pk}/{dept.pk}/"
    assert Organisation.objects.get(pk=dept.pk).path == dept.path


@pytest.mark.django_db
def test_moving_a_unit_rewrites_the_paths_of_its_departments():
    old_sup, new_sup = f.make_supervisor_org(), f.make_supervisor_org()
    unit = f.make_unit(parent=old_sup)
    dept = f.make_department(unit)
    unit.parent = new_sup
    unit.save()
    dept.refresh_from_db()
    assert dept.path == f"/{new_sup.pk}/{unit.pk}/{dept.pk}/"
    assert set(new_sup.descendants()) == {new_sup, unit, dept}
    assert set(old_sup.descendants()) == {old_sup}


@pytest.mark.django_db
def test_an_organisation_cannot_be_moved_below_itself():
    unit = f.make_unit()
    dept = f.make_department(unit)
    unit.parent = dept
    with pytest.raises(ValueError, match="上级机构"):
        unit.save()


@pytest.mark.django_db
def test_unit_is_the_nearest_unit_ancestor_or_self():
    sup = f.make_supervisor_org()
    unit = f.make_unit(parent=sup)
    dept = f.make_department(unit)
    sub = f.make_department(dept, "门诊部一组")
    assert sub.unit() == unit
    assert unit.unit() == unit
    assert sup.unit() is None


@pytest.mark.django_db
def test_descendants_q_filters_related_models_by_subtree(world):
    from zhenggai.ledger.models import Inspection

    below_sup = Inspection.objects.filter(world.supervisor_org.descendants_q("unit__"))
    assert set(below_sup) == {world.inspection1, world.inspection2}
    assert set(Inspection.objects.filter(world.hospital2.descendants_q("unit__"))) == {world.inspection2}
