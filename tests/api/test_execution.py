"""schema/execution.py: plain fields read in one pass answer exactly what graphql-core's own
executor answers (data, key order, errors, paths), and most fields of a page take that path.

The reference is the same schema run by strawberry's stock execution context.
tests/fuzz/test_executor_equivalence.py compares both on generated documents.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from enum import Enum
from typing import Any, cast

import orjson
import pytest
import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from domain.labels import Lang
from domain.register import ClientCategory, ServiceCondition
from domain.viewer import PUBLIC, Viewer
from resolvers.context import Context, SharedLoader
from schema.errors import RegistersSchema
from schema.execution import RegistersExecutionContext
from schema.full import full_schema
from schema.public import public_schema
from storage.engine import Reader
from tests.conftest import OFFICER, StatementCounter
from tests.factories import NOW, add_organization
from tests.specialists.flow import add_specialist


def reference(schema: strawberry.Schema) -> strawberry.Schema:
    """`schema` run by strawberry's stock execution context (graphql-core's executor)."""
    stock = copy.copy(schema)
    stock.execution_context_class = StrawberryGraphQLCoreExecutionContext
    return stock


async def answer(
    engine: AsyncEngine,
    schema: strawberry.Schema,
    query: str,
    variables: dict[str, Any] | None = None,
    viewer: Viewer = PUBLIC,
    lang: Lang = Lang.RU,
) -> bytes:
    """The response as bytes: equal answers have equal keys in equal order."""
    context = Context(engine=engine, reader=Reader(engine), viewer=viewer, lang=lang, now=NOW)
    try:
        result = await schema.execute(query, variable_values=variables, context_value=context)
    finally:
        await context.reader.close()
    errors = [e.formatted for e in result.errors or []]
    return orjson.dumps({"data": result.data, "errors": errors})


def spy(
    monkeypatch: pytest.MonkeyPatch, owner: type, name: str, record: Callable[..., Any]
) -> list[Any]:
    """Calls of the method `owner.name` from now on, each as `record(*arguments)`."""
    calls: list[Any] = []
    method = getattr(owner, name)

    def spied(self: Any, *args: Any) -> Any:
        calls.append(record(*args))
        return method(self, *args)

    monkeypatch.setattr(owner, name, spied)
    return calls


async def seed(engine: AsyncEngine) -> None:
    for n in range(12):
        await add_organization(
            engine,
            name_ru=f"Организация {n:02d}",
            conditions=[ServiceCondition.HOME, ServiceCondition.INPATIENT][: 1 + n % 2],
            categories=[ClientCategory.HOMELESS, ClientCategory.ELDERLY_NO_SELF_CARE][: n % 3],
            phone=None if n % 4 == 0 else "+77172000000",
            removed_on=None,
            licences=n % 3,
            contracts=n % 2,
            consent=n % 5 != 0,
        )
    for n in range(6):
        await add_specialist(engine, surname=f"Смирнов{n}")


PAGE = """
query Page($first: Int!, $withContract: Boolean!, $lang: Lang) {
  organizations(first: $first, filter: {status: ALL}) {
    __typename
    totalCount
    edges { cursor node { ...Card } }
    nodes {
      id
      same: id
      bin
      name { text kk ru inKazakh: text(lang: KK) }
      region { code name { text } }
      serviceConditions { code label { text } }
      clientCategories { __typename code label { text(lang: $lang) } }
      phone email totalCapacity includedOn status statusLabel { text }
      licence { id number status statusLabel { text } issuedOn validUntil reissuedOn
                licensee { bin name { text } } organization { bin } }
      serviceContract @include(if: $withContract) { concludedOn validUntil }
      ... on Organization { bin name { ru } }
    }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
fragment Card on Organization {
  id
  legalAddress { text }
  licences { number history { kind kindLabel { text } at } }
  removalGrounds { text }
  status
}
"""

SPECIALISTS = """
query People($first: Int!) {
  specialists(first: $first) {
    nodes {
      id fullName birthDate profession { text }
      residence { region { code name { text } } settlement { text } }
      experience { years months }
      qualification { category categoryLabel { text } assignedOn }
      education { level levelLabel { text } institution { text } startedOn finishedOn document }
      employment { organizationName { text } employerBin position { text } current
                   organization { bin } }
    }
    edges { node { id education { document } } }
  }
}
"""

# Errors without a sibling load in flight: graphql-core cancels the pending siblings of a
# failed field, and a statement cancelled mid-way in aiosqlite's thread may finish after the
# test's event loop has closed (a warning in whichever test comes next).
BROKEN = """{
  bad: organizations(first: 2, after: "not a cursor") { nodes { bin name { text } } }
  none: node(id: "Tm9wZTox") { id }
}"""


@pytest.mark.parametrize(
    ("query", "variables", "failing"),
    [
        (PAGE, {"first": 12, "withContract": True, "lang": "KK"}, False),
        (PAGE, {"first": 5, "withContract": False, "lang": None}, False),
        (SPECIALISTS, {"first": 6}, False),
        (BROKEN, None, True),
    ],
    ids=["page", "page-skipping", "specialists", "errors"],
)
@pytest.mark.parametrize("viewer", [PUBLIC, OFFICER], ids=["public", "officer"])
async def test_the_schemas_answer_as_graphql_core_does(
    engine: AsyncEngine,
    query: str,
    variables: dict[str, Any] | None,
    failing: bool,
    viewer: Viewer,
) -> None:
    await seed(engine)
    schema = public_schema if viewer.is_public else full_schema
    fast = await answer(engine, schema, query, variables, viewer)
    assert fast == await answer(engine, reference(schema), query, variables, viewer)
    answered = orjson.loads(fast)
    assert bool(answered["errors"]) == failing, answered["errors"]
    if not failing:  # pages of something, not of nothing
        assert all(page["nodes"] for page in answered["data"].values()), answered["data"]


async def test_most_fields_of_a_page_skip_the_per_field_machinery(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(engine)
    calls = spy(
        monkeypatch, StrawberryGraphQLCoreExecutionContext, "execute_field", lambda t, *_: t.name
    )
    variables = {"first": 12, "withContract": True, "lang": None}
    await answer(engine, reference(public_schema), PAGE, variables)
    stock = len(calls)
    calls.clear()
    await answer(engine, public_schema, PAGE, variables)
    # The per-field path remains for resolvers and fields with arguments only: connections,
    # licences, history, serviceContract, the aliased text(lang:), licence.organization.
    assert stock > 400
    assert len(calls) < stock / 4, sorted(set(calls))


# A small schema for the odd values the register never holds: each must fail exactly as
# graphql-core fails it (the fast path gives up on the object and graphql-core runs it).


class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.enum
class Shade(Enum):
    LIGHT = "light"
    DARK = "dark"


@strawberry.type
class Leaf:
    name: str
    shade: Shade | None


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Thing(Named):
    name: str
    count: int
    tags: list[str]
    shade: Shade
    leaf: Leaf | None
    leaves: list[Leaf]


@strawberry.type
class Query:
    @strawberry.field
    def things(self) -> list[Thing | None]:
        return ODD_THINGS


def thing(**changes: Any) -> Thing:
    values: dict[str, Any] = {
        "name": "ok",
        "count": 1,
        "tags": ["a", "b"],
        "shade": Shade.DARK,
        "leaf": Leaf(name="l", shade=None),
        "leaves": [Leaf(name="m", shade=Shade.LIGHT)],
    }
    values.update(changes)
    return Thing(**values)


# (value, whether graphql-core answers it without an error)
ODD: list[tuple[Thing | None, bool]] = [
    (thing(), True),
    (thing(name=None), False),  # null for a non-null leaf
    (thing(count="many"), False),  # a value its scalar refuses
    (thing(tags="ab"), False),  # a string for a list
    (thing(tags=["a", None]), False),  # null in a list of non-null
    (thing(shade=Colour.RED), False),  # another enum's member
    (thing(shade="dark"), True),  # the value, not the member: graphql-core takes it
    (
        thing(leaf=Leaf(name=cast(str, None), shade=None)),
        False,
    ),  # null deep inside a nullable object
    (thing(leaves=[Leaf(name="n", shade=None), "not a leaf"]), False),  # not a Leaf
    (thing(leaf=ValueError("boom")), False),  # a returned exception
    (thing(count=True), True),  # graphql-core's Int takes a bool
    (None, True),  # a null item of a nullable list
]
ODD_THINGS: list[Thing | None] = []

ODD_QUERY = """{ things { __typename name count tags shade leaf { name shade } leaves { name }
  ... on Named { name } } }"""


@pytest.mark.parametrize(("value", "sound"), ODD, ids=[str(i) for i in range(len(ODD))])
async def test_odd_values_fail_as_graphql_core_fails_them(
    value: Thing | None, sound: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(__import__(__name__, fromlist=["_"]), "ODD_THINGS", [thing(), value])
    fast = strawberry.Schema(query=Query, execution_context_class=RegistersExecutionContext)
    stock = strawberry.Schema(query=Query)
    fast_result = await fast.execute(ODD_QUERY)
    stock_result = await stock.execute(ODD_QUERY)
    assert fast_result.data == stock_result.data
    assert orjson.dumps(fast_result.data) == orjson.dumps(stock_result.data)  # key order too
    fast_errors = [e.formatted for e in fast_result.errors or []]
    assert fast_errors == [e.formatted for e in stock_result.errors or []]
    assert sound == (not fast_errors), fast_errors


async def test_a_registers_schema_runs_on_the_fast_executor() -> None:
    assert public_schema.execution_context_class is RegistersExecutionContext
    assert full_schema.execution_context_class is RegistersExecutionContext
    assert isinstance(public_schema, RegistersSchema)


async def test_a_page_primes_only_the_loaders_its_nodes_ask_for(
    engine: AsyncEngine, sql_counter: StatementCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(engine)
    primed = spy(monkeypatch, SharedLoader, "preload", len)  # the keys are lists
    without = "{ organizations(first: 10) { nodes { bin } } }"
    through_fragment = """{ organizations(first: 10) { edges { node { ...C } } } }
      fragment C on Organization { bin serviceContract { concludedOn } }"""
    sql_counter.statements.clear()
    await answer(engine, public_schema, without)
    plain = sql_counter.count
    assert primed == []
    sql_counter.statements.clear()
    answered = orjson.loads(await answer(engine, public_schema, through_fragment))
    assert primed == [len(answered["data"]["organizations"]["edges"])]
    assert sql_counter.count == plain + 1  # the contracts, once for the page


async def test_plans_are_kept_across_requests_per_value_of_the_directive_variables(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(engine)
    made = spy(monkeypatch, RegistersExecutionContext, "_make_plan", lambda t, _: t.name)
    # All plain: the page's plan holds the organisations' plan, which the @include of a
    # fragment changes (a field with a directive of its own is never plain).
    query = """query Toggle($with: Boolean!) { organizations(first: 4) { nodes {
      bin ... on Organization @include(if: $with) { licence { number } } name { text } } } }"""
    stock = reference(public_schema)
    for with_licence, new_plans in ((True, True), (False, True), (True, False), (False, False)):
        made.clear()
        fast = await answer(engine, public_schema, query, {"with": with_licence})
        assert fast == await answer(engine, stock, query, {"with": with_licence})
        assert bool(made) == new_plans, made
        assert (b'"licence"' in fast) == with_licence
