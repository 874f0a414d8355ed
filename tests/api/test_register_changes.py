"""`registerChanges(since:)`: the registers' change feed. Records are written the real way
(the licence lifecycle and consent mutations, or the storage write functions they call), and
the feed is read as the public, an applicant and the officers read it.

Privacy first: a record hidden at the time of a change leaves no row, no count, no cursor and
no stamp movement for the public; a record hidden now shows no data in any row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import PUBLIC, Role, Viewer
from resolvers.ids import encode_id
from resolvers.pagination import encode_cursor
from storage.changes import change_stamp
from storage.engine import Reader, write_transaction
from storage.ids import new_id
from storage.migrate import alembic_config
from storage.register_writes import record_consent
from storage.seed import seed_demo, seed_scale
from storage.specialist_writes import entry_columns, include_specialist
from storage.specialists import SPECIALIST
from tests.conftest import Result, StatementCounter, execute
from tests.databases import migrated_engine
from tests.factories import NOW, add_organization, make_bin
from tests.lifecycle.flow import SUBMIT, almaty, application_input, payload, run
from tests.specialists.flow import CONSENT as SPECIALIST_CONSENT
from tests.specialists.flow import add_specialist, specialist_form

LICENSOR = Viewer(Role.LICENSOR, subject="Жақсыбеков А.")
INSPECTOR = Viewer(Role.INSPECTOR, subject="ASTANA")
REGISTRAR = Viewer(Role.REGISTRAR, subject="Әбенова Д.")
ADMIN = Viewer(Role.ADMIN, subject="admin")
MONDAY = almaty(2026, 4, 6, 10)
EPOCH = "2000-01-01T00:00:00Z"

FEED = """query($since: DateTime!, $first: Int, $after: String) {
  registerChanges(since: $since, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      at kind entity id
      organization { id bin status licence { status } }
      specialist { id fullName }
    } } } }"""
ERRORS = "userErrors { code field message }"
LICENCE_COMMAND = """mutation($id: ID!, $v: Int!, $reason: String!) {
  suspendLicence(licenceId: $id, expectedVersion: $v, reason: $reason) { licence { status } ERRORS }
}""".replace("ERRORS", ERRORS)
TERMINATE = """mutation($id: ID!, $v: Int!) {
  terminateLicence(licenceId: $id, expectedVersion: $v, ground: VOLUNTARY_RETURN) {
    licence { status } ERRORS } }""".replace("ERRORS", ERRORS)
CONTRACT = """mutation($id: ID!) {
  recordServiceContract(organizationId: $id, concludedOn: "2026-04-01") { ERRORS } }""".replace(
    "ERRORS", ERRORS
)
CONSENT = """mutation($id: ID!, $consent: Boolean!) {
  setPublicationConsent(organizationId: $id, consent: $consent) { ERRORS } }""".replace(
    "ERRORS", ERRORS
)
CURRENT_LICENCE = """query($bin: String!) {
  organization(bin: $bin) { licence { id version } } }"""


# --- writing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    id: str
    bin: str


async def issue(engine: AsyncEngine, *, consent: bool = True) -> Issued:
    """Submit, check, inspect, agree and sign a licence application (tests/lifecycle/flow.py):
    the organisation enters the register on Friday 3 April 2026."""
    bin_ = make_bin()
    applicant = Viewer(Role.APPLICANT, subject=bin_)
    variables = {"input": application_input(applicantBin=bin_, publicationConsent=consent)}
    submitted = await execute(engine, SUBMIT, variables, viewer=applicant, now=almaty(2026, 4, 1))
    application = payload(submitted, "submitLicenceApplication")["licenceApplication"]
    steps: list[tuple[str, Viewer, datetime, dict[str, Any], str]] = [
        ("recordCompletenessCheck", INSPECTOR, almaty(2026, 4, 1, 15), {"complete": True},
         "$complete: Boolean!"),
        ("submitInspectionConclusion", INSPECTOR, almaty(2026, 4, 2, 11),
         {"input": {"findings": [{"requirement": "Помещение", "conforms": True}]}},
         "$input: ConclusionInput!"),
        ("agreeConclusion", LICENSOR, almaty(2026, 4, 2, 16), {}, ""),
        ("signLicence", LICENSOR, almaty(2026, 4, 3, 11), {}, ""),
    ]  # fmt: skip
    for name, viewer, at, extra, args in steps:
        variables = {"id": application["id"], "v": application["version"], **extra}
        result = await run(engine, name, viewer, at, variables, args)
        application = payload(result, name)["licenceApplication"]
    found = await execute(engine, "query($b: String!) { organization(bin: $b) { id } }",
                          {"b": bin_}, viewer=LICENSOR)  # fmt: skip
    assert found.data is not None
    return Issued(id=found.data["organization"]["id"], bin=bin_)


def accepted(result: Result, name: str) -> None:
    assert payload(result, name)[ERRORS.split()[0]] == [], result


async def licence_of(engine: AsyncEngine, org: Issued) -> tuple[str, int]:
    found = await execute(engine, CURRENT_LICENCE, {"bin": org.bin}, viewer=LICENSOR)
    assert found.data is not None
    licence = found.data["organization"]["licence"]
    return licence["id"], licence["version"]


async def suspend(engine: AsyncEngine, org: Issued, at: datetime = MONDAY) -> None:
    licence, version = await licence_of(engine, org)
    variables = {"id": licence, "v": version, "reason": "Нарушение требований"}
    result = await execute(engine, LICENCE_COMMAND, variables, viewer=LICENSOR, now=at)
    accepted(result, "suspendLicence")


async def terminate(engine: AsyncEngine, org: Issued, at: datetime = MONDAY) -> None:
    licence, version = await licence_of(engine, org)
    result = await execute(
        engine, TERMINATE, {"id": licence, "v": version}, viewer=LICENSOR, now=at
    )
    accepted(result, "terminateLicence")


async def record_contract(engine: AsyncEngine, org: Issued, at: datetime = MONDAY) -> None:
    result = await execute(engine, CONTRACT, {"id": org.id}, viewer=LICENSOR, now=at)
    accepted(result, "recordServiceContract")


async def set_consent(
    engine: AsyncEngine, org: Issued, consent: bool, at: datetime = MONDAY
) -> None:
    owner = Viewer(Role.APPLICANT, subject=org.bin)
    result = await execute(
        engine, CONSENT, {"id": org.id, "consent": consent}, viewer=owner, now=at
    )
    accepted(result, "setPublicationConsent")


async def set_specialist_consent(
    engine: AsyncEngine, specialist: str, s: bool, o: bool, at: datetime = MONDAY
) -> None:
    variables = {"id": specialist, "s": s, "o": o}
    result = await execute(engine, SPECIALIST_CONSENT, variables, viewer=REGISTRAR, now=at)
    accepted(result, "setSpecialistConsent")


async def include_at(engine: AsyncEngine, at: datetime, *, consent: bool = True) -> str:
    """A register entry included at `at` (the write a registered application makes)."""
    async with write_transaction(engine) as conn:
        pk = await include_specialist(
            conn,
            application_id=new_id(),
            applicant="kadr@meyirim.kz",
            form=specialist_form(specialist_consent=consent),
            included_on=at.date(),
            at=at,
            consent_by=REGISTRAR,
        )
    return encode_id("Specialist", pk)


async def consenting_organizations(engine: AsyncEngine, n: int) -> list[str]:
    """`n` records placed directly without consent, then given it through the storage write
    (the feed sees the consent, not the direct insert): each a CREATED for the public."""
    ids = [await add_organization(engine, consent=False) for _ in range(n)]
    async with write_transaction(engine) as conn:
        for pk in ids:
            await record_consent(conn, pk, True, at=NOW, actor=LICENSOR)
    return [encode_id("Organization", pk) for pk in ids]


# --- reading --------------------------------------------------------------------------------


async def feed(
    engine: AsyncEngine,
    viewer: Viewer = PUBLIC,
    *,
    since: str = EPOCH,
    first: int | None = None,
    after: str | None = None,
) -> dict[str, Any]:
    variables: dict[str, Any] = {"since": since, "first": first, "after": after}
    result = await execute(engine, FEED, variables, viewer=viewer)
    assert result.errors == [], result.errors
    assert result.data is not None
    value = result.data["registerChanges"]
    assert isinstance(value, dict)
    return value


def rows(page: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(kind, record id, whether the record's data came with it) of each change."""
    out = []
    for edge in page["edges"]:
        node = edge["node"]
        data = node["organization"] or node["specialist"]
        out.append((node["kind"], node["id"], data is not None))
    return out


