"""Schemathesis' GraphQL support against the ASGI app (issue 7 item 3): the schema as the
server introspects it, anonymously (the public schema) and with officers' tokens (the full
schema); every root field, positive and negative cases (schemathesis draws them with
hypothesis-graphql, one operation per document, and substitutes values from the schema).

Each answer satisfies tests/fuzz/invariants.py, and schemathesis' own checks that fit an API
whose refusals carry codes of its own: `response_schema_conformance` (a JSON object; no null
in a non-null field) and, for negative cases, `negative_data_rejection` (an invalid document is
refused). Its `not_a_server_error` is not used as is: it counts any error with a `path` and a
code it does not know (`INVALID_ID`, `NOT_FOUND`) as a server failure; the invariants check
instead that no answer is a 5xx or an INTERNAL_SERVER_ERROR.

Schemathesis runs the app in an event loop thread of its own, so the app here has an engine of
its own over the module's seeded database; its lifespan, started by schemathesis, is shut down
(disposing of the engine) when the module ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.graphql.schemas import GraphQLSchema

from domain.viewer import Role
from rate_limit import ClientLimits
from server import create_app
from storage.engine import create_engine
from tests.factories import NOW
from tests.fuzz.conftest import Seeded
from tests.fuzz.invariants import Answer, check_answer

ST_SETTINGS = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
CHECKS = [schemathesis.checks.response_schema_conformance]
NEGATIVE_CHECKS = [*CHECKS, schemathesis.checks.negative_data_rejection]
OFFICERS = (Role.LICENSOR, Role.ADMIN)


@pytest.fixture(scope="module")
def app(seeded: Seeded) -> Iterator[Any]:
    app = create_app(
        create_engine(seeded.url),
        run_migrations=False,
        clock=lambda: NOW,
        limits=ClientLimits(None, None),
    )
    yield app
    # The lifespan's end disposes of the engine, in the loop its connections belong to.
    asgi.shutdown_lifespans()


def _load(app: Any, token: str | None) -> GraphQLSchema:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    schema = schemathesis.graphql.from_asgi("/graphql", app, headers=headers)
    assert isinstance(schema, GraphQLSchema)
    return schema


@pytest.fixture(scope="module")
def public(app: Any) -> GraphQLSchema:
    schema = _load(app, None)
    assert set(schema["Query"]) == {
        "organizations",
        "organization",
        "licence",
        "specialists",
        "specialist",
        "node",
        "registerChanges",
    }
    return schema


@pytest.fixture(scope="module")
def full(app: Any, seeded: Seeded) -> GraphQLSchema:
    schema = _load(app, seeded.world.tokens[Role.LICENSOR])
    assert {"Query", "Mutation"} <= set(schema)
    assert "signLicence" in schema["Mutation"]
    return schema


def run_case(schema: GraphQLSchema, mode: GenerationMode, token: str | None, draw: Any) -> None:
    case = draw(schema.as_strategy(mode), label="case")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    note(f"{case.operation.label}\n{case.body}")
    response = case.call(headers=headers)
    sent = f"{headers}\n{case.body}"
    codes = check_answer(
        Answer(response.status_code, response.content), sent, authorised=bool(token)
    )
    case.validate_response(
        response,
        checks=NEGATIVE_CHECKS if mode is GenerationMode.NEGATIVE else CHECKS,
        headers=headers,
    )
    event(f"{mode.value}: {case.operation.label}")
    event(f"errors: {', '.join(sorted(set(codes))) or 'none'}")


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
@settings(ST_SETTINGS, max_examples=100)
@given(data=st.data())
def test_public_schema(public: GraphQLSchema, mode: GenerationMode, data: st.DataObject) -> None:
    run_case(public, mode, None, data.draw)


@pytest.mark.parametrize("role", OFFICERS, ids=str)
@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
@settings(ST_SETTINGS, max_examples=100)
@given(data=st.data())
def test_full_schema(
    full: GraphQLSchema, seeded: Seeded, role: Role, mode: GenerationMode, data: st.DataObject
) -> None:
    run_case(full, mode, seeded.world.tokens[role], data.draw)
