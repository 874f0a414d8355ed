"""Complaints in the full schema (licensing rules, chapter 4): types, inputs, queries, mutations.

A complaint addressed to the quality-assessment body is decided by the admin role: there is no
role for that body yet (domain.complaints).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy.engine import Row
from strawberry.types import Info

from domain.complaints import (
    Close,
    ComplaintAddressee,
    ComplaintDecision,
    ComplaintStatus,
    ComplaintStep,
    Decide,
    Forward,
    Satisfy,
)
from domain.viewer import Role
from resolvers import complaints as resolve
from resolvers.context import Context
from resolvers.ids import encode_id
from resolvers.mutations import Outcome
from resolvers.pagination import DEFAULT_PAGE_SIZE
from schema.applications import LicenceApplication
from schema.common import LocalizedString, Node, PageInfo, label
from schema.payloads import UserError, user_errors
from schema.register import Licence
from storage.complaints import ComplaintFilter as StoredFilter

__all__ = ["Complaint", "ComplaintMutations", "ComplaintQueries"]


@strawberry.type(description="One entry of a complaint's append-only history.")
class ComplaintEvent:
    at: datetime
    actor_role: Role
    actor_subject: str | None
    command: str
    from_status: ComplaintStatus | None
    to_status: ComplaintStatus
    note: str

    @classmethod
    def from_row(cls, row: Row[Any]) -> ComplaintEvent:
        return cls(
            at=row.at,
            actor_role=Role(row.actor_role),
            actor_subject=row.actor_subject,
            command=row.command,
            from_status=ComplaintStatus(row.from_status) if row.from_status else None,
            to_status=ComplaintStatus(row.to_status),
            note=row.note,
        )


@strawberry.type(
    description="A complaint against a decision, action or inaction on a licence application "
    "or a licence (licensing rules p. 36-41)."
)
class Complaint(Node):
    version: int = strawberry.field(description="Pass as expectedVersion to change it.")
    status: ComplaintStatus
    status_label: LocalizedString
    addressee: ComplaintAddressee
    addressee_label: LocalizedString
    text: str
    received_at: datetime
    registered_on: date = strawberry.field(description="The working day every term counts from.")
    due_on: date = strawberry.field(
        description="The decision's deadline: 5 working days for the licensor (p. 37), 15 for "
        "the quality-assessment body (p. 38)."
    )
    step: ComplaintStep | None
    step_label: LocalizedString | None
    step_due_on: date | None = strawberry.field(
        description="The current step's deadline: forwarding 3 working days (p. 39), then the "
        "decision at dueOn."
    )
    overdue: bool = strawberry.field(description="The current step is past its deadline.")
    forwarded_at: datetime | None
    decision: ComplaintDecision | None
    decision_label: LocalizedString | None
    decision_reasons: str | None
    closing_note: str | None = strawberry.field(
        description="The applicant's note after the outcome, e.g. that it went to court (p. 41)."
    )
    allowed_commands: list[str] = strawberry.field(description="What may be done next.")
    pk: strawberry.Private[int]
    application_id: strawberry.Private[int | None]
    licence_id: strawberry.Private[int | None]

    @strawberry.field(description="Every transition, oldest first.")
    async def history(self, info: Info[Context, None]) -> list[ComplaintEvent]:
        rows = await info.context.loaders.events_by_complaint.load(self.pk)
        return [ComplaintEvent.from_row(r) for r in rows]

    @strawberry.field(description="The application complained about, if you may see it.")
    async def application(self, info: Info[Context, None]) -> LicenceApplication | None:
        if self.application_id is None:
            return None
        row = await info.context.loaders.application_by_id.load(self.application_id)
        return None if row is None else LicenceApplication.from_row(row, info)

    @strawberry.field(description="The licence complained about, if you may see it.")
    async def licence(self, info: Info[Context, None]) -> Licence | None:
        if self.licence_id is None:
            return None
        row = await info.context.loaders.licence_by_id.load(self.licence_id)
        return None if row is None else Licence.from_row(row)

    @classmethod
    def from_row(cls, row: Row[Any], info: Info[Context, None]) -> Complaint:
        ctx = info.context
        status = ComplaintStatus(row.status)
        addressee = ComplaintAddressee(row.addressee)
        step = ComplaintStep(row.step) if row.step else None
        decision = ComplaintDecision(row.decision) if row.decision else None
        return cls(
            id=strawberry.ID(encode_id("Complaint", row.id)),
            pk=row.id,
            application_id=row.application_id,
            licence_id=row.licence_id,
            version=row.version,
            status=status,
            status_label=label(status),
            addressee=addressee,
            addressee_label=label(addressee),
            text=row.text,
            received_at=row.received_at,
            registered_on=row.registered_on,
            due_on=row.due_on,
            step=step,
            step_label=label(step) if step else None,
            step_due_on=row.step_due_on,
            overdue=(
                step is not None
                and row.step_due_on is not None
                and ctx.calendar.is_overdue(row.step_due_on, ctx.now)
            ),
            forwarded_at=row.forwarded_at,
            decision=decision,
            decision_label=label(decision) if decision else None,
            decision_reasons=row.decision_reasons,
            closing_note=row.closing_note,
            allowed_commands=resolve.commands_for(row),
        )


@strawberry.type
class ComplaintEdge:
    cursor: str
    node: Complaint


@strawberry.type
class ComplaintConnection:
    edges: list[ComplaintEdge]
    page_info: PageInfo
    page: strawberry.Private[resolve.ComplaintPage]

    @strawberry.field
    def nodes(self) -> list[Complaint]:
        return [e.node for e in self.edges]

    @strawberry.field(description="Counted only when asked for.")
    async def total_count(self, info: Info[Context, None]) -> int:
        return await resolve.count(info.context, self.page.filter)


@strawberry.input(
    description="Exactly one of applicationId and licenceId: your own application or licence."
)
class ComplaintInput:
    application_id: strawberry.ID | None = None
    licence_id: strawberry.ID | None = None
    addressee: ComplaintAddressee
    text: str


@strawberry.input
class ComplaintFilter:
    statuses: list[ComplaintStatus] | None = None
    overdue: bool = strawberry.field(
        default=False, description="Only open complaints whose current step is past due."
    )


@strawberry.type
class ComplaintPayload:
    complaint: Complaint | None
    user_errors: list[UserError]


async def _one(info: Info[Context, None], pk: int) -> Complaint | None:
    row = await resolve.load_visible(info.context, pk)
    if row is None:
        return None
    return Complaint.from_row(row, info)


async def _payload(outcome: Outcome[int], info: Info[Context, None]) -> ComplaintPayload:
    if outcome.error is not None or outcome.value is None:
        return ComplaintPayload(complaint=None, user_errors=user_errors(outcome.error, info))
    return ComplaintPayload(complaint=await _one(info, outcome.value), user_errors=[])


@strawberry.type
class ComplaintQueries:
    @strawberry.field(
        description="Complaints you may see, newest registration first: an applicant its own, "
        "the licensor and admins all, other roles none."
    )
    async def complaints(
        self,
        info: Info[Context, None],
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: ComplaintFilter | None = None,
    ) -> ComplaintConnection:
        f = filter or ComplaintFilter()
        ctx = info.context
        page = await resolve.list_complaints(
            ctx,
            first=DEFAULT_PAGE_SIZE if first is None else first,
            after=after,
            f=StoredFilter(
                statuses=tuple(f.statuses or ()),
                overdue_on=ctx.calendar.local_date(ctx.now) if f.overdue else None,
            ),
        )
        edges = [
            ComplaintEdge(cursor=c, node=Complaint.from_row(r, info))
            for r, c in zip(page.rows, page.cursors, strict=True)
        ]
        return ComplaintConnection(
            edges=edges,
            page=page,
            page_info=PageInfo.of(
                list(page.cursors), has_next=page.has_next, has_previous=page.has_previous
            ),
        )

    @strawberry.field(description="Null when it does not exist or you may not see it.")
    async def complaint(self, info: Info[Context, None], id: strawberry.ID) -> Complaint | None:
        row = await resolve.find_complaint(info.context, id)
        if row is None:
            return None
        return Complaint.from_row(row, info)


@strawberry.type
class ComplaintMutations:
    @strawberry.mutation(
        description="Applicant, about its own application or licence (p. 36). Registered on "
        "the next working day if filed after hours. A replay with the same idempotencyKey "
        "returns the first complaint; the same key with other input is refused."
    )
    async def file_complaint(
        self,
        info: Info[Context, None],
        input: ComplaintInput,
        idempotency_key: str | None = None,
    ) -> ComplaintPayload:
        outcome = await resolve.file(
            info.context,
            application_id=input.application_id,
            licence_id=input.licence_id,
            addressee=input.addressee,
            text=input.text,
            idempotency_key=idempotency_key,
        )
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Licensor: sends the complaint with the case file to its reviewer, within "
        "3 working days (p. 39); later is accepted, the complaint shows overdue meanwhile."
    )
    async def forward_complaint(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        note: str | None = None,
    ) -> ComplaintPayload:
        command = Forward(note or "")
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Licensor: the complaint is fully satisfied within the 3 working days of "
        "p. 39, so it is not forwarded (p. 40). Refused once those days have passed."
    )
    async def satisfy_complaint(
        self, info: Info[Context, None], id: strawberry.ID, expected_version: int, note: str
    ) -> ComplaintPayload:
        outcome = await resolve.transition(info.context, id, expected_version, Satisfy(note))
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="The reviewer decides, with reasons: the licensor for a complaint to the "
        "licensor (p. 37), the admin role for one to the quality-assessment body (p. 38), "
        "which has no role of its own yet."
    )
    async def decide_complaint(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        decision: ComplaintDecision,
        reasons: str,
    ) -> ComplaintPayload:
        command = Decide(decision, reasons)
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Applicant: a closing note on a decided or satisfied complaint, e.g. that "
        "it went to court (p. 41). The status stays; the history records it."
    )
    async def close_complaint(
        self, info: Info[Context, None], id: strawberry.ID, expected_version: int, note: str
    ) -> ComplaintPayload:
        outcome = await resolve.transition(info.context, id, expected_version, Close(note))
        return await _payload(outcome, info)
