"""Tables of the licence lifecycle: applications, their history, licence events, reissues,
complaints and idempotency keys. History tables are append-only by convention of the code:
rows are inserted, never updated.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables import BIG, utc_column

__all__ = [
    "ApplicationEvent",
    "Complaint",
    "ComplaintEvent",
    "IdempotencyKey",
    "LicenceApplication",
    "LicenceEvent",
    "ReissueApplication",
]


def _utc(nullable: bool = False) -> Column[datetime]:
    return utc_column(nullable)


class LicenceApplication(SQLModel, table=True):
    """The application (annex 2) and where it stands in domain.licensing's table."""

    __tablename__ = "licence_application"
    __table_args__ = (
        Index("ix_licence_application_status", "status", "id"),
        Index("ix_licence_application_applicant", "applicant_bin", "id"),
        Index("ix_licence_application_region", "region", "id"),
        Index("ix_licence_application_step_due", "step_due_on"),
    )

    id: int = Field(primary_key=True, sa_type=BIG, sa_column_kwargs={"autoincrement": False})
    applicant_bin: str = Field(max_length=12)
    applicant_name_kk: str = Field(max_length=500)
    applicant_name_ru: str = Field(max_length=500)
    legal_address_kk: str = Field(max_length=500)
    legal_address_ru: str = Field(max_length=500)
    region: str = Field(max_length=32)
    email: str = Field(max_length=254)
    phone: str = Field(max_length=16)
    service_place_address_kk: str = Field(max_length=500)
    service_place_address_ru: str = Field(max_length=500)
    service_conditions: int
    client_categories: int
    total_capacity: int | None = None
    head_name: str = Field(max_length=200)
    documents: str = Field(default="[]", description="JSON list of attached documents")
    publication_consent: bool
    status: str = Field(max_length=32)
    version: int = Field(default=1)
    received_at: datetime = Field(sa_column=_utc())
    registered_on: date
    due_on: date
    step: str | None = Field(default=None, max_length=32)
    step_due_on: date | None = None
    conclusion: str | None = Field(default=None, description="JSON findings (annex 2-2)")
    conclusion_positive: bool | None = None
    missing_documents: str | None = Field(default=None, description="JSON list (annex 2-1)")
    grounds: str | None = Field(default=None, description="JSON refusal grounds with notes")
    notice_on: date | None = None
    hearing_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))
    hearing_place: str | None = Field(default=None, max_length=500)
    objection: str | None = Field(default=None, max_length=4000)
    hearing_outcome: str | None = Field(default=None, max_length=16)
    hearing_minutes: str | None = Field(default=None, max_length=4000)
    licence_id: int | None = Field(default=None, foreign_key="licence.id", sa_type=BIG)
    created_at: datetime = Field(sa_column=_utc())
    updated_at: datetime = Field(sa_column=_utc())


class ApplicationEvent(SQLModel, table=True):
    __tablename__ = "licence_application_event"
    __table_args__ = (Index("ix_licence_application_event", "application_id", "id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    application_id: int = Field(foreign_key="licence_application.id", sa_type=BIG)
    at: datetime = Field(sa_column=_utc())
    actor_role: str = Field(max_length=16)
    actor_subject: str | None = Field(default=None, max_length=64)
    command: str = Field(max_length=64)
    from_status: str | None = Field(default=None, max_length=32)
    to_status: str = Field(max_length=32)
    reasons: str = Field(default="[]")
    note: str = Field(default="", max_length=8000)
    documents: str = Field(default="[]")


class LicenceEvent(SQLModel, table=True):
    """What happened to a licence after issue (chapter 3), shown in its history."""

    __tablename__ = "licence_event"
    __table_args__ = (Index("ix_licence_event", "licence_id", "id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    licence_id: int = Field(foreign_key="licence.id", sa_type=BIG)
    at: datetime = Field(sa_column=_utc())
    actor_role: str = Field(max_length=16)
    actor_subject: str | None = Field(default=None, max_length=64)
    kind: str = Field(max_length=32)
    note: str = Field(default="", max_length=4000)
    data: str = Field(default="{}")


class ReissueApplication(SQLModel, table=True):
    """Annex 4: a reissue (переоформление) application and its decision."""

    __tablename__ = "reissue_application"
    __table_args__ = (Index("ix_reissue_application_licence", "licence_id", "id"),)

    id: int = Field(primary_key=True, sa_type=BIG, sa_column_kwargs={"autoincrement": False})
    licence_id: int = Field(foreign_key="licence.id", sa_type=BIG)
    applicant_bin: str = Field(max_length=12)
    reason: str = Field(max_length=32)
    changes: str = Field(default="{}", description="JSON of the new annex 3 texts")
    documents: str = Field(default="[]", description="JSON list of attached documents")
    status: str = Field(max_length=16)
    version: int = Field(default=1)
    received_at: datetime = Field(sa_column=_utc())
    registered_on: date
    due_on: date
    decided_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))
    decision_reason: str | None = Field(default=None, max_length=4000)
    created_at: datetime = Field(sa_column=_utc())
    updated_at: datetime = Field(sa_column=_utc())


class Complaint(SQLModel, table=True):
    """Chapter 4: a complaint against a decision, action or inaction."""

    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_status", "status", "id"),
        Index("ix_complaint_applicant", "applicant_bin", "id"),
        Index("ix_complaint_step_due", "step_due_on"),
    )

    id: int = Field(primary_key=True, sa_type=BIG, sa_column_kwargs={"autoincrement": False})
    applicant_bin: str = Field(max_length=12)
    application_id: int | None = Field(
        default=None, foreign_key="licence_application.id", sa_type=BIG
    )
    licence_id: int | None = Field(default=None, foreign_key="licence.id", sa_type=BIG)
    addressee: str = Field(max_length=16)
    text: str = Field(max_length=8000)
    status: str = Field(max_length=16)
    decision: str | None = Field(default=None, max_length=16)
    decision_reasons: str | None = Field(default=None, max_length=4000)
    closing_note: str | None = Field(default=None, max_length=4000)
    version: int = Field(default=1)
    received_at: datetime = Field(sa_column=_utc())
    registered_on: date
    due_on: date
    step: str | None = Field(default=None, max_length=32)
    step_due_on: date | None = None
    forwarded_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))
    created_at: datetime = Field(sa_column=_utc())
    updated_at: datetime = Field(sa_column=_utc())


class ComplaintEvent(SQLModel, table=True):
    __tablename__ = "complaint_event"
    __table_args__ = (Index("ix_complaint_event", "complaint_id", "id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    complaint_id: int = Field(foreign_key="complaint.id", sa_type=BIG)
    at: datetime = Field(sa_column=_utc())
    actor_role: str = Field(max_length=16)
    actor_subject: str | None = Field(default=None, max_length=64)
    command: str = Field(max_length=64)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    note: str = Field(default="", max_length=8000)


class IdempotencyKey(SQLModel, table=True):
    """A submit mutation's key: a replay returns the first result; other input is refused."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("actor", "key", name="uq_idempotency_actor_key"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    actor: str = Field(max_length=100)
    key: str = Field(max_length=100)
    operation: str = Field(max_length=64)
    request_hash: str = Field(max_length=64)
    result_id: int = Field(sa_type=BIG)
    created_at: datetime = Field(sa_column=_utc())
