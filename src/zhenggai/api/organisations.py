"""/api/organisations — the part of the organisation tree the user works in."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from zhenggai.accounts.access import grants
from zhenggai.accounts.models import Organisation

from .common import Pagination, choice, user_of
from .schemas import OrganisationOut

router = Router(tags=["机构"])


def visible_organisations(user):
    """A supervisor's whole subtree; for unit roles, their unit and its departments — the same
    scopes accounts.access resolves from the memberships."""
    g = grants(user)
    q = Q(pk__in=[])
    for path in g.supervisor_paths:
        q |= Q(path__startswith=path)
    for unit_id in g.admin_unit_ids | g.viewer_unit_ids | g.involved_unit_ids:
        q |= Q(path__contains=f"/{unit_id}/")
    return Organisation.objects.filter(q)


class OrganisationFilters(Schema):
    kind: choice(Organisation.Kind) | None = None
    parent: int | None = None


@router.get("", response=list[OrganisationOut], summary="机构列表")
@paginate(Pagination)
def list_organisations(request, filters: Query[OrganisationFilters]):
    organisations = visible_organisations(user_of(request))
    if filters.kind is not None:
        organisations = organisations.filter(kind=filters.kind)
    if filters.parent is not None:
        organisations = organisations.filter(parent_id=filters.parent)
    return organisations.order_by("path")


@router.get("/{int:organisation_id}", response=OrganisationOut, summary="机构详情")
def get_organisation(request, organisation_id: int):
    return get_object_or_404(visible_organisations(user_of(request)), pk=organisation_id)
