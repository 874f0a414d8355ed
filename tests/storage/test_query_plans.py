"""Every read path of the registers uses an index (issue 6): each filter and ordering of
`organizations` and `specialists` and their keyset `after`, `organization(bin:)`,
`Organization.specialists`, `registerChanges` and its `after`, `node(id)` of each type, and the
DataLoader batches (resolvers/context.py), sent over HTTP as a client sends them, by the
public, an applicant and an admin (their visibility predicates differ), over ~500
organisations and 600 specialists.

Each SELECT those requests sent is explained again, with its parameters:

- SQLite, `EXPLAIN QUERY PLAN`, twice: without statistics, as the service's own database is
  (nothing runs `ANALYZE` on it), then after `ANALYZE`. No step may `SCAN` a table without an
  index (`SCAN t USING [COVERING] INDEX` walks an index in its order, as far as the page's
  LIMIT; `SEARCH` seeks in one), and a page statement (one with a LIMIT) may not sort in a
  temporary B-tree: its order must come from an index, or each page would sort every match.
- PostgreSQL, `EXPLAIN (FORMAT JSON)` with sequential scans and sorts priced out
  (`enable_seqscan`, `enable_sort` off, so the plan shows whether an index *can* serve, whatever
  the table's size): no `Seq Scan` of a table, and no `Sort` in a page statement.

`INHERENT` names the few plans no B-tree index can improve, each with its reason. The failure
message lists every other offending statement with the requests that sent it and its plan.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from domain.viewer import Role
from resolvers.ids import encode_id
from storage.engine import TAKE_WRITER_LOCK, write_transaction
from storage.organizations import LIC, ORG
from storage.register_writes import LICENCE_EVENT
from storage.seed import seed_demo, seed_scale
from storage.seed_specialists import seed_scale_specialists
from storage.specialists import EMPLOYMENT, SPECIALIST
from tests.conftest import issue_token
from tests.databases import on_postgresql
from tests.factories import NOW

TABLES = frozenset(SQLModel.metadata.tables)
SCALE_ORGANIZATIONS = 300  # after the ~200 demo ones
SCALE_SPECIALISTS = 600


# --- statements with their parameters -------------------------------------------------------


@dataclass
class Statement:
    sql: str
    parameters: Any
    requests: list[str] = field(default_factory=list)

    @property
    def is_page(self) -> bool:
        """A page of a list: its order must come from an index, not from sorting the matches."""
        return re.search(r"\bLIMIT\b", self.sql) is not None


@dataclass
class StatementLog:
    """Each SELECT sent, once (with the first parameters seen), and the requests that sent it."""

    request: str = ""
    statements: dict[str, Statement] = field(default_factory=dict)

    def record(self, sql: str, parameters: Any) -> None:
        if sql == TAKE_WRITER_LOCK or sql.split(None, 1)[0].upper() not in {"SELECT", "WITH"}:
            return
        statement = self.statements.setdefault(sql, Statement(sql, parameters))
        if self.request not in statement.requests:
            statement.requests.append(self.request)


@pytest.fixture
def sql_log(engine: AsyncEngine) -> Iterator[StatementLog]:
    """Like conftest's `sql_counter`, with each statement's parameters."""
    log = StatementLog()

    def record(*args: Any) -> None:
        log.record(args[2], args[3])

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield log
    event.remove(engine.sync_engine, "before_cursor_execute", record)


# --- the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    hidden_bin: str  # an organisation without publication consent (the applicant's own)
    employer_bin: str  # the organisation with the most specialists working there now
    name: str  # part of a specialist's name
    profession: str  # part of a profession


async def seed(engine: AsyncEngine) -> World:
    """~500 organisations with their licences and contracts, 600 specialists working at them,
    both registers' change feed, an event in each licence's history; on PostgreSQL `ANALYZE`
    (SQLite's statistics come in `explain_all`)."""
    await seed_demo(engine, now=NOW)
    await seed_scale(engine, SCALE_ORGANIZATIONS, now=NOW)
    await seed_scale_specialists(engine, SCALE_SPECIALISTS, now=NOW)
    async with write_transaction(engine) as conn:
        licences = (await conn.execute(select(LIC.c.id, LIC.c.created_at))).all()
        events = [
            {"licence_id": pk, "at": at, "actor_role": "LICENSOR", "kind": "ISSUED"}
            for pk, at in licences
        ]
        await conn.execute(insert(LICENCE_EVENT), events)
        hidden_bin = await conn.scalar(
            select(ORG.c.bin).where(ORG.c.publication_consent.is_(False)).limit(1)
        )
        staff = func.count().label("staff")
        employer_bin = await conn.scalar(
            select(EMPLOYMENT.c.employer_bin, staff)
            .join(ORG, ORG.c.bin == EMPLOYMENT.c.employer_bin)
            .where(EMPLOYMENT.c.ended_on.is_(None), ORG.c.publication_consent.is_(True))
            .group_by(EMPLOYMENT.c.employer_bin)
            .order_by(staff.desc())
            .limit(1)
        )
        someone = (
            await conn.execute(select(SPECIALIST.c.surname, SPECIALIST.c.profession_ru).limit(1))
        ).one()
    if on_postgresql():
        async with engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.exec_driver_sql("ANALYZE")
    assert hidden_bin is not None
    assert employer_bin is not None
    return World(hidden_bin, employer_bin, someone.surname[:4], someone.profession_ru[:5])


# --- the requests ---------------------------------------------------------------------------

PAGE_INFO = "totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }"
ORGANIZATIONS = f"""query($first: Int, $after: String, $filter: OrganizationFilter,
                         $order: OrganizationOrder, $lang: Lang) {{
  organizations(first: $first, after: $after, filter: $filter, orderBy: $order, lang: $lang) {{
    {PAGE_INFO} }} }}"""
SPECIALISTS = f"""query($first: Int, $after: String, $filter: SpecialistFilter,
                       $order: SpecialistOrder, $lang: Lang) {{
  specialists(first: $first, after: $after, filter: $filter, orderBy: $order, lang: $lang) {{
    {PAGE_INFO} }} }}"""
STAFF = f"""query($bin: String!, $first: Int, $after: String, $order: SpecialistOrder,
                 $lang: Lang) {{
  organization(bin: $bin) {{
    specialists(first: $first, after: $after, orderBy: $order, lang: $lang) {{ {PAGE_INFO} }}
  }} }}"""
CHANGES = """query($since: DateTime!, $first: Int, $after: String) {
  registerChanges(since: $since, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { kind entity id organization { bin } specialist { id } } } } }"""
ORGANIZATION_LOADERS = """{ organizations(first: 20, filter: {status: ALL}) { edges { node {
  licence { id number history { kind } organization { bin } }
  licences { number history { kind } }
  serviceContract { concludedOn }
  specialists(first: 3) { totalCount edges { node { id } } } } } } }"""
SPECIALIST_LOADERS = """{ specialists(first: 20) { edges { node { id
  education { level } employment { employerBin organization { bin } }
  qualification { category } } } } }"""
NODE = """query($id: ID!) { node(id: $id) { id
  ... on Licence { number history { kind } organization { bin } }
  ... on Organization { bin licence { number } }
  ... on Specialist { fullName employment { employerBin organization { bin } } } } }"""
LICENCE_OF = """query($id: ID!) { organization(id: $id) { licence { id number } } }"""
ONE = """query($bin: String, $id: ID, $number: String!, $specialist: ID!) {
  byBin: organization(bin: $bin) { id bin }
  byId: organization(id: $id) { bin }
  licence(number: $number) { number organization { bin } }
  specialist(id: $specialist) { fullName } }"""

ORDERS = [
    ("NAME_ASC", "RU"),
    ("NAME_DESC", "RU"),
    ("NAME_ASC", "KK"),
    ("NAME_DESC", "KK"),
    ("INCLUDED_ON_ASC", "RU"),
    ("INCLUDED_ON_DESC", "RU"),
]


def organization_filters(world: World, viewer: str) -> dict[str, dict[str, Any] | None]:
    return {
        "no filter": None,
        "search": {"search": "дом"},
        "bin": {"bin": world.employer_bin if viewer == "public" else world.hidden_bin},
        "one region": {"regions": ["ALMATY"]},
        "regions": {"regions": ["ALMATY", "ASTANA", "SHYMKENT"]},
        "serviceConditions": {"serviceConditions": ["HOME"]},
        "clientCategories": {"clientCategories": ["HOMELESS", "ELDERLY_NO_SELF_CARE"]},
        "status REMOVED": {"status": "REMOVED"},
        "status ALL": {"status": "ALL"},
        "includedFrom": {"includedFrom": "2024-01-01"},
        "includedFrom/To": {"includedFrom": "2021-01-01", "includedTo": "2021-12-31"},
    }


def specialist_filters(world: World) -> dict[str, dict[str, Any] | None]:
    return {
        "no filter": None,
        "name": {"name": world.name},
        "profession": {"profession": world.profession},
        "one region": {"regions": ["ALMATY"]},
        "regions": {"regions": ["ALMATY", "ASTANA", "SHYMKENT"]},
        "employerBin": {"employerBin": world.employer_bin},
        "one qualification category": {"qualificationCategories": ["HIGHEST"]},
        "qualificationCategories": {"qualificationCategories": ["HIGHEST", "FIRST"]},
    }


Send = Callable[[str, str, dict[str, Any] | None], Awaitable[dict[str, Any]]]


def connection_of(data: dict[str, Any], *path: str) -> dict[str, Any]:
    value: Any = data
    for key in path:
        value = value[key]
    assert isinstance(value, dict)
    return value


async def both_pages(
    send: Send, name: str, query: str, variables: dict[str, Any], *path: str
) -> None:
    """The first page, and the one after it (the keyset `after` condition)."""
    first = connection_of(await send(name, query, variables), *path)
    cursor = first["pageInfo"]["endCursor"]
    assert cursor is not None, f"{name}: an empty page has no cursor to go on from"
    await send(f"{name}, after", query, {**variables, "after": cursor})


async def read_everything(send: Send, world: World, viewer: str) -> None:
    for filter_name, f in organization_filters(world, viewer).items():
        for order, lang in ORDERS:
            variables = {"first": 3, "filter": f, "order": order, "lang": lang}
            name = f"organizations {filter_name} {order} {lang}"
            await both_pages(send, name, ORGANIZATIONS, variables, "organizations")
    for filter_name, f in specialist_filters(world).items():
        for order, lang in ORDERS:
            variables = {"first": 3, "filter": f, "order": order, "lang": lang}
            name = f"specialists {filter_name} {order} {lang}"
            await both_pages(send, name, SPECIALISTS, variables, "specialists")
    for order, lang in ORDERS:
        variables = {"bin": world.employer_bin, "first": 3, "order": order, "lang": lang}
        name = f"Organization.specialists {order} {lang}"
        await both_pages(send, name, STAFF, variables, "organization", "specialists")
    for days in (3650, 30):
        variables = {"since": (NOW - timedelta(days=days)).isoformat(), "first": 5}
        name = f"registerChanges since {days} days ago"
        await both_pages(send, name, CHANGES, variables, "registerChanges")
    await send("DataLoaders of organisations", ORGANIZATION_LOADERS, None)
    data = await send("DataLoaders of specialists", SPECIALIST_LOADERS, None)
    specialist_id = data["specialists"]["edges"][0]["node"]["id"]
    data = await send(
        "organization(bin:)",
        ONE,
        {
            "bin": world.employer_bin,
            "id": encode_id("Organization", 1),
            "number": "none",
            "specialist": specialist_id,
        },
    )
    organization_id = data["byBin"]["id"]
    data = await send("organization(id:)", LICENCE_OF, {"id": organization_id})
    licence = data["organization"]["licence"]
    await send(
        "licence(number:)",
        ONE,
        {
            "bin": world.employer_bin,
            "id": organization_id,
            "number": licence["number"],
            "specialist": specialist_id,
        },
    )
    ids = {
        "Organization": organization_id,
        "Licence": licence["id"],
        "Specialist": specialist_id,
    }
    if viewer != "public":
        ids |= {
            t: encode_id(t, 1) for t in ("LicenceApplication", "Complaint", "SpecialistApplication")
        }
    for type_name, global_id in ids.items():
        await send(f"node({type_name})", NODE, {"id": global_id})


# --- plans ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    statement: Statement
    statistics: str  # which statistics the planner had
    text: str
    steps: list[str]  # the steps that do without an index


_SCAN = re.compile(r"^SCAN (?:TABLE )?(\w+)(?: AS (\w+))?(.*)$")


def _table_of(name: str, sql: str) -> str | None:
    """The table a plan step names, itself or by its alias in the statement."""
    if name in TABLES:
        return name
    alias = re.search(rf"\b(\w+) AS {re.escape(name)}\b", sql)
    return alias.group(1) if alias and alias.group(1) in TABLES else None


async def sqlite_plan(conn: AsyncConnection, statement: Statement, statistics: str) -> Plan:
    rows = (
        await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement.sql, statement.parameters)
    ).all()
    depth: dict[int, int] = {0: -1}
    lines, steps = [], []
    for row in rows:
        node, parent, _, detail = cast("tuple[int, int, int, str]", tuple(row))
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
        scan = _SCAN.match(detail)
        if scan and _table_of(scan.group(2) or scan.group(1), statement.sql):
            if "INDEX" not in scan.group(3) and "PRIMARY KEY" not in scan.group(3):
                steps.append(detail)
        elif statement.is_page and "TEMP B-TREE" in detail and "ORDER BY" in detail:
            steps.append(detail)
    return Plan(statement, statistics, "\n".join(lines), steps)