async def stamp(engine: AsyncEngine, viewer: Viewer = PUBLIC) -> str:
    reader = Reader(engine)
    try:
        return await change_stamp(reader, viewer)
    finally:
        await reader.close()


# --- organisations --------------------------------------------------------------------------


async def test_an_organisation_appears_changes_and_leaves_with_its_consent(
    engine: AsyncEngine,
) -> None:
    org = await issue(engine)
    page = await feed(engine)
    assert rows(page) == [("CREATED", org.id, True)]
    node = page["edges"][0]["node"]
    assert node["entity"] == "ORGANIZATION"
    assert node["organization"]["bin"] == org.bin
    assert node["at"] == "2026-04-03T06:00:00+00:00"  # signed at 11:00 in Astana
    assert page["totalCount"] == 1

    await suspend(engine, org)
    page = await feed(engine)
    assert rows(page) == [("CREATED", org.id, True), ("UPDATED", org.id, True)]
    # Every change carries the record as it is now.
    assert {e["node"]["organization"]["licence"]["status"] for e in page["edges"]} == {"SUSPENDED"}

    await set_consent(engine, org, False, MONDAY + timedelta(hours=1))
    page = await feed(engine)
    assert rows(page) == [
        ("CREATED", org.id, False),
        ("UPDATED", org.id, False),
        ("REMOVED", org.id, False),
    ]
    assert page["totalCount"] == 3
    # The officers saw it all along: no removal, every change with its data.
    assert rows(await feed(engine, LICENSOR)) == [
        ("CREATED", org.id, True),
        ("UPDATED", org.id, True),
        ("UPDATED", org.id, True),
    ]

    await set_consent(engine, org, True, MONDAY + timedelta(hours=2))
    assert rows(await feed(engine)) == [
        ("CREATED", org.id, True),
        ("UPDATED", org.id, True),
        ("REMOVED", org.id, False),
        ("CREATED", org.id, True),
    ]


