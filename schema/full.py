"""The full schema, behind a bearer token: the registers as the role sees them, plus more.

Every field here checks the role itself (resolvers/admin.require_admin and friends); the
token only decides which schema answers.
"""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from domain.viewer import Role
from resolvers import admin
from resolvers.context import Context
from resolvers.ids import encode_id
from resolvers.pagination import DEFAULT_PAGE_SIZE, decode_cursor, encode_cursor
from schema.applications import ApplicationMutations, ApplicationQueries, LicenceApplication
from schema.common import LocalizedString, PageInfo, label
from schema.complaints import ComplaintMutations, ComplaintQueries
from schema.errors import RegistersSchema
from schema.licences import LicenceMutations, LicenceQueries
from schema.limits import Limits
from schema.payloads import UserError
from schema.queries import RegisterQuery
from schema.register import Licence, Organization
from schema.specialist_applications import (
    SpecialistApplication,
    SpecialistApplicationMutations,
    SpecialistApplicationQueries,
)
from schema.specialists import Specialist

__all__ = ["full_schema"]


@strawberry.type(description="Who the bearer token says you are.")
class Viewer:
    role: Role
    role_label: LocalizedString
    subject: str | None


@strawberry.type
class ApiToken:
    id: strawberry.ID
    role: Role
    subject: str | None
    label: str | None
    created_at: datetime
    revoked_at: datetime | None


@strawberry.type
class CreateApiTokenPayload:
    token: str | None = strawberry.field(description="Shown once; only its hash is stored.")
    api_token_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class RevokeApiTokenPayload:
    api_token_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class AuditEntry:
    id: strawberry.ID
    at: datetime
    actor_role: str
    actor_subject: str | None
    operation: str
    target: str | None
    outcome: str


@strawberry.type
class AuditEntryEdge:
    cursor: str
    node: AuditEntry


@strawberry.type
class AuditEntryConnection:
    edges: list[AuditEntryEdge]
    page_info: PageInfo


_AUDIT_SCOPE = "auditLog"


@strawberry.type(name="Query")
class FullQuery(
    SpecialistApplicationQueries,
    LicenceQueries,
    ComplaintQueries,
    ApplicationQueries,
    RegisterQuery,
):
    @strawberry.field
    def viewer(self, info: Info[Context, None]) -> Viewer:
        v = info.context.viewer
        return Viewer(role=v.role, role_label=label(v.role), subject=v.subject)

    @strawberry.field(description="Admin only.")
    async def api_tokens(self, info: Info[Context, None]) -> list[ApiToken]:
        rows = await admin.list_tokens(info.context.engine, info.context.viewer)
        return [
            ApiToken(
                id=strawberry.ID(encode_id("ApiToken", r.id)),
                role=Role(r.role),
                subject=r.subject,
                label=r.label,
                created_at=r.created_at,
                revoked_at=r.revoked_at,
            )
            for r in rows
        ]

    @strawberry.field(description="Admin only. Newest first.")
    async def audit_log(
        self, info: Info[Context, None], first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> AuditEntryConnection:
        before = decode_cursor(after, _AUDIT_SCOPE, str)[1] if after is not None else None
        rows, has_next = await admin.audit_page(
            info.context.reader, info.context.viewer, first=first, before_id=before
        )
        edges = [
            AuditEntryEdge(
                cursor=encode_cursor(_AUDIT_SCOPE, "", r.id),
                node=AuditEntry(
                    id=strawberry.ID(encode_id("AuditEntry", r.id)),
                    at=r.at,
                    actor_role=r.actor_role,
                    actor_subject=r.actor_subject,
                    operation=r.operation,
                    target=r.target,
                    outcome=r.outcome,
                ),
            )
            for r in rows
        ]
        return AuditEntryConnection(
            edges=edges,
            page_info=PageInfo.of(
                [e.cursor for e in edges], has_next=has_next, has_previous=after is not None
            ),
        )


@strawberry.type
class AdminMutations:
    @strawberry.mutation(description="Admin only. The token is printed once, in this payload.")
    async def create_api_token(
        self,
        info: Info[Context, None],
        role: Role,
        subject: str | None = None,
        label: str | None = None,
    ) -> CreateApiTokenPayload:
        ctx = info.context
        outcome = await admin.create_token(
            ctx.engine, ctx.viewer, role=role, subject=subject, label=label, now=ctx.now
        )
        if outcome.error:
            return CreateApiTokenPayload(
                token=None, api_token_id=None, user_errors=[UserError.of(outcome.error, info)]
            )
        assert outcome.token_id is not None
        return CreateApiTokenPayload(
            token=outcome.token,
            api_token_id=strawberry.ID(encode_id("ApiToken", outcome.token_id)),
            user_errors=[],
        )

    @strawberry.mutation(description="Admin only. A revoked token is refused from then on.")
    async def revoke_api_token(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> RevokeApiTokenPayload:
        ctx = info.context
        outcome = await admin.revoke_token(ctx.engine, ctx.viewer, id, now=ctx.now)
        if outcome.error:
            return RevokeApiTokenPayload(
                api_token_id=None, user_errors=[UserError.of(outcome.error, info)]
            )
        return RevokeApiTokenPayload(api_token_id=id, user_errors=[])


@strawberry.type(name="Mutation")
class Mutation(
    SpecialistApplicationMutations,
    LicenceMutations,
    ComplaintMutations,
    ApplicationMutations,
    AdminMutations,
):
    """Every mutation of the full schema; each area keeps its own in its module."""


full_schema = RegistersSchema(
    query=FullQuery,
    mutation=Mutation,
    types=[Organization, Licence, LicenceApplication, Specialist, SpecialistApplication],
    limits=Limits(
        depth=12,
        aliases=30,
        tokens=5000,
        directives=50,
        length=50_000,
        cost=50_000,
        suggestions=True,
    ),
)
