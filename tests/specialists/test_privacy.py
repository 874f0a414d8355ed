"""A specialist lacking either consent (p. 5) does not exist for the public, by any path:
lists, totalCount, specialist(id), node(id), Organization.specialists, every filter and
ordering. Hidden entries carry a canary in every text field; no answer may contain it, and
adding them changes no public answer at all."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.regions import Region
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import Education, Employment, Qualification
from domain.viewer import PUBLIC, Role, Viewer
from tests.conftest import execute
from tests.factories import add_organization, make_bin
from tests.lifecycle.flow import almaty
from tests.specialists.flow import (
    APPLICANT,
    APPLICANT_EMAIL,
    CONSENT,
    OTHER_APPLICANT,
    REGISTRAR,
    add_specialist,
    payload,
)

CANARY = "Канарейка"  # part of every text of a hidden entry
LICENSOR = Viewer(Role.LICENSOR)

ENTRY = """fullName surname givenName patronymic birthDate mobilePhone email
  residence { region { code } settlement { kk ru } address { kk ru } }
  profession { kk ru } experience { years months } includedOn
  qualification { category assignedOn attestationBody { kk ru } }
  education { level institution { kk ru } document startedOn finishedOn }
  employment { employerBin organizationName { kk ru } position { kk ru } startedOn endedOn }"""

# Every public path that can reach a specialist; {employer} is the hidden entry's employer.
_LIST = "{ specialists(first: 100) { totalCount edges { cursor node { id ENTRY } } } }"
_FILTERED = "{ specialists(filter: {FILTER}) { totalCount nodes { id } } }"
_ORDERED = "{ specialists(orderBy: ORDER, first: 100) { edges { cursor } } }"
_ORGANIZATION = """{ organization(bin: "EMPLOYER") { specialists(first: 100) {
  totalCount edges { cursor node { id ENTRY } } } } }"""
PATHS = {
    "list": _LIST.replace("ENTRY", ENTRY),
    "by name": _FILTERED.replace("FILTER", 'name: "канарейка"'),
    "by profession": _FILTERED.replace("FILTER", 'profession: "канарейка"'),
    "by region": _FILTERED.replace("FILTER", "regions: [ULYTAU]"),
    "by employer": _FILTERED.replace("FILTER", 'employerBin: "EMPLOYER"'),
    "by category": _FILTERED.replace("FILTER", "qualificationCategories: [HIGHEST]"),
    "name order kk": _ORDERED.replace("ORDER", "NAME_DESC, lang: KK"),
    "name order ru": _ORDERED.replace("ORDER", "NAME_ASC, lang: RU"),
    "date order": _ORDERED.replace("ORDER", "INCLUDED_ON_DESC"),
    "organisation": _ORGANIZATION.replace("ENTRY", ENTRY),
    "organisations": """{ organizations(first: 100) { nodes { bin
      specialists { totalCount nodes { id } } } } }""",
}


def hidden_values(employer: str) -> dict[str, Any]:
    """A specialist whose every text holds the canary, in a region and a category of its own,
    sorting first in both alphabets, included last: any leak shows up somewhere."""
    text = f"А{CANARY}"
    return {
        "surname": f"Аа{CANARY}",
        "given_name": text,
        "patronymic": text,
        "birth_date": date(1977, 7, 7),
        "mobile_phone": "+77779990077",
        "email": "kanareika@hidden.kz",
        "region": Region.ULYTAU,
        "settlement_kk": text,
        "settlement_ru": text,
        "address_kk": text,
        "address_ru": text,
        "profession_kk": text,
        "profession_ru": text,
        "education": (
            Education(EducationLevel.HIGHER, text, text, date(1995, 9, 1), date(1999, 6, 1), text),
        ),
        "employment": (Employment(text, text, employer, text, text, date(2010, 1, 1), None),),
        "qualification": Qualification(QualificationCategory.HIGHEST, date(2020, 2, 2), text, text),
    }


async def answers(engine: AsyncEngine, employer: str, viewer: Viewer = PUBLIC) -> dict[str, Any]:
    found = {}
    for name, query in PATHS.items():
        result = await execute(engine, query.replace("EMPLOYER", employer), viewer=viewer)
        assert result.errors == [], (name, result.errors)
        found[name] = result.data
    return found


async def visible_world(engine: AsyncEngine) -> str:
    """Consenting specialists at a consenting organisation: what the public should see."""
    employer = make_bin()
    await add_organization(engine, bin=employer, name_ru="ТОО «Ашық»", name_kk="«Ашық» ЖШС")
    for surname, region in (("Бекова", Region.ASTANA), ("Жанова", Region.ULYTAU)):
        await add_specialist(
            engine,
            surname=surname,
            region=region,
            employment=(
                Employment(
                    "«Ашық»", "«Ашык»", employer, "маман", "специалист", date(2019, 1, 1), None
                ),
            ),
        )
    return employer


@pytest.mark.parametrize(
    "consents",
    [
        pytest.param({"specialist_consent": False}, id="without the specialist's consent"),
        pytest.param({"organization_consent": False}, id="without the organisation's consent"),
        pytest.param(
            {"specialist_consent": False, "organization_consent": False}, id="without both"
        ),
    ],
)
async def test_a_hidden_specialist_changes_no_public_answer(
    engine: AsyncEngine, consents: dict[str, Any]
) -> None:
    employer = await visible_world(engine)
    before = await answers(engine, employer)
    hidden = await add_specialist(
        engine, included_on=date(2026, 1, 1), **hidden_values(employer), **consents
    )
    after = await answers(engine, employer)

    assert after == before
    assert before["list"]["specialists"]["totalCount"] == 2
    dumped = orjson.dumps(after).decode()
    assert CANARY.casefold() not in dumped.casefold()
    assert hidden not in dumped
    for query in (
        "query($id: ID!) { specialist(id: $id) { id fullName } }",
        "query($id: ID!) { node(id: $id) { id ... on Specialist { fullName } } }",
    ):
        result = await execute(engine, query, {"id": hidden})
        assert result.errors == []
        assert result.data is not None
        assert set(result.data.values()) == {None}
    # Officers of the licence service read the specialists register as the public does.
    assert await answers(engine, employer, LICENSOR) == before


async def test_a_hidden_id_answers_exactly_as_a_missing_one(engine: AsyncEngine) -> None:
    from resolvers.ids import encode_id

    hidden = await add_specialist(engine, specialist_consent=False)
    missing = encode_id("Specialist", 12345)
    query = "query($id: ID!) { specialist(id: $id) { id } node(id: $id) { id } }"
    shown = [await execute(engine, query, {"id": i}) for i in (hidden, missing)]
    assert shown[0] == shown[1]
    assert shown[0].data == {"specialist": None, "node": None}


async def test_the_owner_and_the_registrar_see_a_hidden_entry_and_nobody_else(
    engine: AsyncEngine,
) -> None:
    hidden = await add_specialist(engine, applicant=APPLICANT_EMAIL, organization_consent=False)
    query = "query($id: ID!) { specialist(id: $id) { id } specialists { totalCount } }"
    seen = {
        "owner": APPLICANT,
        "registrar": REGISTRAR,
        "admin": Viewer(Role.ADMIN),
        "other applicant": OTHER_APPLICANT,
        "licensor": LICENSOR,
        "public": PUBLIC,
    }
    result = {}
    for who, viewer in seen.items():
        answer = await execute(engine, query, {"id": hidden}, viewer=viewer)
        assert answer.data is not None
        result[who] = (
            answer.data["specialist"] is not None,
            answer.data["specialists"]["totalCount"],
        )
    assert result == {
        "owner": (True, 1),
        "registrar": (True, 1),
        "admin": (True, 1),
        "other applicant": (False, 0),
        "licensor": (False, 0),
        "public": (False, 0),
    }


async def test_withdrawing_a_consent_hides_the_entry_on_the_next_request_everywhere(
    engine: AsyncEngine,
) -> None:
    employer = await visible_world(engine)
    shown = await add_specialist(
        engine,
        surname="Әлиева",
        employment=(
            Employment("«Ашық»", "«Ашык»", employer, "маман", "специалист", date(2020, 1, 1), None),
        ),
    )
    with_it = await answers(engine, employer)
    assert with_it["list"]["specialists"]["totalCount"] == 3

    withdrawn = await execute(
        engine,
        CONSENT,
        {"id": shown, "s": True, "o": False},
        viewer=APPLICANT,
        now=almaty(2026, 4, 1),
    )
    assert payload(withdrawn, "setSpecialistConsent") == {
        "specialist": {"id": shown, "specialistConsent": True, "organizationConsent": False},
        "userErrors": [],
    }
    without = await answers(engine, employer)
    assert without["list"]["specialists"]["totalCount"] == 2
    assert "Әлиева" not in orjson.dumps(without).decode()
    assert with_it["organisation"]["organization"]["specialists"]["totalCount"] == 3
    assert without["organisation"]["organization"]["specialists"]["totalCount"] == 2

    restored = await execute(
        engine,
        CONSENT,
        {"id": shown, "s": True, "o": True},
        viewer=REGISTRAR,
        now=almaty(2026, 4, 2),
    )
    assert payload(restored, "setSpecialistConsent")["userErrors"] == []
    assert await answers(engine, employer) == with_it


async def test_only_the_registrar_and_the_owning_applicant_change_consents(
    engine: AsyncEngine,
) -> None:
    from sqlalchemy import func, select

    from storage.specialist_tables import SpecialistConsentEvent

    entry = await add_specialist(engine, applicant=APPLICANT_EMAIL)
    hidden = await add_specialist(engine, applicant=APPLICANT_EMAIL, specialist_consent=False)
    refusals = {}
    for who, viewer, target in (
        ("other applicant, visible entry", OTHER_APPLICANT, entry),
        ("other applicant, hidden entry", OTHER_APPLICANT, hidden),
        ("licensor", LICENSOR, entry),
        ("inspector", Viewer(Role.INSPECTOR, subject="*"), entry),
    ):
        result = await execute(
            engine, CONSENT, {"id": target, "s": False, "o": False}, viewer=viewer
        )
        refusals[who] = [e["code"] for e in payload(result, "setSpecialistConsent")["userErrors"]]
    # Another applicant learns nothing, not even whether a hidden entry exists.
    assert refusals == {
        "other applicant, visible entry": ["NOT_FOUND"],
        "other applicant, hidden entry": ["NOT_FOUND"],
        "licensor": ["FORBIDDEN"],
        "inspector": ["FORBIDDEN"],
    }
    table = SpecialistConsentEvent.__table__  # type: ignore[attr-defined]
    async with engine.connect() as conn:
        events = await conn.scalar(select(func.count()).select_from(table))
    assert events == 2  # one each from the inclusions, none from the refusals
    public = await execute(engine, "{ specialists { totalCount } }")
    assert public.data == {"specialists": {"totalCount": 1}}


async def test_the_employer_sees_its_staff_and_changes_its_own_consent_only(
    engine: AsyncEngine,
) -> None:
    """domain.md "Consent": the organisation's consent is given or withdrawn by the provider:
    the organisation the specialist works at now, by a token with its BIN."""
    employer, former = make_bin(), make_bin()
    staff = (
        Employment("«Б»", "«Б»", former, "маман", "специалист", date(2010, 1, 1), date(2014, 1, 1)),
        Employment("«Қ»", "«Н»", employer, "маман", "специалист", date(2015, 1, 1), None),
    )
    entry = await add_specialist(engine, employment=staff, organization_consent=False)
    now_at, then_at = Viewer(Role.APPLICANT, employer), Viewer(Role.APPLICANT, former)
    seen = "query($id: ID!) { specialist(id: $id) { id } specialists { totalCount } }"
    for viewer, visible in ((now_at, True), (then_at, False)):
        result = await execute(engine, seen, {"id": entry}, viewer=viewer)
        assert result.data is not None
        assert (result.data["specialist"] is not None) is visible
        assert result.data["specialists"]["totalCount"] == int(visible)
    # Its staff's employment entries (their loader once failed to compile for an applicant:
    # INTERNAL_SERVER_ERROR).
    history = "{ specialists { nodes { employment { employerBin current } } } }"
    result = await execute(engine, history, viewer=now_at)
    assert result.errors == []
    assert result.data == {
        "specialists": {
            "nodes": [
                {
                    "employment": [
                        {"employerBin": former, "current": False},
                        {"employerBin": employer, "current": True},
                    ]
                }
            ]
        }
    }

    give = {"id": entry, "s": True, "o": True}
    answer = payload(await execute(engine, CONSENT, give, viewer=now_at), "setSpecialistConsent")
    assert answer["userErrors"] == []
    assert answer["specialist"]["organizationConsent"] is True
    public = await execute(engine, "{ specialists { totalCount } }")
    assert public.data == {"specialists": {"totalCount": 1}}

    not_its_own = {"id": entry, "s": False, "o": True}
    refused = payload(
        await execute(engine, CONSENT, not_its_own, viewer=now_at), "setSpecialistConsent"
    )
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("FORBIDDEN", ["specialistConsent"])
    ]
    gone = payload(await execute(engine, CONSENT, give, viewer=then_at), "setSpecialistConsent")
    assert [e["code"] for e in gone["userErrors"]] == ["NOT_FOUND"]
