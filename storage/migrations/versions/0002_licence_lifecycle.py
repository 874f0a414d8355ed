"""The licence lifecycle: applications and their history, licence events, reissues,
complaints, idempotency keys; licences get a suspension end date.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:18:37.539240
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "idempotency_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "result_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("actor", "key", name="uq_idempotency_actor_key"),
    )
    op.create_table(
        "licence_application",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("applicant_bin", sa.String(length=12), nullable=False),
        sa.Column("applicant_name_kk", sa.String(length=500), nullable=False),
        sa.Column("applicant_name_ru", sa.String(length=500), nullable=False),
        sa.Column("legal_address_kk", sa.String(length=500), nullable=False),
        sa.Column("legal_address_ru", sa.String(length=500), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("service_place_address_kk", sa.String(length=500), nullable=False),
        sa.Column("service_place_address_ru", sa.String(length=500), nullable=False),
        sa.Column("service_conditions", sa.Integer(), nullable=False),
        sa.Column("client_categories", sa.Integer(), nullable=False),
        sa.Column("total_capacity", sa.Integer(), nullable=True),
        sa.Column("head_name", sa.String(length=200), nullable=False),
        sa.Column("documents", sa.String(), nullable=False),
        sa.Column("publication_consent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=True),
        sa.Column("step_due_on", sa.Date(), nullable=True),
        sa.Column("conclusion", sa.String(), nullable=True),
        sa.Column("conclusion_positive", sa.Boolean(), nullable=True),
        sa.Column("missing_documents", sa.String(), nullable=True),
        sa.Column("grounds", sa.String(), nullable=True),
        sa.Column("notice_on", sa.Date(), nullable=True),
        sa.Column("hearing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hearing_place", sa.String(length=500), nullable=True),
        sa.Column("objection", sa.String(length=4000), nullable=True),
        sa.Column("hearing_outcome", sa.String(length=16), nullable=True),
        sa.Column("hearing_minutes", sa.String(length=4000), nullable=True),
        sa.Column(
            "licence_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["licence.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("licence_application", schema=None) as batch_op:
        batch_op.create_index(
            "ix_licence_application_applicant", ["applicant_bin", "id"], unique=False
        )
        batch_op.create_index("ix_licence_application_region", ["region", "id"], unique=False)
        batch_op.create_index("ix_licence_application_status", ["status", "id"], unique=False)
        batch_op.create_index("ix_licence_application_step_due", ["step_due_on"], unique=False)

    op.create_table(
        "licence_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "licence_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_subject", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=4000), nullable=False),
        sa.Column("data", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["licence.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("licence_event", schema=None) as batch_op:
        batch_op.create_index("ix_licence_event", ["licence_id", "id"], unique=False)

    op.create_table(
        "reissue_application",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column(
            "licence_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("applicant_bin", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("changes", sa.String(), nullable=False),
        sa.Column("documents", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.String(length=4000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["licence.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reissue_application", schema=None) as batch_op:
        batch_op.create_index("ix_reissue_application_licence", ["licence_id", "id"], unique=False)

    op.create_table(
        "complaint",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("applicant_bin", sa.String(length=12), nullable=False),
        sa.Column(
            "application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "licence_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("addressee", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(length=8000), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decision_reasons", sa.String(length=4000), nullable=True),
        sa.Column("closing_note", sa.String(length=4000), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=True),
        sa.Column("step_due_on", sa.Date(), nullable=True),
        sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["licence_application.id"],
        ),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["licence.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_applicant", ["applicant_bin", "id"], unique=False)
        batch_op.create_index("ix_complaint_status", ["status", "id"], unique=False)
        batch_op.create_index("ix_complaint_step_due", ["step_due_on"], unique=False)

    op.create_table(
        "licence_application_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_subject", sa.String(length=64), nullable=True),
        sa.Column("command", sa.String(length=64), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("reasons", sa.String(), nullable=False),
        sa.Column("note", sa.String(length=8000), nullable=False),
        sa.Column("documents", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["licence_application.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("licence_application_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_licence_application_event", ["application_id", "id"], unique=False
        )

    op.create_table(
        "complaint_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "complaint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_subject", sa.String(length=64), nullable=True),
        sa.Column("command", sa.String(length=64), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=8000), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_event", schema=None) as batch_op:
        batch_op.create_index("ix_complaint_event", ["complaint_id", "id"], unique=False)

    with op.batch_alter_table("licence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suspended_until", sa.Date(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("licence", schema=None) as batch_op:
        batch_op.drop_column("suspended_until")

    with op.batch_alter_table("complaint_event", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_event")

    op.drop_table("complaint_event")
    with op.batch_alter_table("licence_application_event", schema=None) as batch_op:
        batch_op.drop_index("ix_licence_application_event")

    op.drop_table("licence_application_event")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_step_due")
        batch_op.drop_index("ix_complaint_status")
        batch_op.drop_index("ix_complaint_applicant")

    op.drop_table("complaint")
    with op.batch_alter_table("reissue_application", schema=None) as batch_op:
        batch_op.drop_index("ix_reissue_application_licence")

    op.drop_table("reissue_application")
    with op.batch_alter_table("licence_event", schema=None) as batch_op:
        batch_op.drop_index("ix_licence_event")

    op.drop_table("licence_event")
    with op.batch_alter_table("licence_application", schema=None) as batch_op:
        batch_op.drop_index("ix_licence_application_step_due")
        batch_op.drop_index("ix_licence_application_status")
        batch_op.drop_index("ix_licence_application_region")
        batch_op.drop_index("ix_licence_application_applicant")

    op.drop_table("licence_application")
    op.drop_table("idempotency_key")
