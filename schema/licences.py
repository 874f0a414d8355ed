"""Licences after issue in the full schema: reissue applications, the licensor's commands,
service contracts and publication consent (domain.licence_events)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy.engine import Row
from strawberry.types import Info

from domain.labels import Label
from domain.licence_events import (
    DuplicateReason,
    IssueDuplicate,
    ReissueReason,
    ReissueRequest,
    ReissueStatus,
    Resume,
    Revoke,
    Suspend,
    Terminate,
    TerminationGround,
)
from domain.regions import Region
from resolvers import licences as resolve
from resolvers.context import Context
from resolvers.ids import encode_id
from resolvers.mutations import Outcome
from resolvers.pagination import DEFAULT_PAGE_SIZE
from schema.applications import LocalizedStringInput
from schema.common import LocalizedString, Node, PageInfo, RegionType, label, localized
from schema.payloads import UserError, user_errors
from schema.register import Licence, Organization, ServiceContract
from storage.licences import ReissueFilter

__all__ = ["LicenceMutations", "LicenceQueries", "ReissueApplication"]


def _text(value: Label | None) -> LocalizedString | None:
    return None if value is None else localized(value.kk, value.ru)


@strawberry.type(description="The new annex 3 texts a reissue application asks for.")
class ReissueChanges:
    name: LocalizedString | None
    legal_address: LocalizedString | None
    region: RegionType | None
    service_place_address: LocalizedString | None


@strawberry.type(description="An application to reissue a licence (annex 4) and its decision.")
class ReissueApplication(Node):
    version: int = strawberry.field(description="Pass as expectedVersion to decide it.")
    status: ReissueStatus
    status_label: LocalizedString
    reason: ReissueReason
    reason_label: LocalizedString
    requested_changes: ReissueChanges
    documents: list[str]
    received_at: datetime
    registered_on: date = strawberry.field(description="The working day the term counts from.")
    due_on: date = strawberry.field(description="The whole reissue: 2 working days.")
    overdue: bool = strawberry.field(description="Still undecided after its due date.")
    decided_at: datetime | None
    decision_reason: str | None
    licence_id: strawberry.Private[int]

    @strawberry.field(description="The licence to reissue.")
    async def licence(self, info: Info[Context, None]) -> Licence | None:
        row = await info.context.loaders.licence_by_id.load(self.licence_id)
        return None if row is None else Licence.from_row(row)

    @classmethod
    def from_row(cls, row: Row[Any], info: Info[Context, None]) -> ReissueApplication:
        ctx = info.context
        status = ReissueStatus(row.status)
        request = resolve.request_of(row)
        return cls(
            id=strawberry.ID(encode_id("ReissueApplication", row.id)),
            licence_id=row.licence_id,
            version=row.version,
            status=status,
            status_label=label(status),
            reason=request.reason,
            reason_label=label(request.reason),
            requested_changes=ReissueChanges(
                name=_text(request.name),
                legal_address=_text(request.legal_address),
                region=RegionType.of(request.region) if request.region else None,
                service_place_address=_text(request.service_place_address),
            ),
            documents=list(request.documents),
            received_at=row.received_at,
            registered_on=row.registered_on,
            due_on=row.due_on,
            overdue=(
                status is ReissueStatus.SUBMITTED and ctx.calendar.is_overdue(row.due_on, ctx.now)
            ),
            decided_at=row.decided_at,
            decision_reason=row.decision_reason,
        )


@strawberry.type
class ReissueApplicationEdge:
    cursor: str
    node: ReissueApplication


@strawberry.type
class ReissueApplicationConnection:
    edges: list[ReissueApplicationEdge]
    page_info: PageInfo
    page: strawberry.Private[resolve.ReissuePage]

    @strawberry.field
    def nodes(self) -> list[ReissueApplication]:
        return [e.node for e in self.edges]

    @strawberry.field(description="Counted only when asked for.")
    async def total_count(self, info: Info[Context, None]) -> int:
        return await resolve.count_reissues(info.context, self.page.filter)


@strawberry.input(description="The reissue application (annex 4): give what the reason changes.")
class ReissueInput:
    reason: ReissueReason
    name: LocalizedStringInput | None = strawberry.field(
        default=None, description="The licensee's new name (reorganisation, name change)."
    )
    legal_address: LocalizedStringInput | None = strawberry.field(
        default=None, description="The new legal address (location)."
    )
    region: Region | None = strawberry.field(
        default=None, description="The region of the new legal address, if it changes."
    )
    service_place_address: LocalizedStringInput | None = strawberry.field(
        default=None, description="The new address of the place services are provided at."
    )
    documents: list[str] = strawberry.field(default_factory=list)

    def request(self) -> ReissueRequest:
        def text(value: LocalizedStringInput | None) -> Label | None:
            return None if value is None else Label(kk=value.kk, ru=value.ru)

        return ReissueRequest(
            reason=self.reason,
            name=text(self.name),
            legal_address=text(self.legal_address),
            region=self.region,
            service_place_address=text(self.service_place_address),
            documents=tuple(self.documents),
        )


@strawberry.input
class ReissueApplicationFilter:
    statuses: list[ReissueStatus] | None = None
    overdue: bool = strawberry.field(
        default=False, description="Only undecided applications past their due date."
    )


@strawberry.type
class ReissueApplicationPayload:
    reissue_application: ReissueApplication | None
    user_errors: list[UserError]


@strawberry.type
class LicencePayload:
    licence: Licence | None
    user_errors: list[UserError]


@strawberry.type
class ServiceContractPayload:
    organization: Organization | None
    service_contract: ServiceContract | None = strawberry.field(
        description="The latest contract, which the register shows."
    )
    user_errors: list[UserError]


@strawberry.type
class OrganizationConsentPayload:
    organization: Organization | None
    publication_consent: bool | None
    user_errors: list[UserError]


async def _reissue_payload(
    outcome: Outcome[int], info: Info[Context, None]
) -> ReissueApplicationPayload:
    if outcome.error is not None or outcome.value is None:
        return ReissueApplicationPayload(
            reissue_application=None, user_errors=user_errors(outcome.error, info)
        )
    row = await resolve.reissue_by_pk(info.context, outcome.value)
    application = None if row is None else ReissueApplication.from_row(row, info)
    return ReissueApplicationPayload(reissue_application=application, user_errors=[])


async def _licence_payload(outcome: Outcome[int], info: Info[Context, None]) -> LicencePayload:
    if outcome.error is not None or outcome.value is None:
        return LicencePayload(licence=None, user_errors=user_errors(outcome.error, info))
    row = await info.context.loaders.licence_by_id.load(outcome.value)
    return LicencePayload(licence=None if row is None else Licence.from_row(row), user_errors=[])


async def _organization(outcome: Outcome[int], info: Info[Context, None]) -> Organization | None:
    assert outcome.value is not None
    row = await info.context.loaders.organization_by_id.load(outcome.value)
    return None if row is None else Organization.from_row(row)


@strawberry.type
class LicenceQueries:
    @strawberry.field(
        description="Reissue applications, newest registration first: an applicant's own, "
        "all for the licensor and admins, none for other roles."
    )
    async def reissue_applications(
        self,
        info: Info[Context, None],
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: ReissueApplicationFilter | None = None,
    ) -> ReissueApplicationConnection:
        f = filter or ReissueApplicationFilter()
        ctx = info.context
        page = await resolve.list_reissues(
            ctx,
            first=DEFAULT_PAGE_SIZE if first is None else first,
            after=after,
            f=ReissueFilter(
                statuses=tuple(f.statuses or ()),
                overdue_on=ctx.calendar.local_date(ctx.now) if f.overdue else None,
            ),
        )
        edges = [
            ReissueApplicationEdge(cursor=c, node=ReissueApplication.from_row(r, info))
            for r, c in zip(page.rows, page.cursors, strict=True)
        ]
        return ReissueApplicationConnection(
            edges=edges,
            page=page,
            page_info=PageInfo.of(
                list(page.cursors), has_next=page.has_next, has_previous=page.has_previous
            ),
        )

    @strawberry.field
    async def reissue_application(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> ReissueApplication | None:
        row = await resolve.find_reissue(info.context, id)
        return None if row is None else ReissueApplication.from_row(row, info)


@strawberry.type
class LicenceMutations:
    @strawberry.mutation(
        description="The licensee (applicant) of an active or suspended licence; decided in 2 "
        "working days. A replay with the same idempotencyKey returns the first result."
    )
    async def submit_reissue_application(
        self,
        info: Info[Context, None],
        licence_id: strawberry.ID,
        input: ReissueInput,
        idempotency_key: str | None = None,
    ) -> ReissueApplicationPayload:
        outcome = await resolve.submit_reissue(
            info.context, licence_id, input.request(), idempotency_key
        )
        return await _reissue_payload(outcome, info)

    @strawberry.mutation(
        description="Licensor (p. 31): approve reissues the licence (texts, register record, "
        "reissue date); refuse needs a reason and changes nothing in the licence."
    )
    async def decide_reissue(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        approve: bool,
        reason: str | None = None,
    ) -> ReissueApplicationPayload:
        outcome = await resolve.decide_reissue_application(
            info.context, id, expected_version, approve, reason
        )
        return await _reissue_payload(outcome, info)

    @strawberry.mutation(
        description="Licensor (art. 45): ACTIVE → SUSPENDED; `until`, if given, not before today."
    )
    async def suspend_licence(
        self,
        info: Info[Context, None],
        licence_id: strawberry.ID,
        expected_version: int,
        reason: str,
        until: date | None = None,
    ) -> LicencePayload:
        command = Suspend(reason=reason, until=until)
        outcome = await resolve.licence_command(info.context, licence_id, expected_version, command)
        return await _licence_payload(outcome, info)

    @strawberry.mutation(description="Licensor (art. 45): SUSPENDED → ACTIVE.")
    async def resume_licence(
        self,
        info: Info[Context, None],
        licence_id: strawberry.ID,
        expected_version: int,
        reason: str | None = None,
    ) -> LicencePayload:
        command = Resume(reason=reason or "")
        outcome = await resolve.licence_command(info.context, licence_id, expected_version, command)
        return await _licence_payload(outcome, info)

    @strawberry.mutation(description="Licensor (art. 45, deprivation): → REVOKED.")
    async def revoke_licence(
        self,
        info: Info[Context, None],
        licence_id: strawberry.ID,
        expected_version: int,
        reason: str,
    ) -> LicencePayload:
        command = Revoke(reason=reason)
        outcome = await resolve.licence_command(info.context, licence_id, expected_version, command)
        return await _licence_payload(outcome, info)

    @strawberry.mutation(
        description="Licensor (art. 35): → TERMINATED on terminatedOn (default today); the "
        "organisation stays in the register, REMOVED, with the date and the grounds."
    )
    async def terminate_licence(
        self,
        info: Info[Context, None],
        licence_id: strawberry.ID,
        expected_version: int,
        ground: TerminationGround,
        note: str | None = None,
        terminated_on: date | None = None,
    ) -> LicencePayload:
        command = Terminate(ground=ground, note=note or "", terminated_on=terminated_on)
        outcome = await resolve.licence_command(info.context, licence_id, expected_version, command)
        return await _licence_payload(outcome, info)

    @strawberry.mutation(
        description="Licensor (art. 43): a duplicate of a paper licence, lost or damaged; "
        "recorded in the history."
    )
    async def issue_duplicate_licence(
        self,
        info: Info[Context, None],
        licence_id: strawberry.ID,
        expected_version: int,
        reason: DuplicateReason,
        note: str | None = None,
    ) -> LicencePayload:
        command = IssueDuplicate(reason=reason, note=note or "")
        outcome = await resolve.licence_command(info.context, licence_id, expected_version, command)
        return await _licence_payload(outcome, info)

    @strawberry.mutation(
        description="Licensor or admin: a new contract (register columns 13-14); earlier ones "
        "are kept. No expectedVersion: it appends."
    )
    async def record_service_contract(
        self,
        info: Info[Context, None],
        organization_id: strawberry.ID,
        concluded_on: date,
        valid_until: date | None = None,
    ) -> ServiceContractPayload:
        outcome = await resolve.record_service_contract(
            info.context, organization_id, concluded_on, valid_until
        )
        if outcome.error is not None:
            return ServiceContractPayload(
                organization=None,
                service_contract=None,
                user_errors=user_errors(outcome.error, info),
            )
        organization = await _organization(outcome, info)
        assert outcome.value is not None
        row = await info.context.loaders.contract_by_organization.load(outcome.value)
        contract = (
            None
            if row is None
            else ServiceContract(concluded_on=row.concluded_on, valid_until=row.valid_until)
        )
        return ServiceContractPayload(
            organization=organization, service_contract=contract, user_errors=[]
        )

    @strawberry.mutation(
        description="The owning applicant, the licensor or an admin (register rules p. 7); "
        "takes effect on the next request. No expectedVersion: it sets."
    )
    async def set_publication_consent(
        self, info: Info[Context, None], organization_id: strawberry.ID, consent: bool
    ) -> OrganizationConsentPayload:
        outcome = await resolve.set_publication_consent(info.context, organization_id, consent)
        if outcome.error is not None:
            return OrganizationConsentPayload(
                organization=None,
                publication_consent=None,
                user_errors=user_errors(outcome.error, info),
            )
        return OrganizationConsentPayload(
            organization=await _organization(outcome, info),
            publication_consent=consent,
            user_errors=[],
        )
