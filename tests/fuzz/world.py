"""The records the hostile-input tests run against, and tokens of every role.

Seeded so that resolvers do real work: organisations with and without consent, removed ones,
licences and a contract, register entries of specialists, licence applications in several
states, a specialist application and complaints. No seeded text contains an SQL keyword, a
driver's name or a path, so any of those in an answer came from the server, not the data
(tests/fuzz/invariants.py).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.regions import Region
from domain.viewer import Role, Viewer
from resolvers.ids import encode_id
from tests.conftest import execute, issue_token
from tests.factories import add_organization, make_bin
from tests.lifecycle.flow import APPLICANT_BIN, add_application, almaty, application_input
from tests.specialists.flow import APPLICANT_EMAIL, add_specialist, specialist_input

__all__ = ["SUBJECTS", "World", "seed"]

# The subject each role's token is issued for: the applicant owns the first organisation.
SUBJECTS: dict[Role, str | None] = {
    Role.ADMIN: None,
    Role.LICENSOR: "Жақсыбеков А.",
    Role.INSPECTOR: "ASTANA",
    Role.APPLICANT: APPLICANT_BIN,
    Role.REGISTRAR: "Әбенова Д.",
}

COLLECT = """{
  organizations(first: 100, filter: {status: ALL}) {
    nodes { id bin name { kk ru } licences { id number } } }
  specialists(first: 100) { nodes { id fullName } }
  licenceApplications(first: 100) { nodes { id } }
  specialistApplications(first: 100) { nodes { id } }
  complaints(first: 100) { nodes { id } }
}"""

# A cursor of every list and order: the fuzzer's `after` values start from real ones.
_ORDERS = [
    (order, lang)
    for order in ("NAME_ASC", "NAME_DESC", "INCLUDED_ON_ASC", "INCLUDED_ON_DESC")
    for lang in ("KK", "RU")
]
_PAGE = "{{ pageInfo {{ endCursor }} }}"
CURSORS = (
    "{ "
    + " ".join(
        [
            *(
                f"{kind}{i}: {kind}(first: 1, orderBy: {order}, lang: {lang}) {_PAGE}"
                for kind in ("organizations", "specialists")
                for i, (order, lang) in enumerate(_ORDERS)
            ),
            *(
                f"{kind}(first: 1) {_PAGE}"
                for kind in (
                    "licenceApplications",
                    "specialistApplications",
                    "complaints",
                    "auditLog",
                )
            ),
            f'registerChanges(since: "2000-01-01T00:00:00Z", first: 1) {_PAGE}',
        ]
    )
    .replace("{{", "{")
    .replace("}}", "}")
    + " }"
)

# Hostile texts: quotes and SQL-looking ones (that tests/fuzz/invariants.py does not look
# for), LIKE wildcards, escapes, very long, bidirectional and zero-width marks, combining
# characters, numbers that are not numbers.
HOSTILE = (
    "' OR '1'='1",
    "'; DROP TABLE organizations; --",
    "%",
    "_",
    "\\",
    "\\%",
    '"',
    "я" * 5000,
    "1" * 400,
    "\u202eКАЗ",
    "\u200b",
    "e\u0301",
    "\U0001f600",
    "NaN",
    "-0",
    "1e309",
    "+77",
)
# Dates at the ends of the calendar, where date arithmetic overflows.
EDGE_DATES = ("0001-01-01", "9999-12-31", "1900-02-28", "2024-02-29")
EDGE_DATETIMES = (
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59.999999Z",
    "0001-01-01T00:00:00Z",
    "2026-03-20T10:00:00",
)

SUBMIT_APPLICATION = """mutation($input: LicenceApplicationInput!) {
  submitLicenceApplication(input: $input) { licenceApplication { id } userErrors { code } } }"""
SUBMIT_SPECIALIST = """mutation($input: SpecialistApplicationInput!) {
  submitSpecialistApplication(input: $input) {
    specialistApplication { id } userErrors { code } } }"""
FILE_COMPLAINT = """mutation($input: ComplaintInput!) {
  fileComplaint(input: $input) { complaint { id } userErrors { code } } }"""


@dataclass(frozen=True)
class World:
    """What was seeded: global ids and texts for the scalar strategies, tokens by role."""

    ids: tuple[str, ...]
    strings: tuple[str, ...]
    cursors: tuple[str, ...]
    tokens: dict[Role, str]


def _ok(result: Any, name: str) -> dict[str, Any]:
    assert result.errors == [], result.errors
    body: dict[str, Any] = result.data[name]
    assert body["userErrors"] == [], body["userErrors"]
    return body


async def seed(engine: AsyncEngine) -> World:
    # Organisations: the applicant's own (two licences, a contract), a hidden one, a removed
    # one, one in another region.
    await add_organization(engine, bin=APPLICANT_BIN, licences=2, contracts=1)
    await add_organization(engine, name_ru="ТОО «Шапағат»", name_kk="«Шапағат» ЖШС", consent=False)
    await add_organization(
        engine, name_ru="ТОО «Қамқор»", name_kk="«Қамқор» ЖШС", removed_on=date(2025, 12, 1)
    )
    await add_organization(
        engine,
        name_ru="ТОО «Жанұя»",
        name_kk="«Жанұя» ЖШС",
        region=Region.KARAGANDA,
        phone=None,
        email=None,
    )
    # Register entries: with both consents, and without the specialist's.
    await add_specialist(engine)
    await add_specialist(engine, surname="Ахметова", given_name="Сәуле")
    await add_specialist(engine, surname="Омаров", given_name="Ерлан", specialist_consent=False)
    # Licence applications in several states, one in another region.
    for status in ("SUBMITTED", "UNDER_INSPECTION", "AWAITING_SIGNATURE", "PRELIMINARY_REFUSAL"):
        await add_application(engine, status)
    await add_application(engine, "HEARING_HELD", region="KARAGANDA")
    # One submitted through the API, with a complaint about it, by an applicant that holds no
    # licence yet.
    newcomer = make_bin(25, 6)
    applicant = Viewer(Role.APPLICANT, subject=newcomer)
    at = almaty(2026, 3, 20, 10)
    submitted = await execute(
        engine,
        SUBMIT_APPLICATION,
        {"input": application_input(applicantBin=newcomer)},
        viewer=applicant,
        now=at,
    )
    application_id = _ok(submitted, "submitLicenceApplication")["licenceApplication"]["id"]
    complaint = {"applicationId": application_id, "addressee": "LICENSOR", "text": "Срок нарушен."}
    _ok(
        await execute(engine, FILE_COMPLAINT, {"input": complaint}, viewer=applicant, now=at),
        "fileComplaint",
    )
    _ok(
        await execute(
            engine,
            SUBMIT_SPECIALIST,
            {"input": specialist_input()},
            viewer=Viewer(Role.APPLICANT, subject=APPLICANT_EMAIL),
            now=at,
        ),
        "submitSpecialistApplication",
    )

    collected = await execute(engine, COLLECT, viewer=Viewer(Role.ADMIN, subject="seed"))
    assert collected.errors == [], collected.errors
    data = collected.data
    assert data is not None
    ids: list[str] = []
    strings: list[str] = [APPLICANT_EMAIL, "психолог", "Мейірім", "ASTANA", "KARAGANDA"]
    for org in data["organizations"]["nodes"]:
        ids.append(org["id"])
        strings += [org["bin"], org["name"]["kk"], org["name"]["ru"]]
        for licence in org["licences"]:
            ids.append(licence["id"])
            strings.append(licence["number"])
    for person in data["specialists"]["nodes"]:
        ids.append(person["id"])
        strings.append(person["fullName"])
    for key in ("licenceApplications", "specialistApplications", "complaints"):
        ids += [node["id"] for node in data[key]["nodes"]]
    # Well-formed ids of nothing, of a type the id does not belong to, and of pks beyond
    # 64 bits, zero and negative.
    ids += [encode_id("Organization", 1), encode_id("Licence", 2**62), encode_id("Nothing", 1)]
    ids += [encode_id("Organization", 2**64), encode_id("Specialist", 0)]
    ids += [encode_id("Complaint", -1), encode_id("LicenceApplication", 10**30)]
    ids += [encode_id("ApiToken", 10**6)]  # never one of the test's own tokens
    assert len(data["organizations"]["nodes"]) == 4
    assert len(data["licenceApplications"]["nodes"]) == 6
    assert len(data["complaints"]["nodes"]) == 1

    pages = await execute(engine, CURSORS, viewer=Viewer(Role.ADMIN, subject="seed"))
    assert pages.errors == [], pages.errors
    assert pages.data is not None
    cursors = [page["pageInfo"]["endCursor"] for page in pages.data.values()]
    assert all(cursors), pages.data
    cursors += [forged for cursor in cursors for forged in _forgeries(cursor)]

    tokens = {role: await issue_token(engine, role, subject) for role, subject in SUBJECTS.items()}
    return World(
        ids=tuple(ids),
        strings=(*strings, *HOSTILE, *EDGE_DATES, *EDGE_DATETIMES),
        cursors=tuple(cursors),
        tokens=tokens,
    )


def _forgeries(cursor: str) -> list[str]:
    """A real cursor with its key or position replaced: the ends of the calendar and of 64
    bits, a key of the wrong type, an empty key, a change-feed key with a huge position."""
    scope, key, pk = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    forged = [
        [scope, "9999-12-31", pk],
        [scope, "0001-01-01", 2**63 - 1],
        [scope, "", 0],
        [scope, key, 2**64],
        [scope, 5, pk],
        [scope, f"{key}:{'9' * 30}", pk],
    ]
    # The standard library writes integers beyond 64 bits too.
    return [base64.urlsafe_b64encode(json.dumps(f).encode()).decode().rstrip("=") for f in forged]
