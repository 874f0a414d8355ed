"""hypothesis-graphql against the HTTP endpoint (issue 7 item 3): documents valid for the
committed schema, with arbitrary and seeded argument values, and documents with one schema
violation each (its negative mode); anonymously against the public schema and with a token of
every role against the full schema, queries and mutations. Every answer satisfies
tests/fuzz/invariants.py: no 5xx, every error coded and none INTERNAL_SERVER_ERROR, no stack
trace, no SQL.
"""

from __future__ import annotations

import asyncio

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode
from hypothesis_graphql import strategies as gql_st

from domain.viewer import Role
from tests.fuzz.conftest import Seeded
from tests.fuzz.sending import FULL_SDL, PUBLIC_SDL, scalars, send_document

PUBLIC_SCHEMA = graphql.build_schema(PUBLIC_SDL)
FULL_SCHEMA = graphql.build_schema(FULL_SDL)
ROLES = (Role.ADMIN, Role.LICENSOR, Role.INSPECTOR, Role.APPLICANT, Role.REGISTRAR)

FUZZ_SETTINGS = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _document(document: graphql.DocumentNode) -> graphql.DocumentNode:
    return document


Strategy = st.SearchStrategy[graphql.DocumentNode]


@pytest.fixture(scope="module")
def documents(seeded: Seeded) -> dict[str, Strategy]:
    """The document strategies, their scalars drawn from the seeded world."""
    custom = scalars(seeded.world)

    def make(sdl: str, kind: str, mode: Mode) -> Strategy:
        make = gql_st.queries if kind == "query" else gql_st.mutations
        return make(sdl, custom_scalars=custom, print_ast=_document, mode=mode)

    return {
        "public": make(PUBLIC_SDL, "query", Mode.POSITIVE),
        "public negative": make(PUBLIC_SDL, "query", Mode.NEGATIVE),
        "full": make(FULL_SDL, "query", Mode.POSITIVE) | make(FULL_SDL, "mutation", Mode.POSITIVE),
        "full negative": (
            make(FULL_SDL, "query", Mode.NEGATIVE) | make(FULL_SDL, "mutation", Mode.NEGATIVE)
        ),
    }


@settings(FUZZ_SETTINGS, max_examples=300)
@given(data=st.data())
def test_public_documents(
    runner: asyncio.Runner,
    client: httpx.AsyncClient,
    documents: dict[str, Strategy],
    data: st.DataObject,
) -> None:
    document = data.draw(documents["public"], label="document")
    send_document(runner, client, PUBLIC_SCHEMA, document, data.draw, token=None)


@settings(FUZZ_SETTINGS, max_examples=300)
@given(data=st.data())
def test_invalid_public_documents(
    runner: asyncio.Runner,
    client: httpx.AsyncClient,
    documents: dict[str, Strategy],
    data: st.DataObject,
) -> None:
    document = data.draw(documents["public negative"], label="document")
    lift = data.draw(st.booleans(), label="lift")
    codes = send_document(runner, client, PUBLIC_SCHEMA, document, data.draw, None, lift=lift)
    if not lift:
        # Lifted into JSON variables a violation may vanish: `1.0` is a valid Int variable.
        assert codes, "a document with a schema violation was answered without an error"


@pytest.mark.parametrize("role", ROLES, ids=str)
@settings(FUZZ_SETTINGS, max_examples=100)
@given(data=st.data())
def test_full_documents(
    runner: asyncio.Runner,
    client: httpx.AsyncClient,
    seeded: Seeded,
    documents: dict[str, Strategy],
    role: Role,
    data: st.DataObject,
) -> None:
    document = data.draw(documents["full"], label="document")
    token = seeded.world.tokens[role]
    send_document(runner, client, FULL_SCHEMA, document, data.draw, token=token)


@pytest.mark.parametrize("role", ROLES, ids=str)
@settings(FUZZ_SETTINGS, max_examples=50)
@given(data=st.data())
def test_invalid_full_documents(
    runner: asyncio.Runner,
    client: httpx.AsyncClient,
    seeded: Seeded,
    documents: dict[str, Strategy],
    role: Role,
    data: st.DataObject,
) -> None:
    document = data.draw(documents["full negative"], label="document")
    lift = data.draw(st.booleans(), label="lift")
    token = seeded.world.tokens[role]
    codes = send_document(runner, client, FULL_SCHEMA, document, data.draw, token, lift=lift)
    if not lift:
        assert codes, "a document with a schema violation was answered without an error"
