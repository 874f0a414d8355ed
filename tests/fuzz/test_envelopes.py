"""Hostile requests around the document (issue 7 item 3): arbitrary JSON where the request
object belongs, wrong types for `query`, `variables`, `operationName` and `extensions`
(persisted queries included), bytes that are not JSON or not UTF-8, unusual content types and
GET parameters; anonymously and with a token of any role. Every answer satisfies
tests/fuzz/invariants.py, as the answers to generated documents do."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from domain.viewer import Role
from tests.fuzz.conftest import Seeded
from tests.fuzz.invariants import Answer, check_answer, error_codes

SETTINGS = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

DOCUMENTS = (
    "{ organizations { totalCount nodes { id bin name { ru } } } }",
    "query Q($first: Int) { specialists(first: $first) { nodes { id fullName } } }",
    "query A { viewer { role } } query B { organizations { totalCount } }",
    "mutation M($id: ID!) { setPublicationConsent(organizationId: $id, consent: true) {"
    " userErrors { code } } }",
    "subscription { organizations { totalCount } }",
    '{ __schema { types { name } } __type(name: "Query") { name } }',
    "{ node(id: 1) { id } }",
    "{",
    "",
)
TEXTS = st.text(max_size=40)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXTS,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=12,
)
PERSISTED = st.fixed_dictionaries(
    {
        "persistedQuery": st.fixed_dictionaries(
            {"version": st.sampled_from((1, 2, "1", None)), "sha256Hash": TEXTS | JSON}
        )
    }
)
ENVELOPES = st.fixed_dictionaries(
    {},
    optional={
        "query": st.sampled_from(DOCUMENTS) | JSON,
        "variables": JSON | st.dictionaries(st.sampled_from(("first", "id")), JSON, max_size=2),
        "operationName": st.sampled_from(("A", "B", "Q", "M", "")) | JSON,
        "extensions": PERSISTED | JSON,
    },
)
CONTENT_TYPES = (
    "application/json",
    "application/json; charset=latin-1",
    "application/graphql-response+json",
    "application/graphql",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "text/plain",
    None,
)


@st.composite
def hostile_requests(draw: st.DrawFn) -> dict[str, Any]:
    headers: dict[str, str] = {}
    accept = draw(st.sampled_from((None, "application/json", "application/graphql-response+json")))
    if accept:
        headers["Accept"] = accept
    if draw(st.integers(0, 4)) == 0:
        # GET: the parameters as text, JSON ones encoded or not.
        envelope = draw(ENVELOPES)
        params = {
            key: value if isinstance(value, str) else json.dumps(value)
            for key, value in envelope.items()
        }
        return {"method": "GET", "params": params, "headers": headers}
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    if content_type:
        headers["Content-Type"] = content_type
    kind = draw(st.sampled_from(("envelope", "envelope", "json", "bytes", "batch")))
    if kind == "envelope":
        content = json.dumps(draw(ENVELOPES), ensure_ascii=draw(st.booleans())).encode()
    elif kind == "json":
        # Any JSON value as the whole body, a bare scalar as often as not.
        content = json.dumps(draw(SCALARS | JSON)).encode()
    elif kind == "batch":
        content = json.dumps(draw(st.lists(ENVELOPES, min_size=1, max_size=3))).encode()
    else:
        content = draw(st.binary(max_size=200))
    return {"method": "POST", "content": content, "headers": headers}


def send(runner: asyncio.Runner, client: httpx.AsyncClient, request: dict[str, Any]) -> None:
    built = client.build_request(
        request["method"],
        "/graphql",
        params=request.get("params"),
        content=request.get("content"),
        headers=request["headers"],
    )
    sent = f"{built.method} {built.url}\n{built.headers}\n{built.content.decode(errors='replace')}"
    note(sent)
    response = runner.run(client.send(built))
    authorised = "authorization" in built.headers
    codes = check_answer(
        Answer(response.status_code, response.content), sent, authorised=authorised
    )
    event(f"status {response.status_code}")
    event(f"errors: {', '.join(sorted(set(codes))) or 'none'}")


@settings(SETTINGS, max_examples=150)
@given(request=hostile_requests())
def test_anonymous_hostile_requests(
    runner: asyncio.Runner, client: httpx.AsyncClient, request: dict[str, Any]
) -> None:
    send(runner, client, request)


@settings(SETTINGS, max_examples=150)
@given(request=hostile_requests(), role=st.sampled_from(list(Role)))
def test_hostile_requests_with_a_token(
    runner: asyncio.Runner,
    client: httpx.AsyncClient,
    seeded: Seeded,
    request: dict[str, Any],
    role: Role,
) -> None:
    if role is not Role.PUBLIC:
        request["headers"]["Authorization"] = f"Bearer {seeded.world.tokens[role]}"
    send(runner, client, request)


@pytest.mark.parametrize("body", [b"null", b"5", b"1.5", b'"{ __typename }"', b"true", b"[]"])
@pytest.mark.parametrize("token", [False, True], ids=["anonymous", "token"])
def test_a_json_body_that_is_not_an_object_is_a_bad_request(
    runner: asyncio.Runner, client: httpx.AsyncClient, seeded: Seeded, body: bytes, token: bool
) -> None:
    """Found by test_anonymous_hostile_requests: strawberry called `.get` on a JSON scalar
    body, and answered `null`, `5`, `"x"` and `true` with a 500 (fixed in server.py,
    `_graphql_params`)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {seeded.world.tokens[Role.LICENSOR]}"
    response = runner.run(client.post("/graphql", content=body, headers=headers))
    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]
    check_answer(Answer(response.status_code, response.content), body.decode(), authorised=token)


@pytest.mark.parametrize("name", [1, ["A"], {"x": 1}, True])
def test_an_operation_name_that_is_not_a_string_is_no_crash(
    runner: asyncio.Runner, client: httpx.AsyncClient, name: object
) -> None:
    """Found by test_anonymous_hostile_requests: with a refusal before parsing (here control
    characters in the variables) a non-string operationName reached the metrics, which raised
    after the answer was sent (fixed in schema/errors.py, RegistersSchema.execute)."""
    body = {"query": "query A { __typename }", "operationName": name, "variables": {"\b": 1}}
    response = runner.run(client.post("/graphql", json=body))
    assert error_codes(response.json()) == ["INVALID_CHARACTERS"]
    check_answer(Answer(response.status_code, response.content), json.dumps(body))