def _pg_nodes(node: dict[str, Any], depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    yield depth, node
    for child in node.get("Plans", []):
        yield from _pg_nodes(child, depth + 1)


async def postgresql_plan(conn: AsyncConnection, statement: Statement, statistics: str) -> Plan:
    explained = (
        await conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement.sql, statement.parameters)
    ).scalar_one()
    if isinstance(explained, str):
        explained = json.loads(explained)
    lines, steps = [], []
    for depth, node in _pg_nodes(explained[0]["Plan"]):
        kind, relation = node["Node Type"], node.get("Relation Name")
        text = kind + (f" on {relation}" if relation else "")
        for key in ("Index Name", "Index Cond", "Sort Key", "Filter"):
            if key in node:
                text += f" {key}: {node[key]}"
        lines.append("  " * depth + text)
        if kind == "Seq Scan" and relation in TABLES:
            steps.append(f"Seq Scan on {relation}")
        elif statement.is_page and kind in {"Sort", "Incremental Sort"}:
            steps.append(f"{kind} {node['Sort Key']}")
    return Plan(statement, statistics, "\n".join(lines), steps)


def _is_sort(step: str) -> bool:
    return "TEMP B-TREE" in step or "Sort" in step


def _is_scan(step: str) -> bool:
    return step.startswith(("SCAN", "Seq Scan"))


