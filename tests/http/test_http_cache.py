"""HTTP caching of public GET queries and automatic persisted queries (issue 5 item 3)."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

import http_cache
from domain.viewer import Role
from resolvers.ids import encode_id
from tests.conftest import issue_token
from tests.factories import add_organization

LIST = "{ organizations { totalCount nodes { bin } } }"
CONSENT = """mutation($id: ID!, $c: Boolean!) { setPublicationConsent(organizationId: $id,
  consent: $c) { userErrors { code } } }"""


def apq(query: str) -> dict[str, Any]:
    digest = hashlib.sha256(query.encode()).hexdigest()
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def get(client: httpx.AsyncClient, params: dict[str, Any], **headers: str) -> httpx.Response:
    encoded = {k: v if isinstance(v, str) else orjson.dumps(v).decode() for k, v in params.items()}
    return await client.get("/graphql", params=encoded, headers=headers)


async def set_consent(
    client: httpx.AsyncClient, engine: AsyncEngine, org: int, consent: bool
) -> None:
    token = await issue_token(engine, Role.LICENSOR)
    answer = await client.post(
        "/graphql",
        json={"query": CONSENT, "variables": {"id": encode_id("Organization", org), "c": consent}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.json()["data"]["setPublicationConsent"]["userErrors"] == []


async def test_a_repeat_with_the_same_etag_is_answered_304_without_a_body(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await add_organization(engine)
    first = await get(client, {"query": LIST})
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert "Accept-Language" in first.headers["Vary"]
    again = await get(client, {"query": LIST}, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    assert again.content == b""
    other_language = await get(client, {"query": LIST}, **{"Accept-Language": "ru"})
    assert other_language.headers["ETag"] != etag


async def test_a_consent_withdrawal_changes_the_etag_at_once(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    org = await add_organization(engine)
    before = await get(client, {"query": LIST})
    assert before.json()["data"]["organizations"]["totalCount"] == 1
    await set_consent(client, engine, org, False)
    revalidated = await get(client, {"query": LIST}, **{"If-None-Match": before.headers["ETag"]})
    assert revalidated.status_code == 200
    assert revalidated.headers["ETag"] != before.headers["ETag"]
    assert revalidated.json()["data"]["organizations"]["totalCount"] == 0


async def test_a_hidden_records_change_does_not_move_the_public_etag(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await add_organization(engine)
    hidden = await add_organization(engine, consent=False)
    before = (await get(client, {"query": LIST})).headers["ETag"]
    await set_consent(client, engine, hidden, False)  # recorded again, still hidden
    after = await get(client, {"query": LIST}, **{"If-None-Match": before})
    assert after.status_code == 304


async def test_a_persisted_query_is_learnt_once_then_fetched_by_hash_and_revalidated(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await add_organization(engine)
    unknown = await get(client, {"extensions": apq(LIST)})
    assert unknown.status_code == 200
    assert [e["extensions"]["code"] for e in unknown.json()["errors"]] == [
        "PERSISTED_QUERY_NOT_FOUND"
    ]
    assert "PersistedQueryNotFound" in unknown.json()["errors"][0]["message"]
    learnt = await client.post("/graphql", json={"query": LIST, "extensions": apq(LIST)})
    assert learnt.json()["data"]["organizations"]["totalCount"] == 1
    by_hash = await get(client, {"extensions": apq(LIST)})
    assert by_hash.json() == learnt.json() | {"extensions": by_hash.json()["extensions"]}
    repeat = await get(
        client, {"extensions": apq(LIST)}, **{"If-None-Match": by_hash.headers["ETag"]}
    )
    assert repeat.status_code == 304


async def test_a_wrong_hash_is_refused(client: httpx.AsyncClient) -> None:
    answer = await client.post("/graphql", json={"query": LIST, "extensions": apq(LIST + " ")})
    assert [e["extensions"]["code"] for e in answer.json()["errors"]] == [
        "PERSISTED_QUERY_HASH_MISMATCH"
    ]


async def test_officers_answers_are_private_and_never_cached(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    token = await issue_token(engine, Role.LICENSOR)
    answer = await get(client, {"query": LIST}, Authorization=f"Bearer {token}")
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in answer.headers


async def test_open_data_revalidates_by_etag_and_a_withdrawal_changes_it(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    org = await add_organization(engine)
    await add_organization(engine)
    for path in ("/open-data/", "/open-data/organizations.csv?lang=ru"):
        first = await client.get(path)
        assert first.status_code == 200
        assert first.headers["Cache-Control"] == "public, no-cache"
        again = await client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        assert again.content == b""
    files = {
        path: await client.get(path)
        for path in ("/open-data/", "/open-data/organizations.csv", "/open-data/organizations.json")
    }
    assert len({answer.headers["ETag"] for answer in files.values()}) == 3
    await set_consent(client, engine, org, False)
    for path, before in files.items():
        after = await client.get(path, headers={"If-None-Match": before.headers["ETag"]})
        assert after.status_code == 200
        assert after.headers["ETag"] != before.headers["ETag"]
    rows = (await client.get("/open-data/organizations.json")).json()
    assert len(rows) == 1


def test_if_none_match_compares_weakly_in_a_list_or_as_a_star() -> None:
    tag = 'W/"abc"'
    assert http_cache.matches('W/"abc"', tag)
    assert http_cache.matches('"abc"', tag)
    assert http_cache.matches('"x", W/"abc"', tag)
    assert http_cache.matches("*", tag)
    assert not http_cache.matches('W/"abcd"', tag)
    assert not http_cache.matches('W/"ab"', tag)
    assert not http_cache.matches("", tag)
    assert not http_cache.matches(None, tag)
