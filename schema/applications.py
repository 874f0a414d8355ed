"""Licence applications in the full schema: types, inputs, queries and mutations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
import strawberry
from sqlalchemy.engine import Row
from strawberry.types import Info

from domain.application_form import ApplicationForm
from domain.licensing import (
    AgreeConclusion,
    ApplicationStatus,
    CompletenessCheck,
    Conclusion,
    Finding,
    Ground,
    Hearing,
    HearingOutcome,
    Objection,
    PreliminaryRefusal,
    RefusalGround,
    RefuseLicence,
    SignAcceptanceRefusal,
    SignLicence,
    Step,
    Withdraw,
)
from domain.regions import Region
from domain.register import ClientCategory, ServiceCondition
from domain.viewer import Role
from resolvers import applications as resolve
from resolvers.context import Context
from resolvers.ids import encode_id
from resolvers.inputs import check_xin
from resolvers.mutations import Outcome
from resolvers.pagination import DEFAULT_PAGE_SIZE
from schema.common import (
    ClientCategoryType,
    LocalizedString,
    Node,
    PageInfo,
    RegionType,
    ServiceConditionType,
    label,
    localized,
)
from schema.payloads import UserError, user_errors
from schema.register import Licence
from storage.applications import ApplicationFilter
from storage.bitsets import from_mask

__all__ = ["ApplicationMutations", "ApplicationQueries", "LicenceApplication"]


@strawberry.type
class ApplicationEvent:
    at: datetime
    actor_role: Role
    actor_subject: str | None
    command: str
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    reasons: list[str]
    note: str
    documents: list[str]

    @classmethod
    def from_row(cls, row: Row[Any]) -> ApplicationEvent:
        return cls(
            at=row.at,
            actor_role=Role(row.actor_role),
            actor_subject=row.actor_subject,
            command=row.command,
            from_status=ApplicationStatus(row.from_status) if row.from_status else None,
            to_status=ApplicationStatus(row.to_status),
            reasons=orjson.loads(row.reasons),
            note=row.note,
            documents=orjson.loads(row.documents),
        )


@strawberry.type(description="A ground for refusal (annex 1 item 10) with the licensor's note.")
class RefusalGroundEntry:
    ground: RefusalGround
    label: LocalizedString
    note: str


@strawberry.type(description="One line of the inspection conclusion (annex 2-2).")
class ConclusionFinding:
    requirement: str
    conforms: bool
    note: str


@strawberry.type(description="The preliminary refusal's notice and hearing (p. 21-23).")
class HearingNotice:
    notice_on: date
    hearing_at: datetime
    hearing_place: str
    objection: str | None
    outcome: HearingOutcome | None
    minutes: str | None


@strawberry.type(description="An application for a licence (annex 2) and where it stands.")
class LicenceApplication(Node):
    version: int = strawberry.field(description="Pass as expectedVersion to change it.")
    status: ApplicationStatus
    status_label: LocalizedString
    applicant_bin: str
    applicant_name: LocalizedString
    legal_address: LocalizedString
    region: RegionType
    email: str
    phone: str
    service_place_address: LocalizedString
    service_conditions: list[ServiceConditionType]
    client_categories: list[ClientCategoryType]
    total_capacity: int | None
    head_name: str
    documents: list[str]
    publication_consent: bool
    received_at: datetime
    registered_on: date = strawberry.field(description="The working day every term counts from.")
    due_on: date = strawberry.field(description="The whole service's deadline (15 working days).")
    step: Step | None
    step_label: LocalizedString | None
    step_due_on: date | None = strawberry.field(description="The current step's deadline.")
    overdue: bool = strawberry.field(
        description="Open, and the current step or the whole 15-working-day term is past due."
    )
    missing_documents: list[str] = strawberry.field(description="Annex 2-1, when refused.")
    conclusion: list[ConclusionFinding]
    conclusion_positive: bool | None
    grounds: list[RefusalGroundEntry]
    hearing: HearingNotice | None
    allowed_commands: list[str] = strawberry.field(description="What may be done next.")
    pk: strawberry.Private[int]
    licence_id: strawberry.Private[int | None]

    @strawberry.field(description="Every transition, oldest first.")
    async def history(self, info: Info[Context, None]) -> list[ApplicationEvent]:
        rows = await info.context.loaders.events_by_application.load(self.pk)
        return [ApplicationEvent.from_row(r) for r in rows]

    @strawberry.field(description="The licence issued on this application.")
    async def licence(self, info: Info[Context, None]) -> Licence | None:
        if self.licence_id is None:
            return None
        row = await info.context.loaders.licence_by_id.load(self.licence_id)
        return None if row is None else Licence.from_row(row)

    @classmethod
    def from_row(cls, row: Row[Any], info: Info[Context, None]) -> LicenceApplication:
        ctx = info.context
        status = ApplicationStatus(row.status)
        step = Step(row.step) if row.step else None
        grounds = orjson.loads(row.grounds) if row.grounds else []
        hearing = None
        if row.notice_on is not None:
            hearing = HearingNotice(
                notice_on=row.notice_on,
                hearing_at=row.hearing_at,
                hearing_place=row.hearing_place,
                objection=row.objection,
                outcome=HearingOutcome(row.hearing_outcome) if row.hearing_outcome else None,
                minutes=row.hearing_minutes,
            )
        return cls(
            id=strawberry.ID(encode_id("LicenceApplication", row.id)),
            pk=row.id,
            licence_id=row.licence_id,
            version=row.version,
            status=status,
            status_label=label(status),
            applicant_bin=row.applicant_bin,
            applicant_name=localized(row.applicant_name_kk, row.applicant_name_ru),
            legal_address=localized(row.legal_address_kk, row.legal_address_ru),
            region=RegionType.of(Region(row.region)),
            email=row.email,
            phone=row.phone,
            service_place_address=localized(
                row.service_place_address_kk, row.service_place_address_ru
            ),
            service_conditions=[
                ServiceConditionType.of(m)
                for m in from_mask(ServiceCondition, row.service_conditions)
            ],
            client_categories=[
                ClientCategoryType.of(m) for m in from_mask(ClientCategory, row.client_categories)
            ],
            total_capacity=row.total_capacity,
            head_name=row.head_name,
            documents=orjson.loads(row.documents),
            publication_consent=row.publication_consent,
            received_at=row.received_at,
            registered_on=row.registered_on,
            due_on=row.due_on,
            step=step,
            step_label=label(step) if step else None,
            step_due_on=row.step_due_on,
            overdue=not status.is_final
            and any(
                due is not None and ctx.calendar.is_overdue(due, ctx.now)
                for due in (row.step_due_on, row.due_on)
            ),
            missing_documents=orjson.loads(row.missing_documents) if row.missing_documents else [],
            conclusion=[ConclusionFinding(**f) for f in orjson.loads(row.conclusion or "[]")],
            conclusion_positive=row.conclusion_positive,
            grounds=[
                RefusalGroundEntry(
                    ground=RefusalGround(g["ground"]),
                    label=label(RefusalGround(g["ground"])),
                    note=g["note"],
                )
                for g in grounds
            ],
            hearing=hearing,
            allowed_commands=resolve.commands_for(row),
        )


@strawberry.type
class LicenceApplicationEdge:
    cursor: str
    node: LicenceApplication


@strawberry.type
class LicenceApplicationConnection:
    edges: list[LicenceApplicationEdge]
    page_info: PageInfo
    page: strawberry.Private[resolve.ApplicationPage]

    @strawberry.field
    def nodes(self) -> list[LicenceApplication]:
        return [e.node for e in self.edges]

    @strawberry.field(description="Counted only when asked for.")
    async def total_count(self, info: Info[Context, None]) -> int:
        return await resolve.count(info.context, self.page.filter)


@strawberry.input
class LocalizedStringInput:
    kk: str
    ru: str


@strawberry.input(description="The application form (annex 2).")
class LicenceApplicationInput:
    applicant_bin: str
    applicant_name: LocalizedStringInput
    legal_address: LocalizedStringInput
    region: Region
    email: str
    phone: str
    service_place_address: LocalizedStringInput
    service_conditions: list[ServiceCondition]
    client_categories: list[ClientCategory]
    total_capacity: int | None = None
    head_name: str
    documents: list[str]
    publication_consent: bool = strawberry.field(
        description="Publish the organisation's register record (register rules p. 7)."
    )
    personal_data_consent: bool = strawberry.field(
        description="Consent to the use of restricted personal data; required."
    )

    def form(self) -> ApplicationForm:
        return ApplicationForm(
            applicant_bin=self.applicant_bin,
            applicant_name_kk=self.applicant_name.kk,
            applicant_name_ru=self.applicant_name.ru,
            legal_address_kk=self.legal_address.kk,
            legal_address_ru=self.legal_address.ru,
            region=self.region,
            email=self.email,
            phone=self.phone,
            service_place_address_kk=self.service_place_address.kk,
            service_place_address_ru=self.service_place_address.ru,
            service_conditions=tuple(self.service_conditions),
            client_categories=tuple(self.client_categories),
            total_capacity=self.total_capacity,
            head_name=self.head_name,
            documents=tuple(self.documents),
            publication_consent=self.publication_consent,
            personal_data_consent=self.personal_data_consent,
        )


@strawberry.input
class FindingInput:
    requirement: str
    conforms: bool
    note: str = ""


@strawberry.input(description="The inspection conclusion (annex 2-2).")
class ConclusionInput:
    findings: list[FindingInput]
    note: str = ""


@strawberry.input
class RefusalGroundInput:
    ground: RefusalGround
    note: str


@strawberry.input
class LicenceApplicationFilter:
    statuses: list[ApplicationStatus] | None = None
    regions: list[Region] | None = None
    applicant_bin: str | None = None
    overdue: bool = strawberry.field(
        default=False, description="Only open applications whose current step is past due."
    )


@strawberry.type
class LicenceApplicationPayload:
    licence_application: LicenceApplication | None
    user_errors: list[UserError]


async def _payload(outcome: Outcome[int], info: Info[Context, None]) -> LicenceApplicationPayload:
    if outcome.error is not None or outcome.value is None:
        return LicenceApplicationPayload(
            licence_application=None, user_errors=user_errors(outcome.error, info)
        )
    row = await info.context.loaders.application_by_id.load(outcome.value)
    application = None if row is None else LicenceApplication.from_row(row, info)
    return LicenceApplicationPayload(licence_application=application, user_errors=[])


def _grounds(grounds: list[RefusalGroundInput]) -> tuple[Ground, ...]:
    return tuple(Ground(ground=g.ground, note=g.note) for g in grounds)


@strawberry.type
class ApplicationQueries:
    @strawberry.field(description="Applications you may see, newest registration first.")
    async def licence_applications(
        self,
        info: Info[Context, None],
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: LicenceApplicationFilter | None = None,
    ) -> LicenceApplicationConnection:
        f = filter or LicenceApplicationFilter()
        ctx = info.context
        page = await resolve.list_applications(
            ctx,
            first=DEFAULT_PAGE_SIZE if first is None else first,
            after=after,
            f=ApplicationFilter(
                statuses=tuple(f.statuses or ()),
                regions=tuple(f.regions or ()),
                applicant=(
                    check_xin(f.applicant_bin, ["filter", "applicantBin"])
                    if f.applicant_bin is not None
                    else None
                ),
                overdue_on=ctx.calendar.local_date(ctx.now) if f.overdue else None,
            ),
        )
        edges = [
            LicenceApplicationEdge(cursor=c, node=LicenceApplication.from_row(r, info))
            for r, c in zip(page.rows, page.cursors, strict=True)
        ]
        return LicenceApplicationConnection(
            edges=edges,
            page=page,
            page_info=PageInfo.of(
                list(page.cursors), has_next=page.has_next, has_previous=page.has_previous
            ),
        )

    @strawberry.field
    async def licence_application(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> LicenceApplication | None:
        row = await resolve.find_application(info.context, id)
        return None if row is None else LicenceApplication.from_row(row, info)


@strawberry.type
class ApplicationMutations:
    @strawberry.mutation(
        description="Applicant. A replay with the same idempotencyKey returns "
        "the first result; the same key with other input is refused."
    )
    async def submit_licence_application(
        self,
        info: Info[Context, None],
        input: LicenceApplicationInput,
        idempotency_key: str | None = None,
    ) -> LicenceApplicationPayload:
        outcome = await resolve.submit_application(info.context, input.form(), idempotency_key)
        return await _payload(outcome, info)

    @strawberry.mutation(description="Applicant, while the application is open.")
    async def withdraw_licence_application(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        reason: str = "",
    ) -> LicenceApplicationPayload:
        outcome = await resolve.transition(info.context, id, expected_version, Withdraw(reason))
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Inspector, 1 working day (p. 13). Incomplete or expired "
        "documents: list them; the receipt refuses acceptance (annex 2-1)."
    )
    async def record_completeness_check(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        complete: bool,
        missing_documents: list[str] | None = None,
    ) -> LicenceApplicationPayload:
        command = CompletenessCheck(complete, tuple(missing_documents or ()))
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Licensor, 1 working day (p. 14): signs the receipt "
        "refusing acceptance (annex 2-1); the refusal is then final."
    )
    async def sign_acceptance_refusal(
        self, info: Info[Context, None], id: strawberry.ID, expected_version: int
    ) -> LicenceApplicationPayload:
        command = SignAcceptanceRefusal()
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(description="Inspector, 7 working days (p. 15): annex 2-2.")
    async def submit_inspection_conclusion(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        input: ConclusionInput,
    ) -> LicenceApplicationPayload:
        command = Conclusion(
            findings=tuple(Finding(f.requirement, f.conforms, f.note) for f in input.findings),
            note=input.note,
        )
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(description="Licensor, 2 working days (p. 17); positive conclusions.")
    async def agree_conclusion(
        self, info: Info[Context, None], id: strawberry.ID, expected_version: int
    ) -> LicenceApplicationPayload:
        outcome = await resolve.transition(info.context, id, expected_version, AgreeConclusion())
        return await _payload(outcome, info)

    @strawberry.mutation(
        description="Licensor (p. 21): notice no later than 3 working days "
        "before the term ends; the hearing within 3 working days of it."
    )
    async def issue_preliminary_refusal(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        grounds: list[RefusalGroundInput],
        hearing_at: datetime,
        hearing_place: str,
    ) -> LicenceApplicationPayload:
        command = PreliminaryRefusal(_grounds(grounds), hearing_at, hearing_place)
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)

    @strawberry.mutation(description="Applicant, 3 working days from the notice (p. 23).")
    async def record_objection(
        self, info: Info[Context, None], id: strawberry.ID, expected_version: int, text: str
    ) -> LicenceApplicationPayload:
        outcome = await resolve.transition(info.context, id, expected_version, Objection(text))
        return await _payload(outcome, info)

    @strawberry.mutation(description="Licensor: the hearing's outcome and minutes (p. 24).")
    async def record_hearing(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        outcome: HearingOutcome,
        minutes: str,
    ) -> LicenceApplicationPayload:
        result = await resolve.transition(
            info.context, id, expected_version, Hearing(outcome, minutes)
        )
        return await _payload(result, info)

    @strawberry.mutation(
        description="Licensor (head), 2 working days (p. 18): issues the "
        "licence and includes the organisation in the register."
    )
    async def sign_licence(
        self, info: Info[Context, None], id: strawberry.ID, expected_version: int
    ) -> LicenceApplicationPayload:
        outcome = await resolve.transition(info.context, id, expected_version, SignLicence())
        return await _payload(outcome, info)

    @strawberry.mutation(description="Licensor: the motivated refusal (annex 3-1).")
    async def refuse_licence(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        expected_version: int,
        grounds: list[RefusalGroundInput],
    ) -> LicenceApplicationPayload:
        command = RefuseLicence(_grounds(grounds))
        outcome = await resolve.transition(info.context, id, expected_version, command)
        return await _payload(outcome, info)
