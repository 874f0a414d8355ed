"""Queries of the register of specialists and the change of its consents (p. 5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import DomainError, ErrorCode
from domain.labels import Lang
from domain.regions import Region
from domain.specialist_codes import QualificationCategory
from domain.specialists import ConsentRight, consent_right
from domain.text import MAX_SEARCH_LENGTH
from domain.viewer import Role
from resolvers.context import Context, EmployerPage
from resolvers.ids import decode_typed_id
from resolvers.inputs import capped, check_xin
from resolvers.mutations import Outcome, audit_target, mutate
from resolvers.pagination import (
    SortedPage,
    check_first,
    decode_cursor,
    encode_cursor,
    sorted_page,
)
from storage import specialists as repo
from storage.specialist_writes import record_specialist_consent
from storage.specialists import SpecialistFilter, SpecialistOrder

__all__ = [
    "CONSENT",
    "build_filter",
    "find_specialist",
    "list_specialists",
    "organization_specialists",
    "set_consent",
]

CONSENT = "setSpecialistConsent"
TYPE = "Specialist"


def _search(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    if len(value) > MAX_SEARCH_LENGTH:
        raise DomainError(
            ErrorCode.TEXT_TOO_LONG, field=["filter", field], params={"max": MAX_SEARCH_LENGTH}
        )
    return value.strip() or None


def build_filter(
    *,
    name: str | None = None,
    profession: str | None = None,
    regions: Sequence[Region] | None = None,
    employer_bin: str | None = None,
    qualification_categories: Sequence[QualificationCategory] | None = None,
) -> SpecialistFilter:
    return SpecialistFilter(
        name=_search(name, "name"),
        profession=_search(profession, "profession"),
        regions=capped(regions, "regions"),
        employer_bin=(
            check_xin(employer_bin, ["filter", "employerBin"]) if employer_bin is not None else None
        ),
        qualification_categories=capped(qualification_categories, "qualificationCategories"),
    )


def _scope(order: SpecialistOrder, lang: Lang) -> str:
    # Name order depends on the language: a cursor from a Russian page is foreign to Kazakh.
    return f"specialists:{order.value}:{lang.value}"


async def list_specialists(
    ctx: Context,
    *,
    first: int,
    after: str | None,
    f: SpecialistFilter,
    order: SpecialistOrder,
    lang: Lang,
) -> SortedPage:
    async def fetch(position: tuple[Any, int] | None) -> tuple[Sequence[Row[Any]], bool]:
        return await repo.page_of_specialists(
            ctx.reader, ctx.viewer, f, order, lang, first, position
        )

    async def count() -> int:
        return await repo.count_specialists(ctx.reader, ctx.viewer, f)

    return await sorted_page(
        _scope(order, lang),
        first,
        after,
        key_type=date if order.by_date else str,
        sort_name=repo.sort_column(order, lang).name,
        fetch=fetch,
        count=count,
    )


async def organization_specialists(
    ctx: Context,
    bin_: str,
    *,
    first: int,
    after: str | None,
    order: SpecialistOrder,
    lang: Lang,
) -> SortedPage:
    """Who works at the organisation now (an employment entry without an end date), batched
    across the organisations of a page (Loaders.specialists_by_employer)."""
    check_first(first)
    scope = _scope(order, lang)
    position = (
        decode_cursor(after, scope, date if order.by_date else str) if after is not None else None
    )
    rows, has_next = await ctx.loaders.specialists_by_employer.load(
        EmployerPage(bin=bin_, order=order, lang=lang, first=first, after=position)
    )
    sort_name = repo.sort_column(order, lang).name

    async def count() -> int:
        return await ctx.loaders.specialist_count_by_employer.load(bin_)

    return SortedPage(
        rows=rows,
        cursors=[encode_cursor(scope, row._mapping[sort_name], row.id) for row in rows],
        has_next=has_next,
        has_previous=after is not None,
        count=count,
    )


async def find_specialist(ctx: Context, global_id: str) -> Row[Any] | None:
    return await ctx.loaders.specialist_by_id.load(decode_typed_id(global_id, TYPE))


async def set_consent(
    ctx: Context, global_id: str, *, specialist_consent: bool, organization_consent: bool
) -> Outcome[int]:
    """p. 5: both consents as now given; the change holds from the next request on, on every
    path (lists, counts, nodes, nested connections), because each reads the stored flags. The
    employer may change only its own consent: `specialistConsent` must be passed unchanged."""

    async def work(conn: AsyncConnection) -> int:
        viewer = ctx.viewer
        if viewer.role not in (Role.REGISTRAR, Role.ADMIN, Role.APPLICANT):
            raise DomainError(ErrorCode.FORBIDDEN)
        pk = decode_typed_id(global_id, TYPE, "specialistId")
        holders = await repo.consent_holders(conn, pk)
        right = ConsentRight.NONE
        if holders is not None:
            right = consent_right(viewer, applicant=holders.applicant, employers=holders.employers)
        # Someone else's specialist answers as a missing one: its existence is not told.
        if holders is None or right is ConsentRight.NONE:
            raise DomainError(ErrorCode.NOT_FOUND, field=["specialistId"])
        if right is ConsentRight.ORGANIZATION and specialist_consent != holders.specialist_consent:
            raise DomainError(ErrorCode.FORBIDDEN, field=["specialistConsent"])
        await record_specialist_consent(
            conn,
            pk,
            specialist_consent=specialist_consent,
            organization_consent=organization_consent,
            at=ctx.now,
            actor=viewer,
        )
        return pk

    return await mutate(ctx, CONSENT, audit_target(global_id), work)
