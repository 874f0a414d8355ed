"""A hidden record answers exactly as one that does not exist (domain.md "Consent": not by
id; issue 5 item 6).

For each example hypothesis draws a hidden organisation (active or removed, with one or two
licences of any status) and a hidden specialist (without the specialist's consent, the
organisation's or both), places them among the visible world, and asks every public way in
by key: `node(id)`, `organization(id)`, `specialist(id)` with each hidden global id,
`licence(number)` with each licence number, `organization(bin)` and the BIN filters with the
organisation's BIN.
The same questions with a well-formed id of the same type and length, a licence number of the
same shape and a valid BIN, none of which exist, must be answered identically: data and errors
(messages, codes, paths, locations), with values sent as variables and written inline.
Errors of one document are compared in path order: sibling fields resolve concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine

from resolvers.ids import encode_id
from tests.conftest import Result, execute
from tests.property.hidden import fresh_bins, hidden_organization, hidden_specialist
from tests.property.records import (
    OrganizationRecord,
    SpecialistRecord,
    delete_records,
    insert_records,
)
from tests.property.worlds import visible_world

WORLD = visible_world()
TAKEN = {
    *(o.id for o in WORLD.organizations),
    *(lic.id for lic in WORLD.licences),
    *(s.id for s in WORLD.specialists),
}

ID_QUESTIONS = {
    "node": "node(id: VALUE) { __typename id ... on Organization { bin name { ru } }"
    " ... on Licence { number } ... on Specialist { fullName } }",
    "organization": "organization(id: VALUE) { id bin }",
    "specialist": "specialist(id: VALUE) { id fullName }",
}
KEY_QUESTIONS = {
    "licence": "licence(number: NUMBER) { id number organization { id } }",
    "byBin": "organization(bin: BIN) { id specialists { totalCount } }",
    "filterBin": "organizations(filter: {bin: BIN, status: ALL}) { totalCount nodes { id } }",
    "employerBin": "specialists(filter: {employerBin: BIN}) { totalCount nodes { id } }",
}


@pytest.fixture(scope="module")
def engine(runner: asyncio.Runner, new_engine: Callable[[], AsyncEngine]) -> AsyncEngine:
    engine = new_engine()
    runner.run(insert_records(engine, WORLD.organizations, WORLD.specialists))
    return engine


def documents(ids: list[str], numbers: list[str], bin_: str) -> list[tuple[str, dict[str, Any]]]:
    """The questions, as documents of at most 15 fields, values as variables and inline."""
    found = []
    for inline in (False, True):
        declared: dict[str, str] = {}
        values: dict[str, Any] = {}

        def value(
            name: str,
            type_name: str,
            v: str,
            inline: bool = inline,
            declared: dict[str, str] = declared,
            values: dict[str, Any] = values,
        ) -> str:
            if inline:
                return orjson.dumps(v).decode()
            declared[name], values[name] = type_name, v
            return f"${name}"

        fields = [
            f"{kind}{i}: " + text.replace("VALUE", value(f"id{i}", "ID!", gid))
            for i, gid in enumerate(ids)
            for kind, text in ID_QUESTIONS.items()
        ]
        keys = [
            f"licence{i}: "
            + KEY_QUESTIONS["licence"].replace("NUMBER", value(f"n{i}", "String!", n))
            for i, n in enumerate(numbers)
        ]
        keys += [
            f"{kind}: " + KEY_QUESTIONS[kind].replace("BIN", value("bin", "String", bin_))
            for kind in ("byBin", "filterBin", "employerBin")
        ]
        for chunk in (fields[:15], fields[15:], keys):
            if not chunk:
                continue
            body = " ".join(chunk)
            used = {k: t for k, t in declared.items() if f"${k}" in body}
            header = "(" + ", ".join(f"${k}: {t}" for k, t in used.items()) + ")" if used else ""
            found.append((f"query Q{header} {{ {body} }}", {k: values[k] for k in used}))
    return found


def canonical(result: Result) -> bytes:
    errors = sorted(result.errors, key=lambda e: orjson.dumps([e.get("path"), e["message"]]))
    return orjson.dumps({"data": result.data, "errors": errors})


def same_length_pk(pk: int) -> st.SearchStrategy[int]:
    digits = len(str(pk))
    return st.integers(max(1, 10 ** (digits - 1)), min(10**digits - 1, 2**63 - 1))


@st.composite
def hidden_and_missing(
    draw: st.DrawFn,
) -> tuple[OrganizationRecord, SpecialistRecord, list[str], list[str]]:
    """A hidden organisation and specialist; each key of theirs paired with a missing one."""
    org = draw(hidden_organization(WORLD, bins=fresh_bins()), label="organisation")
    person = draw(hidden_specialist(WORLD), label="specialist")
    pairs: list[tuple[str, str]] = []
    present = TAKEN | {org.id, person.id, *(lic.id for lic in org.licences)}
    assume(len(present) == len(TAKEN) + 2 + len(org.licences))
    for type_name, pk in (
        ("Organization", org.id),
        *(("Licence", lic.id) for lic in org.licences),
        ("Specialist", person.id),
    ):
        missing = draw(same_length_pk(pk).filter(lambda n: n not in present))
        pairs.append((encode_id(type_name, pk), encode_id(type_name, missing)))
    hidden_ids = [h for h, _ in pairs]
    missing_ids = [m for _, m in pairs]
    assume(all(len(h) == len(m) for h, m in pairs))
    missing_bin = draw(fresh_bins().filter(lambda b: b != org.bin))
    numbers = [lic.number for lic in org.licences]
    missing_numbers = [f"{n[:-5]}{(int(n[-5:]) + 1) % 10**5:05d}" for n in numbers]
    assume(not set(missing_numbers) & set(numbers))
    return (
        org,
        person,
        [*hidden_ids, org.bin, *numbers],
        [*missing_ids, missing_bin, *missing_numbers],
    )


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)
@given(case=hidden_and_missing())
def test_a_hidden_record_answers_as_a_missing_one(
    runner: asyncio.Runner,
    engine: AsyncEngine,
    case: tuple[OrganizationRecord, SpecialistRecord, list[str], list[str]],
) -> None:
    org, person, hidden, missing = case
    event(f"organisation {'removed' if org.removed_on else 'active'}")
    event(f"licences: {sorted(lic.status.value for lic in org.licences)}")
    consents = (person.form.specialist_consent, person.form.organization_consent)
    event(f"specialist consents (specialist, organisation): {consents}")
    count = len(org.licences)

    def questions(keys: list[str]) -> list[tuple[str, dict[str, Any]]]:
        ids, bin_, numbers = keys[: count + 2], keys[count + 2], keys[count + 3 :]
        return documents(ids, numbers, bin_)

    async def ask() -> list[tuple[str, bytes, bytes]]:
        await insert_records(engine, [org], [person])
        try:
            answers = []
            for (hq, hv), (mq, mv) in zip(questions(hidden), questions(missing), strict=True):
                h, m = await execute(engine, hq, hv), await execute(engine, mq, mv)
                assert "INTERNAL_SERVER_ERROR" not in h.codes, (hq, hv, h)
                answers.append((hq, canonical(h), canonical(m)))
            return answers
        finally:
            await delete_records(engine, [org], [person])

    for query, with_hidden, with_missing in runner.run(ask()):
        assert with_hidden == with_missing, (
            f"a hidden record answered unlike a missing one:\n{query}\n"
            f"hidden: {with_hidden.decode()}\nmissing: {with_missing.decode()}"
        )


def test_the_questions_find_visible_records(runner: asyncio.Runner, engine: AsyncEngine) -> None:
    """The same documents find a visible organisation, its licences, a specialist: a null
    for a hidden one means something."""
    org, person = WORLD.organizations[1], WORLD.specialists[0]
    licences = list(org.licences)
    ids = [org.global_id, *(lic.global_id for lic in licences), person.global_id]
    answers: dict[str, Any] = {}
    for query, variables in documents(ids, [lic.number for lic in licences], org.bin):
        result = runner.run(execute(engine, query, variables))
        assert result.data is not None
        answers.update(result.data)
    assert answers["node0"]["bin"] == answers["organization0"]["bin"] == org.bin
    assert answers["node1"]["number"] == licences[0].number
    last = len(ids) - 1
    assert answers[f"specialist{last}"]["id"] == answers[f"node{last}"]["id"] == person.global_id
    assert answers["licence0"]["organization"] == {"id": org.global_id}
    assert answers["byBin"]["id"] == org.global_id
    assert answers["filterBin"]["totalCount"] == 1
