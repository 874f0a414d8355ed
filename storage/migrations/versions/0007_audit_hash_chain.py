"""The audit log is hash-chained (storage.audit): every row gets `hash`, the rows already there
in id order; on PostgreSQL TRUNCATE is refused too, like UPDATE and DELETE.

The append-only triggers are lifted for the backfill alone, inside this migration's
transaction, and put back before it commits.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 09:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.audit import AUDIT, GENESIS, chain_hash

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_log_no_{kind.lower()} BEFORE {kind} ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
    for kind in ("UPDATE", "DELETE")
]
_POSTGRESQL_TRIGGER = """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"""
_POSTGRESQL_TRUNCATE = """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"""


def _lift_triggers(sqlite: bool) -> None:
    if sqlite:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    else:
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")


def _restore_triggers(sqlite: bool) -> None:
    for statement in _SQLITE_TRIGGERS if sqlite else [_POSTGRESQL_TRIGGER]:
        op.execute(statement)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    _lift_triggers(sqlite)
    op.add_column("audit_log", sa.Column("hash", sa.String(length=64), nullable=True))
    previous = GENESIS
    rows = bind.execute(sa.select(AUDIT).order_by(AUDIT.c.id)).mappings().all()
    for row in rows:
        previous = chain_hash(previous, row)
        bind.execute(sa.update(AUDIT).where(AUDIT.c.id == row["id"]).values(hash=previous))
    with op.batch_alter_table("audit_log") as batch:  # SQLite: a copy of the table
        batch.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
    _restore_triggers(sqlite)
    if not sqlite:
        op.execute(_POSTGRESQL_TRUNCATE)


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if not sqlite:
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    _lift_triggers(sqlite)
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("hash")
    _restore_triggers(sqlite)
