"""schema/execution.py on generated documents: for every query hypothesis-graphql writes
against the committed schemas (some arguments lifted into variables), the schemas' executor
answers byte for byte what graphql-core's stock executor answers over the same seeded
database: data, key order, errors with their paths. Queries only: a mutation would answer
differently the second time by design.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import graphql
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode
from hypothesis_graphql import strategies as gql_st

from domain.labels import Lang
from domain.viewer import PUBLIC, Role, Viewer
from schema.full import full_schema
from schema.public import public_schema
from tests.api.test_execution import answer, reference
from tests.fuzz.conftest import Seeded
from tests.fuzz.sending import FULL_SDL, PUBLIC_SDL, scalars
from tests.fuzz.test_generated_documents import FUZZ_SETTINGS, Strategy
from tests.fuzz.world import SUBJECTS
from tests.property.probes import lift_arguments

PUBLIC_SCHEMA = graphql.build_schema(PUBLIC_SDL)
FULL_SCHEMA = graphql.build_schema(FULL_SDL)


@pytest.fixture(scope="module")
def queries(seeded: Seeded) -> dict[str, Strategy]:
    custom = scalars(seeded.world)
    return {
        name: gql_st.queries(sdl, custom_scalars=custom, print_ast=lambda d: d, mode=Mode.POSITIVE)
        for name, sdl in (("public", PUBLIC_SDL), ("full", FULL_SDL))
    }


_BARE_TEXT = re.compile(r"\btext\b(?!\()")


class _TextWithoutLang(graphql.Visitor):
    """hypothesis-graphql gives every argument; a frontend asks `text` without `lang` (the
    request's language), which the fast executor reads its own way."""

    def enter_field(self, node: graphql.FieldNode, *_: Any) -> graphql.FieldNode | None:
        if node.name.value != "text" or not node.arguments:
            return None
        return graphql.FieldNode(
            alias=node.alias,
            name=node.name,
            arguments=(),
            directives=node.directives,
            selection_set=node.selection_set,
        )


def compare(
    runner: asyncio.Runner,
    seeded: Seeded,
    document: graphql.DocumentNode,
    sdl_schema: graphql.GraphQLSchema,
    viewer: Viewer,
    draw: Any,
) -> None:
    if draw(st.booleans()):
        document = graphql.visit(document, _TextWithoutLang())
    document, variables = lift_arguments(document, sdl_schema, lambda: bool(draw(st.booleans())))
    query = graphql.print_ast(document)
    event(f"text asked without lang: {bool(_BARE_TEXT.search(query))}")
    lang = draw(st.sampled_from(Lang))
    schema = public_schema if viewer.is_public else full_schema
    fast = runner.run(answer(seeded.engine, schema, query, variables or None, viewer, lang))
    stock = runner.run(
        answer(seeded.engine, reference(schema), query, variables or None, viewer, lang)
    )
    assert fast == stock, query


@settings(FUZZ_SETTINGS, max_examples=200)
@given(data=st.data())
def test_public_queries_answer_as_graphql_core_does(
    runner: asyncio.Runner, seeded: Seeded, queries: dict[str, Strategy], data: st.DataObject
) -> None:
    document = data.draw(queries["public"], label="document")
    compare(runner, seeded, document, PUBLIC_SCHEMA, PUBLIC, data.draw)


@settings(FUZZ_SETTINGS, max_examples=100)
@given(data=st.data())
def test_officer_queries_answer_as_graphql_core_does(
    runner: asyncio.Runner, seeded: Seeded, queries: dict[str, Strategy], data: st.DataObject
) -> None:
    role = data.draw(st.sampled_from([Role.LICENSOR, Role.REGISTRAR, Role.APPLICANT]))
    document = data.draw(queries["full"], label="document")
    compare(runner, seeded, document, FULL_SCHEMA, Viewer(role, subject=SUBJECTS[role]), data.draw)
