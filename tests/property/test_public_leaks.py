"""No public answer, data or errors, ever shows anything of a record the public may not see
(domain.md "Consent"; issue 5 item 6).

One database holds visible organisations, licences and specialists, and hidden ones:
organisations without publication consent with their licences, contracts and licence events,
specialists lacking either consent or both, at visible organisations, at hidden ones and at
employers outside the register, some of them withdrawn after a consent. Every text of a hidden
record is a unique canary; its ids, BIN, IIN, phones, e-mails, licence numbers and dates are
unique too (tests/property/worlds.py). Queries come from the live public schema
(hypothesis-graphql), their scalar arguments from strategies that name the hidden records
(tests/property/probes.py), some arguments sent as variables; other queries are built around
one hidden value each. No answer may contain a secret (tests/property/leaks.py), no error may
be an INTERNAL_SERVER_ERROR, and every answer must be, byte for byte, the answer of a twin
database without the never-consenting records: so neither a count, an order, a page nor a
`__typename` tells of them either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import graphql
import orjson
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode
from hypothesis_graphql import strategies as gql_st
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.labels import Lang
from domain.viewer import Role, Viewer
from resolvers.ids import decode_id
from schema.public import public_schema
from tests.conftest import Result, execute
from tests.property.leaks import Secrets, request_strings
from tests.property.probes import Probes, lift_arguments
from tests.property.records import insert_records
from tests.property.worlds import canary_world

WORLD = canary_world()
SECRETS = Secrets.of(
    WORLD.hidden,
    public={WORLD.semi_public_bin, *WORLD.visible.bins, *WORLD.visible.unregistered_bins},
    feed_only=WORLD.withdrawn_ids,
)
SDL = public_schema.as_str()
SCHEMA = graphql.build_schema(SDL)
PROBES = Probes(WORLD.visible, WORLD.hidden)
SCALARS = PROBES.custom_scalars(SCHEMA)


def _document(document: graphql.DocumentNode) -> graphql.DocumentNode:
    return document


QUERIES = gql_st.queries(SDL, custom_scalars=SCALARS, print_ast=_document)
INVALID_QUERIES = gql_st.queries(
    SDL, custom_scalars=SCALARS, print_ast=_document, mode=Mode.NEGATIVE
)
LANGS = st.sampled_from((Lang.KK, Lang.RU))

LEAK_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


@dataclass(frozen=True)
class Twins:
    """`full` holds everything; `bare` the visible records and the withdrawn ones only (a
    withdrawal is public in the change feed, as a removal carrying no data)."""

    full: AsyncEngine
    bare: AsyncEngine


@pytest.fixture(scope="module")
def twins(runner: asyncio.Runner, new_engine: Callable[[], AsyncEngine]) -> Twins:
    twins = Twins(new_engine(), new_engine())
    visible, hidden, withdrawn = WORLD.visible, WORLD.hidden, WORLD.withdrawn_ids
    # The same withdrawn records in both: their removals are the same in both change feeds.
    runner.run(
        insert_records(
            twins.full,
            [*visible.organizations, *hidden.organizations],
            [*visible.specialists, *hidden.specialists],
        )
    )
    runner.run(
        insert_records(
            twins.bare,
            [
                *visible.organizations,
                *(o for o in hidden.organizations if o.global_id in withdrawn),
            ],
            [*visible.specialists, *(s for s in hidden.specialists if s.global_id in withdrawn)],
        )
    )
    return twins


@pytest.fixture(scope="module")
def engine(twins: Twins) -> AsyncEngine:
    return twins.full


def check(
    runner: asyncio.Runner,
    twins: Twins,
    document: graphql.DocumentNode,
    variables: dict[str, Any],
    lang: Lang,
) -> Result:
    """Asks both databases: the answer with the hidden records shows none of them and is the
    answer without them, byte for byte (so no count, order, page or existence tells of them)."""
    query = graphql.print_ast(document)
    result = runner.run(execute(twins.full, query, variables or None, lang=lang))
    codes = sorted({str(code) for code in result.codes})
    event(f"errors: {', '.join(codes) or 'none'}")
    leaks = SECRETS.leaks(result, request_strings(document, variables), feed_keys(document))
    assert not leaks, f"LEAK {leaks}\n{query}\nvariables: {variables}\n{result}"
    assert "INTERNAL_SERVER_ERROR" not in codes, f"CRASH\n{query}\nvariables: {variables}"
    bare = runner.run(execute(twins.bare, query, variables or None, lang=lang))
    assert orjson.dumps(result.data) == orjson.dumps(bare.data), (
        f"DIFFERENCE\n{query}\nvariables: {variables}\nwith hidden: {result.data}\n"
        f"without: {bare.data}"
    )
    # Sibling fields resolve concurrently: errors compared in path order.
    assert sorted_errors(result) == sorted_errors(bare), (
        f"DIFFERENCE\n{query}\nvariables: {variables}\n{result.errors}\n{bare.errors}"
    )
    return result


def sorted_errors(result: Result) -> list[bytes]:
    return sorted(orjson.dumps(e, option=orjson.OPT_SORT_KEYS) for e in result.errors)


def feed_keys(document: graphql.DocumentNode) -> set[str]:
    """Response keys of the change feed's root fields: the only place withdrawn ids may be."""
    keys = set()
    for definition in document.definitions:
        if isinstance(definition, graphql.OperationDefinitionNode):
            for selection in definition.selection_set.selections:
                if isinstance(selection, graphql.FieldNode) and (
                    selection.name.value == "registerChanges"
                ):
                    keys.add((selection.alias or selection.name).value)
    return keys


