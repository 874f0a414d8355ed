"""An index for every filter and ordering of the registers (issue 6; the plans are checked by
tests/storage/test_query_plans.py):

- a region's page, and a qualification category's page of specialists, in each order (name in
  Kazakh or Russian, inclusion date) comes from an index `(filter, sort key, id)` instead of a
  sort of every entry of the region or category; these replace the indexes on the filter
  column alone, which they begin with;
- the inclusion-date indexes also carry the columns the counts of `totalCount` test (visibility,
  status, the applicant's own record, the bit sets of the organisations' filters), so a count
  reads that index and not the table. Their first columns stay `(included_on, id)`: the
  inclusion-date order and date ranges use them as before. A separate index on the consent
  columns would have been simpler, but the planner, without statistics or misled by the
  many removal dates, chose it for the public's pages too and sorted the whole register.

On PostgreSQL the sort keys keep their column's `COLLATE "C"` (migration 0005) in these
indexes, as the orderings need: an index column takes its column's collation.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 09:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, index, columns before, columns after); None: no such index on that side.
_INDEXES: list[tuple[str, str, list[str] | None, list[str] | None]] = [
    (
        "organization",
        "ix_organization_included_on",
        ["included_on", "id"],
        [
            "included_on",
            "id",
            "publication_consent",
            "removed_on",
            "bin",
            "service_conditions",
            "client_categories",
        ],
    ),
    ("organization", "ix_organization_region", ["region"], None),
    ("organization", "ix_organization_region_sort_ru", None, ["region", "sort_ru", "id"]),
    ("organization", "ix_organization_region_sort_kk", None, ["region", "sort_kk", "id"]),
    ("organization", "ix_organization_region_included_on", None, ["region", "included_on", "id"]),
    (
        "specialist",
        "ix_specialist_included_on",
        ["included_on", "id"],
        ["included_on", "id", "specialist_consent", "organization_consent", "applicant"],
    ),
    ("specialist", "ix_specialist_region", ["region"], None),
    ("specialist", "ix_specialist_region_sort_kk", None, ["region", "sort_kk", "id"]),
    ("specialist", "ix_specialist_region_sort_ru", None, ["region", "sort_ru", "id"]),
    ("specialist", "ix_specialist_region_included_on", None, ["region", "included_on", "id"]),
    ("specialist", "ix_specialist_qualification", ["qualification_category"], None),
    (
        "specialist",
        "ix_specialist_qualification_sort_kk",
        None,
        ["qualification_category", "sort_kk", "id"],
    ),
    (
        "specialist",
        "ix_specialist_qualification_sort_ru",
        None,
        ["qualification_category", "sort_ru", "id"],
    ),
    (
        "specialist",
        "ix_specialist_qualification_included_on",
        None,
        ["qualification_category", "included_on", "id"],
    ),
]


def _replace(*, upgrade: bool) -> None:
    for table, name, before, after in _INDEXES:
        old, new = (before, after) if upgrade else (after, before)
        if old is not None:
            op.drop_index(name, table_name=table)
        if new is not None:
            op.create_index(name, table, new, unique=False)


def upgrade() -> None:
    _replace(upgrade=True)


def downgrade() -> None:
    _replace(upgrade=False)
