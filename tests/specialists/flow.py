"""Helpers for driving specialist applications through the full schema, and register entries
placed directly for the read-side tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.regions import Region
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import Education, Employment, Qualification, SpecialistForm
from domain.viewer import Role, Viewer
from resolvers.ids import encode_id
from storage.engine import write_transaction
from storage.ids import new_id
from storage.specialist_writes import include_specialist
from tests.conftest import Result, execute
from tests.factories import make_bin

APPLICANT_EMAIL = "kadr@meyirim.kz"
APPLICANT = Viewer(Role.APPLICANT, subject=APPLICANT_EMAIL)
OTHER_APPLICANT = Viewer(Role.APPLICANT, subject="+77019998877")
REGISTRAR = Viewer(Role.REGISTRAR, subject="Әбенова Д.")
EMPLOYER_BIN = "940140000385"

FIELDS = """id version status statusLabel { kk ru } applicant fullName round receivedAt
  registeredOn dueOn overdue reasons { code label { kk ru } } comment decidedAt allowedCommands
  data { iin surname givenName profession { kk ru } specialistConsent organizationConsent
         employment { employerBin current } }
  specialist { id fullName includedOn profession { ru } }
  history { command fromStatus toStatus actorRole actorSubject round registeredOn dueOn
            reasons { code } comment data { surname profession { ru } } }"""

SUBMIT = f"""mutation($input: SpecialistApplicationInput!, $key: String) {{
  submitSpecialistApplication(input: $input, idempotencyKey: $key) {{
    specialistApplication {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""
REGISTER = f"""mutation($id: ID!, $v: Int!) {{
  registerSpecialistApplication(id: $id, expectedVersion: $v) {{
    specialistApplication {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""
RETURN = f"""mutation($id: ID!, $v: Int!, $reasons: [ReturnReason!]!, $comment: String!) {{
  returnSpecialistApplication(id: $id, expectedVersion: $v, reasons: $reasons,
                              comment: $comment) {{
    specialistApplication {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""
REFUSE = f"""mutation($id: ID!, $v: Int!, $reasons: [SpecialistRefusalReason!]!,
                     $comment: String) {{
  refuseSpecialistApplication(id: $id, expectedVersion: $v, reasons: $reasons,
                              comment: $comment) {{
    specialistApplication {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""
RESUBMIT = f"""mutation($id: ID!, $v: Int!, $input: SpecialistApplicationInput!) {{
  resubmitSpecialistApplication(id: $id, expectedVersion: $v, input: $input) {{
    specialistApplication {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""
CONSENT = """mutation($id: ID!, $s: Boolean!, $o: Boolean!) {
  setSpecialistConsent(specialistId: $id, specialistConsent: $s, organizationConsent: $o) {
    specialist { id specialistConsent organizationConsent } userErrors { code field message } } }"""


def specialist_input(**overrides: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "iin": "850315400015",
        "surname": "Сейітова",
        "givenName": "Айгүл",
        "patronymic": "Серікқызы",
        "birthDate": "1985-03-15",
        "mobilePhone": "8 701 555 12 34",
        "email": "aigul.seitova@mail.kz",
        "residence": {
            "region": "ASTANA",
            "settlement": {"kk": "Астана қ.", "ru": "г. Астана"},
            "address": {"kk": "Абай д-лы, 10, 5-пәтер", "ru": "пр. Абая, 10, кв. 5"},
        },
        "profession": {
            "kk": "әлеуметтік жұмыс жөніндегі маман",
            "ru": "специалист по социальной работе",
        },
        "experience": {"years": 8, "months": 4},
        "education": [
            {
                "level": "HIGHER",
                "institution": {
                    "kk": "Л.Н. Гумилев атындағы Еуразия ұлттық университеті",
                    "ru": "Евразийский национальный университет имени Л.Н. Гумилева",
                },
                "startedOn": "2003-09-01",
                "finishedOn": "2007-06-30",
                "document": "ЖБ-Б № 0123456",
            }
        ],
        "employment": [
            {
                "organizationName": {"kk": "«Мейірім» ЖШС", "ru": "ТОО «Мейірім»"},
                "employerBin": EMPLOYER_BIN,
                "position": {"kk": "әлеуметтік қызметкер", "ru": "социальный работник"},
                "startedOn": "2017-11-01",
            }
        ],
        "qualification": {
            "category": "FIRST",
            "assignedOn": "2022-05-20",
            "attestationBody": {
                "kk": "Астана қ. аттестаттау комиссиясы",
                "ru": "Аттестационная комиссия г. Астаны",
            },
        },
        "specialistConsent": True,
        "organizationConsent": True,
        "documents": ["Диплом / Диплом", "Еңбек кітапшасы / Трудовая книжка"],
    }
    value.update(overrides)
    return value


def payload(result: Result, name: str) -> dict[str, Any]:
    assert result.errors == [], result.errors
    assert result.data is not None
    value = result.data[name]
    assert isinstance(value, dict)
    return value


async def submit(
    engine: AsyncEngine, at: datetime, *, viewer: Viewer = APPLICANT, **overrides: Any
) -> dict[str, Any]:
    result = await execute(
        engine, SUBMIT, {"input": specialist_input(**overrides)}, viewer=viewer, now=at
    )
    return payload(result, "submitSpecialistApplication")


def specialist_form(**overrides: Any) -> SpecialistForm:
    """A cleaned form, for entries placed directly in the register."""
    values: dict[str, Any] = {
        "iin": None,
        "surname": "Иванова",
        "given_name": "Мария",
        "patronymic": "Петровна",
        "birth_date": date(1980, 1, 10),
        "mobile_phone": "+77015550000",
        "email": "maria@mail.kz",
        "region": Region.ALMATY,
        "settlement_kk": "Алматы қ.",
        "settlement_ru": "г. Алматы",
        "address_kk": "Төле би к., 1",
        "address_ru": "ул. Толе би, 1",
        "profession_kk": "психолог",
        "profession_ru": "психолог",
        "experience_years": 10,
        "experience_months": 0,
        "education": (
            Education(
                EducationLevel.HIGHER, "ҚазҰУ", "КазНУ", date(1997, 9, 1), date(2001, 6, 30), "Д-1"
            ),
        ),
        "employment": (
            Employment(
                "«Жан» ЖШС", "ТОО «Жан»", make_bin(), "психолог", "психолог", date(2015, 1, 1), None
            ),
        ),
        "qualification": Qualification(
            QualificationCategory.SECOND, date(2020, 1, 1), "Комиссия", "Комиссия"
        ),
        "specialist_consent": True,
        "organization_consent": True,
        "documents": ("Диплом",),
    }
    values.update(overrides)
    return SpecialistForm(**values)


async def add_specialist(
    engine: AsyncEngine,
    *,
    applicant: str = APPLICANT_EMAIL,
    included_on: date = date(2025, 6, 2),
    **overrides: Any,
) -> str:
    """A register entry placed directly (no application); returns its global id."""
    async with write_transaction(engine) as conn:
        pk = await include_specialist(
            conn,
            application_id=new_id(),
            applicant=applicant,
            form=specialist_form(**overrides),
            included_on=included_on,
            at=datetime(2025, 6, 2, 5, 0, tzinfo=UTC),
            consent_by=Viewer(Role.APPLICANT, subject=applicant),
        )
    return encode_id("Specialist", pk)
