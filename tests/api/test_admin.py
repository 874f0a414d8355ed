"""Tokens and the audit log through the full schema: admin only, every call audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role, Viewer
from resolvers.ids import encode_id
from resolvers.pagination import encode_cursor
from storage.tables import ApiToken, AuditLog
from storage.tokens import authenticate
from tests.conftest import ADMIN, OFFICER, execute

CREATE = """mutation($role: Role!, $subject: String, $label: String) {
  createApiToken(role: $role, subject: $subject, label: $label) {
    token apiTokenId userErrors { code field message } } }"""
REVOKE = """mutation($id: ID!) { revokeApiToken(id: $id) {
  apiTokenId userErrors { code field message } } }"""


async def count(engine: AsyncEngine, table: type[object]) -> int:
    async with engine.connect() as conn:
        value = await conn.scalar(select(func.count()).select_from(table))
    assert isinstance(value, int)
    return value


async def audit_rows(engine: AsyncEngine) -> list[tuple[str, str, str | None]]:
    table = AuditLog.__table__  # type: ignore[attr-defined]
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(table.c.operation, table.c.outcome, table.c.actor_role).order_by(table.c.id)
        )
        return [tuple(r) for r in rows]


async def test_an_admin_creates_a_working_token_and_the_call_is_audited(
    engine: AsyncEngine,
) -> None:
    result = await execute(
        engine,
        CREATE,
        {"role": "APPLICANT", "subject": "9401 4000 0385", "label": "ТОО"},
        viewer=ADMIN,
    )
    assert result.errors == []
    assert result.data is not None
    payload = result.data["createApiToken"]
    assert payload["userErrors"] == []
    viewer = await authenticate(engine, payload["token"])
    assert viewer is not None
    assert (viewer.role, viewer.subject) == (Role.APPLICANT, "940140000385")
    assert await audit_rows(engine) == [("createApiToken", "ok", "admin")]


async def test_the_token_itself_is_not_stored(engine: AsyncEngine) -> None:
    result = await execute(engine, CREATE, {"role": "LICENSOR"}, viewer=ADMIN)
    assert result.data is not None
    token = result.data["createApiToken"]["token"]
    secret = token.split("_", 2)[2]
    table = ApiToken.__table__  # type: ignore[attr-defined]
    async with engine.connect() as conn:
        [stored] = (await conn.execute(select(table))).all()
    assert secret not in repr(tuple(stored))
    assert len(stored.secret_hash) == 64


@pytest.mark.parametrize(
    "viewer",
    [OFFICER, Viewer(Role.APPLICANT, "940140000385"), Viewer(Role.REGISTRAR)],
    ids=["licensor", "applicant", "registrar"],
)
async def test_only_an_admin_may_create_tokens(engine: AsyncEngine, viewer: Viewer) -> None:
    result = await execute(engine, CREATE, {"role": "ADMIN"}, viewer=viewer)
    assert result.data is not None
    payload = result.data["createApiToken"]
    assert payload["token"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["FORBIDDEN"]
    assert await count(engine, ApiToken) == 0
    assert await audit_rows(engine) == [("createApiToken", "refused:FORBIDDEN", viewer.role.value)]


@pytest.mark.parametrize(
    ("role", "subject", "code"),
    [
        ("APPLICANT", None, "INVALID_SUBJECT"),
        ("APPLICANT", "940140000386", "INVALID_SUBJECT"),
        ("APPLICANT", "+7 7172 55 12 34", "INVALID_SUBJECT"),  # a landline
        ("APPLICANT", "kadr@", "INVALID_SUBJECT"),
        ("INSPECTOR", "MORDOR", "INVALID_SUBJECT"),
        ("PUBLIC", None, "INVALID_ROLE"),
        ("LICENSOR", "x" * 65, "TEXT_TOO_LONG"),
    ],
)
async def test_a_token_subject_must_fit_its_role(
    engine: AsyncEngine, role: str, subject: str | None, code: str
) -> None:
    result = await execute(engine, CREATE, {"role": role, "subject": subject}, viewer=ADMIN)
    assert result.data is not None
    errors = result.data["createApiToken"]["userErrors"]
    assert [e["code"] for e in errors] == [code]
    assert errors[0]["message"]
    assert await count(engine, ApiToken) == 0
    assert await audit_rows(engine) == [("createApiToken", f"refused:{code}", "admin")]


async def test_an_inspector_token_names_a_region_or_all(engine: AsyncEngine) -> None:
    for subject, expected in [("KARAGANDA", "KARAGANDA"), (None, "*")]:
        result = await execute(
            engine, CREATE, {"role": "INSPECTOR", "subject": subject}, viewer=ADMIN
        )
        assert result.data is not None
        viewer = await authenticate(engine, result.data["createApiToken"]["token"])
        assert viewer is not None
        assert viewer.subject == expected


async def test_an_applicant_token_names_the_portal_phone_or_e_mail(engine: AsyncEngine) -> None:
    """Specialists rules p. 8: applicants register on the portal by mobile phone or e-mail;
    one applicant is one subject however the number or address was typed."""
    found = {}
    for subject in ("8 (701) 234-56-78", "+7 701 234 5678", "Kadr@Meyirim.KZ "):
        result = await execute(
            engine, CREATE, {"role": "APPLICANT", "subject": subject}, viewer=ADMIN
        )
        assert result.data is not None
        viewer = await authenticate(engine, result.data["createApiToken"]["token"])
        assert viewer is not None
        found[subject] = viewer.subject
    assert found == {
        "8 (701) 234-56-78": "+77012345678",
        "+7 701 234 5678": "+77012345678",
        "Kadr@Meyirim.KZ ": "kadr@meyirim.kz",
    }


async def test_revoking_a_token_refuses_it_from_then_on(engine: AsyncEngine) -> None:
    created = await execute(engine, CREATE, {"role": "LICENSOR"}, viewer=ADMIN)
    assert created.data is not None
    token, gid = (
        created.data["createApiToken"]["token"],
        created.data["createApiToken"]["apiTokenId"],
    )
    first = await execute(engine, REVOKE, {"id": gid}, viewer=ADMIN)
    again = await execute(engine, REVOKE, {"id": gid}, viewer=ADMIN)
    malformed = await execute(engine, REVOKE, {"id": "nope"}, viewer=ADMIN)
    forbidden = await execute(engine, REVOKE, {"id": gid}, viewer=OFFICER)
    assert first.data == {"revokeApiToken": {"apiTokenId": gid, "userErrors": []}}
    assert again.data is not None
    assert malformed.data is not None
    assert forbidden.data is not None
    assert [e["code"] for e in again.data["revokeApiToken"]["userErrors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in malformed.data["revokeApiToken"]["userErrors"]] == ["INVALID_ID"]
    assert [e["code"] for e in forbidden.data["revokeApiToken"]["userErrors"]] == ["FORBIDDEN"]
    assert await authenticate(engine, token) is None
    assert [row[1] for row in await audit_rows(engine)] == [
        "ok",
        "ok",
        "refused:NOT_FOUND",
        "refused:INVALID_ID",
        "refused:FORBIDDEN",
    ]


async def test_ids_and_cursors_beyond_32_bits_are_unknown_not_errors(engine: AsyncEngine) -> None:
    """Ids are 64-bit integers on both databases (migration 0006)."""
    await execute(engine, CREATE, {"role": "LICENSOR"}, viewer=ADMIN)
    far = 2**40
    revoked = await execute(engine, REVOKE, {"id": encode_id("ApiToken", far)}, viewer=ADMIN)
    assert revoked.data is not None
    assert [e["code"] for e in revoked.data["revokeApiToken"]["userErrors"]] == ["NOT_FOUND"]
    query = "query($after: String) { auditLog(after: $after) { edges { node { outcome } } } }"
    after = encode_cursor("auditLog", "", far)
    page = await execute(engine, query, {"after": after}, viewer=ADMIN)
    assert page.errors == []
    assert page.data is not None
    assert [e["node"]["outcome"] for e in page.data["auditLog"]["edges"]] == [
        "refused:NOT_FOUND",
        "ok",
    ]


async def test_token_list_and_audit_log_are_for_admins_only(engine: AsyncEngine) -> None:
    for _ in range(3):
        await execute(engine, CREATE, {"role": "REGISTRAR"}, viewer=ADMIN)
    tokens = await execute(engine, "{ apiTokens { id role revokedAt } }", viewer=ADMIN)
    denied = await execute(engine, "{ apiTokens { id } }", viewer=OFFICER)
    denied_audit = await execute(engine, "{ auditLog { edges { cursor } } }", viewer=OFFICER)
    assert tokens.data is not None
    assert [t["role"] for t in tokens.data["apiTokens"]] == ["REGISTRAR"] * 3
    assert denied.codes == ["FORBIDDEN"]
    assert denied_audit.codes == ["FORBIDDEN"]


async def test_the_audit_log_pages_newest_first(engine: AsyncEngine) -> None:
    for role in ("LICENSOR", "REGISTRAR", "INSPECTOR"):
        await execute(engine, CREATE, {"role": role}, viewer=ADMIN)
    query = """query($after: String) { auditLog(first: 2, after: $after) {
        edges { node { operation outcome actorRole target } }
        pageInfo { hasNextPage endCursor } } }"""
    page1 = await execute(engine, query, viewer=ADMIN)
    assert page1.data is not None
    assert page1.data["auditLog"]["pageInfo"]["hasNextPage"] is True
    page2 = await execute(
        engine, query, {"after": page1.data["auditLog"]["pageInfo"]["endCursor"]}, viewer=ADMIN
    )
    assert page2.data is not None
    targets = [
        e["node"]["target"] for page in (page1.data, page2.data) for e in page["auditLog"]["edges"]
    ]
    assert targets == ["ApiToken:3", "ApiToken:2", "ApiToken:1"]
    assert page2.data["auditLog"]["pageInfo"]["hasNextPage"] is False
