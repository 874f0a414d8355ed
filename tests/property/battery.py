"""A fixed battery of public questions about a visible world, and its answers: every list with
its totalCount, walked page by page in every ordering and language, every filter, every
lookup. Selections come from the live public schema, so new fields are asked about too.

Fields are asked many to a document (aliases) within the public limits on aliases and tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import graphql
import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.regions import Region
from domain.register import ClientCategory, ServiceCondition
from domain.specialist_codes import QualificationCategory
from resolvers.ids import decode_id
from schema.public import public_schema
from tests.conftest import execute
from tests.property.worlds import World

__all__ = ["SCHEMA", "Battery", "Walk", "answers", "ask_fields", "leaves", "links", "lookups"]

SCHEMA = graphql.build_schema(public_schema.as_str())
ORDERS = ("NAME_ASC", "NAME_DESC", "INCLUDED_ON_ASC", "INCLUDED_ON_DESC")
LANGS = ("KK", "RU")
MAX_ALIASES = 15  # the public limits (schema/public.py)
MAX_TOKENS = 900  # of 1,000, with room for the operation's own
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\.\.\.|[A-Za-z_0-9]+|[^\s,]')


def tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


def leaves(type_name: str, depth: int = 2) -> str:
    """Every scalar of a type, the id of every record it points to, and the scalars of its
    value objects (names, regions, experience...) to `depth`; connections are walked apart."""
    type_ = SCHEMA.get_type(type_name)
    assert isinstance(type_, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType)
    parts = []
    for name, field in type_.fields.items():
        if "first" in field.args or any(
            graphql.is_required_argument(a) for a in field.args.values()
        ):
            continue
        target = graphql.get_named_type(field.type)
        if graphql.is_leaf_type(target):
            parts.append(name)
        elif isinstance(target, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType):
            if "id" in target.fields:
                parts.append(f"{name} {{ id }}")
            elif depth > 0:
                parts.append(f"{name} {{ {leaves(target.name, depth - 1)} }}")
    return " ".join(parts) or "__typename"


def links(type_name: str, depth: int = 2) -> str:
    """The id of a type and of every record it points to, through its value objects (a
    specialist's employment's organisation): what a hidden record could slip into."""
    type_ = SCHEMA.get_type(type_name)
    assert isinstance(type_, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType)
    parts = []
    for name, field in type_.fields.items():
        if "first" in field.args or any(
            graphql.is_required_argument(a) for a in field.args.values()
        ):
            continue
        target = graphql.get_named_type(field.type)
        if name == "id":
            parts.append("id")
        elif isinstance(target, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType):
            if "id" in target.fields:
                parts.append(f"{name} {{ id }}")
            elif depth > 0 and (inner := links(target.name, depth - 1)):
                parts.append(f"{name} {{ {inner} }}")
    return " ".join(parts)


IDS = "{ totalCount nodes { id } }"
# Pages of ids: the records themselves are looked up apart (`lookups`).
PAGE = (
    "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
    " edges { cursor node { id } }"
)


@dataclass(frozen=True, slots=True)
class Walk:
    """A list read page by page: `call` with `$after`; `path` from the field to the page."""

    call: str
    path: tuple[str, ...] = ()


async def ask_fields(
    engine: AsyncEngine, fields: Mapping[str, str], variables: Mapping[str, tuple[str, Any]]
) -> tuple[dict[str, Any], list[Any]]:
    """Asks the fields in as few documents as the limits allow; their answers and errors.

    Aliases and tokens are counted here; a document refused as too costly (the cost limit's
    formula is the server's) is asked again in halves."""
    found: dict[str, Any] = {}
    errors: list[Any] = []

    async def ask(batch: list[str]) -> None:
        used = {v: variables[v] for name in batch for v in variables if f"${v}" in fields[name]}
        header = ", ".join(f"${v}: {t}" for v, (t, _) in used.items())
        body = " ".join(f"{name}: {fields[name]}" for name in batch)
        query = f"query Battery({header}) {{ {body} }}" if header else f"{{ {body} }}"
        result = await execute(engine, query, {v: value for v, (_, value) in used.items()})
        if len(batch) > 1 and "QUERY_TOO_COMPLEX" in result.codes:
            half = len(batch) // 2
            await ask(batch[:half])
            await ask(batch[half:])
            return
        errors.extend(result.errors)
        for name in batch:
            found[name] = None if result.data is None else result.data.get(name)

    batch: list[str] = []
    size = 0
    for name in fields:
        cost = tokens(fields[name]) + 2
        if batch and (len(batch) >= MAX_ALIASES or size + cost > MAX_TOKENS):
            await ask(batch)
            batch, size = [], 0
        batch.append(name)
        size += cost
    if batch:
        await ask(batch)
    # Sibling fields resolve concurrently: errors in a stable order.
    return found, sorted(errors, key=lambda e: orjson.dumps(e, option=orjson.OPT_SORT_KEYS))


async def walk(engine: AsyncEngine, walks: Mapping[str, Walk]) -> tuple[dict[str, Any], list[Any]]:
    """Every page of every list, following `endCursor` while `hasNextPage`."""
    pages: dict[str, list[Any]] = {name: [] for name in walks}
    after: dict[str, str | None] = dict.fromkeys(walks)
    errors: list[Any] = []
    pending = list(walks)
    for _ in range(60):
        if not pending:
            break
        # The count is the list's, whatever the page: asked on the first page only.
        fields = {
            name: walks[name].call.replace("$after", f"$a_{name}")
            if after[name] is None
            else walks[name].call.replace("$after", f"$a_{name}").replace("totalCount ", "", 1)
            for name in pending
        }
        variables = {f"a_{name}": ("String", after[name]) for name in pending}
        found, failed = await ask_fields(engine, fields, variables)
        errors += failed
        still = []
        for name in pending:
            page = found[name]
            pages[name].append(page)
            for key in walks[name].path:
                page = None if page is None else page.get(key)
            if page is not None and page["pageInfo"]["hasNextPage"]:
                after[name] = page["pageInfo"]["endCursor"]
                still.append(name)
        pending = still
    assert not pending, f"walks that never end: {pending}"
    return pages, errors


def _groups(values: Iterable[Any], size: int) -> list[list[Any]]:
    """Values in groups: a hidden record in any of them changes that group's count."""
    items = list(values)
    return [items[i : i + size] for i in range(0, len(items), size)]


def filters(world: World) -> dict[str, str]:
    """A filtered count and id list for each filter of each register: every value, regions and
    categories in groups (a hidden record changes its group's count as surely)."""
    days = world.dates[:: max(1, len(world.dates) // 3)]
    org: list[dict[str, Any]] = [
        *({"search": s} for s in ("тоо", "«", "а", "ә", " ", "%", world.bins[0][:6])),
        *({"bin": b} for b in [*world.bins[:2], *world.unregistered_bins]),
        *({"regions": g} for g in _groups(Region, 4)),
        *({"serviceConditions": g} for g in _groups(ServiceCondition, 2)),
        *({"clientCategories": g} for g in _groups(ClientCategory, 3)),
        *({"status": s} for s in ("ACTIVE", "REMOVED", "ALL")),
        *({"includedFrom": d.isoformat(), "status": "ALL"} for d in days),
        *({"includedFrom": d.isoformat(), "includedTo": d.isoformat()} for d in days),
    ]
    people: list[dict[str, Any]] = [
        *({"name": s} for s in ("ова", "а", "серікқызы", "Әлиев")),
        *({"profession": s} for s in ("псих", "социал", "маман")),
        *({"regions": g} for g in _groups(Region, 4)),
        *({"employerBin": b} for b in [*world.bins, *world.unregistered_bins]),
        *({"qualificationCategories": [c]} for c in QualificationCategory),
    ]
    fields = {}
    for i, f in enumerate(org):
        fields[f"o{i}"] = f"organizations(first: 100, filter: {_literal_filter(f)}) {IDS}"
    for i, f in enumerate(people):
        fields[f"s{i}"] = f"specialists(first: 100, filter: {_literal_filter(f)}) {IDS}"
    return fields


_ENUM_KEYS = {"regions", "serviceConditions", "clientCategories", "qualificationCategories"}


def _literal_filter(f: Mapping[str, Any]) -> str:
    parts = []
    for key, value in f.items():
        if key in _ENUM_KEYS:
            parts.append(f"{key}: [{' '.join(str(getattr(v, 'value', v)) for v in value)}]")
        elif key == "status":
            parts.append(f"status: {value}")
        else:
            parts.append(f"{key}: {orjson.dumps(value).decode()}")
    return "{ " + ", ".join(parts) + " }"


def lookups(
    *,
    bins: Iterable[str] = (),
    ids: Iterable[str] = (),
    numbers: Iterable[str] = (),
    specialist_ids: Iterable[str] = (),
    full: int = 3,
) -> dict[str, str]:
    """One record each: by global id with everything it shows (through `node`, whose loaders
    batch), by BIN with its staff, by licence number, by specialist id."""
    fields = {}
    shown: dict[str, int] = {}
    for i, gid in enumerate(ids):
        type_name = decode_id(gid)[0]  # one fragment: the types' fields of one name conflict
        # Everything of the first records of each type; of the others what they point to.
        shown[type_name] = shown.get(type_name, 0) + 1
        inner = leaves(type_name) if shown[type_name] <= full else links(type_name)
        fields[f"n{i}"] = f'node(id: "{gid}") {{ __typename id ... on {type_name} {{ {inner} }} }}'
    for i, b in enumerate(bins):
        fields[f"b{i}"] = f'organization(bin: "{b}") {{ id specialists(first: 100) {IDS} }}'
    for i, gid in enumerate(specialist_ids):
        fields[f"p{i}"] = f'specialist(id: "{gid}") {{ id fullName }}'
    for i, n in enumerate(numbers):
        fields[f"l{i}"] = f'licence(number: "{n}") {{ id number organization {{ id }} }}'
    return fields


def walks(world: World) -> dict[str, Walk]:
    """Both registers in every ordering and language, each organisation's staff in three, and
    the change feed, in small pages."""
    found: dict[str, Walk] = {}
    for order in ORDERS:
        for lang in LANGS:
            found[f"o_{order}_{lang}"] = Walk(
                f"organizations(first: 5, after: $after, orderBy: {order}, lang: {lang},"
                f" filter: {{status: ALL}}) {{ {PAGE} }}"
            )
            found[f"s_{order}_{lang}"] = Walk(
                f"specialists(first: 7, after: $after, orderBy: {order}, lang: {lang}) {{ {PAGE} }}"
            )
    found["o_active"] = Walk(f"organizations(first: 3, after: $after) {{ {PAGE} }}")
    staff = Counter(
        e.employer_bin for s in world.specialists for e in s.form.employment if e.ended_on is None
    )
    for i, b in enumerate(sorted(b for b in world.bins if staff[b] > 1)):
        # One page of all of them in `lookups`; here one at a time, in another order.
        found[f"e{i}"] = Walk(
            f'organization(bin: "{b}") {{ specialists(first: 1, after: $after,'
            f" orderBy: INCLUDED_ON_DESC, lang: KK) {{ {PAGE} }} }}",
            ("specialists",),
        )
    query_type = SCHEMA.query_type
    assert query_type is not None
    if "registerChanges" in query_type.fields:  # the change feed, issue 5 item 4
        node = graphql.get_named_type(query_type.fields["registerChanges"].type)
        assert isinstance(node, graphql.GraphQLObjectType)
        found["changes"] = Walk(
            'registerChanges(since: "2000-01-01T00:00:00Z", first: 10, after: $after) {'
            " totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
            f" edges {{ cursor node {{ {leaves(_edge_node(node))} }} }} }}"
        )
    return found


def _edge_node(connection: graphql.GraphQLObjectType) -> str:
    edges = graphql.get_named_type(connection.fields["edges"].type)
    assert isinstance(edges, graphql.GraphQLObjectType)
    return str(graphql.get_named_type(edges.fields["node"].type).name)


def everything(world: World) -> dict[str, str]:
    """The lists in full and every visible record by every key."""
    return {
        "all_o": "organizations(first: 100, filter: {status: ALL}) { totalCount nodes { id } }",
        "all_s": "specialists(first: 100) { totalCount nodes { id } }",
        **lookups(
            bins=[*world.bins, *world.unregistered_bins],
            ids=[
                *(o.global_id for o in world.organizations),
                *(lic.global_id for lic in world.licences),
                *(s.global_id for s in world.specialists),
            ],
            numbers=[lic.number for lic in world.licences],
            specialist_ids=[s.global_id for s in world.specialists],
        ),
    }


@dataclass(frozen=True)
class Battery:
    walks: dict[str, Walk]
    fields: dict[str, str]

    @classmethod
    def of(cls, world: World) -> Battery:
        return cls(walks(world), {**filters(world), **everything(world)})


async def answers(
    engine: AsyncEngine, battery: Battery, fields: Iterable[str] | None = None
) -> dict[str, bytes]:
    """Each walk's pages and each question's answer (all, or those named) as JSON bytes, and
    every error (there should be none)."""
    pages, walk_errors = await walk(engine, battery.walks)
    asked = battery.fields if fields is None else {n: battery.fields[n] for n in fields}
    found, errors = await ask_fields(engine, asked, {})
    result = {name: orjson.dumps(value) for name, value in {**pages, **found}.items()}
    result["errors"] = orjson.dumps(walk_errors + errors)
    return result
