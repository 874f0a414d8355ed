"""Every id and feed position is a 64-bit integer on PostgreSQL, as on SQLite, whose INTEGER
is always 64 bits: an id or cursor beyond 2**31 from a client (`rgs_99999999999_…`,
`revokeApiToken`, a forged audit or feed cursor) is then an unknown record, never an
out-of-range parameter error, and the tables can outgrow 2**31 rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Tables whose `id` is a serial: the column and its sequence widen.
_SERIAL_IDS = [
    "api_token",
    "audit_log",
    "complaint_event",
    "idempotency_key",
    "licence_application_event",
    "licence_event",
    "publication_consent_event",
    "service_contract",
    "specialist_application_event",
    "specialist_consent_event",
    "specialist_education",
    "specialist_employment",
]
_OTHER = [
    ("audit_log", "actor_token_id"),
    ("register_change", "entity_seq"),
    ("register_change", "public_seq"),
]


def _widen(kind: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's INTEGER is 64 bits already
    for table in _SERIAL_IDS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN id TYPE {kind}")
        op.execute(f"ALTER SEQUENCE {table}_id_seq AS {kind}")
    for table, column in _OTHER:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind}")


def upgrade() -> None:
    _widen("BIGINT")


def downgrade() -> None:
    _widen("INTEGER")
