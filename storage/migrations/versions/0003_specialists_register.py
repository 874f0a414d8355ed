"""The register of specialists: applications with their history of rounds, register entries
with education and employment, consent events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:52:45.033140
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "specialist",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column(
            "application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("applicant", sa.String(length=64), nullable=False),
        sa.Column("iin", sa.String(length=12), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("patronymic", sa.String(length=100), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("mobile_phone", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("settlement_kk", sa.String(length=200), nullable=False),
        sa.Column("settlement_ru", sa.String(length=200), nullable=False),
        sa.Column("address_kk", sa.String(length=500), nullable=False),
        sa.Column("address_ru", sa.String(length=500), nullable=False),
        sa.Column("profession_kk", sa.String(length=200), nullable=False),
        sa.Column("profession_ru", sa.String(length=200), nullable=False),
        sa.Column("experience_years", sa.Integer(), nullable=False),
        sa.Column("experience_months", sa.Integer(), nullable=False),
        sa.Column("qualification_category", sa.String(length=16), nullable=True),
        sa.Column("qualification_assigned_on", sa.Date(), nullable=True),
        sa.Column("qualification_body_kk", sa.String(length=500), nullable=True),
        sa.Column("qualification_body_ru", sa.String(length=500), nullable=True),
        sa.Column("included_on", sa.Date(), nullable=False),
        sa.Column("specialist_consent", sa.Boolean(), nullable=False),
        sa.Column("organization_consent", sa.Boolean(), nullable=False),
        sa.Column("name_search", sa.String(), nullable=False),
        sa.Column("profession_search", sa.String(), nullable=False),
        sa.Column("sort_kk", sa.String(), nullable=False),
        sa.Column("sort_ru", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id"),
    )
    with op.batch_alter_table("specialist", schema=None) as batch_op:
        batch_op.create_index("ix_specialist_included_on", ["included_on", "id"], unique=False)
        batch_op.create_index(
            "ix_specialist_qualification", ["qualification_category"], unique=False
        )
        batch_op.create_index("ix_specialist_region", ["region"], unique=False)
        batch_op.create_index("ix_specialist_sort_kk", ["sort_kk", "id"], unique=False)
        batch_op.create_index("ix_specialist_sort_ru", ["sort_ru", "id"], unique=False)
        batch_op.create_index(
            "uq_specialist_iin",
            ["iin"],
            unique=True,
            sqlite_where=sa.text("iin IS NOT NULL"),
            postgresql_where=sa.text("iin IS NOT NULL"),
        )

    op.create_table(
        "specialist_application",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("applicant", sa.String(length=64), nullable=False),
        sa.Column("iin", sa.String(length=12), nullable=True),
        sa.Column("full_name", sa.String(length=320), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reasons", sa.String(), nullable=False),
        sa.Column("comment", sa.String(length=4000), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "specialist_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialist.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("specialist_application", schema=None) as batch_op:
        batch_op.create_index(
            "ix_specialist_application_applicant", ["applicant", "id"], unique=False
        )
        batch_op.create_index(
            "uq_specialist_application_open_iin",
            ["applicant", "iin"],
            unique=True,
            sqlite_where=sa.text("iin IS NOT NULL AND status IN ('SUBMITTED', 'RETURNED')"),
            postgresql_where=sa.text("iin IS NOT NULL AND status IN ('SUBMITTED', 'RETURNED')"),
        )
        batch_op.create_index(
            "ix_specialist_application_registered", ["registered_on", "id"], unique=False
        )
        batch_op.create_index(
            "ix_specialist_application_status", ["status", "due_on"], unique=False
        )

    op.create_table(
        "specialist_consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "specialist_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("specialist_consent", sa.Boolean(), nullable=False),
        sa.Column("organization_consent", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_subject", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialist.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("specialist_consent_event", schema=None) as batch_op:
        batch_op.create_index("ix_specialist_consent_event", ["specialist_id", "id"], unique=False)

    op.create_table(
        "specialist_education",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "specialist_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("institution_kk", sa.String(length=500), nullable=False),
        sa.Column("institution_ru", sa.String(length=500), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=False),
        sa.Column("document", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialist.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("specialist_education", schema=None) as batch_op:
        batch_op.create_index("ix_specialist_education", ["specialist_id", "ordinal"], unique=False)

    op.create_table(
        "specialist_employment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "specialist_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("organization_name_kk", sa.String(length=500), nullable=False),
        sa.Column("organization_name_ru", sa.String(length=500), nullable=False),
        sa.Column("employer_bin", sa.String(length=12), nullable=False),
        sa.Column("position_kk", sa.String(length=200), nullable=False),
        sa.Column("position_ru", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialist.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("specialist_employment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_specialist_employment", ["specialist_id", "ordinal"], unique=False
        )
        batch_op.create_index(
            "ix_specialist_employment_employer",
            ["employer_bin", "ended_on", "specialist_id"],
            unique=False,
        )

    op.create_table(
        "specialist_application_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_subject", sa.String(length=64), nullable=True),
        sa.Column("command", sa.String(length=64), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reasons", sa.String(), nullable=False),
        sa.Column("comment", sa.String(length=4000), nullable=False),
        sa.Column("form", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["specialist_application.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("specialist_application_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_specialist_application_event", ["application_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("specialist_application_event", schema=None) as batch_op:
        batch_op.drop_index("ix_specialist_application_event")

    op.drop_table("specialist_application_event")
    with op.batch_alter_table("specialist_employment", schema=None) as batch_op:
        batch_op.drop_index("ix_specialist_employment_employer")
        batch_op.drop_index("ix_specialist_employment")

    op.drop_table("specialist_employment")
    with op.batch_alter_table("specialist_education", schema=None) as batch_op:
        batch_op.drop_index("ix_specialist_education")

    op.drop_table("specialist_education")
    with op.batch_alter_table("specialist_consent_event", schema=None) as batch_op:
        batch_op.drop_index("ix_specialist_consent_event")

    op.drop_table("specialist_consent_event")
    with op.batch_alter_table("specialist_application", schema=None) as batch_op:
        batch_op.drop_index("ix_specialist_application_status")
        batch_op.drop_index("ix_specialist_application_registered")
        batch_op.drop_index(
            "uq_specialist_application_open_iin",
            sqlite_where=sa.text("iin IS NOT NULL AND status IN ('SUBMITTED', 'RETURNED')"),
            postgresql_where=sa.text("iin IS NOT NULL AND status IN ('SUBMITTED', 'RETURNED')"),
        )
        batch_op.drop_index("ix_specialist_application_applicant")

    op.drop_table("specialist_application")
    with op.batch_alter_table("specialist", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_specialist_iin",
            sqlite_where=sa.text("iin IS NOT NULL"),
            postgresql_where=sa.text("iin IS NOT NULL"),
        )
        batch_op.drop_index("ix_specialist_sort_ru")
        batch_op.drop_index("ix_specialist_sort_kk")
        batch_op.drop_index("ix_specialist_region")
        batch_op.drop_index("ix_specialist_qualification")
        batch_op.drop_index("ix_specialist_included_on")

    op.drop_table("specialist")
