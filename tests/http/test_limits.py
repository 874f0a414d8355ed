"""Attack documents get a coded refusal before anything runs, and the server keeps serving
(issue 5, "Limits"). How long a refusal takes is measured in bench/attacks.py, not here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role
from schema import limits
from tests.conftest import StatementCounter, issue_token

NORMAL = "{ organizations(first: 2) { totalCount nodes { bin } } }"


def nested(depth: int) -> str:
    inner = "bin"
    for _ in range(depth):
        inner = f"specialists {{ nodes {{ employment {{ organization {{ {inner} }} }} }} }}"
    return f"{{ organizations {{ nodes {{ {inner} }} }} }}"


ATTACKS: dict[str, Any] = {
    "depth 50": {"query": nested(13)},  # 4 levels per round: depth 50 and more
    "1,000 aliases": {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(1000)) + " }"},
    "circular fragments": {
        "query": "fragment A on Organization { bin ...B } fragment B on Organization { ...A } "
        "{ organizations { nodes { ...A } } }"
    },
    "a 1 MB document": {"query": "{ organizations { totalCount } }" + " " * 1_000_000},
    "a 20,000-character document": {"query": "{ organizations { totalCount } }" + " " * 20_000},
    "first: 1000000": {"query": "{ organizations(first: 1000000) { nodes { bin } } }"},
    "first: $n = 1000000": {
        "query": "query($n: Int) { organizations(first: $n) { nodes { bin } } }",
        "variables": {"n": 1_000_000},
    },
    "51 directives": {  # 17 in each of three selection sets
        "query": "{ "
        + "__typename @skip(if: false) " * 17
        + "organizations(first: 1) { nodes { "
        + "bin @skip(if: false) " * 17
        + "} edges { "
        + "cursor @skip(if: false) " * 17
        + "} } }"
    },
    # Legal GraphQL (the fields merge), but validation compares every pair: quadratic.
    "one field 998 times": {"query": "{ " + "__typename " * 998 + "}"},
    "cost over 5,000": {
        # 1 + 100 × (1 + 1 + 50 × (1 + 5 education entries)) = 30,201
        "query": "{ organizations(first: 100) { nodes { "
        "specialists(first: 50) { nodes { education { level } } } } } }"
    },
}
EXPECTED = {
    "depth 50": "QUERY_TOO_COMPLEX",
    "1,000 aliases": "QUERY_TOO_COMPLEX",
    "circular fragments": "GRAPHQL_VALIDATION_FAILED",
    "a 1 MB document": "PAYLOAD_TOO_LARGE",  # not even read whole
    "a 20,000-character document": "QUERY_TOO_COMPLEX",
    "first: 1000000": "PAGE_SIZE_OUT_OF_RANGE",
    "first: $n = 1000000": "PAGE_SIZE_OUT_OF_RANGE",
    "51 directives": "QUERY_TOO_COMPLEX",
    "one field 998 times": "QUERY_TOO_COMPLEX",
    "cost over 5,000": "QUERY_TOO_COMPLEX",
}


@pytest.mark.parametrize("attack", list(ATTACKS))
async def test_an_attack_document_is_refused_with_a_code_and_the_server_keeps_serving(
    client: httpx.AsyncClient, attack: str
) -> None:
    response = await client.post("/graphql", json=ATTACKS[attack])
    body = response.json()
    assert body.get("data") is None
    codes = {e["extensions"]["code"] for e in body["errors"]}
    assert codes == {EXPECTED[attack]}, body["errors"][0]["message"]
    assert "Traceback" not in response.text
    after = await client.post("/graphql", json={"query": NORMAL})
    assert after.status_code == 200
    assert after.json()["data"]["organizations"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("attack", "limit"),
    [
        ("depth 50", "depth"),
        ("51 directives", "directives > 50"),
        ("one field 998 times", "__typename repeated > 20"),
        ("cost over 5,000", "cost 30201 > 5000"),
    ],
)
async def test_a_refusal_names_the_limit_it_met(
    client: httpx.AsyncClient, attack: str, limit: str
) -> None:
    response = await client.post("/graphql", json=ATTACKS[attack])
    [error] = response.json()["errors"]
    assert limit in error["message"]


async def test_a_field_may_be_repeated_up_to_the_limit(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ " + "__typename " * 20 + "}"})
    assert response.json() == {
        "data": {"__typename": "Query"},
        "extensions": {"cost": {"requestedQueryCost": 0, "maximumAvailable": 5000}},
    }


async def test_a_document_sent_again_is_not_validated_again(client: httpx.AsyncClient) -> None:
    query = "query Again { organizations(first: 3) { nodes { bin name { text } } } }"
    await client.post("/graphql", json={"query": query})
    before = limits._validate.cache_info()
    response = await client.post("/graphql", json={"query": query})
    after = limits._validate.cache_info()
    assert response.json()["data"] == {"organizations": {"nodes": []}}
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


@pytest.mark.parametrize(
    ("first", "variables"),
    [("1000000", {}), ("0", {}), ("-5", {}), ("$n", {"n": 101}), ("$n", {"n": 0})],
)
async def test_a_page_size_out_of_range_anywhere_is_refused_before_any_sql(
    client: httpx.AsyncClient,
    sql_counter: StatementCounter,
    first: str,
    variables: dict[str, Any],
) -> None:
    declared = "($n: Int = 3)" if variables else ""
    query = (
        f"query{declared} {{ organizations(first: 2) {{ nodes {{ bin "
        f"specialists(first: {first}) {{ totalCount }} }} }} }}"
    )
    sql_counter.statements.clear()
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    errors = response.json()["errors"]
    assert response.json().get("data") is None
    assert [e["extensions"]["code"] for e in errors] == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert errors[0]["locations"] == [{"line": 1, "column": query.index("specialists") + 1}]
    assert not [s for s in sql_counter.statements if "organization" in s or "specialist" in s]


async def test_a_body_is_refused_once_past_the_cap_whatever_its_declared_length(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    query = orjson.dumps({"query": NORMAL + " " * 300_000})

    async def chunked() -> AsyncIterator[bytes]:  # no Content-Length
        for start in range(0, len(query), 65_536):
            yield query[start : start + 65_536]

    response = await client.post(
        "/graphql", content=chunked(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    # A token may send more (its documents may be longer): the body is read, the document
    # refused for its length.
    token = await issue_token(engine, Role.LICENSOR)
    response = await client.post(
        "/graphql",
        content=chunked(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_a_body_that_is_not_utf_8_is_a_coded_400(client: httpx.AsyncClient) -> None:
    for body in (b"\xc3\x28", b'\xff\xfe{"query": "{ __typename }"}'):
        response = await client.post(
            "/graphql", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_hundred_batched_operations_are_refused_whole(client: httpx.AsyncClient) -> None:
    batch = [{"query": NORMAL} for _ in range(100)]
    response = await client.post("/graphql", json=batch)
    assert response.status_code == 400
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_REQUEST"]


async def test_every_answer_reports_its_cost(client: httpx.AsyncClient) -> None:
    query = "{ organizations(first: 10) { nodes { name { text } region { name { text } } } } }"
    response = await client.post("/graphql", json={"query": query})
    # 1 connection + 10 nodes × (the node, its name, its region, the region's name)
    assert response.json()["extensions"]["cost"] == {
        "requestedQueryCost": 41,
        "maximumAvailable": 5000,
    }


async def test_a_variable_page_size_is_costed_by_its_value(client: httpx.AsyncClient) -> None:
    query = "query($n: Int = 7) { organizations(first: $n) { edges { node { name { kk } } } } }"
    costs = []
    for variables in ({}, {"n": 30}):
        response = await client.post("/graphql", json={"query": query, "variables": variables})
        costs.append(response.json()["extensions"]["cost"]["requestedQueryCost"])
    assert costs == [1 + 7 * 3, 1 + 30 * 3]


async def test_a_page_size_sent_as_a_float_is_costed_as_the_integer_it_runs_as(
    client: httpx.AsyncClient,
) -> None:
    query = (
        "query($n: Int) { organizations(first: $n) { nodes { specialists(first: $n) "
        "{ nodes { employment { organization { id } } } } } } }"
    )
    for n in (100, 100.0):
        response = await client.post("/graphql", json={"query": query, "variables": {"n": n}})
        errors = response.json()["errors"]
        assert [e["extensions"]["code"] for e in errors] == ["QUERY_TOO_COMPLEX"], n
        assert "110201" in errors[0]["message"] or "110,201" in errors[0]["message"], errors


async def test_introspection_roots_are_capped_even_behind_aliases_and_fragments(
    client: httpx.AsyncClient,
) -> None:
    one = '{ __schema { types { name } } __type(name: "Organization") { name } }'
    assert "errors" not in (await client.post("/graphql", json={"query": one})).json()
    aliased = "{ " + " ".join(f"s{i}: __schema {{ types {{ name }} }}" for i in range(3)) + " }"
    spread = (
        "fragment F on Query { a: __schema { types { name } } b: __schema { types { name } } } "
        'query Q { ...F c: __type(name: "Organization") { name } }'
    )
    for query, operation in ((aliased, None), (spread, "Q")):
        body = {"query": query, "operationName": operation}
        errors = (await client.post("/graphql", json=body)).json()["errors"]
        assert [e["extensions"]["code"] for e in errors] == ["QUERY_TOO_COMPLEX"], errors


async def test_officers_may_ask_for_more(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    token = await issue_token(engine, Role.LICENSOR)
    query = ATTACKS["cost over 5,000"]["query"]
    response = await client.post(
        "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
    )
    body = response.json()
    assert body.get("errors") is None, body
    assert body["extensions"]["cost"]["maximumAvailable"] == 50_000


async def test_the_public_gets_no_field_suggestions(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ organizations { nodez { bin } } }"})
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "nodez" in error["message"]
    assert "Did you mean" not in error["message"]
    assert "nodes" not in error["message"]
