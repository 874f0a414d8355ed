"""The register queries every reader has: the public schema is exactly these."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from domain.labels import Lang
from domain.regions import Region
from domain.register import ClientCategory, RegisterStatus, ServiceCondition
from resolvers import organizations as resolve
from resolvers.context import Context
from resolvers.pagination import DEFAULT_PAGE_SIZE
from schema.applications import LicenceApplication
from schema.changes import RegisterChangeQueries
from schema.common import Connection, Node
from schema.complaints import Complaint
from schema.register import (
    ITSELF,
    NODES,
    Licence,
    Organization,
    OrganizationConnection,
    preload_organizations,
)
from schema.specialist_applications import SpecialistApplication
from schema.specialists import Specialist, SpecialistQueries
from storage.organizations import OrganizationOrder

__all__ = ["OrganizationFilter", "RegisterQuery"]


@strawberry.enum(description="Which register records to list.")
class RegisterStatusFilter(Enum):
    ACTIVE = "ACTIVE"
    REMOVED = "REMOVED"
    ALL = "ALL"


_STATUS = {
    RegisterStatusFilter.ACTIVE: RegisterStatus.ACTIVE,
    RegisterStatusFilter.REMOVED: RegisterStatus.REMOVED,
    RegisterStatusFilter.ALL: None,
}


@strawberry.input(description="Conditions that all hold; a list matches any of its values.")
class OrganizationFilter:
    search: str | None = strawberry.field(
        default=None, description="Part of the name in Kazakh or Russian, or of the BIN."
    )
    bin: str | None = strawberry.field(default=None, description="Exactly this BIN (or IIN).")
    regions: list[Region] | None = None
    service_conditions: list[ServiceCondition] | None = None
    client_categories: list[ClientCategory] | None = None
    status: RegisterStatusFilter | None = strawberry.field(
        default=RegisterStatusFilter.ACTIVE,
        description="ACTIVE (the default, also when null), REMOVED or ALL.",
    )
    included_from: date | None = None
    included_to: date | None = None


_LANG_ARGUMENT = "The language names sort in; default the request's language."


@strawberry.type
class RegisterQuery(SpecialistQueries, RegisterChangeQueries):
    @strawberry.field(description="The organisations register, keyset-paginated (first 1..100).")
    async def organizations(
        self,
        info: Info[Context, None],
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: OrganizationFilter | None = None,
        order_by: OrganizationOrder | None = OrganizationOrder.NAME_ASC,
        lang: Annotated[Lang | None, strawberry.argument(description=_LANG_ARGUMENT)] = None,
    ) -> OrganizationConnection:
        f = filter or OrganizationFilter()
        built = resolve.build_filter(
            search=f.search,
            bin=f.bin,
            regions=f.regions,
            service_conditions=f.service_conditions,
            client_categories=f.client_categories,
            status=_STATUS[f.status or RegisterStatusFilter.ACTIVE],
            included_from=f.included_from,
            included_to=f.included_to,
        )
        page = await resolve.list_organizations(
            info.context,
            first=DEFAULT_PAGE_SIZE if first is None else first,
            after=after,
            f=built,
            order=order_by or OrganizationOrder.NAME_ASC,
            lang=lang or info.context.lang,
        )
        await preload_organizations(info, [row.id for row in page.rows], NODES)
        return Connection.of(page, Organization.from_row)

    @strawberry.field(description="One organisation by its id or its BIN (give exactly one).")
    async def organization(
        self, info: Info[Context, None], id: strawberry.ID | None = None, bin: str | None = None
    ) -> Organization | None:
        row = await resolve.find_organization(info.context, global_id=id, bin=bin)
        if row is None:
            return None
        await preload_organizations(info, [row.id], ITSELF)
        return Organization.from_row(row)

    @strawberry.field(description="A licence by its number.")
    async def licence(self, info: Info[Context, None], number: str) -> Licence | None:
        row = await resolve.find_licence(info.context, number)
        return None if row is None else Licence.from_row(row)

    @strawberry.field(description="Any object by its global id; null when you may not see it.")
    async def node(self, info: Info[Context, None], id: strawberry.ID) -> Node | None:
        found = await resolve.find_node(info.context, id)
        if found is None:
            return None
        type_name, row = found
        if type_name == "LicenceApplication":
            return LicenceApplication.from_row(row, info)
        if type_name == "Complaint":
            return Complaint.from_row(row, info)
        if type_name == "Specialist":
            return Specialist.from_row(row)
        if type_name == "SpecialistApplication":
            return SpecialistApplication.from_row(row, info)
        return Organization.from_row(row) if type_name == "Organization" else Licence.from_row(row)
