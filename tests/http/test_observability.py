"""Rate limits per client, `/metrics`, and request logs with no personal data or tokens."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role
from rate_limit import ClientLimits, RateLimiter, Rule, client_address
from server import create_app
from tests.conftest import issue_token
from tests.factories import NOW

QUERY = "query Everyone { organizations(first: 1) { totalCount } }"


@pytest.fixture
async def limited(engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    """An app allowing 3 anonymous requests and 5 per token in a minute."""
    limits = ClientLimits(Rule(3, 60), Rule(5, 60))
    app = create_app(engine, run_migrations=False, clock=lambda: NOW, limits=limits)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_an_anonymous_client_is_limited_by_address_with_headers(
    limited: httpx.AsyncClient,
) -> None:
    answers = [await limited.post("/graphql", json={"query": QUERY}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a.headers["RateLimit-Limit"] for a in answers} == {"3"}
    refused = answers[-1]
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(refused.headers["Retry-After"]) == 20  # one request per 20 s comes back


async def test_a_token_has_its_own_bucket(limited: httpx.AsyncClient, engine: AsyncEngine) -> None:
    for _ in range(3):
        await limited.post("/graphql", json={"query": QUERY})
    token = await issue_token(engine, Role.LICENSOR)
    headers = {"Authorization": f"Bearer {token}"}
    answer = await limited.post("/graphql", json={"query": QUERY}, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["RateLimit-Limit"] == "5"


async def test_guessing_tokens_counts_against_the_address(limited: httpx.AsyncClient) -> None:
    statuses = []
    for n in range(4):
        headers = {"Authorization": f"Bearer rgs_{n + 1}_{'x' * 43}"}
        answer = await limited.post("/graphql", json={"query": QUERY}, headers=headers)
        statuses.append(answer.status_code)
    assert statuses == [401, 401, 401, 429]


async def test_open_data_draws_on_the_same_bucket_as_graphql(limited: httpx.AsyncClient) -> None:
    first = await limited.get("/open-data/")
    assert first.status_code == 200
    assert first.headers["RateLimit-Remaining"] == "2"
    await limited.post("/graphql", json={"query": QUERY})
    assert (await limited.get("/open-data/organizations.csv")).status_code == 200
    refused = await limited.get("/open-data/organizations.json")
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert "Retry-After" in refused.headers


def test_an_ipv6_client_is_counted_by_its_slash_64() -> None:
    limits = ClientLimits(Rule(2, 60), None)
    hosts = ["2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:2::abcd"]
    assert [limits.take(None, h).allowed for h in hosts] == [True, True, False]  # type: ignore[union-attr]
    assert limits.take(None, "2001:db8:1:3::1").allowed  # type: ignore[union-attr]
    assert client_address("::ffff:192.0.2.7") == "192.0.2.7"
    assert client_address("192.0.2.7") == "192.0.2.7"
    assert client_address("testclient") == "testclient"


def test_the_bucket_refills_evenly() -> None:
    now = [0.0]
    limiter = RateLimiter(Rule(2, 10), clock=lambda: now[0])
    assert [limiter.take("a").allowed for _ in range(3)] == [True, True, False]
    now[0] = 5.0  # one token back after 5 s
    assert [limiter.take("a").allowed for _ in range(2)] == [True, False]
    assert limiter.take("b").allowed


def test_a_rule_is_requests_per_seconds_and_zero_turns_it_off() -> None:
    assert Rule.parse("120/60") == Rule(120, 60.0)
    assert Rule.parse("0") is None
    with pytest.raises(ValueError, match="requests"):
        Rule.parse("-1/60")


async def test_metrics_count_requests_latency_and_error_codes(client: httpx.AsyncClient) -> None:
    await client.post("/graphql", json={"query": QUERY})
    await client.post("/graphql", json={"query": "{ organizations(first: 0) { totalCount } }"})
    await client.post("/graphql", json={"query": QUERY}, headers={"Authorization": "Bearer x"})
    text = (await client.get("/metrics")).text
    assert 'registers_requests_total{path="/graphql",schema="public",status="200"} 2.0' in text
    assert 'registers_request_duration_seconds_count{operation="Everyone"} 1.0' in text
    assert 'registers_errors_total{code="PAGE_SIZE_OUT_OF_RANGE"} 1.0' in text
    assert 'registers_errors_total{code="UNAUTHENTICATED"} 1.0' in text


async def test_operation_names_cannot_grow_the_label_set_without_bound(
    client: httpx.AsyncClient,
) -> None:
    for n in range(205):
        query = f"query Op{n} {{ organizations(first: 1) {{ totalCount }} }}"
        await client.post("/graphql", json={"query": query})
    await client.post("/graphql", json={"query": QUERY, "operationName": "no such; name"})
    text = (await client.get("/metrics")).text
    names = {
        line.split('operation="')[1].split('"')[0]
        for line in text.splitlines()
        if line.startswith("registers_request_duration_seconds_count")
    }
    assert len(names) <= 202
    assert "other" in names


async def test_request_logs_hold_no_query_variables_subject_or_token(
    client: httpx.AsyncClient, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    token = await issue_token(engine, Role.APPLICANT, "940140000385")
    secret_name = "Сейітова-ЛОГ"
    query = "query Find($n: String) { specialists(filter: {name: $n}) { totalCount } }"
    with caplog.at_level(logging.INFO, logger="registers.requests"):
        await client.post(
            "/graphql",
            json={"query": query, "variables": {"n": secret_name}},
            headers={"Authorization": f"Bearer {token}"},
        )
        await client.get(
            "/graphql", params={"query": query, "variables": f'{{"n": "{secret_name}"}}'}
        )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert '"operation":"Find"' in logged
    assert '"role":"applicant"' in logged
    for secret in (secret_name, token, token.split("_", 2)[2], "940140000385", "specialists("):
        assert secret not in logged
