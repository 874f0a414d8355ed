"""Writes to the register of specialists: the entry a registered application creates
(p. 9 sub-p. 1) and changes of its two publication consents (p. 5)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.specialist_form import SpecialistForm, full_name
from domain.text import search_key, sort_key
from domain.viewer import Viewer
from storage.changes import Entity, record_change, specialist_is_public, specialist_public
from storage.ids import new_id
from storage.specialist_tables import SpecialistConsentEvent
from storage.specialists import EDUCATION, EMPLOYMENT, SPECIALIST

__all__ = ["entry_columns", "include_specialist", "record_specialist_consent", "specialist_by_iin"]

CONSENT_EVENT = SpecialistConsentEvent.__table__  # type: ignore[attr-defined]


def entry_columns(form: SpecialistForm) -> dict[str, object]:
    """The register entry's columns (form columns 1-9) and its derived search and sort keys."""
    name = full_name(form.surname, form.given_name, form.patronymic)
    q = form.qualification
    return {
        "iin": form.iin,
        "surname": form.surname,
        "given_name": form.given_name,
        "patronymic": form.patronymic,
        "birth_date": form.birth_date,
        "mobile_phone": form.mobile_phone,
        "email": form.email,
        "region": form.region.value,
        "settlement_kk": form.settlement_kk,
        "settlement_ru": form.settlement_ru,
        "address_kk": form.address_kk,
        "address_ru": form.address_ru,
        "profession_kk": form.profession_kk,
        "profession_ru": form.profession_ru,
        "experience_years": form.experience_years,
        "experience_months": form.experience_months,
        "qualification_category": q.category.value if q else None,
        "qualification_assigned_on": q.assigned_on if q else None,
        "qualification_body_kk": q.body_kk if q else None,
        "qualification_body_ru": q.body_ru if q else None,
        "specialist_consent": form.specialist_consent,
        "organization_consent": form.organization_consent,
        "name_search": search_key(name),
        "profession_search": search_key(form.profession_kk, form.profession_ru),
        "sort_kk": sort_key(name, "kk"),
        "sort_ru": sort_key(name, "ru"),
    }


def child_rows(
    specialist_id: int, form: SpecialistForm
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Education and employment rows (form columns 7-8), numbered in the applicant's order."""
    education: list[dict[str, object]] = [
        {
            "specialist_id": specialist_id,
            "ordinal": i,
            "level": e.level.value,
            "institution_kk": e.institution_kk,
            "institution_ru": e.institution_ru,
            "started_on": e.started_on,
            "finished_on": e.finished_on,
            "document": e.document,
        }
        for i, e in enumerate(form.education)
    ]
    employment: list[dict[str, object]] = [
        {
            "specialist_id": specialist_id,
            "ordinal": i,
            "organization_name_kk": e.organization_name_kk,
            "organization_name_ru": e.organization_name_ru,
            "employer_bin": e.employer_bin,
            "position_kk": e.position_kk,
            "position_ru": e.position_ru,
            "started_on": e.started_on,
            "ended_on": e.ended_on,
        }
        for i, e in enumerate(form.employment)
    ]
    return education, employment


async def specialist_by_iin(
    conn: AsyncConnection, iin: str, *, applicant: str | None = None
) -> int | None:
    """The entry for this IIN; with `applicant`, only one that applicant applied for."""
    statement = select(SPECIALIST.c.id).where(SPECIALIST.c.iin == iin)
    if applicant is not None:
        statement = statement.where(SPECIALIST.c.applicant == applicant)
    return await conn.scalar(statement)


async def include_specialist(
    conn: AsyncConnection,
    *,
    application_id: int,
    applicant: str,
    form: SpecialistForm,
    included_on: date,
    at: datetime,
    consent_by: Viewer,
) -> int:
    """p. 9 sub-p. 1: the registered application's specialist enters the register; the two
    consents given in the application are its first consent event, by `consent_by`."""
    pk = new_id()
    await conn.execute(
        insert(SPECIALIST).values(
            id=pk,
            application_id=application_id,
            applicant=applicant,
            included_on=included_on,
            created_at=at,
            updated_at=at,
            **entry_columns(form),
        )
    )
    education, employment = child_rows(pk, form)
    await conn.execute(insert(EDUCATION), education)
    await conn.execute(insert(EMPLOYMENT), employment)
    await _consent_event(
        conn, pk, form.specialist_consent, form.organization_consent, at, consent_by
    )
    public = specialist_public(form.specialist_consent, form.organization_consent)
    await record_change(conn, Entity.SPECIALIST, pk, at, False, public, created=True)
    return pk


async def record_specialist_consent(
    conn: AsyncConnection,
    specialist_id: int,
    *,
    specialist_consent: bool,
    organization_consent: bool,
    at: datetime,
    actor: Viewer,
) -> None:
    """Both consents as given now; every change is kept with its time and actor (p. 5)."""
    before = await specialist_is_public(conn, specialist_id)
    await conn.execute(
        update(SPECIALIST)
        .where(SPECIALIST.c.id == specialist_id)
        .values(
            specialist_consent=specialist_consent,
            organization_consent=organization_consent,
            updated_at=at,
        )
    )
    await _consent_event(conn, specialist_id, specialist_consent, organization_consent, at, actor)
    after = specialist_public(specialist_consent, organization_consent)
    await record_change(conn, Entity.SPECIALIST, specialist_id, at, before, after)


async def _consent_event(
    conn: AsyncConnection,
    specialist_id: int,
    specialist_consent: bool,
    organization_consent: bool,
    at: datetime,
    actor: Viewer,
) -> None:
    await conn.execute(
        insert(CONSENT_EVENT).values(
            specialist_id=specialist_id,
            specialist_consent=specialist_consent,
            organization_consent=organization_consent,
            changed_at=at,
            actor_role=actor.role.value,
            actor_subject=actor.subject,
        )
    )