async def test_a_terminated_licence_is_an_update_the_record_stays_removed(
    engine: AsyncEngine,
) -> None:
    org = await issue(engine)
    await terminate(engine, org)
    page = await feed(engine)
    assert rows(page) == [("CREATED", org.id, True), ("UPDATED", org.id, True)]
    assert page["edges"][1]["node"]["organization"]["status"] == "REMOVED"


async def test_an_organisation_that_never_consented_gives_the_public_nothing(
    engine: AsyncEngine,
) -> None:
    public, officer = await stamp(engine), await stamp(engine, LICENSOR)
    org = await issue(engine, consent=False)
    owner_stamp = Viewer(Role.APPLICANT, subject=org.bin)
    owner_before = await stamp(engine, owner_stamp)
    await suspend(engine, org)
    await record_contract(engine, org)

    nothing = await feed(engine)
    assert nothing["edges"] == []
    assert nothing["totalCount"] == 0
    assert nothing["pageInfo"]["endCursor"] is None
    assert await stamp(engine) == public  # not even the time of a hidden change shows
    # An applicant reads the public feed, even about itself; its stamp follows its record.
    assert (await feed(engine, owner_stamp))["totalCount"] == 0
    assert await stamp(engine, owner_stamp) != owner_before

    for reader in (LICENSOR, INSPECTOR, REGISTRAR, ADMIN):  # organisations: visibility ALL
        assert rows(await feed(engine, reader)) == [
            ("CREATED", org.id, True),
            ("UPDATED", org.id, True),
            ("UPDATED", org.id, True),
        ]
    assert await stamp(engine, LICENSOR) != officer


