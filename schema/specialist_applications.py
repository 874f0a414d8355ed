"""Specialist applications in the full schema (specialists rules p. 6-10): types, inputs,
queries and mutations, and the consent change of a register entry (p. 5)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
import strawberry
from sqlalchemy.engine import Row
from strawberry.types import Info

from domain.specialist_codes import (
    ReturnReason,
    SpecialistRefusalReason,
)
from domain.specialist_form import (
    SpecialistForm,
    form_from_json,
    full_name,
)
from domain.specialists import (
    RefuseSpecialist,
    RegisterSpecialist,
    Resubmit,
    ReturnForRevision,
    SpecialistApplicationStatus,
)
from domain.viewer import Role
from resolvers import specialist_applications as resolve
from resolvers import specialists as resolve_specialists
from resolvers.context import Context
from resolvers.ids import encode_id
from resolvers.mutations import Outcome
from resolvers.pagination import DEFAULT_PAGE_SIZE
from schema.common import LocalizedString, Node, PageInfo, label, localized
from schema.payloads import UserError, user_errors
from schema.specialist_inputs import SpecialistApplicationInput
from schema.specialists import (
    Education,
    Employment,
    Experience,
    Qualification,
    Residence,
    Specialist,
)
from storage.specialist_applications import SpecialistApplicationFilter as StoredFilter

__all__ = [
    "SpecialistApplication",
    "SpecialistApplicationMutations",
    "SpecialistApplicationQueries",
]

_REASONS_OF: dict[str, type[ReturnReason] | type[SpecialistRefusalReason]] = {
    "returnSpecialistApplication": ReturnReason,
    "refuseSpecialistApplication": SpecialistRefusalReason,
    SpecialistApplicationStatus.RETURNED: ReturnReason,
    SpecialistApplicationStatus.REFUSED: SpecialistRefusalReason,
}


@strawberry.type(description="A reason for returning or refusing (p. 9), with its label.")
class DecisionReason:
    code: str = strawberry.field(description="A ReturnReason or SpecialistRefusalReason value.")
    label: LocalizedString


def _reasons(decided_by: str, raw: str) -> list[DecisionReason]:
    """The stored reason codes, labelled; `decided_by` (a command or a status) names the list."""
    enum = _REASONS_OF.get(decided_by)
    if enum is None:
        return []
    return [DecisionReason(code=c, label=label(enum(c))) for c in orjson.loads(raw)]


@strawberry.type(description="The specialist's data as the applicant gave it in one round.")
class SpecialistApplicationData:
    iin: str | None = strawberry.field(description="Never shown in the public register.")
    surname: str
    given_name: str
    patronymic: str | None
    full_name: str
    birth_date: date
    mobile_phone: str
    email: str | None
    residence: Residence
    profession: LocalizedString
    experience: Experience
    education: list[Education]
    employment: list[Employment]
    qualification: Qualification | None
    specialist_consent: bool
    organization_consent: bool
    documents: list[str]

    @classmethod
    def of(cls, form: SpecialistForm) -> SpecialistApplicationData:
        return cls(
            iin=form.iin,
            surname=form.surname,
            given_name=form.given_name,
            patronymic=form.patronymic,
            full_name=full_name(form.surname, form.given_name, form.patronymic),
            birth_date=form.birth_date,
            mobile_phone=form.mobile_phone,
            email=form.email,
            residence=Residence.of(form),
            profession=localized(form.profession_kk, form.profession_ru),
            experience=Experience(years=form.experience_years, months=form.experience_months),
            education=[Education.of(e) for e in form.education],
            employment=[Employment.of(e) for e in form.employment],
            qualification=Qualification.of(form.qualification) if form.qualification else None,
            specialist_consent=form.specialist_consent,
            organization_consent=form.organization_consent,
            documents=list(form.documents),
        )


@strawberry.type(description="One entry of an application's append-only history.")
class SpecialistApplicationEvent:
    at: datetime
    actor_role: Role
    actor_subject: str | None
    command: str
    from_status: SpecialistApplicationStatus | None
    to_status: SpecialistApplicationStatus
    round: int = strawberry.field(description="1 for the first submission, +1 per resubmission.")
    registered_on: date = strawberry.field(description="The day this round's term counts from.")
    due_on: date = strawberry.field(description="This round's decision deadline.")
    reasons: list[DecisionReason]
    comment: str
    data: SpecialistApplicationData | None = strawberry.field(
        description="On a submission or resubmission: the data of that round."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> SpecialistApplicationEvent:
        return cls(
            at=row.at,
            actor_role=Role(row.actor_role),
            actor_subject=row.actor_subject,
            command=row.command,
            from_status=SpecialistApplicationStatus(row.from_status) if row.from_status else None,
            to_status=SpecialistApplicationStatus(row.to_status),
            round=row.round,
            registered_on=row.registered_on,
            due_on=row.due_on,
            reasons=_reasons(row.command, row.reasons),
            comment=row.comment,
            data=(
                SpecialistApplicationData.of(form_from_json(orjson.loads(row.form)))
                if row.form
                else None
            ),
        )


@strawberry.type(
    description="An application to include a specialist in the register (p. 6-10); the "
    "administrator decides within 5 working days of receipt (p. 9)."
)
class SpecialistApplication(Node):
    version: int = strawberry.field(description="Pass as expectedVersion to change it.")
    status: SpecialistApplicationStatus
    status_label: LocalizedString
    applicant: str = strawberry.field(
        description="Who applied, as the portal knows it: BIN/IIN, mobile phone or e-mail."
    )
    full_name: str
    round: int = strawberry.field(description="1 for the first submission, +1 per resubmission.")
    received_at: datetime = strawberry.field(description="When this round was received.")
    registered_on: date = strawberry.field(description="The working day the term counts from.")
    due_on: date = strawberry.field(description="This round's decision deadline (5 working days).")
    overdue: bool = strawberry.field(description="Awaiting a decision past its due date.")
    reasons: list[DecisionReason] = strawberry.field(description="The last decision's reasons.")
    comment: str
    decided_at: datetime | None
    data: SpecialistApplicationData = strawberry.field(description="The current round's data.")
    allowed_commands: list[str] = strawberry.field(description="What may be done next.")
    pk: strawberry.Private[int]
    specialist_id: strawberry.Private[int | None]

    @strawberry.field(description="Every step, oldest first; each round keeps its data.")
    async def history(self, info: Info[Context, None]) -> list[SpecialistApplicationEvent]:
        rows = await info.context.loaders.events_by_specialist_application.load(self.pk)
        return [SpecialistApplicationEvent.from_row(r) for r in rows]

    @strawberry.field(description="The register entry made when the application was registered.")
    async def specialist(self, info: Info[Context, None]) -> Specialist | None:
        if self.specialist_id is None:
            return None
        row = await info.context.loaders.specialist_by_id.load(self.specialist_id)
        return None if row is None else Specialist.from_row(row)

    @classmethod
    def from_row(cls, row: Row[Any], info: Info[Context, None]) -> SpecialistApplication:
        ctx = info.context
        status = SpecialistApplicationStatus(row.status)
        return cls(
            id=strawberry.ID(encode_id("SpecialistApplication", row.id)),
            pk=row.id,
            specialist_id=row.specialist_id,
            version=row.version,
            status=status,
            status_label=label(status),
            applicant=row.applicant,
            full_name=row.full_name,
            round=row.round,
            received_at=row.received_at,
            registered_on=row.registered_on,
            due_on=row.due_on,
            overdue=status is SpecialistApplicationStatus.SUBMITTED
            and ctx.calendar.is_overdue(row.due_on, ctx.now),
            reasons=_reasons(status, row.reasons),
            comment=row.comment,
            decided_at=row.decided_at,
            data=SpecialistApplicationData.of(resolve.form_of(row)),
            allowed_commands=resolve.commands_for(row),
        )


@strawberry.type
class SpecialistApplicationEdge:
    cursor: str
    node: SpecialistApplication


@strawberry.type
class SpecialistApplicationConnection:
    edges: list[SpecialistApplicationEdge]
    page_info: PageInfo
    page: strawberry.Private[resolve.SpecialistApplicationPage]

    @strawberry.field
    def nodes(self) -> list[SpecialistApplication]:
        return [e.node for e in self.edges]

    @strawberry.field(description="Counted only when asked for.")
    async def total_count(self, info: Info[Context, None]) -> int:
        return await resolve.count(info.context, self.page.filter)


@strawberry.input
class SpecialistApplicationFilter:
    statuses: list[SpecialistApplicationStatus] | None = None
    applicant: str | None = strawberry.field(
        default=None, description="Exactly this applicant (BIN/IIN, phone or e-mail)."
    )
    overdue: bool = strawberry.field(
        default=False, description="Only applications awaiting a decision past its due date."
    )


# --- payloads, queries, mutations -----------------------------------------------------------


@strawberry.type
class SpecialistApplicationPayload:
    specialist_application: SpecialistApplication | None
    user_errors: list[UserError]


@strawberry.type
class SpecialistPayload:
    specialist: Specialist | None
    user_errors: list[UserError]


async def _payload(
    outcome: Outcome[int], info: Info[Context, None]
) -> SpecialistApplicationPayload:
    if outcome.error is not None or outcome.value is None:
        return SpecialistApplicationPayload(
            specialist_application=None, user_errors=user_errors(outcome.error, info)
        )
    row = await info.context.loaders.specialist_application_by_id.load(outcome.value)
    application = None if row is None else SpecialistApplication.from_row(row, info)
    return SpecialistApplicationPayload(specialist_application=application, user_errors=[])


@strawberry.type
class SpecialistApplicationQueries:
    @strawberry.field(
        description="Specialist applications you may see (registrar: all; applicant: its own), "
        "newest registration first."
    )
    async def specialist_applications(
        self,
        info: Info[Context, None],
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: SpecialistApplicationFilter | None = None,
    ) -> SpecialistApplicationConnection:
        f = filter or SpecialistApplicationFilter()
        ctx = info.context
        page = await resolve.list_applications(
            ctx,
            first=DEFAULT_PAGE_SIZE if first is None else first,
            after=after,
            f=StoredFilter(
                statuses=tuple(dict.fromkeys(f.statuses or ())),
                applicant=resolve.check_applicant(f.applicant),
                overdue_on=ctx.calendar.local_date(ctx.now) if f.overdue else None,
            ),
        )
        edges = [
            SpecialistApplicationEdge(cursor=c, node=SpecialistApplication.from_row(r, info))
            for r, c in zip(page.rows, page.cursors, strict=True)
        ]
        return SpecialistApplicationConnection(
            edges=edges,
            page=page,
            page_info=PageInfo.of(
                list(page.cursors), has_next=page.has_next, has_previous=page.has_previous
            ),
        )

    @strawberry.field
    async def specialist_application(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> SpecialistApplication | None:
        row = await resolve.find_application(info.context, id)
        return None if row is None else SpecialistApplication.from_row(row, info)


@strawberry.type
class SpecialistApplicationMutations:
    @strawberry.mutation(
        description="Applicant (p. 8). A replay with the same idempotencyKey returns the first "
        "result; the same key with other input is refused."
    )
    async def submit_specialist_application(
        self,
        info: Info[Context, None],
        input: SpecialistApplicationInput,
        idempotency_key: str | None = None,
    ) -> SpecialistApplicationPayload:
        outcome = await resolve.submit(info.context, input.form(), idempotency_key)
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Registrar, 5 working days (p. 9 sub-p. 1): the specialist enters the "
        "register with today's inclusion date."
    )
    async def register_specialist_application(
        self, info: Info[Context, None], id: strawberry.ID, expected_version: int
    ) -> SpecialistApplicationPayload:
        command = RegisterSpecialist()
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Registrar, 5 working days (p. 9 sub-p. 2): back to the applicant for "
        "revision, with one or more reasons and what to fix."
    )
    async def return_specialist_application(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        reasons: list[ReturnReason],
        comment: str,
    ) -> SpecialistApplicationPayload:
        command = ReturnForRevision(tuple(reasons), comment)
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Registrar, 5 working days (p. 9 sub-p. 3): refused with one or more "
        "reasons; final."
    )
    async def refuse_specialist_application(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        reasons: list[SpecialistRefusalReason],
        comment: str | None = None,
    ) -> SpecialistApplicationPayload:
        command = RefuseSpecialist(tuple(reasons), comment or "")
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Applicant (p. 10): the corrected application after a return; a new "
        "5-working-day term starts."
    )
    async def resubmit_specialist_application(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        input: SpecialistApplicationInput,
    ) -> SpecialistApplicationPayload:
        outcome = await resolve.transition(
            info.context, id, expected_version, Resubmit(), form=input.form()
        )
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Registrar, or the applicant that applied for the specialist (p. 5): both "
        "consents as now given; without both the entry is hidden from the public at once."
    )
    async def set_specialist_consent(
        self,
        info: Info[Context, None],
        specialist_id: strawberry.ID,
        specialist_consent: bool,
        organization_consent: bool,
    ) -> SpecialistPayload:
        outcome = await resolve_specialists.set_consent(
            info.context,
            specialist_id,
            specialist_consent=specialist_consent,
            organization_consent=organization_consent,
        )
        if outcome.error is not None or outcome.value is None:
            return SpecialistPayload(specialist=None, user_errors=user_errors(outcome.error, info))
        row = await info.context.loaders.specialist_by_id.load(outcome.value)
        return SpecialistPayload(
            specialist=None if row is None else Specialist.from_row(row), user_errors=[]
        )