def test_the_world_is_what_the_tests_assume(runner: asyncio.Runner, engine: AsyncEngine) -> None:
    """The public sees exactly the visible records; the canaries are really in the database
    (an officer sees them), so that an answer without them means something."""
    counts = """{ organizations(filter: {status: ALL}) { totalCount }
                  specialists { totalCount } }"""
    public = runner.run(execute(engine, counts))
    assert public.data == {
        "organizations": {"totalCount": len(WORLD.visible.organizations)},
        "specialists": {"totalCount": len(WORLD.visible.specialists)},
    }
    registrar = Viewer(Role.REGISTRAR, subject="registrar")
    everything = runner.run(
        execute(
            engine,
            """{ organizations(first: 100, filter: {status: ALL}) { totalCount
                   nodes { name { ru } licences { number history { note } } } }
                 specialists(first: 100) { totalCount nodes { fullName } } }""",
            viewer=registrar,
        )
    )
    assert everything.data is not None
    assert everything.data["organizations"]["totalCount"] == len(WORLD.visible.organizations) + len(
        WORLD.hidden.organizations
    )
    assert SECRETS.leaks(everything), "the canaries must be found where they are shown"


@settings(LEAK_SETTINGS, max_examples=1000)
@given(data=st.data(), lang=LANGS)
def test_no_generated_public_query_leaks(
    runner: asyncio.Runner, twins: Twins, data: st.DataObject, lang: Lang
) -> None:
    document = data.draw(QUERIES, label="document")
    document, variables = lift_arguments(document, SCHEMA, lambda: data.draw(st.booleans()))
    result = check(runner, twins, document, variables, lang)
    event("answered with data" if result.data else "no data")


@settings(LEAK_SETTINGS, max_examples=150)
@given(data=st.data(), lang=LANGS)
def test_no_invalid_public_query_leaks(
    runner: asyncio.Runner, twins: Twins, data: st.DataObject, lang: Lang
) -> None:
    """Documents with one schema violation: only their refusals can speak."""
    document = data.draw(INVALID_QUERIES, label="document")
    document, variables = lift_arguments(document, SCHEMA, lambda: data.draw(st.booleans()))
    check(runner, twins, document, variables, lang)


# --- queries built around one hidden value --------------------------------------------------


