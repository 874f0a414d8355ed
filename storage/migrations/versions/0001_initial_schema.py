"""Initial schema: the organisations register, licences, consent history, tokens, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 01:59:38.360960
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
    for op in ("UPDATE", "DELETE")
]
_POSTGRESQL_TRIGGERS = [
    """CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$""",
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()""",
]


def _append_only_audit_log() -> None:
    """The audit log refuses UPDATE and DELETE at the database, whoever connects."""
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_TRIGGERS if dialect == "sqlite" else _POSTGRESQL_TRIGGERS:
        op.execute(statement)


def upgrade() -> None:

    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_subject", sa.String(length=64), nullable=True),
        sa.Column("actor_token_id", sa.Integer(), nullable=True),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=4000), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "organization",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("name_kk", sa.String(length=500), nullable=False),
        sa.Column("name_ru", sa.String(length=500), nullable=False),
        sa.Column("legal_address_kk", sa.String(length=500), nullable=False),
        sa.Column("legal_address_ru", sa.String(length=500), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("service_conditions", sa.Integer(), nullable=False),
        sa.Column("client_categories", sa.Integer(), nullable=False),
        sa.Column("total_capacity", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("included_on", sa.Date(), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("removal_grounds_kk", sa.String(length=1000), nullable=True),
        sa.Column("removal_grounds_ru", sa.String(length=1000), nullable=True),
        sa.Column("publication_consent", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.Column("sort_kk", sa.String(), nullable=False),
        sa.Column("sort_ru", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bin"),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index("ix_organization_included_on", ["included_on", "id"], unique=False)
        batch_op.create_index("ix_organization_sort_kk", ["sort_kk", "id"], unique=False)
        batch_op.create_index("ix_organization_sort_ru", ["sort_ru", "id"], unique=False)
        batch_op.create_index("ix_organization_region", ["region"], unique=False)

    op.create_table(
        "licence",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("initial_issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("reissued_on", sa.Date(), nullable=True),
        sa.Column("terminated_on", sa.Date(), nullable=True),
        sa.Column("licensee_bin", sa.String(length=12), nullable=False),
        sa.Column("licensee_name_kk", sa.String(length=500), nullable=False),
        sa.Column("licensee_name_ru", sa.String(length=500), nullable=False),
        sa.Column("licensee_location_kk", sa.String(length=500), nullable=False),
        sa.Column("licensee_location_ru", sa.String(length=500), nullable=False),
        sa.Column("service_place_address_kk", sa.String(length=500), nullable=False),
        sa.Column("service_place_address_ru", sa.String(length=500), nullable=False),
        sa.Column("note_kk", sa.String(length=1000), nullable=False),
        sa.Column("note_ru", sa.String(length=1000), nullable=False),
        sa.Column("licensor_kk", sa.String(length=500), nullable=False),
        sa.Column("licensor_ru", sa.String(length=500), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("place_of_issue_kk", sa.String(length=200), nullable=True),
        sa.Column("place_of_issue_ru", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("licence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_licence_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            "uq_licence_current_per_organization",
            ["organization_id"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )

    op.create_table(
        "publication_consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_subject", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("publication_consent_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_publication_consent_organization", ["organization_id", "id"], unique=False
        )

    op.create_table(
        "service_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "organization_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("concluded_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_role", sa.String(length=16), nullable=False),
        sa.Column("recorded_by_subject", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("service_contract", schema=None) as batch_op:
        batch_op.create_index(
            "ix_service_contract_organization", ["organization_id", "id"], unique=False
        )

    _append_only_audit_log()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    else:
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")

    with op.batch_alter_table("service_contract", schema=None) as batch_op:
        batch_op.drop_index("ix_service_contract_organization")

    op.drop_table("service_contract")
    with op.batch_alter_table("publication_consent_event", schema=None) as batch_op:
        batch_op.drop_index("ix_publication_consent_organization")

    op.drop_table("publication_consent_event")
    with op.batch_alter_table("licence", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_licence_current_per_organization",
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )
        batch_op.drop_index(batch_op.f("ix_licence_organization_id"))

    op.drop_table("licence")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index("ix_organization_region")
        batch_op.drop_index("ix_organization_sort_ru")
        batch_op.drop_index("ix_organization_sort_kk")
        batch_op.drop_index("ix_organization_included_on")

    op.drop_table("organization")
    op.drop_table("audit_log")
    op.drop_table("api_token")
