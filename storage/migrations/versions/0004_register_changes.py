"""The registers' change feed (`registerChanges`), with a row for each record already in
either register: included when it was created, public if it consents now.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:12:31.402117
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BACKFILL = """
INSERT INTO register_change
    (at, entity, entity_id, created, public_before, public_after, entity_seq, public_seq)
SELECT created_at, '{entity}', id, TRUE, FALSE, {public},
       ROW_NUMBER() OVER w,
       CASE WHEN {public} THEN SUM(CASE WHEN {public} THEN 1 ELSE 0 END) OVER w END
FROM {table}
WINDOW w AS (ORDER BY created_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY created_at, id
"""


def upgrade() -> None:
    op.create_table(
        "register_change",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column(
            "entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created", sa.Boolean(), nullable=False),
        sa.Column("public_before", sa.Boolean(), nullable=False),
        sa.Column("public_after", sa.Boolean(), nullable=False),
        sa.Column("entity_seq", sa.Integer(), nullable=False),
        sa.Column("public_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("register_change", schema=None) as batch_op:
        batch_op.create_index("ix_register_change_at", ["at"], unique=False)
        batch_op.create_index("ix_register_change_record", ["entity", "entity_id"], unique=False)
        batch_op.create_index(
            "uq_register_change_entity_seq", ["entity", "entity_seq"], unique=True
        )
        batch_op.create_index(
            "uq_register_change_public_seq", ["entity", "public_seq"], unique=True
        )
    op.execute(
        _BACKFILL.format(entity="ORGANIZATION", public="publication_consent", table="organization")
    )
    op.execute(
        _BACKFILL.format(
            entity="SPECIALIST",
            public="(specialist_consent AND organization_consent)",
            table="specialist",
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("register_change", schema=None) as batch_op:
        batch_op.drop_index("uq_register_change_public_seq")
        batch_op.drop_index("uq_register_change_entity_seq")
        batch_op.drop_index("ix_register_change_record")
        batch_op.drop_index("ix_register_change_at")

    op.drop_table("register_change")
