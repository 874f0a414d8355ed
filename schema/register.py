"""The organisations register as GraphQL types, built from storage rows (`from_row`)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from strawberry.types import Info

from domain.labels import Lang
from domain.licence_events import LicenceEventKind
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, RegisterStatus, ServiceCondition
from resolvers.context import Context
from resolvers.ids import encode_id
from resolvers.pagination import DEFAULT_PAGE_SIZE
from schema.common import (
    ClientCategoryType,
    Connection,
    LocalizedString,
    Node,
    RegionType,
    ServiceConditionType,
    label,
    loaded_field,
    localized,
    preload_asked,
    selected,
)
from storage.bitsets import from_mask
from storage.organizations import LICENCE_PREFIX
from storage.specialists import SpecialistOrder

if TYPE_CHECKING:
    from schema.specialists import Specialist

__all__ = ["Licence", "LicenceEvent", "Organization", "OrganizationConnection", "ServiceContract"]


@strawberry.type(description="The licensee as annex 3 names it.")
class Licensee:
    name: LocalizedString
    location: LocalizedString
    bin: str = strawberry.field(description="BIN, or the IIN of an individual entrepreneur.")


@strawberry.type(description="An entry of a licence's public history; who acted: the audit log.")
class LicenceEvent:
    at: datetime
    kind: LicenceEventKind
    kind_label: LocalizedString
    note: str

    @classmethod
    def from_row(cls, row: Row[Any]) -> LicenceEvent:
        kind = LicenceEventKind(row.kind)
        return cls(at=row.at, kind=kind, kind_label=label(kind), note=row.note)


@strawberry.type(description="A licence to provide special social services (annex 3).")
class Licence(Node):
    number: str
    status: LicenceStatus
    status_label: LocalizedString
    issued_on: date = strawberry.field(description="Register column 10.")
    initial_issued_on: date
    valid_until: date | None = strawberry.field(
        description="Register column 11; null means unlimited."
    )
    reissued_on: date | None = strawberry.field(description="Register column 12.")
    terminated_on: date | None
    licensee: Licensee
    service_place_address: LocalizedString
    note: LocalizedString = strawberry.field(description="Non-alienability and permit class.")
    licensor: LocalizedString
    signer_name: str = strawberry.field(description="The head (authorised person) who signed.")
    place_of_issue: LocalizedString | None
    suspended_until: date | None = strawberry.field(
        description="While suspended (art. 45): the end date given, if any."
    )
    version: int = strawberry.field(description="Pass as expectedVersion to change the licence.")
    pk: strawberry.Private[int]
    organization_id: strawberry.Private[int]

    history: list[LicenceEvent] = loaded_field(
        lambda loaders: loaders.history_by_licence,
        lambda licence: licence.pk,
        lambda rows: [LicenceEvent.from_row(row) for row in rows],
        description="Issue and every later event (chapter 3), oldest first.",
        graphql_type=list[LicenceEvent],
    )

    @strawberry.field(description="Null when the organisation is not visible to the reader.")
    async def organization(self, info: Info[Context, None]) -> Organization | None:
        row = await info.context.loaders.organization_by_id.load(self.organization_id)
        return None if row is None else Organization.from_row(row)

    @classmethod
    def from_row(cls, row: Row[Any], prefix: str = "") -> Licence:
        m = row._mapping

        def g(name: str) -> Any:
            return m[prefix + name]

        status = LicenceStatus(g("status"))
        place = (
            localized(g("place_of_issue_kk"), g("place_of_issue_ru"))
            if g("place_of_issue_kk") or g("place_of_issue_ru")
            else None
        )
        return cls(
            id=strawberry.ID(encode_id("Licence", g("id"))),
            number=g("number"),
            status=status,
            status_label=label(status),
            issued_on=g("issued_on"),
            initial_issued_on=g("initial_issued_on"),
            valid_until=g("valid_until"),
            reissued_on=g("reissued_on"),
            terminated_on=g("terminated_on"),
            licensee=Licensee(
                name=localized(g("licensee_name_kk"), g("licensee_name_ru")),
                location=localized(g("licensee_location_kk"), g("licensee_location_ru")),
                bin=g("licensee_bin"),
            ),
            service_place_address=localized(
                g("service_place_address_kk"), g("service_place_address_ru")
            ),
            note=localized(g("note_kk"), g("note_ru")),
            licensor=localized(g("licensor_kk"), g("licensor_ru")),
            signer_name=g("signer_name"),
            place_of_issue=place,
            suspended_until=g("suspended_until"),
            version=g("version"),
            pk=g("id"),
            organization_id=g("organization_id"),
        )


def _licences(rows: list[Row[Any]]) -> list[Licence]:
    return [Licence.from_row(row) for row in rows]


ITSELF: tuple[tuple[str, ...], ...] = ((),)  # the field's own selection
NODES: tuple[tuple[str, ...], ...] = (("nodes",), ("edges", "node"))  # a connection's nodes


async def preload_organizations(
    info: Info[Context, None], organization_ids: list[int], at: tuple[tuple[str, ...], ...]
) -> None:
    """Load what the selection (at `at`) asks of these organisations (their contract,
    licences and the licences' histories) before they are resolved: the same statements the
    loaders would run, one await each, so that the fields below read them without waiting
    (schema.execution's plain reads) instead of one awaitable per field and object."""
    wanted = selected(info, *at)
    loaders = info.context.loaders
    await preload_asked(
        wanted,
        organization_ids,
        {
            "serviceContract": loaders.contract_by_organization,
            "licences": loaders.licences_by_organization,
        },
    )
    if "licences" in wanted and "history" in selected(info, *((*p, "licences") for p in at)):
        licences = loaders.licences_by_organization
        licence_ids = [row.id for pk in organization_ids for row in licences.loaded(pk)[1] or ()]
        await loaders.history_by_licence.preload(licence_ids)


@strawberry.type(description="Register columns 13-14: the contract with a local executive body.")
class ServiceContract:
    concluded_on: date
    valid_until: date | None

    @classmethod
    def of(cls, row: Row[Any] | None) -> ServiceContract | None:
        return (
            None if row is None else cls(concluded_on=row.concluded_on, valid_until=row.valid_until)
        )


@cache
def _service_conditions(mask: int) -> tuple[ServiceConditionType, ...]:
    """Column 5's bit set as its types, one shared tuple per set (a page has a few kinds)."""
    return tuple(ServiceConditionType.of(m) for m in from_mask(ServiceCondition, mask))


@cache
def _client_categories(mask: int) -> tuple[ClientCategoryType, ...]:
    return tuple(ClientCategoryType.of(m) for m in from_mask(ClientCategory, mask))


@strawberry.type(description="A record of the register of organisations (17 columns).")
class Organization(Node):
    name: LocalizedString
    bin: str
    legal_address: LocalizedString
    region: RegionType
    service_conditions: list[ServiceConditionType]
    client_categories: list[ClientCategoryType]
    total_capacity: int | None
    phone: str | None
    email: str | None
    licence: Licence | None = strawberry.field(description="The current licence.")
    included_on: date = strawberry.field(description="Register column 15.")
    licence_terminated_on: date | None = strawberry.field(description="Register column 16.")
    removal_grounds: LocalizedString | None = strawberry.field(description="Register column 17.")
    status: RegisterStatus
    status_label: LocalizedString
    pk: strawberry.Private[int]

    licences: list[Licence] = loaded_field(
        lambda loaders: loaders.licences_by_organization,
        lambda org: org.pk,
        _licences,
        description="Every licence the organisation has held, newest first.",
        graphql_type=list[Licence],
    )
    service_contract: ServiceContract | None = loaded_field(
        lambda loaders: loaders.contract_by_organization,
        lambda org: org.pk,
        ServiceContract.of,
        description="The latest service contract; earlier ones stay in history.",
        graphql_type=ServiceContract | None,
    )

    @strawberry.field(
        description="Specialists who work here now (an employment entry without an end "
        "date) and whom you may see; keyset-paginated (first 1..100)."
    )
    async def specialists(
        self,
        info: Info[Context, None],
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        order_by: SpecialistOrder | None = SpecialistOrder.NAME_ASC,
        lang: Lang | None = None,
    ) -> Connection[Annotated[Specialist, strawberry.lazy("schema.specialists")]]:
        from schema.specialists import organization_specialists

        return await organization_specialists(info, self.bin, first, after, order_by, lang)

    @classmethod
    def from_row(cls, row: Row[Any]) -> Organization:
        status = RegisterStatus.REMOVED if row.removed_on else RegisterStatus.ACTIVE
        has_grounds = row.removal_grounds_kk or row.removal_grounds_ru
        licence_id = row._mapping.get(LICENCE_PREFIX + "id")
        return cls(
            id=strawberry.ID(encode_id("Organization", row.id)),
            pk=row.id,
            name=localized(row.name_kk, row.name_ru),
            bin=row.bin,
            legal_address=localized(row.legal_address_kk, row.legal_address_ru),
            region=RegionType.of(Region(row.region)),
            service_conditions=list(_service_conditions(row.service_conditions)),
            client_categories=list(_client_categories(row.client_categories)),
            total_capacity=row.total_capacity,
            phone=row.phone,
            email=row.email,
            licence=Licence.from_row(row, LICENCE_PREFIX) if licence_id is not None else None,
            included_on=row.included_on,
            licence_terminated_on=row.removed_on,
            removal_grounds=(
                localized(row.removal_grounds_kk, row.removal_grounds_ru) if has_grounds else None
            ),
            status=status,
            status_label=label(status),
        )


OrganizationConnection = Connection[Organization]