# --- specialists ----------------------------------------------------------------------------


@pytest.mark.parametrize(("s", "o"), [(False, True), (True, False)])
async def test_either_specialist_consent_withdrawn_is_a_removal(
    engine: AsyncEngine, s: bool, o: bool
) -> None:
    entry = await add_specialist(engine)
    assert rows(await feed(engine)) == [("CREATED", entry, True)]

    await set_specialist_consent(engine, entry, s, o)
    removed = [("CREATED", entry, False), ("REMOVED", entry, False)]
    assert rows(await feed(engine)) == removed
    # The licence officers read the specialists register as the public does.
    assert rows(await feed(engine, LICENSOR)) == removed
    assert rows(await feed(engine, REGISTRAR)) == [
        ("CREATED", entry, True),
        ("UPDATED", entry, True),
    ]

    public = await stamp(engine)
    await set_specialist_consent(engine, entry, False, False)  # hidden before and after
    assert rows(await feed(engine)) == removed
    assert await stamp(engine) == public
    assert len(rows(await feed(engine, REGISTRAR))) == 3

    await set_specialist_consent(engine, entry, True, True)
    assert rows(await feed(engine)) == [
        ("CREATED", entry, True),
        ("REMOVED", entry, False),
        ("CREATED", entry, True),
    ]