# The plans no B-tree index can improve: why, and which steps of which statements it excuses.
INHERENT: list[tuple[str, Callable[[Statement, str], bool]]] = [
    (
        "`totalCount` of a substring search (`LIKE '%…%'`, storage.organizations and "
        "storage.specialists): no B-tree seeks a substring, so the count reads every row the "
        "other conditions leave (a trigram index, FTS5 or pg_trgm, would be needed); the page "
        "itself walks its order's index and stops at `first`",
        lambda s, step: not s.is_page and " LIKE " in s.sql and _is_scan(step),
    ),
    (
        "several regions or qualification categories (`IN` with more than one value): each "
        "value's entries come from its `(value, sort key, id)` index in order, and their union "
        "is sorted, since neither database merges the ranges of an `IN` list; one value needs "
        "no sort",
        lambda s, step: (
            s.is_page
            and _is_sort(step)
            and re.search(r"\.(region|qualification_category) IN \([^)]*,", s.sql) is not None
        ),
    ),
    (
        "an inclusion-date range in name order: one index cannot both seek a range of one "
        "column and give the order of another; the planner takes the range and sorts it (or "
        "walks the name index and filters)",
        lambda s, step: (
            s.is_page
            and _is_sort(step)
            and re.search(r"\.included_on [<>]=", s.sql) is not None
            and re.search(r"ORDER BY \w+\.sort_(kk|ru)", s.sql) is not None
        ),
    ),
]


