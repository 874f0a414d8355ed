"""Tables of the register of specialists (form, 10 columns) and of the applications it is
formed from (specialists rules p. 6-10). History and consent tables are append-only by
convention of the code: rows are inserted, never updated.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from storage.tables import BIG, SORT_KEY, utc_column

__all__ = [
    "Specialist",
    "SpecialistApplication",
    "SpecialistApplicationEvent",
    "SpecialistConsentEvent",
    "SpecialistEducation",
    "SpecialistEmployment",
]


class SpecialistApplication(SQLModel, table=True):
    """An applicant's application to include a specialist; `form` is the current round's."""

    __tablename__ = "specialist_application"
    __table_args__ = (
        Index("ix_specialist_application_status", "status", "due_on"),
        Index("ix_specialist_application_applicant", "applicant", "id"),
        Index(
            "uq_specialist_application_open_iin",
            "applicant",
            "iin",
            unique=True,
            sqlite_where=text("iin IS NOT NULL AND status IN ('SUBMITTED', 'RETURNED')"),
            postgresql_where=text("iin IS NOT NULL AND status IN ('SUBMITTED', 'RETURNED')"),
        ),
        Index("ix_specialist_application_registered", "registered_on", "id"),
    )

    id: int = Field(primary_key=True, sa_type=BIG, sa_column_kwargs={"autoincrement": False})
    applicant: str = Field(max_length=64, description="domain.tokens.applicant_subject")
    iin: str | None = Field(default=None, max_length=12)
    full_name: str = Field(max_length=320)
    form: str = Field(description="JSON of domain.specialist_form.SpecialistForm")
    status: str = Field(max_length=16)
    round: int = Field(default=1, description="1 for the first submission, +1 per resubmission")
    version: int = Field(default=1)
    received_at: datetime = Field(sa_column=utc_column())
    registered_on: date = Field(description="The working day this round's term counts from.")
    due_on: date = Field(description="This round's decision deadline (p. 9: 5 working days).")
    reasons: str = Field(default="[]", description="JSON: the last decision's reason codes")
    comment: str = Field(default="", max_length=4000)
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    specialist_id: int | None = Field(default=None, foreign_key="specialist.id", sa_type=BIG)
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class SpecialistApplicationEvent(SQLModel, table=True):
    """One history entry; a submission or resubmission keeps the form of its round."""

    __tablename__ = "specialist_application_event"
    __table_args__ = (Index("ix_specialist_application_event", "application_id", "id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    application_id: int = Field(foreign_key="specialist_application.id", sa_type=BIG)
    at: datetime = Field(sa_column=utc_column())
    actor_role: str = Field(max_length=16)
    actor_subject: str | None = Field(default=None, max_length=64)
    command: str = Field(max_length=64)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    round: int
    registered_on: date
    due_on: date
    reasons: str = Field(default="[]")
    comment: str = Field(default="", max_length=4000)
    form: str | None = Field(default=None, description="JSON of the round's form, on submission")


class Specialist(SQLModel, table=True):
    """One entry of the register of specialists (form, 10 columns), kk and ru (p. 4).

    Public only while both `specialist_consent` and `organization_consent` hold (p. 5).
    """

    __tablename__ = "specialist"
    __table_args__ = (
        Index("ix_specialist_sort_kk", "sort_kk", "id"),
        Index("ix_specialist_sort_ru", "sort_ru", "id"),
        # Inclusion-date order; its other columns are those the visibility predicate tests, so
        # the counts of `totalCount` without a filter count from it, not from the table.
        Index(
            "ix_specialist_included_on",
            "included_on",
            "id",
            "specialist_consent",
            "organization_consent",
            "applicant",
        ),
        # A region's or a qualification category's page in each order, from the index and not a
        # sort of all its entries.
        Index("ix_specialist_region_sort_kk", "region", "sort_kk", "id"),
        Index("ix_specialist_region_sort_ru", "region", "sort_ru", "id"),
        Index("ix_specialist_region_included_on", "region", "included_on", "id"),
        Index("ix_specialist_qualification_sort_kk", "qualification_category", "sort_kk", "id"),
        Index("ix_specialist_qualification_sort_ru", "qualification_category", "sort_ru", "id"),
        Index(
            "ix_specialist_qualification_included_on", "qualification_category", "included_on", "id"
        ),
        Index(
            "uq_specialist_iin",
            "iin",
            unique=True,
            sqlite_where=text("iin IS NOT NULL"),
            postgresql_where=text("iin IS NOT NULL"),
        ),
    )

    id: int = Field(primary_key=True, sa_type=BIG, sa_column_kwargs={"autoincrement": False})
    application_id: int | None = Field(
        default=None, sa_type=BIG, unique=True, description="None for entries imported in bulk"
    )
    applicant: str = Field(max_length=64)
    iin: str | None = Field(default=None, max_length=12)
    surname: str = Field(max_length=100)
    given_name: str = Field(max_length=100)
    patronymic: str | None = Field(default=None, max_length=100)
    birth_date: date
    mobile_phone: str = Field(max_length=16)
    email: str | None = Field(default=None, max_length=254)
    region: str = Field(max_length=32)
    settlement_kk: str = Field(max_length=200)
    settlement_ru: str = Field(max_length=200)
    address_kk: str = Field(max_length=500)
    address_ru: str = Field(max_length=500)
    profession_kk: str = Field(max_length=200)
    profession_ru: str = Field(max_length=200)
    experience_years: int
    experience_months: int
    qualification_category: str | None = Field(default=None, max_length=16)
    qualification_assigned_on: date | None = None
    qualification_body_kk: str | None = Field(default=None, max_length=500)
    qualification_body_ru: str | None = Field(default=None, max_length=500)
    included_on: date = Field(description="Register column 10.")
    specialist_consent: bool
    organization_consent: bool
    name_search: str = Field(description="domain.text.search_key of the full name")
    profession_search: str = Field(description="domain.text.search_key of both professions")
    sort_kk: str = Field(
        sa_type=SORT_KEY, description="domain.text.sort_key of the full name, Kazakh order"
    )
    sort_ru: str = Field(
        sa_type=SORT_KEY, description="domain.text.sort_key of the full name, Russian order"
    )
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class SpecialistEducation(SQLModel, table=True):
    """Register column 7, one row per entry, in the applicant's order."""

    __tablename__ = "specialist_education"
    __table_args__ = (Index("ix_specialist_education", "specialist_id", "ordinal"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    specialist_id: int = Field(foreign_key="specialist.id", sa_type=BIG)
    ordinal: int
    level: str = Field(max_length=32)
    institution_kk: str = Field(max_length=500)
    institution_ru: str = Field(max_length=500)
    started_on: date
    finished_on: date
    document: str = Field(max_length=500)


class SpecialistEmployment(SQLModel, table=True):
    """Register column 8; an entry without `ended_on` is the specialist's current work."""

    __tablename__ = "specialist_employment"
    __table_args__ = (
        Index("ix_specialist_employment", "specialist_id", "ordinal"),
        Index("ix_specialist_employment_employer", "employer_bin", "ended_on", "specialist_id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    specialist_id: int = Field(foreign_key="specialist.id", sa_type=BIG)
    ordinal: int
    organization_name_kk: str = Field(max_length=500)
    organization_name_ru: str = Field(max_length=500)
    employer_bin: str = Field(max_length=12)
    position_kk: str = Field(max_length=200)
    position_ru: str = Field(max_length=200)
    started_on: date
    ended_on: date | None = None


class SpecialistConsentEvent(SQLModel, table=True):
    """Every change of a specialist's two publication consents, timestamped (p. 5)."""

    __tablename__ = "specialist_consent_event"
    __table_args__ = (Index("ix_specialist_consent_event", "specialist_id", "id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    specialist_id: int = Field(foreign_key="specialist.id", sa_type=BIG)
    specialist_consent: bool
    organization_consent: bool
    changed_at: datetime = Field(sa_column=utc_column())
    actor_role: str = Field(max_length=16)
    actor_subject: str | None = Field(default=None, max_length=64)