async def test_hidden_changes_leave_no_trace_in_public_cursors_counts_or_stamps(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    """Two databases, the same public changes; one also has hidden entries created and
    changed before, between and after them. The public answers are the same, byte for byte
    but the records' ids and times."""
    async with migrated_engine(tmp_path, "other") as other:
        hidden = await add_specialist(engine, specialist_consent=False)
        await set_specialist_consent(engine, hidden, False, True)
        for db in (engine, other):
            await add_specialist(db)
        await add_specialist(engine, organization_consent=False)
        await set_specialist_consent(engine, hidden, True, False)
        for db in (engine, other):
            await add_specialist(db)
            await consenting_organizations(db, 1)
        await add_specialist(engine, specialist_consent=False)

        def public_shape(page: dict[str, Any]) -> dict[str, Any]:
            return {
                "totalCount": page["totalCount"],
                "pageInfo": page["pageInfo"],
                "edges": [(e["cursor"], e["node"]["kind"]) for e in page["edges"]],
            }

        for first in (1, 2, 100):
            assert public_shape(await feed(engine, first=first)) == public_shape(
                await feed(other, first=first)
            )
        assert await stamp(engine) == await stamp(other)
        assert (await feed(engine, REGISTRAR))["totalCount"] == 8


# --- paging and arguments -------------------------------------------------------------------


async def test_pages_visit_every_change_once_in_the_order_made(engine: AsyncEngine) -> None:
    made: list[str] = []
    for i in range(9):
        if i % 3 == 2:
            made += await consenting_organizations(engine, 1)
        else:
            made.append(await add_specialist(engine, specialist_consent=i % 4 != 1))
    public_ids = [r[1] for r in rows(await feed(engine))]
    assert public_ids == [m for i, m in enumerate(made) if i % 4 != 1 or i % 3 == 2]

    for viewer in (PUBLIC, LICENSOR, REGISTRAR):
        whole = await feed(engine, viewer, first=100)
        visited: list[tuple[str, str, bool]] = []
        after = None
        while True:
            page = await feed(engine, viewer, first=2, after=after)
            assert page["totalCount"] == whole["totalCount"] == len(whole["edges"])
            assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
            visited += rows(page)
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
            assert after == page["edges"][-1]["cursor"]
        assert visited == rows(whole)

        # Polling on from the last cursor finds exactly what came since, once.
        last = page["pageInfo"]["endCursor"]
        newer = await add_specialist(engine)
        assert rows(await feed(engine, viewer, after=last)) == [("CREATED", newer, True)]
        made.append(newer)


async def test_since_keeps_the_changes_made_at_or_after_it(engine: AsyncEngine) -> None:
    times = [datetime(2026, 4, d, 5, 0, tzinfo=UTC) for d in (1, 2, 3)]
    ids = [await include_at(engine, at) for at in times]
    assert [r[1] for r in rows(await feed(engine, since="2026-04-02T05:00:00Z"))] == ids[1:]
    assert [r[1] for r in rows(await feed(engine, since="2026-04-02T10:00:00+05:00"))] == ids[1:]
    assert [r[1] for r in rows(await feed(engine, since="2026-04-02T05:00:01Z"))] == ids[2:]
    assert (await feed(engine, since="2026-04-02T05:00:01Z"))["totalCount"] == 1
    assert [r[1] for r in rows(await feed(engine, since="0001-01-01T00:00:00+05:00"))] == ids
    assert (await feed(engine, since="9999-12-31T23:59:59-05:00"))["edges"] == []


async def errors(engine: AsyncEngine, viewer: Viewer = PUBLIC, **variables: Any) -> list[str]:
    result = await execute(engine, FEED, {"since": EPOCH, **variables}, viewer=viewer)
    assert result.data is None or result.data.get("registerChanges") is None
    return result.codes


async def test_bad_arguments_are_coded_errors(engine: AsyncEngine) -> None:
    await add_specialist(engine)
    await add_specialist(engine)
    assert await errors(engine, since="2026-04-01T10:00:00") == ["INVALID_VALUE"]
    assert await errors(engine, first=0) == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert await errors(engine, first=101) == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert await errors(engine, after="not a cursor") == ["INVALID_CURSOR"]
    # A well-formed cursor beyond every change (places are 64-bit) is an empty page.
    beyond = encode_cursor("registerChanges", f"pp:{10**17}", 10**17)
    past = await execute(engine, FEED, {"since": EPOCH, "after": beyond})
    assert past.errors == []
    assert past.data is not None
    assert past.data["registerChanges"]["edges"] == []
    other_list = await execute(engine, "{ specialists(first: 1) { pageInfo { endCursor } } }")
    assert other_list.data is not None
    foreign = other_list.data["specialists"]["pageInfo"]["endCursor"]
    assert await errors(engine, after=foreign) == ["INVALID_CURSOR"]
    # A cursor counts the changes its reader sees: an officer's means nothing to the public.
    officers = (await feed(engine, REGISTRAR, first=1))["pageInfo"]["endCursor"]
    assert await errors(engine, after=officers) == ["INVALID_CURSOR"]
    assert (await feed(engine, first=100))["totalCount"] == 2  # the default size is fine too


# --- the change stamp -----------------------------------------------------------------------


async def test_the_change_stamp_moves_with_every_register_write_and_not_with_reads(
    engine: AsyncEngine,
) -> None:
    seen = {await stamp(engine)}
    officer = {await stamp(engine, ADMIN)}

    async def moved() -> None:
        now, now_officer = await stamp(engine), await stamp(engine, ADMIN)
        assert now not in seen
        assert now_officer not in officer
        seen.add(now)
        officer.add(now_officer)

    org = await issue(engine)
    await moved()
    for _ in range(2):  # reads move nothing
        await feed(engine)
        await execute(engine, "{ organizations { totalCount nodes { id } } }")
        assert await stamp(engine) in seen
    await suspend(engine, org)
    await moved()
    await record_contract(engine, org)
    await moved()
    await terminate(engine, org)
    await moved()
    await set_consent(engine, org, False)
    await moved()
    entry = await add_specialist(engine)
    await moved()
    await set_specialist_consent(engine, entry, True, False)
    await moved()
    await set_specialist_consent(engine, entry, True, True)
    await moved()
    await consenting_organizations(engine, 1)
    await moved()


# --- bulk writes and migration --------------------------------------------------------------


async def test_seeded_records_enter_the_feed_as_created(engine: AsyncEngine) -> None:
    report = await seed_demo(engine, now=NOW)
    public = await feed(engine, first=5)
    assert public["totalCount"] == report.organizations - report.without_consent
    assert {e["node"]["kind"] for e in public["edges"]} == {"CREATED"}
    assert (await feed(engine, LICENSOR, first=5))["totalCount"] == report.organizations
    await seed_scale(engine, 25, now=NOW, batch=10)
    assert (await feed(engine, LICENSOR, first=5))["totalCount"] == report.organizations + 25
    # The batches carry on each register's count: the last page's cursor is the total.
    everything = await feed(engine, LICENSOR, since="2026-03-20T10:00:00Z", first=100)
    visited = len(everything["edges"])
    while everything["pageInfo"]["hasNextPage"]:
        everything = await feed(
            engine, LICENSOR, first=100, after=everything["pageInfo"]["endCursor"]
        )
        visited += len(everything["edges"])
    assert visited == report.organizations + 25


async def test_the_migration_enters_records_already_in_the_registers(
    engine: AsyncEngine,
) -> None:
    """A database from before the feed: its records are there, included when created."""

    def to(revision: str) -> Any:
        def step(connection: Connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = connection
            if revision == "head":
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)

        return step

    async with write_transaction(engine) as conn:
        await conn.run_sync(to("0003"))
    hidden = await add_organization(engine, consent=False)
    shown = await add_organization(engine, consent=True, included_on=date(2024, 2, 1))
    entry = new_id()
    async with write_transaction(engine) as conn:  # as 0003's code wrote it: no feed yet
        await conn.execute(
            insert(SPECIALIST).values(
                id=entry,
                applicant="kadr@meyirim.kz",
                included_on=date(2025, 6, 2),
                created_at=NOW,
                updated_at=NOW,
                **entry_columns(specialist_form()),
            )
        )
    async with write_transaction(engine) as conn:
        await conn.run_sync(to("head"))
    assert rows(await feed(engine)) == [
        ("CREATED", encode_id("Organization", shown), True),
        ("CREATED", encode_id("Specialist", entry), True),
    ]
    officers = rows(await feed(engine, ADMIN))
    assert sorted(officers) == sorted(
        [
            ("CREATED", encode_id("Organization", hidden), True),
            ("CREATED", encode_id("Organization", shown), True),
            ("CREATED", encode_id("Specialist", entry), True),
        ]
    )
    assert officers[-1][1] == encode_id("Specialist", entry)  # organisations first, by creation
    # Writes after the migration carry on from the rows it entered.
    last = (await feed(engine))["pageInfo"]["endCursor"]
    async with write_transaction(engine) as conn:
        await record_consent(conn, shown, False, at=NOW, actor=LICENSOR)
    assert rows(await feed(engine, after=last)) == [
        ("REMOVED", encode_id("Organization", shown), False)
    ]


# --- cost -----------------------------------------------------------------------------------

RICH = """query($first: Int) { registerChanges(since: "2000-01-01T00:00:00Z", first: $first) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { at kind entity id
    organization { id bin name { ru } licence { number status } serviceContract { concludedOn } }
    specialist { id fullName education { level } employment { employerBin organization { bin } } }
  } } } }"""


async def test_a_page_of_changes_costs_the_same_statements_at_any_size(
    engine: AsyncEngine, sql_counter: StatementCounter
) -> None:
    for _ in range(55):  # interleaved: every page has both kinds of record
        await consenting_organizations(engine, 1)
        await include_at(engine, NOW)
    counts = {}
    for viewer in (PUBLIC, ADMIN):
        for first in (10, 100):
            sql_counter.statements.clear()
            result = await execute(engine, RICH, {"first": first}, viewer=viewer)
            assert result.errors == [], result.errors
            assert result.data is not None
            assert len(result.data["registerChanges"]["edges"]) == first
            counts[(viewer.role, first)] = sql_counter.count
        assert counts[(viewer.role, 10)] == counts[(viewer.role, 100)], sql_counter.statements
    # page + count + organisations + contracts + specialists + education + employment, and
    # the employers of the employment entries
    assert counts[(Role.PUBLIC, 100)] == 8, counts
