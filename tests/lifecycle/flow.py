"""Helpers for driving the licence lifecycle through the full schema, step by step."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role, Viewer
from storage.tables import AuditLog
from tests.conftest import Result, execute

ALMATY = ZoneInfo("Asia/Almaty")
APPLICANT_BIN = "940140000385"
APPLICANT = Viewer(Role.APPLICANT, subject=APPLICANT_BIN)
INSPECTOR = Viewer(Role.INSPECTOR, subject="ASTANA")
LICENSOR = Viewer(Role.LICENSOR, subject="Жақсыбеков А.")

FIELDS = """id version status registeredOn dueOn step stepDueOn overdue allowedCommands
  missingDocuments grounds { ground note } hearing { noticeOn hearingAt outcome objection }
  licence { number status organization { bin } }
  history { command fromStatus toStatus actorRole reasons note documents }"""

SUBMIT = f"""mutation($input: LicenceApplicationInput!, $key: String) {{
  submitLicenceApplication(input: $input, idempotencyKey: $key) {{
    licenceApplication {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""


def almaty(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def application_input(**overrides: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "applicantBin": APPLICANT_BIN,
        "applicantName": {"kk": "«Мейірім» ЖШС", "ru": "ТОО «Мейірім»"},
        "legalAddress": {"kk": "Астана қ., Абай д-лы, 10", "ru": "г. Астана, пр. Абая, 10"},
        "region": "ASTANA",
        "email": "info@meyirim.kz",
        "phone": "8 701 234 56 78",
        "servicePlaceAddress": {
            "kk": "Астана қ., Кенесары к., 5",
            "ru": "г. Астана, ул. Кенесары, 5",
        },
        "serviceConditions": ["INPATIENT", "HOME"],
        "clientCategories": ["ELDERLY_NO_SELF_CARE"],
        "totalCapacity": 60,
        "headName": "Сәрсенова Г. Қ.",
        "documents": ["Жарғы / Устав", "Ғимаратқа құқық / Право на здание"],
        "publicationConsent": True,
        "personalDataConsent": True,
    }
    value.update(overrides)
    return value


def mutation(name: str, args: str = "") -> str:
    params = "$id: ID!, $v: Int!" + (", " + args if args else "")
    call_args = "id: $id, expectedVersion: $v" + (
        ", "
        + ", ".join(
            f"{a.split(':')[0].strip()[1:]}: {a.split(':')[0].strip()}" for a in args.split(",")
        )
        if args
        else ""
    )
    return f"""mutation({params}) {{ {name}({call_args}) {{
      licenceApplication {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""


async def run(
    engine: AsyncEngine,
    name: str,
    viewer: Viewer,
    at: datetime,
    variables: dict[str, Any],
    args: str = "",
) -> Result:
    return await execute(engine, mutation(name, args), variables, viewer=viewer, now=at)


def payload(result: Result, name: str) -> dict[str, Any]:
    assert result.errors == [], result.errors
    assert result.data is not None
    value = result.data[name]
    assert isinstance(value, dict)
    return value


async def audit_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        value = await conn.scalar(select(func.count()).select_from(AuditLog))
    assert isinstance(value, int)
    return value


async def add_application(
    engine: AsyncEngine,
    status: str = "SUBMITTED",
    *,
    applicant: str = APPLICANT_BIN,
    region: str = "ASTANA",
    **columns: Any,
) -> str:
    """An application row placed directly in `status` (for the state × command matrix)."""
    from datetime import date

    from sqlalchemy import insert

    from resolvers.ids import encode_id
    from storage.applications import APP
    from storage.engine import write_transaction
    from storage.ids import new_id

    pk = new_id()
    values: dict[str, Any] = {
        "id": pk,
        "applicant_bin": applicant,
        "applicant_name_kk": "«Мейірім» ЖШС",
        "applicant_name_ru": "ТОО «Мейірім»",
        "legal_address_kk": "Астана қ.",
        "legal_address_ru": "г. Астана",
        "region": region,
        "email": "info@meyirim.kz",
        "phone": "+77012345678",
        "service_place_address_kk": "Астана қ., Кенесары к., 5",
        "service_place_address_ru": "г. Астана, ул. Кенесары, 5",
        "service_conditions": 1,
        "client_categories": 16,
        "head_name": "Сәрсенова Г. Қ.",
        "documents": '["Устав"]',
        "publication_consent": True,
        "status": status,
        "received_at": almaty(2026, 3, 26, 10),
        "registered_on": date(2026, 3, 26),
        "due_on": date(2026, 4, 16),
        "step_due_on": date(2026, 3, 27),
        "conclusion_positive": True,
        "notice_on": date(2026, 3, 30)
        if status in ("PRELIMINARY_REFUSAL", "HEARING_HELD")
        else None,
        "hearing_at": almaty(2026, 3, 31, 11)
        if status in ("PRELIMINARY_REFUSAL", "HEARING_HELD")
        else None,
        "hearing_place": "каб. 305" if status in ("PRELIMINARY_REFUSAL", "HEARING_HELD") else None,
        "hearing_outcome": "ISSUE" if status == "HEARING_HELD" else None,
        "created_at": almaty(2026, 3, 26, 10),
        "updated_at": almaty(2026, 3, 26, 10),
    }
    values.update(columns)
    async with write_transaction(engine) as conn:
        await conn.execute(insert(APP).values(**values))
    return encode_id("LicenceApplication", pk)
