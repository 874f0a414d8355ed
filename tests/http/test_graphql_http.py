"""/graphql over HTTP: which schema answers whom, and how credentials are refused."""

from __future__ import annotations

import base64
import logging
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson
import pytest
from sqlalchemy import MetaData, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role
from resolvers.ids import encode_id
from storage.audit import AUDIT
from storage.engine import write_transaction
from storage.tokens import revoke_token
from tests.conftest import issue_token
from tests.factories import NOW, add_organization
from tests.lifecycle.flow import APPLICANT_BIN, add_application
from tests.specialists.flow import APPLICANT_EMAIL, specialist_input
from tests.specialists.flow import SUBMIT as SPECIALIST_SUBMIT

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


# --- attacks on authentication (issue 7 item 4) --------------------------------------------
# Each refusal is coded and changes nothing: every table is compared before and after, the
# audit log apart (a refused mutation that reached its resolver leaves exactly one row there).

CREATE_TOKEN = 'mutation { createApiToken(role: ADMIN, label: "attack") { token } }'


async def snapshot(engine: AsyncEngine) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table (as reprs, sorted), found by reflection on either database."""

    def read(conn: Connection) -> dict[str, list[tuple[str, ...]]]:
        metadata = MetaData()
        metadata.reflect(conn)
        return {
            name: sorted(tuple(map(repr, row)) for row in conn.execute(select(table)))
            for name, table in metadata.tables.items()
        }

    async with engine.connect() as conn:
        return await conn.run_sync(read)


def without_audit(tables: dict[str, list[tuple[str, ...]]]) -> dict[str, list[tuple[str, ...]]]:
    return {name: rows for name, rows in tables.items() if name != "audit_log"}


async def audit_rows(engine: AsyncEngine) -> list[tuple[str, str, str]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(AUDIT.c.operation, AUDIT.c.outcome, AUDIT.c.actor_role).order_by(AUDIT.c.id)
        )
        return [(r.operation, r.outcome, r.actor_role) for r in rows]


def refused_401(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["UNAUTHENTICATED"]
    assert "data" not in response.json()


MALFORMED = {
    "scheme-only": "Bearer",
    "basic-with-the-token": "Basic {b64}",
    "two-tokens": "Bearer {token} {token}",
    "two-credentials": "Bearer {token}, Bearer {token}",
    "tab-not-space": "Bearer\t{token}",
    "nul-inside": "Bearer {head}\x00{tail}",
    "control-character-before": "Bearer \x1f{token}",
    "control-character-after": "Bearer {token}\x1f",
    "line-feed-after": "Bearer {token}\n",
    "10kB-after-the-token": "Bearer {token}" + "A" * 10_240,
    "10kB-token": "Bearer rgs_1_" + "A" * 10_240,
    "token-in-the-scheme": "{token}",
}


@pytest.mark.parametrize("template", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_malformed_authorization_header_is_a_401_and_runs_nothing(
    client: httpx.AsyncClient, engine: AsyncEngine, template: str
) -> None:
    token = await issue_token(engine, Role.ADMIN)
    header = template.format(
        token=token,
        head=token[:20],
        tail=token[20:],
        b64=base64.b64encode(f"admin:{token}".encode()).decode(),
    )
    before = await snapshot(engine)
    refused_401(await post(client, CREATE_TOKEN, Authorization=header))
    assert await snapshot(engine) == before


@pytest.mark.parametrize("second", ["valid", "invalid"])
async def test_two_authorization_headers_are_a_401_whichever_comes_first(
    client: httpx.AsyncClient, engine: AsyncEngine, second: str
) -> None:
    """A proxy that checks one of two headers and an application that reads the other would
    disagree about who is asking: two credentials are refused, never one of them picked."""
    admin = await issue_token(engine, Role.ADMIN)
    other = await issue_token(engine, Role.LICENSOR) if second == "valid" else "rgs_9_" + "A" * 43
    before = await snapshot(engine)
    for pair in ((admin, other), (other, admin)):
        response = await client.post(
            "/graphql",
            json={"query": CREATE_TOKEN},
            headers=[("Authorization", f"Bearer {token}") for token in pair],
        )
        refused_401(response)
    assert await snapshot(engine) == before


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "bEaReR"])
async def test_the_bearer_scheme_is_case_insensitive(
    client: httpx.AsyncClient, engine: AsyncEngine, scheme: str
) -> None:
    """RFC 7235 section 2.1 (as RFC 6750 uses it): the auth-scheme is case-insensitive."""
    token = await issue_token(engine, Role.LICENSOR)
    response = await post(client, "{ viewer { role } }", Authorization=f"{scheme} {token}")
    assert response.status_code == 200
    assert response.json()["data"] == {"viewer": {"role": "LICENSOR"}}


CONTRACT = """mutation($org: ID!) { recordServiceContract(organizationId: $org,
  concludedOn: "2026-01-10") { userErrors { code } } }"""
CONSENT = """mutation($org: ID!) { setPublicationConsent(organizationId: $org, consent: false) {
  userErrors { code } } }"""
CHECK = """mutation($app: ID!) { recordCompletenessCheck(id: $app, expectedVersion: 1,
  complete: true) { userErrors { code } } }"""
SIGN = "mutation($app: ID!) { signLicence(id: $app, expectedVersion: 1) { userErrors { code } } }"
REGISTER = """mutation($spec: ID!) { registerSpecialistApplication(id: $spec, expectedVersion: 1) {
  userErrors { code } } }"""
CREATE = "mutation { createApiToken(role: ADMIN) { token userErrors { code } } }"
REVOKE = "mutation($tok: ID!) { revokeApiToken(id: $tok) { userErrors { code } } }"

# (role, subject, operation, document, code). The applicant owns the organisation and the
# licence application; every target is one the role can see, so the answer is FORBIDDEN, except
# where the role cannot see the target at all: then NOT_FOUND, as for an id that never existed.
WRONG_ROLE = [
    (Role.APPLICANT, APPLICANT_BIN, "recordServiceContract", CONTRACT, "FORBIDDEN"),
    (Role.APPLICANT, APPLICANT_BIN, "signLicence", SIGN, "FORBIDDEN"),
    (Role.APPLICANT, APPLICANT_BIN, "createApiToken", CREATE, "FORBIDDEN"),
    (Role.INSPECTOR, "*", "setPublicationConsent", CONSENT, "FORBIDDEN"),
    (Role.INSPECTOR, "*", "signLicence", SIGN, "FORBIDDEN"),
    (Role.INSPECTOR, "*", "revokeApiToken", REVOKE, "FORBIDDEN"),
    (Role.LICENSOR, None, "recordCompletenessCheck", CHECK, "FORBIDDEN"),
    (Role.LICENSOR, None, "createApiToken", CREATE, "FORBIDDEN"),
    (Role.LICENSOR, None, "revokeApiToken", REVOKE, "FORBIDDEN"),
    (Role.LICENSOR, None, "registerSpecialistApplication", REGISTER, "NOT_FOUND"),
    (Role.REGISTRAR, None, "recordServiceContract", CONTRACT, "FORBIDDEN"),
    (Role.REGISTRAR, None, "setPublicationConsent", CONSENT, "FORBIDDEN"),
    (Role.REGISTRAR, None, "revokeApiToken", REVOKE, "FORBIDDEN"),
    (Role.REGISTRAR, None, "signLicence", SIGN, "NOT_FOUND"),
]


@pytest.mark.parametrize(
    ("role", "subject", "operation", "document", "code"),
    WRONG_ROLE,
    ids=[f"{role.value}-{operation}" for role, _, operation, _, _ in WRONG_ROLE],
)
async def test_a_wrong_role_is_refused_with_one_audit_row_and_no_change(
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    role: Role,
    subject: str | None,
    operation: str,
    document: str,
    code: str,
) -> None:
    organization = encode_id("Organization", await add_organization(engine, bin=APPLICANT_BIN))
    application = await add_application(engine)
    submitter = await issue_token(engine, Role.APPLICANT, APPLICANT_EMAIL)
    submitted = await client.post(
        "/graphql",
        json={"query": SPECIALIST_SUBMIT, "variables": {"input": specialist_input()}},
        headers=bearer(submitter),
    )
    specialist = submitted.json()["data"]["submitSpecialistApplication"]
    admin = await issue_token(engine, Role.ADMIN)
    token = await issue_token(engine, role, subject)
    variables = {
        "org": organization,
        "app": application,
        "spec": specialist["specialistApplication"]["id"],
        "tok": encode_id("ApiToken", int(admin.split("_")[1])),
    }
    used = {name: value for name, value in variables.items() if f"${name}" in document}
    before, audit_before = await snapshot(engine), await audit_rows(engine)

    response = await client.post(
        "/graphql", json={"query": document, "variables": used}, headers=bearer(token)
    )

    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert [e["code"] for e in body["data"][operation]["userErrors"]] == [code]
    assert without_audit(await snapshot(engine)) == without_audit(before)
    assert await audit_rows(engine) == [*audit_before, (operation, f"refused:{code}", role.value)]
    # The admin token the refused revocation named still works.
    assert (await post(client, "{ viewer { role } }", **bearer(admin))).status_code == 200


FORM_MUTATION = "mutation { createApiToken(role: ADMIN) { token } }"
CROSS_SITE_BODIES = {
    # The three content types a page on another site may POST without a CORS preflight.
    "form-urlencoded": (
        "application/x-www-form-urlencoded",
        urlencode({"query": FORM_MUTATION}).encode(),
    ),
    "text-plain-json": ("text/plain", orjson.dumps({"query": FORM_MUTATION})),
    "text-plain-json-parameter": (
        "text/plain; charset=application/json",
        orjson.dumps({"query": FORM_MUTATION}),
    ),
    "multipart-form-data": (
        "multipart/form-data; boundary=x",
        b'--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n'
        + FORM_MUTATION.encode()
        + b'\r\n--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
        + orjson.dumps({"query": FORM_MUTATION})
        + b'\r\n--x\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n--x--\r\n',
    ),
}


@pytest.mark.parametrize(
    ("content_type", "body"), CROSS_SITE_BODIES.values(), ids=CROSS_SITE_BODIES.keys()
)
async def test_a_mutation_in_a_form_or_text_post_is_refused_and_not_run(
    client: httpx.AsyncClient, engine: AsyncEngine, content_type: str, body: bytes
) -> None:
    """CSRF: only a JSON body is read, even with a valid token."""
    token = await issue_token(engine, Role.ADMIN)
    before = await snapshot(engine)
    response = await client.post(
        "/graphql", content=body, headers={"Content-Type": content_type, **bearer(token)}
    )
    assert response.status_code == 400
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_REQUEST"]
    assert await snapshot(engine) == before


async def test_a_batch_of_mutations_with_a_token_is_refused_whole(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    token = await issue_token(engine, Role.ADMIN)
    before = await snapshot(engine)
    batch = [{"query": FORM_MUTATION}, {"query": "{ viewer { role } }"}]
    response = await client.post("/graphql", json=batch, headers=bearer(token))
    assert response.status_code == 400
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_REQUEST"]
    assert await snapshot(engine) == before


async def test_tokens_are_never_stored_or_logged_in_clear(
    client: httpx.AsyncClient, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    admin = await issue_token(engine, Role.ADMIN)
    with caplog.at_level(logging.DEBUG):
        caplog.set_level(logging.DEBUG, logger="registers.requests")
        created = await post(
            client,
            'mutation { createApiToken(role: LICENSOR, label: "L") { token } }',
            **bearer(admin),
        )
        token = created.json()["data"]["createApiToken"]["token"]
        used = await post(client, "{ viewer { role } }", **bearer(token))
        forged = await post(client, "{ viewer { role } }", **bearer(token[:-2] + "xx"))
        in_url = await client.post(
            "/graphql", params={"access_token": token}, json={"query": "{ __typename }"}
        )
    assert (used.status_code, forged.status_code, in_url.status_code) == (200, 401, 400)
    secrets = {t: t.split("_", 2)[2] for t in (admin, token)}
    stored = [value for rows in (await snapshot(engine)).values() for row in rows for value in row]
    # Every logger but the test's own HTTP client (httpx logs the URLs it requests).
    logged = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith(("httpx", "httpcore"))
    )
    assert '"role":"licensor"' in logged  # the request log was captured
    for whole, secret in secrets.items():
        assert not [value for value in stored if secret in value]
        assert whole not in logged
        assert secret not in logged