def excused(statement: Statement, step: str) -> bool:
    return any(applies(statement, step) for _, applies in INHERENT)


async def explain_all(engine: AsyncEngine, statements: list[Statement]) -> list[Plan]:
    """Each statement's plan, with the offending steps INHERENT does not excuse. SQLite plans
    twice: without statistics, as a database nobody ran `ANALYZE` on (the service never
    does), then with them; PostgreSQL with its statistics, sequential scans and sorts priced
    out."""
    plans = []
    async with engine.connect() as conn:
        if on_postgresql():
            await conn.exec_driver_sql("SET enable_seqscan = off")
            await conn.exec_driver_sql("SET enable_sort = off")
            passes = [("ANALYZE", postgresql_plan)]
        else:
            passes = [("no statistics", sqlite_plan), ("ANALYZE", sqlite_plan)]
        for statistics, explain in passes:
            if statistics == "ANALYZE" and not on_postgresql():
                await conn.exec_driver_sql("ANALYZE")
            for statement in statements:
                plan = await explain(conn, statement, statistics)
                steps = [step for step in plan.steps if not excused(statement, step)]
                plans.append(Plan(statement, statistics, plan.text, steps))
        await conn.rollback()
    return plans


def short(sql: str) -> str:
    """The statement on one line, a long select list cut."""
    sql = " ".join(sql.split())
    columns = re.match(r"SELECT (.*?) FROM ", sql)
    if columns and len(columns.group(1)) > 100:
        sql = sql[: columns.start(1)] + columns.group(1)[:80] + " …" + sql[columns.end(1) :]
    return sql


