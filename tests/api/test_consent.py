"""An organisation without publication consent does not exist for the public (p. 7).

Each path a reader could take to a record is tried as the public, as the owning applicant,
as another applicant and as an officer. The hidden record carries a canary name, so a leak
anywhere in a response (data or errors) is caught by a plain substring check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import PUBLIC, Role, Viewer
from resolvers.ids import encode_id
from storage.tables import Licence
from tests.conftest import OFFICER, Result, execute
from tests.factories import add_organization, make_bin

CANARY = "CANARY-hidden-7f3a"


@dataclass(frozen=True)
class World:
    hidden_id: str
    hidden_bin: str
    hidden_licence: str
    hidden_licence_id: str
    visible_bin: str


@pytest.fixture
async def world(engine: AsyncEngine) -> World:
    hidden_bin, visible_bin = make_bin(), make_bin()
    hidden = await add_organization(
        engine, bin=hidden_bin, consent=False, name_ru=f"Абырой {CANARY}", name_kk=CANARY
    )
    await add_organization(engine, bin=visible_bin, consent=True, name_ru="Открытая")
    licences = Licence.__table__  # type: ignore[attr-defined]
    async with engine.connect() as conn:
        licence_pk = await conn.scalar(
            select(licences.c.id).where(licences.c.organization_id == hidden)
        )
    assert isinstance(licence_pk, int)
    return World(
        hidden_id=encode_id("Organization", hidden),
        hidden_bin=hidden_bin,
        hidden_licence=f"KZ{hidden_bin}-1",
        hidden_licence_id=encode_id("Licence", licence_pk),
        visible_bin=visible_bin,
    )


def owner(world: World) -> Viewer:
    return Viewer(Role.APPLICANT, subject=world.hidden_bin)


def stranger(world: World) -> Viewer:
    return Viewer(Role.APPLICANT, subject=world.visible_bin)


def public(world: World) -> Viewer:
    return PUBLIC


def officer(world: World) -> Viewer:
    return OFFICER


READERS: dict[str, tuple[Callable[[World], Viewer], bool]] = {
    "public": (public, False),
    "other-applicant": (stranger, False),
    "owner": (owner, True),
    "officer": (officer, True),
}


def leaked(result: Result) -> bool:
    return CANARY in orjson.dumps({"data": result.data, "errors": result.errors}).decode()


PATHS: dict[str, str] = {
    "list": "{ organizations(first: 100) { nodes { bin name { ru kk } } } }",
    "list-removed-and-active": "{ organizations(filter: {status: null}) { nodes { bin } } }",
    "by-id": "query($id: ID) { organization(id: $id) { bin name { ru } } }",
    "by-bin": "query($bin: String) { organization(bin: $bin) { bin name { ru } } }",
    "node": "query($id: ID!) { node(id: $id) { id ... on Organization { bin name { ru } } } }",
    "licence": "query($n: String!) { licence(number: $n) { number licensee { name { ru } } } }",
    "licence-node": """query($lid: ID!) { node(id: $lid) {
        ... on Licence { number licensee { bin name { ru } } } } }""",
    "licence-organization": "query($n: String!) { licence(number: $n) { organization { bin } } }",
    "search-by-name": '{ organizations(filter: {search: "CANARY"}) { nodes { bin } } }',
    "filter-by-bin": "query($bin: String) { organizations(filter: {bin: $bin}) { nodes { bin } } }",
}


def variables(world: World) -> dict[str, object]:
    return {
        "id": world.hidden_id,
        "bin": world.hidden_bin,
        "n": world.hidden_licence,
        "lid": world.hidden_licence_id,
    }


def used(query: str, all_vars: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in all_vars.items() if f"${k}" in query}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("path", PATHS)
async def test_the_hidden_record_is_reachable_only_by_owner_and_officers(
    engine: AsyncEngine, world: World, reader: str, path: str
) -> None:
    make_viewer, sees = READERS[reader]
    query = PATHS[path]
    result = await execute(engine, query, used(query, variables(world)), viewer=make_viewer(world))
    assert result.errors == []
    assert (world.hidden_bin in orjson.dumps(result.data).decode()) is sees
    if not sees:
        assert not leaked(result)


@pytest.mark.parametrize("reader", READERS)
async def test_counts_include_the_hidden_record_only_for_those_who_see_it(
    engine: AsyncEngine, world: World, reader: str
) -> None:
    make_viewer, sees = READERS[reader]
    queries = [
        "{ organizations { totalCount } }",
        '{ organizations(filter: {search: "CANARY"}) { totalCount } }',
        "{ organizations(filter: {regions: [ASTANA]}) { totalCount } }",
    ]
    counts = []
    for query in queries:
        result = await execute(engine, query, viewer=make_viewer(world))
        assert result.data is not None
        counts.append(result.data["organizations"]["totalCount"])
    assert counts == ([2, 1, 2] if sees else [1, 0, 1])


async def test_a_hidden_id_answers_exactly_as_an_id_that_does_not_exist(
    engine: AsyncEngine, world: World
) -> None:
    query = "query($id: ID!) { node(id: $id) { id } }"
    hidden = await execute(engine, query, {"id": world.hidden_id})
    missing = await execute(engine, query, {"id": encode_id("Organization", 12345)})
    assert hidden == missing


async def test_a_hidden_record_does_not_shift_ordering_or_cursors(
    engine: AsyncEngine, world: World
) -> None:
    await add_organization(engine, name_ru="Я-последняя")
    query = "{ organizations(first: 1) { edges { cursor node { name { ru } } } } }"
    public = await execute(engine, query)
    officer = await execute(engine, query, viewer=OFFICER)
    assert public.data is not None
    assert officer.data is not None
    # The officer's first record is the hidden one (its Russian name sorts first)...
    assert CANARY in officer.data["organizations"]["edges"][0]["node"]["name"]["ru"]
    # ...and the public's first is the first visible one, whatever lies before it.
    assert public.data["organizations"]["edges"][0]["node"]["name"]["ru"] == "Открытая"
    # An officer's cursor at the hidden record pages the public on to the visible records only.
    cursor = officer.data["organizations"]["edges"][0]["cursor"]
    rest = await execute(
        engine,
        "query($a: String) { organizations(after: $a) { nodes { name { ru } } } }",
        {"a": cursor},
    )
    assert rest.data is not None
    names = [n["name"]["ru"] for n in rest.data["organizations"]["nodes"]]
    assert names == ["Открытая", "Я-последняя"]
    assert not leaked(rest)


async def test_consent_withdrawal_takes_effect_on_the_next_request(
    engine: AsyncEngine, world: World
) -> None:
    from sqlalchemy import update

    from storage.engine import write_transaction
    from storage.tables import Organization

    query = "query($bin: String) { organization(bin: $bin) { bin } }"
    before = await execute(engine, query, {"bin": world.visible_bin})
    async with write_transaction(engine) as conn:
        table = Organization.__table__  # type: ignore[attr-defined]
        await conn.execute(
            update(table).where(table.c.bin == world.visible_bin).values(publication_consent=False)
        )
    after = await execute(engine, query, {"bin": world.visible_bin})
    assert before.data == {"organization": {"bin": world.visible_bin}}
    assert after.data == {"organization": None}
