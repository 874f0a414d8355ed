"""Queries of the organisations register: the list, one record, a licence, a node."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.engine import Row

from domain.errors import DomainError, ErrorCode
from domain.labels import Lang
from domain.regions import Region
from domain.register import ClientCategory, RegisterStatus, ServiceCondition
from domain.text import MAX_SEARCH_LENGTH
from resolvers.complaints import load_visible as load_visible_complaint
from resolvers.context import Context
from resolvers.ids import decode_id, decode_typed_id
from resolvers.inputs import capped, check_xin
from resolvers.pagination import SortedPage, sorted_page
from storage import organizations as repo
from storage.organizations import OrganizationFilter, OrganizationOrder

__all__ = [
    "OrganizationPage",
    "build_filter",
    "find_licence",
    "find_node",
    "find_organization",
    "list_organizations",
]


OrganizationPage = SortedPage


def build_filter(
    *,
    search: str | None = None,
    bin: str | None = None,
    regions: Sequence[Region] | None = None,
    service_conditions: Sequence[ServiceCondition] | None = None,
    client_categories: Sequence[ClientCategory] | None = None,
    status: RegisterStatus | None = RegisterStatus.ACTIVE,
    included_from: date | None = None,
    included_to: date | None = None,
) -> OrganizationFilter:
    if search is not None and len(search) > MAX_SEARCH_LENGTH:
        raise DomainError(
            ErrorCode.TEXT_TOO_LONG, field=["filter", "search"], params={"max": MAX_SEARCH_LENGTH}
        )
    if included_from and included_to and included_from > included_to:
        raise DomainError(ErrorCode.INVALID_DATE_RANGE, field=["filter", "includedFrom"])
    return OrganizationFilter(
        search=search.strip() or None if search else None,
        bin=check_xin(bin, ["filter", "bin"]) if bin is not None else None,
        regions=capped(regions, "regions"),
        service_conditions=capped(service_conditions, "serviceConditions"),
        client_categories=capped(client_categories, "clientCategories"),
        status=status,
        included_from=included_from,
        included_to=included_to,
    )


def _scope(order: OrganizationOrder, lang: Lang) -> str:
    # Name order depends on the language: a cursor from a Russian page is foreign to Kazakh.
    return f"organizations:{order.value}:{lang.value}"


async def list_organizations(
    ctx: Context,
    *,
    first: int,
    after: str | None,
    f: OrganizationFilter,
    order: OrganizationOrder,
    lang: Lang,
) -> OrganizationPage:
    is_date = order in (OrganizationOrder.INCLUDED_ON_ASC, OrganizationOrder.INCLUDED_ON_DESC)

    async def fetch(position: tuple[Any, int] | None) -> tuple[Sequence[Row[Any]], bool]:
        page = await repo.page_of_organizations(
            ctx.reader, ctx.viewer, f, order, lang, first, position
        )
        return page.rows, page.has_next

    async def count() -> int:
        return await repo.count_organizations(ctx.reader, ctx.viewer, f)

    return await sorted_page(
        _scope(order, lang),
        first,
        after,
        key_type=date if is_date else str,
        sort_name=repo.sort_column(order, lang).name,
        fetch=fetch,
        count=count,
    )


async def find_organization(
    ctx: Context, *, global_id: str | None, bin: str | None
) -> Row[Any] | None:
    if (global_id is None) == (bin is None):
        raise DomainError(ErrorCode.ONE_OF_REQUIRED, field=["id"], params={"fields": "id, bin"})
    if global_id is not None:
        pk = decode_typed_id(global_id, "Organization")
        return await ctx.loaders.organization_by_id.load(pk)
    assert bin is not None
    return await repo.organization_by_bin(ctx.reader, ctx.viewer, check_xin(bin, ["bin"]))


async def find_licence(ctx: Context, number: str) -> Row[Any] | None:
    if len(number) > 40:
        raise DomainError(ErrorCode.TEXT_TOO_LONG, field=["number"], params={"max": 40})
    return await repo.licence_by_number(ctx.reader, ctx.viewer, number.strip())


NODE_TYPES = ("Organization", "Licence")


async def find_node(ctx: Context, global_id: str) -> tuple[str, Row[Any]] | None:
    """A hidden record answers exactly as an id that does not exist: null."""
    type_name, pk = decode_id(global_id)
    if type_name == "Organization":
        row = await ctx.loaders.organization_by_id.load(pk)
    elif type_name == "Licence":
        row = await ctx.loaders.licence_by_id.load(pk)
    elif type_name == "LicenceApplication" and not ctx.viewer.is_public:
        row = await ctx.loaders.application_by_id.load(pk)
    elif type_name == "Complaint" and not ctx.viewer.is_public:
        row = await load_visible_complaint(ctx, pk)
    elif type_name == "Specialist":
        row = await ctx.loaders.specialist_by_id.load(pk)
    elif type_name == "SpecialistApplication" and not ctx.viewer.is_public:
        row = await ctx.loaders.specialist_application_by_id.load(pk)
    else:
        raise DomainError(ErrorCode.INVALID_ID, field=["id"])
    return None if row is None else (type_name, row)