def report(plans: list[Plan]) -> str:
    parts = [f"{len(plans)} statements do without an index:"]
    for plan in plans:
        s = plan.statement
        requests = "; ".join(s.requests[:3])
        if len(s.requests) > 3:
            requests += f" (and {len(s.requests) - 3} more)"
        parts.append(
            f"--- {' / '.join(plan.steps)} ({plan.statistics})\n"
            f"  sent by: {requests}\n  {short(s.sql)}\n  parameters: {s.parameters}\n"
            + "\n".join("    " + line for line in plan.text.splitlines())
        )
    return "\n".join(parts)


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["public", "applicant", "admin"])
async def test_every_read_uses_an_index(
    engine: AsyncEngine, client: httpx.AsyncClient, sql_log: StatementLog, viewer: str
) -> None:
    world = await seed(engine)
    headers: dict[str, str] = {}
    if viewer == "applicant":
        token = await issue_token(engine, Role.APPLICANT, world.hidden_bin)
        headers["Authorization"] = f"Bearer {token}"
    elif viewer == "admin":
        headers["Authorization"] = f"Bearer {await issue_token(engine, Role.ADMIN, 'plans')}"
    sql_log.statements.clear()

    async def send(name: str, query: str, variables: dict[str, Any] | None) -> dict[str, Any]:
        sql_log.request = name
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body = response.json()
        assert response.status_code == 200, (name, body)
        assert "errors" not in body, (name, body)
        data: dict[str, Any] = body["data"]
        return data

    await read_everything(send, world, viewer)
    if viewer == "public":  # the public's GET is answered with an ETag: the change stamp
        sql_log.request = "GET (change stamp)"
        response = await client.get(
            "/graphql", params={"query": "{ organizations { totalCount } }"}
        )
        assert response.status_code == 200
        assert "ETag" in response.headers
    statements = list(sql_log.statements.values())
    assert len(statements) > 100
    plans = await explain_all(engine, statements)
    offences = [plan for plan in plans if plan.steps]
    assert not offences, report(offences)


async def test_the_check_sees_a_scan_and_a_sort(engine: AsyncEngine) -> None:
    """The check itself: a filter and an order without an index are offences."""
    phone = "SELECT * FROM organization WHERE phone = {}"
    email = "SELECT * FROM organization ORDER BY email LIMIT {}"
    marker = "$1" if on_postgresql() else "?"
    statements = [
        Statement(phone.format(marker), ("+77172000000",)),
        Statement(email.format(marker), (5,)),
    ]
    plans = await explain_all(engine, statements)
    kinds: dict[str, set[str]] = {s.sql: set() for s in statements}
    for plan in plans:
        kinds[plan.statement.sql] |= {"sort" if _is_sort(step) else "scan" for step in plan.steps}
    assert kinds == {statements[0].sql: {"scan"}, statements[1].sql: {"scan", "sort"}}, kinds