def selection(type_: graphql.GraphQLObjectType, depth: int, draw: st.DrawFn) -> str:
    """Every leaf of `type_` and, while `depth` lasts, a drawn subset of its object fields
    (connections with `first: 2`), from the live schema: new fields are covered too."""
    parts = []
    for name, field in type_.fields.items():
        if any(graphql.is_required_argument(a) for a in field.args.values()):
            continue
        target = graphql.get_named_type(field.type)
        if graphql.is_leaf_type(target):
            parts.append(name)
        elif depth > 0 and draw(st.booleans()):
            arguments = "(first: 2)" if "first" in field.args else ""
            if isinstance(target, graphql.GraphQLObjectType):
                inner = selection(target, depth - 1, draw)
            else:
                inner = "__typename id"
            parts.append(f"{name}{arguments} {{ {inner} }}")
    # Never an empty selection set: that is a syntax error (test_an_empty_selection_set_is_refused).
    return " ".join(parts) or "__typename"


def _object(name: str) -> graphql.GraphQLObjectType:
    type_ = SCHEMA.get_type(name)
    assert isinstance(type_, graphql.GraphQLObjectType)
    return type_


HIDDEN = WORLD.hidden
HIDDEN_IDS = [
    *(o.global_id for o in HIDDEN.organizations),
    *(lic.global_id for lic in HIDDEN.licences),
    *(s.global_id for s in HIDDEN.specialists),
]
# Visible organisations with hidden staff, and the hidden one with visible staff.
EMPLOYERS = sorted(
    {e.employer_bin for s in HIDDEN.specialists for e in s.form.employment}
    & {*WORLD.visible.bins, *HIDDEN.bins}
)


