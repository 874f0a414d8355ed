"""Sort keys compare by code point on PostgreSQL too (`COLLATE "C"`), as they do on SQLite:
domain.text.sort_key builds them for a binary order, which a language collation would undo.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 09:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_COLUMNS = [
    (table, column) for table in ("organization", "specialist") for column in ("sort_kk", "sort_ru")
]


def _collate(collation: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite compares text by its bytes already
    for table, column in _COLUMNS:
        # The column's indexes are rebuilt with it, in the new order.
        op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE VARCHAR COLLATE "{collation}"')


def upgrade() -> None:
    _collate("C")


def downgrade() -> None:
    _collate("default")
