"""/graphql over HTTP: which schema answers whom, and how credentials are refused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role
from storage.engine import write_transaction
from storage.tokens import revoke_token
from tests.conftest import issue_token
from tests.factories import NOW, add_organization

INTROSPECT = """{ __schema { mutationType { name } queryType { fields { name } }
                 types { name } } }"""


async def post(client: httpx.AsyncClient, query: str, **headers: str) -> httpx.Response:
    return await client.post("/graphql", json={"query": query}, headers=headers)


def _unreachable(self: AsyncEngine) -> Any:
    """The database is down: every connection attempt fails as the driver would fail."""
    raise OperationalError("connect", {}, Exception("unable to open database file"))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_anonymous_requests_get_the_public_schema_only(client: httpx.AsyncClient) -> None:
    response = await post(client, INTROSPECT)
    assert response.status_code == 200
    schema = response.json()["data"]["__schema"]
    assert schema["mutationType"] is None
    fields = {f["name"] for f in schema["queryType"]["fields"]}
    assert fields == {
        "organizations",
        "organization",
        "licence",
        "specialists",
        "specialist",
        "node",
        "registerChanges",
    }
    types = {t["name"] for t in schema["types"]}
    assert not types & {"Viewer", "ApiToken", "AuditEntry", "UserError", "Mutation"}
    assert not types & {"SpecialistApplication", "SpecialistApplicationData"}


async def test_a_valid_token_opens_the_full_schema(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    token = await issue_token(engine, Role.LICENSOR)
    introspection = await client.post("/graphql", json={"query": INTROSPECT}, headers=bearer(token))
    schema = introspection.json()["data"]["__schema"]
    assert schema["mutationType"] == {"name": "Mutation"}
    viewer = await post(client, "{ viewer { role roleLabel { ru } } }", **bearer(token))
    assert viewer.json()["data"] == {
        "viewer": {"role": "LICENSOR", "roleLabel": {"ru": "лицензиар"}}
    }


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer nonsense",
        "Bearer rgs_1_" + "A" * 43,
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "rgs_1_" + "A" * 43,
        "Bearer rgs_99999999999_" + "A" * 43,
    ],
    ids=["malformed", "unknown", "empty", "basic", "no-scheme", "id-beyond-32-bits"],
)
async def test_a_bad_token_is_a_401_with_a_json_body(
    client: httpx.AsyncClient, authorization: str
) -> None:
    response = await post(client, "{ organizations { totalCount } }", Authorization=authorization)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in body


async def test_a_token_with_a_wrong_secret_is_refused(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    token = await issue_token(engine, Role.ADMIN)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = await post(client, "{ viewer { role } }", **bearer(forged))
    assert response.status_code == 401


async def test_a_revoked_token_is_refused(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    token = await issue_token(engine, Role.LICENSOR)
    token_id = int(token.split("_")[1])
    assert (await post(client, "{ viewer { role } }", **bearer(token))).status_code == 200
    async with write_transaction(engine) as conn:
        assert await revoke_token(conn, token_id, now=NOW)
    assert (await post(client, "{ viewer { role } }", **bearer(token))).status_code == 401


async def test_a_token_in_the_query_string_is_refused_not_read(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    token = await issue_token(engine, Role.ADMIN)
    response = await client.post(
        "/graphql", params={"access_token": token}, json={"query": "{ viewer { role } }"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "TOKEN_IN_URL"


async def test_a_token_in_a_cookie_is_not_read(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    token = await issue_token(engine, Role.ADMIN)
    client.cookies.set("Authorization", f"Bearer {token}")
    client.cookies.set("token", token)
    response = await post(client, "{ viewer { role } }")
    client.cookies.clear()
    # Anonymous: the public schema has no `viewer` field.
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_public_queries_work_over_get(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    await add_organization(engine)
    response = await client.get("/graphql", params={"query": "{ organizations { totalCount } }"})
    assert response.status_code == 200
    assert response.json()["data"] == {"organizations": {"totalCount": 1}}


async def test_mutations_over_get_are_refused(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    token = await issue_token(engine, Role.ADMIN)
    query = "mutation { createApiToken(role: LICENSOR) { token } }"
    response = await client.get("/graphql", params={"query": query}, headers=bearer(token))
    assert response.status_code in (400, 405)
    tokens = await post(client, "{ apiTokens { id } }", **bearer(token))
    assert len(tokens.json()["data"]["apiTokens"]) == 1


async def test_accept_language_picks_the_language_of_text_and_errors(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await add_organization(engine, name_ru="Центр", name_kk="Орталық")
    query = "{ organizations { nodes { name { text } } } }"
    kk = await post(client, query, **{"Accept-Language": "kk-KZ,ru;q=0.8"})
    ru = await post(client, query, **{"Accept-Language": "ru-RU,ru;q=0.9"})
    default = await post(client, query)
    assert kk.json()["data"]["organizations"]["nodes"] == [{"name": {"text": "Орталық"}}]
    assert ru.json()["data"]["organizations"]["nodes"] == [{"name": {"text": "Центр"}}]
    assert default.json()["data"]["organizations"]["nodes"] == [{"name": {"text": "Орталық"}}]
    bad = await post(
        client, "{ organizations(first: 0) { totalCount } }", **{"Accept-Language": "ru"}
    )
    assert bad.json()["errors"][0]["message"] == "first должен быть от 1 до 100."


async def test_a_bug_answers_a_generic_coded_error_without_its_details(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from resolvers import organizations

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("SELECT secret FROM organization -- internal detail")

    monkeypatch.setattr(organizations, "find_licence", broken)
    response = await post(client, '{ licence(number: "1") { number } }')
    assert response.status_code == 200
    body = response.text
    assert "secret" not in body
    assert "Traceback" not in body
    assert response.json()["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "internal detail" in caplog.text


async def test_graphiql_is_served_from_the_projects_own_files(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "isHeadersEditorEnabled: true" in html
    for cdn in ("unpkg", "jsdelivr", "cdnjs", "https://"):
        assert cdn not in html
    for asset in (
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ):
        assert f"/graphiql/{asset}" in html
        response = await client.get(f"/graphiql/{asset}")
        assert response.status_code == 200, asset
        assert len(response.content) > 1000


async def test_only_the_graphiql_assets_are_served(client: httpx.AsyncClient) -> None:
    for name in ("package.json", "..%2F..%2Fserver.py", "graphiql%2Fpackage.json"):
        assert (await client.get(f"/graphiql/{name}")).status_code == 404


async def test_healthz_checks_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_answers_503_when_the_database_is_unreachable(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AsyncEngine, "connect", _unreachable)
    response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"query": "query A { organizations { totalCount } }", "operationName": "B"}, 400),
        ({"variables": {}}, 400),
    ],
    ids=["unknown-operation", "no-query"],
)
async def test_protocol_refusals_are_coded_json(
    client: httpx.AsyncClient, body: dict[str, Any], status: int
) -> None:
    response = await client.post("/graphql", json=body, headers={"Accept-Language": "ru"})
    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"].startswith("Неверный HTTP-запрос.")


async def test_a_body_that_is_not_json_is_a_coded_refusal(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_token_request_when_the_database_is_down_is_a_coded_503(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AsyncEngine, "connect", _unreachable)
    response = await post(client, "{ viewer { role } }", **bearer("rgs_1_" + "A" * 43))
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


async def test_unknown_paths_and_methods_are_coded_json(client: httpx.AsyncClient) -> None:
    missing = await client.get("/nowhere")
    put = await client.put("/graphql", json={"query": "{ __typename }"})
    asset = await client.get("/graphiql/nothing.js")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert asset.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert put.status_code == 405
    assert put.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_an_applicant_token_shows_its_own_hidden_organisation_over_http(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    from tests.factories import make_bin

    own, other = make_bin(), make_bin()
    await add_organization(engine, bin=own, consent=False)
    await add_organization(engine, bin=other, consent=False)
    token = await issue_token(engine, Role.APPLICANT, own)
    query = "{ organizations(filter: {status: ALL}) { totalCount nodes { bin } } }"
    as_owner = await post(client, query, **bearer(token))
    anonymous = await post(client, query)
    assert as_owner.json()["data"]["organizations"] == {"totalCount": 1, "nodes": [{"bin": own}]}
    assert anonymous.json()["data"]["organizations"] == {"totalCount": 0, "nodes": []}