@st.composite
def targeted(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A document of one to three root fields, each about a hidden record."""
    org = draw(st.sampled_from(HIDDEN.organizations), label="organisation")
    person = draw(st.sampled_from(HIDDEN.specialists), label="specialist")
    depth = draw(st.integers(0, 3))

    def sel(name: str) -> str:
        return selection(_object(name), depth, draw)

    def page(name: str) -> str:
        return f"""totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
                   edges {{ cursor node {{ {sel(name)} }} }}"""

    first = draw(st.integers(1, 5))
    after = draw(st.none() | PROBES.cursor())
    order = draw(st.sampled_from(("NAME_ASC", "NAME_DESC", "INCLUDED_ON_ASC", "INCLUDED_ON_DESC")))
    lang = draw(st.sampled_from(("KK", "RU")))
    dates = st.none() | st.sampled_from(HIDDEN.dates).map(lambda d: d.isoformat())
    org_filter = {
        "search": draw(
            st.sampled_from(
                (
                    None,
                    org.bin,
                    org.texts["name_kk"],
                    org.texts["name_ru"][:6],
                    "канарейка",
                    org.texts["name_ru"].split("-")[-1],
                )
            )
        ),
        "bin": draw(st.sampled_from((None, org.bin, WORLD.semi_public_bin))),
        "regions": draw(st.sampled_from((None, [org.region.value]))),
        "serviceConditions": draw(st.sampled_from((None, [c.value for c in org.conditions]))),
        "clientCategories": draw(st.sampled_from((None, [c.value for c in org.categories]))),
        "status": draw(st.sampled_from(("ACTIVE", "REMOVED", "ALL"))),
        "includedFrom": draw(dates),
        "includedTo": draw(dates),
    }
    qualification = person.form.qualification
    person_filter = {
        "name": draw(
            st.sampled_from(
                (None, person.form.surname, person.form.given_name, "канарейка", "КАНАРЕЙКА-0")
            )
        ),
        "profession": draw(st.sampled_from((None, person.form.profession_ru, "психолог"))),
        "regions": draw(st.sampled_from((None, [person.form.region.value]))),
        "employerBin": draw(
            st.sampled_from(
                (None, *(e.employer_bin for e in person.form.employment), WORLD.semi_public_bin)
            )
        ),
        "qualificationCategories": draw(
            st.sampled_from((None, [qualification.category.value] if qualification else None))
        ),
    }
    licence = draw(st.sampled_from(org.licences))
    node_id = draw(st.sampled_from(HIDDEN_IDS))
    # Root field: (head, {variable: (type, value)}, selection).
    roots: dict[str, tuple[str, dict[str, tuple[str, Any]], str]] = {
        "organizationByBin": (
            "organization(bin: $bin)",
            {"bin": ("String", draw(st.sampled_from((org.bin, f" {org.bin[:6]} {org.bin[6:]}"))))},
            sel("Organization"),
        ),
        "organizationById": (
            "organization(id: $id)",
            {"id": ("ID", draw(st.sampled_from(HIDDEN_IDS)))},
            sel("Organization"),
        ),
        "node": (
            "node(id: $id)",
            {"id": ("ID!", node_id)},
            # One fragment, of the id's type: the types' like-named fields differ in type.
            f"__typename id ... on {decode_id(node_id)[0]} {{ {sel(decode_id(node_id)[0])} }}",
        ),
        "specialist": (
            "specialist(id: $id)",
            {"id": ("ID!", draw(st.sampled_from((person.global_id, *HIDDEN_IDS))))},
            sel("Specialist"),
        ),
        "licence": (
            "licence(number: $number)",
            {
                "number": (
                    "String!",
                    draw(st.sampled_from((licence.number, licence.number.lower()))),
                )
            },
            sel("Licence"),
        ),
        "organizations": (
            "organizations(first: $first, after: $after, filter: $filter, orderBy: $order,"
            " lang: $lang)",
            {
                "first": ("Int", first),
                "after": ("String", after),
                "filter": ("OrganizationFilter", org_filter),
                "order": ("OrganizationOrder", order),
                "lang": ("Lang", lang),
            },
            page("Organization"),
        ),
        "specialists": (
            "specialists(first: $first, after: $after, filter: $filter, orderBy: $order,"
            " lang: $lang)",
            {
                "first": ("Int", first),
                "after": ("String", after),
                "filter": ("SpecialistFilter", person_filter),
                "order": ("SpecialistOrder", order),
                "lang": ("Lang", lang),
            },
            page("Specialist"),
        ),
        "staff": (
            "organization(bin: $bin)",
            {
                "bin": ("String", draw(st.sampled_from(EMPLOYERS))),
                "first": ("Int", first),
                "after": ("String", after),
                "order": ("SpecialistOrder", order),
                "lang": ("Lang", lang),
            },
            f"""bin specialists(first: $first, after: $after, orderBy: $order, lang: $lang) {{
                  {page("Specialist")} }}""",
        ),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(roots)), min_size=1, max_size=3, unique=True))
    declared: dict[str, str] = {}
    variables: dict[str, Any] = {}
    fields = []
    for i, key in enumerate(chosen):
        head, arguments, inner = roots[key]
        for name, (type_name, value) in arguments.items():
            declared[f"{name}{i}"] = type_name
            variables[f"{name}{i}"] = value
            head = head.replace(f"${name}", f"${name}{i}")
            inner = inner.replace(f"${name}", f"${name}{i}")
        fields.append(f"r{i}: {head} {{ {inner} }}")
    header = ", ".join(f"${name}: {type_name}" for name, type_name in declared.items())
    return f"query Targeted({header}) {{ {' '.join(fields)} }}", variables


@settings(LEAK_SETTINGS, max_examples=400)
@given(request=targeted(), lang=LANGS)
def test_no_query_about_a_hidden_record_leaks(
    runner: asyncio.Runner, twins: Twins, request: tuple[str, dict[str, Any]], lang: Lang
) -> None:
    query, variables = request
    result = check(runner, twins, graphql.parse(query), variables, lang)
    event("answered with data" if result.data else "no data")


@pytest.mark.parametrize(
    "query",
    [
        "{ specialists { nodes { residence { } } } }",
        "{ organizations { } }",
        'query { node(id: "x") { } }',
        "query { }",
    ],
)
def test_an_empty_selection_set_is_refused(
    runner: asyncio.Runner, engine: AsyncEngine, query: str
) -> None:
    result = runner.run(execute(engine, query))
    assert result.data is None
    assert result.codes == ["GRAPHQL_PARSE_FAILED"]
