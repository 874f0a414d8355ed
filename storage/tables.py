"""The tables. GraphQL types are not tables: schema/ builds its types from rows.

Public records (organisations, licences) get random 63-bit ids, so neither ids nor cursors
reveal how many hidden records lie between two visible ones.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, Integer, String, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

__all__ = [
    "SORT_KEY",
    "ApiToken",
    "AuditLog",
    "Licence",
    "Organization",
    "PublicationConsentEvent",
    "ServiceContract",
]


# 63-bit random ids need BIGINT on PostgreSQL; on SQLite only INTEGER PRIMARY KEY is the rowid.
BIG = BigInteger().with_variant(Integer(), "sqlite")


# Sort keys (domain.text.sort_key) are ordered by code point: SQLite's default, and "C" on
# PostgreSQL, whose default collation (a language's, e.g. ICU or en_US) would reorder them.
SORT_KEY = String().with_variant(String(collation="C"), "postgresql")


def utc_column(nullable: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable)


_utc = utc_column


class Organization(SQLModel, table=True):
    """One row of the organisations register (form, 17 columns; row number is derived).

    Columns 10-12 and 16 come from the current licence and the removal fields here;
    columns 13-14 from the latest `ServiceContract`.
    """

    __tablename__ = "organization"
    __table_args__ = (
        Index("ix_organization_sort_ru", "sort_ru", "id"),
        Index("ix_organization_sort_kk", "sort_kk", "id"),
        # Inclusion-date order and date ranges; its other columns are every column the counts
        # of `totalCount` test but the search text, so they count from it, not from the table.
        Index(
            "ix_organization_included_on",
            "included_on",
            "id",
            "publication_consent",
            "removed_on",
            "bin",
            "service_conditions",
            "client_categories",
        ),
        # A region's page in each order, from the index and not a sort of the region.
        Index("ix_organization_region_sort_ru", "region", "sort_ru", "id"),
        Index("ix_organization_region_sort_kk", "region", "sort_kk", "id"),
        Index("ix_organization_region_included_on", "region", "included_on", "id"),
    )

    id: int = Field(primary_key=True, sa_type=BIG, sa_column_kwargs={"autoincrement": False})
    bin: str = Field(max_length=12, unique=True)
    name_kk: str = Field(max_length=500)
    name_ru: str = Field(max_length=500)
    legal_address_kk: str = Field(max_length=500)
    legal_address_ru: str = Field(max_length=500)
    region: str = Field(max_length=32)
    service_conditions: int = Field(description="bit set of domain.register.ServiceCondition")
    client_categories: int = Field(description="bit set of domain.register.ClientCategory")
    total_capacity: int | None = None
    phone: str | None = Field(default=None, max_length=16)
    email: str | None = Field(default=None, max_length=254)
    included_on: date
    removed_on: date | None = None
    removal_grounds_kk: str | None = Field(default=None, max_length=1000)
    removal_grounds_ru: str | None = Field(default=None, max_length=1000)
    publication_consent: bool = Field(default=False)
    search_text: str = Field(description="domain.text.search_key of both names and the BIN")
    sort_kk: str = Field(
        sa_type=SORT_KEY, description="domain.text.sort_key of name_kk: Kazakh alphabetical order"
    )
    sort_ru: str = Field(
        sa_type=SORT_KEY, description="domain.text.sort_key of name_ru: Russian alphabetical order"
    )
    version: int = Field(default=1)
    created_at: datetime = Field(sa_column=_utc())
    updated_at: datetime = Field(sa_column=_utc())


class Licence(SQLModel, table=True):
    """A licence (annex 3). Text fields in Kazakh and Russian (p. 5-6)."""

    __tablename__ = "licence"
    __table_args__ = (
        Index(
            "uq_licence_current_per_organization",
            "organization_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: int = Field(primary_key=True, sa_type=BIG, sa_column_kwargs={"autoincrement": False})
    organization_id: int = Field(foreign_key="organization.id", index=True, sa_type=BIG)
    number: str = Field(max_length=40, unique=True)
    status: str = Field(max_length=16)
    is_current: bool = Field(default=True)
    issued_on: date
    initial_issued_on: date
    valid_until: date | None = None
    reissued_on: date | None = None
    terminated_on: date | None = None
    licensee_bin: str = Field(max_length=12)
    licensee_name_kk: str = Field(max_length=500)
    licensee_name_ru: str = Field(max_length=500)
    licensee_location_kk: str = Field(max_length=500)
    licensee_location_ru: str = Field(max_length=500)
    service_place_address_kk: str = Field(max_length=500)
    service_place_address_ru: str = Field(max_length=500)
    note_kk: str = Field(max_length=1000)
    note_ru: str = Field(max_length=1000)
    licensor_kk: str = Field(max_length=500)
    licensor_ru: str = Field(max_length=500)
    signer_name: str = Field(max_length=200)
    place_of_issue_kk: str | None = Field(default=None, max_length=200)
    place_of_issue_ru: str | None = Field(default=None, max_length=200)
    suspended_until: date | None = None
    version: int = Field(default=1)
    created_at: datetime = Field(sa_column=_utc())


class ServiceContract(SQLModel, table=True):
    """Columns 13-14: the contract with a local executive body; history kept, latest counts."""

    __tablename__ = "service_contract"
    __table_args__ = (Index("ix_service_contract_organization", "organization_id", "id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    organization_id: int = Field(foreign_key="organization.id", sa_type=BIG)
    concluded_on: date
    valid_until: date | None = None
    recorded_at: datetime = Field(sa_column=_utc())
    recorded_by_role: str = Field(max_length=16)
    recorded_by_subject: str | None = Field(default=None, max_length=64)


class PublicationConsentEvent(SQLModel, table=True):
    """Every change of an organisation's publication consent, timestamped (p. 7)."""

    __tablename__ = "publication_consent_event"
    __table_args__ = (Index("ix_publication_consent_organization", "organization_id", "id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    organization_id: int = Field(foreign_key="organization.id", sa_type=BIG)
    consent: bool
    changed_at: datetime = Field(sa_column=_utc())
    actor_role: str = Field(max_length=16)
    actor_subject: str | None = Field(default=None, max_length=64)


class ApiToken(SQLModel, table=True):
    """A bearer token: only the SHA-256 of its secret is stored."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    secret_hash: str = Field(max_length=64)
    role: str = Field(max_length=16)
    subject: str | None = Field(default=None, max_length=64)
    label: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_column=_utc())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))


class AuditLog(SQLModel, table=True):
    """Append-only: triggers refuse UPDATE and DELETE (migration 0001); hash-chained
    (storage.audit, migration 0007)."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG)
    at: datetime = Field(sa_column=_utc())
    actor_role: str = Field(max_length=16)
    actor_subject: str | None = Field(default=None, max_length=64)
    actor_token_id: int | None = Field(default=None, sa_type=BIG)
    operation: str = Field(max_length=64)
    target: str | None = Field(default=None, max_length=200)
    outcome: str = Field(max_length=64)
    detail: str | None = Field(default=None, max_length=4000)
    hash: str = Field(max_length=64)  # storage.audit.chain_hash of the previous row's and this
