"""The change feed of the registers (`registerChanges`): one row per write that changes an
organisation's or a specialist's register record, with whether the record was public before
and after it. Append-only: rows are inserted, never updated or deleted.

Three orders, all assigned at insert by writers that take turns (storage.engine: BEGIN
IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so each rises with commit order:

- `seq`, the table's key, across both registers: the feed's order;
- `entity_seq`, gapless among the rows of one register: where an officer who sees that whole
  register is in it;
- `public_seq`, gapless among the rows of one register the public may see (public before or
  after), else null: where the public is in it.

Cursors and change stamps are made of `entity_seq` and `public_seq` only, never of `seq`: the
gaps between two public rows' `seq` would count the changes of hidden records.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer
from sqlmodel import Field, SQLModel

from storage.tables import BIG, utc_column

__all__ = ["RegisterChange"]

# BIGSERIAL on PostgreSQL; on SQLite only INTEGER PRIMARY KEY is the rowid.
SEQ = BigInteger().with_variant(Integer(), "sqlite")


class RegisterChange(SQLModel, table=True):
    __tablename__ = "register_change"
    __table_args__ = (
        Index("ix_register_change_at", "at"),
        Index("ix_register_change_record", "entity", "entity_id"),
        Index("uq_register_change_entity_seq", "entity", "entity_seq", unique=True),
        Index("uq_register_change_public_seq", "entity", "public_seq", unique=True),
        {"sqlite_autoincrement": True},
    )

    seq: int | None = Field(default=None, primary_key=True, sa_type=SEQ)
    at: datetime = Field(sa_column=utc_column())
    entity: str = Field(max_length=16, description="ORGANIZATION or SPECIALIST")
    entity_id: int = Field(
        sa_type=BIG, description="the record's id (no foreign key: either table)"
    )
    created: bool = Field(description="this write included the record in its register")
    public_before: bool
    public_after: bool
    entity_seq: int = Field(sa_type=BIG)
    public_seq: int | None = Field(default=None, sa_type=BIG)
