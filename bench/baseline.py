"""The HTTP benchmark's server: the real app, plus a baseline that answers the same requests
without GraphQL, and two bench-only routes.

    uvicorn --app-dir bench baseline:create_app --factory    (bench/http_bench.py starts it)

- Every route of `server.create_app` (`/graphql`, `/healthz`, ...), rate limits off.
- `POST /baseline/<route>`: plain Starlette handlers, in the same app (so behind the same
  middleware), that read the `variables` of the same request body, run the same SQL through the
  same storage-layer functions the resolvers and DataLoaders call (one `storage.engine.Reader`
  per request, as `/graphql` has), and build the dict the GraphQL answer has, key for key, with
  the labels of domain.labels, then `orjson.dumps` it. `extensions.cost` is a constant of the
  document and its page size: computed with the schema's own cost function once per distinct
  set of variables and then reused (no GraphQL work per request).
- `GET /bench/sql-count` (DELETE resets it): statements sent to the database, counted by a
  SQLAlchemy `before_cursor_execute` listener on the engine since the last reset.
- `GET /bench/fixtures`: what the scenarios' variables need (bench/scenarios.Fixtures).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import orjson
from graphql import GraphQLSchema, parse
from scenarios import (
    LANG,
    ORGANIZATION_CARD,
    RECORD_SERVICE_CONTRACT,
    REGISTER_PAGE,
    SPECIALIST_SEARCH,
    SPECIALISTS_PAGE,
    Fixtures,
)
from sqlalchemy import and_, event, func, select, true
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import server
from domain.calendar import WorkingCalendar
from domain.errors import DomainError
from domain.labels import DEFAULT_LANG, Lang, label_of, parse_accept_language
from domain.licence_events import LicenceEventKind
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, RegisterStatus, ServiceCondition
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import full_name
from domain.validation import Invalid
from domain.viewer import PUBLIC, Viewer
from rate_limit import ClientLimits
from resolvers.ids import encode_id
from resolvers.inputs import check_xin
from resolvers.licences import write_service_contract
from resolvers.mutations import audit_target
from resolvers.pagination import DEFAULT_PAGE_SIZE, check_first, decode_cursor, encode_cursor
from schema.full import full_schema
from schema.limits import query_cost
from schema.public import public_schema
from storage import licences as licences_repo
from storage import organizations as organizations_repo
from storage import specialists as specialists_repo
from storage.audit import append_audit
from storage.bitsets import from_mask
from storage.engine import Reader, create_engine, write_transaction
from storage.organizations import LIC, LICENCE_PREFIX, ORG, OrganizationFilter, OrganizationOrder
from storage.specialists import SpecialistFilter, SpecialistOrder
from storage.tokens import authenticate

__all__ = ["create_app"]

Json = dict[str, Any]
CONTRACT = "recordServiceContract"  # the audit log's operation, as resolvers.licences names it


# --- the bench-only routes ----------------------------------------------------------------


class StatementCounter:
    """Statements sent to the database through `engine`, since the last reset."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *_: Any) -> None:
        self.count += 1

    async def endpoint(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.count = 0
        return JSONResponse({"statements": self.count})


def _fixtures(engine: AsyncEngine) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(_: Request) -> Response:
        public_active = and_(organizations_repo.visible_to(PUBLIC), ORG.c.removed_on.is_(None))
        licensed = ORG.join(
            LIC, and_(LIC.c.organization_id == ORG.c.id, LIC.c.is_current == true())
        )
        key = organizations_repo.sort_column(OrganizationOrder.NAME_ASC, Lang(LANG))
        async with engine.connect() as conn:
            total = int(await conn.scalar(select(func.count()).select_from(ORG)) or 0)

            async def nth(offset: int) -> Row[Any]:
                statement = select(ORG.c.id, ORG.c.bin).select_from(licensed).where(public_active)
                ordered = statement.order_by(ORG.c.bin).offset(offset).limit(1)
                return (await conn.execute(ordered)).one()

            card, contract = await nth(total // 3), await nth(total * 2 // 3)
            # The row 100 before the end of the public list, by name: the next page is deep.
            deep = (
                await conn.execute(
                    select(key.label("key"), ORG.c.id)
                    .where(public_active)
                    .order_by(key.desc(), ORG.c.id.desc())
                    .offset(100)
                    .limit(1)
                )
            ).one()
            await conn.rollback()
        scope = f"organizations:{OrganizationOrder.NAME_ASC.value}:{LANG}"
        fixtures = Fixtures(
            card_bin=card.bin,
            card_organization_id=encode_id("Organization", card.id),
            contract_organization_id=encode_id("Organization", contract.id),
            deep_cursor=encode_cursor(scope, deep.key, deep.id),
        )
        return JSONResponse(asdict(fixtures))

    return endpoint


# --- building the answers -----------------------------------------------------------------


def _text(kk: str | None, ru: str | None, lang: Lang) -> Json:
    """`LocalizedString { text }`."""
    return {"text": kk if lang is Lang.KK else ru}


def _label(member: Enum, lang: Lang) -> Json:
    return {"text": label_of(member).text(lang)}


def _coded(member: Enum, lang: Lang, name: str = "label") -> Json:
    """`{ code label { text } }` of an enum member: GraphQL names enum values by member name."""
    return {"code": member.name, name: _label(member, lang)}


def _contract(row: Row[Any] | None) -> Json | None:
    return None if row is None else {"concludedOn": row.concluded_on, "validUntil": row.valid_until}


def _conditions_and_categories(row: Row[Any], lang: Lang) -> Json:
    return {
        "serviceConditions": [
            _coded(m, lang) for m in from_mask(ServiceCondition, row.service_conditions)
        ],
        "clientCategories": [
            _coded(m, lang) for m in from_mask(ClientCategory, row.client_categories)
        ],
    }


def _register_status(row: Row[Any]) -> RegisterStatus:
    return RegisterStatus.REMOVED if row.removed_on else RegisterStatus.ACTIVE


def _register_row(row: Row[Any], contract: Row[Any] | None, lang: Lang) -> Json:
    """A node of REGISTER_PAGE."""
    m = row._mapping
    status = _register_status(row)
    licence = None
    if m[LICENCE_PREFIX + "id"] is not None:
        licence_status = LicenceStatus(m[LICENCE_PREFIX + "status"])
        licence = {
            "id": encode_id("Licence", m[LICENCE_PREFIX + "id"]),
            "number": m[LICENCE_PREFIX + "number"],
            "status": licence_status.name,
            "statusLabel": _label(licence_status, lang),
            "issuedOn": m[LICENCE_PREFIX + "issued_on"],
            "validUntil": m[LICENCE_PREFIX + "valid_until"],
            "reissuedOn": m[LICENCE_PREFIX + "reissued_on"],
        }
    return {
        "id": encode_id("Organization", row.id),
        "bin": row.bin,
        "name": _text(row.name_kk, row.name_ru, lang),
        "region": _coded(Region(row.region), lang, "name"),
        **_conditions_and_categories(row, lang),
        "totalCapacity": row.total_capacity,
        "phone": row.phone,
        "email": row.email,
        "includedOn": row.included_on,
        "status": status.name,
        "statusLabel": _label(status, lang),
        "licence": licence,
        "serviceContract": _contract(contract),
    }


def _card_licence(row: Row[Any], history: Sequence[Row[Any]], lang: Lang) -> Json:
    """A licence of ORGANIZATION_CARD, with its history."""
    status = LicenceStatus(row.status)
    has_place = row.place_of_issue_kk or row.place_of_issue_ru
    return {
        "id": encode_id("Licence", row.id),
        "number": row.number,
        "status": status.name,
        "statusLabel": _label(status, lang),
        "issuedOn": row.issued_on,
        "initialIssuedOn": row.initial_issued_on,
        "validUntil": row.valid_until,
        "reissuedOn": row.reissued_on,
        "terminatedOn": row.terminated_on,
        "licensee": {
            "name": _text(row.licensee_name_kk, row.licensee_name_ru, lang),
            "location": _text(row.licensee_location_kk, row.licensee_location_ru, lang),
            "bin": row.licensee_bin,
        },
        "servicePlaceAddress": _text(
            row.service_place_address_kk, row.service_place_address_ru, lang
        ),
        "note": _text(row.note_kk, row.note_ru, lang),
        "licensor": _text(row.licensor_kk, row.licensor_ru, lang),
        "signerName": row.signer_name,
        "placeOfIssue": _text(row.place_of_issue_kk, row.place_of_issue_ru, lang)
        if has_place
        else None,
        "suspendedUntil": row.suspended_until,
        "history": [
            {
                "at": e.at,
                "kind": LicenceEventKind(e.kind).name,
                "kindLabel": _label(LicenceEventKind(e.kind), lang),
                "note": e.note,
            }
            for e in history
        ],
    }


def _card(
    row: Row[Any],
    contract: Row[Any] | None,
    licences: Sequence[Json],
    lang: Lang,
) -> Json:
    """ORGANIZATION_CARD's organisation."""
    status = _register_status(row)
    has_grounds = row.removal_grounds_kk or row.removal_grounds_ru
    return {
        "id": encode_id("Organization", row.id),
        "bin": row.bin,
        "name": {"kk": row.name_kk, "ru": row.name_ru},
        "legalAddress": _text(row.legal_address_kk, row.legal_address_ru, lang),
        "region": _coded(Region(row.region), lang, "name"),
        **_conditions_and_categories(row, lang),
        "totalCapacity": row.total_capacity,
        "phone": row.phone,
        "email": row.email,
        "includedOn": row.included_on,
        "licenceTerminatedOn": row.removed_on,
        "removalGrounds": (
            _text(row.removal_grounds_kk, row.removal_grounds_ru, lang) if has_grounds else None
        ),
        "status": status.name,
        "statusLabel": _label(status, lang),
        "serviceContract": _contract(contract),
        "licences": list(licences),
    }


def _specialist(
    row: Row[Any], education: Sequence[Row[Any]], employment: Sequence[Row[Any]], lang: Lang
) -> Json:
    """The SpecialistRow fragment."""
    qualification = None
    if row.qualification_category is not None:
        category = QualificationCategory(row.qualification_category)
        qualification = {
            "category": category.name,
            "categoryLabel": _label(category, lang),
            "assignedOn": row.qualification_assigned_on,
        }
    return {
        "id": encode_id("Specialist", row.id),
        "fullName": full_name(row.surname, row.given_name, row.patronymic),
        "birthDate": row.birth_date,
        "profession": _text(row.profession_kk, row.profession_ru, lang),
        "residence": {
            "region": _coded(Region(row.region), lang, "name"),
            "settlement": _text(row.settlement_kk, row.settlement_ru, lang),
        },
        "experience": {"years": row.experience_years, "months": row.experience_months},
        "qualification": qualification,
        "includedOn": row.included_on,
        "education": [
            {
                "level": EducationLevel(e.level).name,
                "levelLabel": _label(EducationLevel(e.level), lang),
                "institution": _text(e.institution_kk, e.institution_ru, lang),
                "startedOn": e.started_on,
                "finishedOn": e.finished_on,
                "document": e.document,
            }
            for e in education
        ],
        "employment": [
            {
                "organizationName": _text(e.organization_name_kk, e.organization_name_ru, lang),
                "employerBin": e.employer_bin,
                "position": _text(e.position_kk, e.position_ru, lang),
                "startedOn": e.started_on,
                "endedOn": e.ended_on,
                "current": e.ended_on is None,
            }
            for e in employment
        ],
    }


def _user_errors(error: DomainError, lang: Lang) -> list[Json]:
    problems = error.problems if isinstance(error, Invalid) else [error]
    return [{"code": p.code.name, "field": p.field, "message": p.message(lang)} for p in problems]


# --- the handlers -------------------------------------------------------------------------


class _Cost:
    """`extensions.cost` of one document: the schema's cost function, once per distinct set of
    variables (the page size is all that changes it here)."""

    def __init__(self, schema: GraphQLSchema, document: str, maximum: int) -> None:
        self.schema, self.document, self.maximum = schema, parse(document), maximum
        self.known: dict[bytes, Json] = {}

    def of(self, variables: Mapping[str, Any]) -> Json:
        key = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
        cost = self.known.get(key)
        if cost is None:
            requested = query_cost(self.schema, self.document, None, variables)
            cost = {"requestedQueryCost": requested, "maximumAvailable": self.maximum}
            self.known[key] = cost
        return cost


def _cost(schema: Any, document: str) -> _Cost:
    return _Cost(schema._schema, document, schema.limits.cost)


def _answer(data: Json, cost: Json) -> Response:
    return Response(
        orjson.dumps({"data": data, "extensions": {"cost": cost}}), media_type="application/json"
    )


async def _read(request: Request) -> tuple[Json, Lang]:
    """The request's variables and language, as /graphql reads them."""
    body = orjson.loads(await request.body())
    lang = parse_accept_language(request.headers.get("accept-language")) or DEFAULT_LANG
    return body.get("variables") or {}, lang


class Baseline:
    """The scenarios' answers without GraphQL: the same statements, the same JSON."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.register_cost = _cost(public_schema, REGISTER_PAGE)
        self.card_cost = _cost(public_schema, ORGANIZATION_CARD)
        self.search_cost = _cost(public_schema, SPECIALIST_SEARCH)
        self.specialists_cost = _cost(public_schema, SPECIALISTS_PAGE)
        self.contract_cost = _cost(full_schema, RECORD_SERVICE_CONTRACT)

    def routes(self) -> list[Route]:
        return [
            Route("/baseline/organizations", self.organizations, methods=["POST"]),
            Route("/baseline/organization", self.organization, methods=["POST"]),
            Route("/baseline/specialists", self.specialists, methods=["POST"]),
            Route(
                "/baseline/record-service-contract", self.record_service_contract, methods=["POST"]
            ),
        ]

    async def organizations(self, request: Request) -> Response:
        """REGISTER_PAGE: the page with each current licence (one statement), then the latest
        contract of each organisation of the page (one statement)."""
        variables, lang = await _read(request)
        first = check_first(variables.get("first", DEFAULT_PAGE_SIZE))
        order = OrganizationOrder.NAME_ASC
        scope = f"organizations:{order.value}:{lang.value}"
        after = variables.get("after")
        position = decode_cursor(after, scope, str) if after is not None else None
        reader = Reader(self.engine)
        try:
            page = await organizations_repo.page_of_organizations(
                reader, PUBLIC, OrganizationFilter(), order, lang, first, position
            )
            ids = [row.id for row in page.rows]
            contracts = (
                await organizations_repo.contracts_by_organization(reader, PUBLIC, ids)
                if ids
                else {}
            )
        finally:
            await reader.close()
        end = None
        if page.rows:
            last = page.rows[-1]
            sort_name = organizations_repo.sort_column(order, lang).name
            end = encode_cursor(scope, last._mapping[sort_name], last.id)
        nodes = [_register_row(row, contracts.get(row.id), lang) for row in page.rows]
        data = {
            "organizations": {
                "nodes": nodes,
                "pageInfo": {"hasNextPage": page.has_next, "endCursor": end},
            }
        }
        return _answer(data, self.register_cost.of(variables))

    async def organization(self, request: Request) -> Response:
        """ORGANIZATION_CARD: the organisation by BIN; its contract and its licences; their
        histories (four statements, as the DataLoaders batch them)."""
        variables, lang = await _read(request)
        bin_ = check_xin(variables["bin"], ["bin"])
        reader = Reader(self.engine)
        try:
            card = None
            row = await organizations_repo.organization_by_bin(reader, PUBLIC, bin_)
            if row is not None:
                contracts = await organizations_repo.contracts_by_organization(
                    reader, PUBLIC, [row.id]
                )
                licences = (
                    await organizations_repo.licences_by_organization(reader, PUBLIC, [row.id])
                )[row.id]
                histories = (
                    await licences_repo.events_by_licence(reader, PUBLIC, [r.id for r in licences])
                    if licences
                    else {}
                )
                built = [_card_licence(r, histories[r.id], lang) for r in licences]
                card = _card(row, contracts.get(row.id), built, lang)
        finally:
            await reader.close()
        return _answer({"organization": card}, self.card_cost.of(variables))

    async def specialists(self, request: Request) -> Response:
        """SPECIALIST_SEARCH (with `name`) and SPECIALISTS_PAGE: the page (one statement), the
        education and the employment of its specialists (one statement each)."""
        variables, lang = await _read(request)
        first = check_first(variables.get("first", DEFAULT_PAGE_SIZE))
        name = variables.get("name")
        order = SpecialistOrder.NAME_ASC
        scope = f"specialists:{order.value}:{lang.value}"
        after = variables.get("after")
        position = decode_cursor(after, scope, str) if after is not None else None
        f = SpecialistFilter(name=(name.strip() or None) if name else None)
        reader = Reader(self.engine)
        try:
            rows, has_next = await specialists_repo.page_of_specialists(
                reader, PUBLIC, f, order, lang, first, position
            )
            ids = [row.id for row in rows]
            education: dict[int, list[Row[Any]]] = {}
            employment: dict[int, list[Row[Any]]] = {}
            if ids:
                education = await specialists_repo.education_by_specialist(reader, PUBLIC, ids)
                employment = await specialists_repo.employment_by_specialist(reader, PUBLIC, ids)
        finally:
            await reader.close()
        end = None
        if rows:
            sort_name = specialists_repo.sort_column(order, lang).name
            end = encode_cursor(scope, rows[-1]._mapping[sort_name], rows[-1].id)
        nodes = [_specialist(r, education[r.id], employment[r.id], lang) for r in rows]
        data = {
            "specialists": {"nodes": nodes, "pageInfo": {"hasNextPage": has_next, "endCursor": end}}
        }
        cost = (self.search_cost if "name" in variables else self.specialists_cost).of(variables)
        return _answer(data, cost)

    async def record_service_contract(self, request: Request) -> Response:
        """RECORD_SERVICE_CONTRACT: the bearer token checked as /graphql checks it, then the
        write path of resolvers.licences.record_service_contract in one write transaction with
        its audit row (and the change feed's rows the storage functions write), then the
        organisation and its latest contract read from a fresh snapshot."""
        variables, lang = await _read(request)
        viewer = await self._viewer(request)
        if viewer is None:
            return JSONResponse({"errors": [{"message": "unauthenticated"}]}, status_code=401)
        organization_id = variables["organizationId"]
        concluded_on = date.fromisoformat(variables["concludedOn"])
        valid_until_sent = variables.get("validUntil")
        valid_until = date.fromisoformat(valid_until_sent) if valid_until_sent else None
        now = datetime.now(UTC)
        target = audit_target(organization_id)
        try:
            async with write_transaction(self.engine) as conn:
                pk = await write_service_contract(
                    conn,
                    viewer,
                    organization_id,
                    concluded_on,
                    valid_until,
                    now,
                    WorkingCalendar.kazakhstan(),
                )
                await append_audit(
                    conn, at=now, actor=viewer, operation=CONTRACT, target=target, outcome="ok"
                )
        except DomainError as error:
            async with write_transaction(self.engine) as conn:
                outcome = f"refused:{error.code.value}"
                await append_audit(
                    conn, at=now, actor=viewer, operation=CONTRACT, target=target, outcome=outcome
                )
            payload: Json = {"organization": None, "serviceContract": None}
            data = {"recordServiceContract": {**payload, "userErrors": _user_errors(error, lang)}}
            return _answer(data, self.contract_cost.of(variables))
        reader = Reader(self.engine)
        try:
            found = await organizations_repo.organizations_by_ids(reader, viewer, [pk])
            contracts = await organizations_repo.contracts_by_organization(reader, viewer, [pk])
        finally:
            await reader.close()
        row, contract = found.get(pk), _contract(contracts.get(pk))
        organization = None
        if row is not None:
            organization = {
                "id": encode_id("Organization", row.id),
                "bin": row.bin,
                "name": _text(row.name_kk, row.name_ru, lang),
                "serviceContract": contract,
            }
        payload = {"organization": organization, "serviceContract": contract, "userErrors": []}
        return _answer({"recordServiceContract": payload}, self.contract_cost.of(variables))

    async def _viewer(self, request: Request) -> Viewer | None:
        token = server.bearer_token(request.headers.getlist("authorization"))
        return None if token is None else await authenticate(self.engine, token)


def create_app() -> Starlette:
    """server.create_app over REGISTERS_DATABASE_URL (already migrated and seeded), rate
    limits off, with the baseline's and the bench's routes added to its router."""
    engine = create_engine()
    counter = StatementCounter(engine)
    app = server.create_app(engine, run_migrations=False, limits=ClientLimits(None, None))
    app.router.routes.extend(
        [
            *Baseline(engine).routes(),
            Route("/bench/sql-count", counter.endpoint, methods=["GET", "DELETE"]),
            Route("/bench/fixtures", _fixtures(engine), methods=["GET"]),
        ]
    )
    return app
