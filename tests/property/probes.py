"""Values that probe hidden records, as hypothesis-graphql scalar strategies, and the lifting
of a generated document's arguments into variables.

hypothesis-graphql draws every scalar argument from `custom_scalars` when given one, the
built-in `String`, `ID` and `Int` included. Random text alone would almost never name a hidden
record; these strategies name them often: their BINs, licence numbers, global ids, parts of
their canaries, cursors positioned on their sort keys, their dates, alongside visible values,
malformed ones and arbitrary text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from domain.text import sort_key
from resolvers.ids import encode_id
from resolvers.pagination import encode_cursor
from tests.property.records import OrganizationRecord, SpecialistRecord
from tests.property.worlds import CANARY, CANARY_LATIN, World

__all__ = ["Probes", "lift_arguments"]

BUILT_IN = {"String", "ID", "Int", "Float", "Boolean"}
ORDERS = ("NAME_ASC", "NAME_DESC", "INCLUDED_ON_ASC", "INCLUDED_ON_DESC")
LANGS = ("kk", "ru")


def _full_name(s: SpecialistRecord) -> str:
    f = s.form
    return " ".join(p for p in (f.surname, f.given_name, f.patronymic) if p)


class Probes:
    """Scalar strategies over the records of a visible and a hidden world."""

    def __init__(self, visible: World, hidden: World) -> None:
        self.visible, self.hidden = visible, hidden
        orgs = [*visible.organizations, *hidden.organizations]
        people = [*visible.specialists, *hidden.specialists]
        self.organizations, self.specialists = orgs, people
        licences = [lic for o in orgs for lic in o.licences]
        bins = [*visible.bins, *visible.unregistered_bins, *hidden.bins, *hidden.unregistered_bins]
        spaced = [f"{b[:4]} {b[4:8]} {b[8:]}" for b in hidden.bins[:3]]
        iins = [s.form.iin for s in hidden.specialists if s.form.iin]
        numbers = [lic.number for lic in licences]
        hidden_names = [o.texts[k] for o in hidden.organizations for k in ("name_kk", "name_ru")]
        hidden_names += [_full_name(s) for s in hidden.specialists]
        fragments = [
            CANARY,
            CANARY.lower(),
            CANARY[1:6].lower(),
            f"{CANARY}-0001",
            CANARY_LATIN,
            "психолог",
            "психолог канарейка",
            "ТОО",
            "ова",
            "Мейірім",
            "ЖШС",
            "«",
            "1907",
            "%",
            "_",
            "\\",
            " ",
            "",
            "я" * 201,
        ]
        fragments += [n[: len(n) // 2] for n in hidden_names[:6]]
        phones = [x for o in hidden.organizations for x in (o.phone, o.email) if x]
        phones += [s.form.mobile_phone for s in hidden.specialists[:5]]
        self.strings: list[str] = [
            *bins,
            *spaced,
            *iins,
            *numbers,
            *(f" {n.lower()} " for n in numbers[-3:]),
            *hidden_names,
            *fragments,
            *phones,
            "000000000000",
            "12345678901",
            "KZ",
        ]
        self.dates: list[date] = sorted({*visible.dates, *hidden.dates})
        self.hidden_ids = [
            *(o.global_id for o in hidden.organizations),
            *(lic.global_id for o in hidden.organizations for lic in o.licences),
            *(s.global_id for s in hidden.specialists),
        ]
        ids = [o.global_id for o in visible.organizations]
        ids += [lic.global_id for o in visible.organizations for lic in o.licences]
        ids += [s.global_id for s in visible.specialists]
        pks = [o.id for o in hidden.organizations[:3]] + [s.id for s in hidden.specialists[:3]]
        for pk in pks:  # a hidden pk under other type names
            ids += [
                encode_id(t, pk)
                for t in ("Organization", "Licence", "Specialist", "LicenceApplication")
            ]
            ids += [encode_id("Complaint", pk), encode_id("SpecialistApplication", pk)]
        ids += [
            encode_id("Organization", 1),
            encode_id("Specialist", 2**63 - 1),
            encode_id("Nothing", 5),
            "T3JnYW5pemF0aW9uOjA",  # Organization:0
            "T3JnYW5pemF0aW9uOi0x",  # Organization:-1
            "not an id",
            "",
            "=" * 3,
        ]
        self.ids = ids

    # -- scalar strategies (value nodes) -----------------------------------------------------

    def cursor(self) -> st.SearchStrategy[str]:
        """Cursors of every list and ordering, on visible and hidden sort keys and ids."""

        @st.composite
        def draw(d: st.DrawFn) -> str:
            kind = d(st.sampled_from(("organizations", "specialists")))
            # Mostly the default order, so that the cursor fits the list it is sent to.
            order = d(st.sampled_from(("NAME_ASC", *ORDERS)))
            lang = d(st.sampled_from(LANGS))
            record: OrganizationRecord | SpecialistRecord
            if kind == "organizations":
                record = d(st.sampled_from(self.organizations))
                name = record.texts[f"name_{lang}"]
            else:
                record = d(st.sampled_from(self.specialists))
                name = _full_name(record)
            key: str | date = (
                record.included_on if order.startswith("INCLUDED") else sort_key(name, lang)
            )
            pk = record.id + d(st.sampled_from((0, 0, 1, -1)))
            scope = d(st.sampled_from((kind, kind, "organizations", "complaints")))
            return encode_cursor(f"{scope}:{order}:{lang}", key, pk)

        return draw() | st.sampled_from(("", "e30", "W10", "WyJ4IiwiYSIsMV0", "!!!"))

    def string_values(self) -> st.SearchStrategy[str]:
        return st.one_of(
            st.sampled_from(self.strings),
            self.cursor(),
            st.sampled_from(self.hidden_ids),
            st.sampled_from(self.ids),
            st.sampled_from(self.dates).map(date.isoformat),
            st.text(max_size=20),
        )

    def strings_(self) -> st.SearchStrategy[graphql.ValueNode]:
        return self.string_values().map(nodes.String)

    def ids_(self) -> st.SearchStrategy[graphql.ValueNode]:
        return st.one_of(
            st.sampled_from(self.hidden_ids),
            st.sampled_from(self.hidden_ids),
            st.sampled_from(self.ids),
            self.cursor(),
            st.integers(min_value=-1, max_value=2**31 - 1),
        ).map(lambda v: nodes.Int(v) if isinstance(v, int) else nodes.String(v))

    def ints(self) -> st.SearchStrategy[graphql.ValueNode]:
        # Mostly small pages, so that nested connections stay within the cost limit.
        return st.one_of(
            st.integers(min_value=1, max_value=4),
            st.integers(min_value=1, max_value=4),
            st.integers(min_value=1, max_value=100),
            st.sampled_from((0, -1, 101, 2**31 - 1, -(2**31))),
        ).map(nodes.Int)

    def dates_(self) -> st.SearchStrategy[graphql.ValueNode]:
        return st.one_of(
            st.sampled_from(self.dates).map(date.isoformat),
            st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)).map(date.isoformat),
            st.sampled_from(("2024-02-30", "2024-1-1", "", "вчера", "2024-01-01T00:00:00")),
        ).map(nodes.String)

    def datetimes_(self) -> st.SearchStrategy[graphql.ValueNode]:
        return st.one_of(
            st.sampled_from(self.dates).map(
                lambda d: datetime.combine(d, datetime.min.time(), UTC).isoformat()
            ),
            st.datetimes(  # hypothesis takes naive bounds and the time zones apart
                min_value=datetime(1990, 1, 1),  # noqa: DTZ001
                max_value=datetime(2030, 1, 1),  # noqa: DTZ001
                timezones=st.just(UTC),
            ).map(datetime.isoformat),
            # Around the change feed's times (tests/property/records.py, CREATED_AT).
            st.sampled_from(
                (
                    "2026-02-28T00:00:00Z",
                    "2026-03-01T04:00:00+00:00",
                    "2026-03-01T04:00:00.000001Z",
                    "2026-03-02T09:00:00+05:00",
                    "2026-03-20",
                    "",
                    "2026-13-01T00:00:00Z",
                    "now",
                )
            ),
        ).map(nodes.String)

    def custom_scalars(self, schema: graphql.GraphQLSchema) -> dict[str, Any]:
        """A strategy for every scalar of the schema: probing ones for those we know,
        probing strings for any custom scalar added later."""
        known: dict[str, Callable[[], st.SearchStrategy[graphql.ValueNode]]] = {
            "String": self.strings_,
            "ID": self.ids_,
            "Int": self.ints,
            "Date": self.dates_,
            "DateTime": self.datetimes_,
        }
        found: dict[str, Any] = {}
        for name, type_ in schema.type_map.items():
            if not isinstance(type_, graphql.GraphQLScalarType) or name.startswith("__"):
                continue
            if name in known:
                found[name] = known[name]()
            elif name not in BUILT_IN:
                found[name] = self.strings_()
        return found


def lift_arguments(
    document: graphql.DocumentNode,
    schema: graphql.GraphQLSchema,
    lift: Callable[[], bool],
) -> tuple[graphql.DocumentNode, dict[str, Any]]:
    """The document with some argument values (those `lift()` picks) sent as variables."""
    type_info = graphql.TypeInfo(schema)
    definitions: list[graphql.VariableDefinitionNode] = []
    variables: dict[str, Any] = {}

    class Lift(graphql.Visitor):
        def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> Any:
            argument = type_info.get_argument()
            if argument is None or isinstance(node.value, graphql.VariableNode) or not lift():
                return None
            name = f"v{len(definitions)}"
            variables[name] = graphql.value_from_ast_untyped(node.value)
            definitions.append(
                graphql.VariableDefinitionNode(
                    variable=graphql.VariableNode(name=graphql.NameNode(value=name)),
                    type=graphql.parse_type(str(argument.type)),
                )
            )
            return graphql.ArgumentNode(
                name=node.name, value=graphql.VariableNode(name=graphql.NameNode(value=name))
            )

    edited = graphql.visit(document, graphql.TypeInfoVisitor(type_info, Lift()))
    assert isinstance(edited, graphql.DocumentNode)
    if not definitions:
        return edited, {}
    operations = []
    for definition in edited.definitions:
        if isinstance(definition, graphql.OperationDefinitionNode):
            definition = graphql.OperationDefinitionNode(
                operation=definition.operation,
                name=definition.name,
                variable_definitions=(*(definition.variable_definitions or ()), *definitions),
                directives=definition.directives,
                selection_set=definition.selection_set,
            )
        operations.append(definition)
    return graphql.DocumentNode(definitions=tuple(operations)), variables
