"""HTTP caching of public GET queries and automatic persisted queries (issue 5 item 3)."""

from __future__ import annotations

import hashlib
import sys
from typing import Any

import httpx
import orjson
import pytest
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
    (miss,) = unknown.json()["errors"]
    assert miss["message"] == "PersistedQueryNotFound"  # exactly: urql matches the message
    assert miss["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert miss["extensions"]["detail"]  # kk/ru
    assert unknown.headers["Cache-Control"] == "no-store"  # a CDN must not keep the miss
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


async def test_a_token_holders_documents_are_not_known_to_anyone_else(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    lookup = '{ organization(bin: "940140000385") { id } }'
    officer = await issue_token(engine, Role.LICENSOR)
    other = await issue_token(engine, Role.INSPECTOR)
    sent = await client.post(
        "/graphql",
        json={"query": lookup, "extensions": apq(lookup)},
        headers={"Authorization": f"Bearer {officer}"},
    )
    assert "errors" not in sent.json()
    mine = await get(client, {"extensions": apq(lookup)}, Authorization=f"Bearer {officer}")
    assert "errors" not in mine.json()
    for headers in ({}, {"Authorization": f"Bearer {other}"}):
        probe = await get(client, {"extensions": apq(lookup)}, **headers)
        codes = [e["extensions"]["code"] for e in probe.json()["errors"]]
        assert codes == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_only_documents_that_validate_are_remembered(client: httpx.AsyncClient) -> None:
    for document in ("{ nope }", "{ organizations { ", "{ viewer { role } }"):  # viewer: full only
        await client.post("/graphql", json={"query": document, "extensions": apq(document)})
        probe = await get(client, {"extensions": apq(document)})
        assert [e["extensions"]["code"] for e in probe.json()["errors"]] == [
            "PERSISTED_QUERY_NOT_FOUND"
        ]


def test_the_store_is_bounded_by_size_least_recently_used_first() -> None:
    store = http_cache.PersistedQueries(max_bytes=3 * sys.getsizeof("{ a" + " " * 1000 + "}"))
    documents = ["{ " + chr(ord("a") + i) + " " * 1000 + "}" for i in range(5)]
    for document in documents:
        found = store.resolve(document, apq(document), "public", lambda _: True)
        assert found == http_cache.PersistedQuery(document)
        if document == documents[2]:  # the first is used again: the second is the oldest
            store.resolve(None, apq(documents[0]), "public", lambda _: True)
    kept = [
        store.resolve(None, apq(d), "public", lambda _: True).query  # type: ignore[union-attr]
        for d in documents
    ]
    assert kept == [documents[0], None, None, documents[3], documents[4]]
    assert store.size <= store.max_bytes


async def test_the_etag_depends_on_the_build_and_the_accepted_media_types(
    client: httpx.AsyncClient, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_organization(engine)
    plain = (await get(client, {"query": LIST})).headers["ETag"]
    typed = await get(client, {"query": LIST}, Accept="application/graphql-response+json")
    assert typed.headers["ETag"] != plain
    index = (await client.get("/open-data/")).headers["ETag"]
    monkeypatch.setattr(http_cache, "BUILD", "another release")
    assert (await get(client, {"query": LIST})).headers["ETag"] != plain
    assert (await client.get("/open-data/")).headers["ETag"] != index
    stale = await get(client, {"query": LIST}, **{"If-None-Match": plain})
    assert stale.status_code == 200


async def test_public_answers_without_an_etag_are_not_stored(client: httpx.AsyncClient) -> None:
    posted = await client.post("/graphql", json={"query": LIST})
    assert posted.headers["Cache-Control"] == "no-store"
    unreadable = await client.get("/graphql", params={"query": LIST, "variables": "{oops"})
    assert unreadable.headers["Cache-Control"] == "no-store"
