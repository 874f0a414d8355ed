"""The Starlette application and the `registers` command line.

`/graphql` answers with the public schema when no credentials come, and with the full schema
when a valid bearer token does; an invalid token is a 401, never a silent downgrade. Tokens are
read from the Authorization header only: never from the query string or cookies.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson
import uvicorn
from cross_web import HTTPException
from graphql import GraphQLError, parse, specified_rules
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.schema.schema import validate_document

import http_cache
from domain.calendar import WorkingCalendar
from domain.errors import ErrorCode, message
from domain.labels import DEFAULT_LANG, Lang, parse_accept_language
from domain.viewer import PUBLIC, Role, Viewer
from observability import Metrics, RequestRecord
from open_data import routes as open_data_routes
from rate_limit import ClientLimits, client_address
from resolvers import admin, applications
from resolvers.context import Context
from resolvers.ids import encode_id
from resolvers.mutations import Outcome
from schema.errors import RegistersSchema
from schema.full import full_schema
from schema.public import public_schema
from schema.sdl import check_sdl, write_sdl
from storage import seed, seed_specialists
from storage.audit import verify_chain
from storage.changes import change_stamp
from storage.engine import Reader, create_engine, database_url
from storage.migrate import migrate
from storage.tokens import authenticate

__all__ = ["create_app", "main"]

logger = logging.getLogger("registers")
ROOT = Path(__file__).resolve().parent
Clock = Callable[[], datetime]
_CONTEXT_KEY = "registers.context"

# The GraphiQL page's third-party assets, installed from npm by `make` (web/package.json).
GRAPHIQL_ASSETS = {
    "graphiql.min.js": "graphiql/graphiql.min.js",
    "graphiql.min.css": "graphiql/graphiql.min.css",
    "react.production.min.js": "react/umd/react.production.min.js",
    "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class _SchemaView(GraphQL[Context, None]):
    """Strawberry's ASGI view, with the context our dispatcher prepared and orjson output."""

    def __init__(self, schema: RegistersSchema) -> None:
        super().__init__(schema, graphql_ide=None, allow_queries_via_get=True)
        self.registers_schema = schema

    async def get_context(self, request: Any, response: Any) -> Context:
        context: Context = request.scope[_CONTEXT_KEY]
        return context

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def schema_accepts(self, query: str) -> bool:
        """Whether `query` parses and validates against this view's schema (persisted queries
        remember only such documents)."""
        schema = self.registers_schema
        try:
            document = parse(
                query, max_tokens=schema.limits.tokens, allow_empty_selection_sets=False
            )
        except GraphQLError:
            return False
        return not validate_document(schema._schema, document, tuple(specified_rules))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As strawberry's, but its protocol refusals are coded JSON instead of plain text."""
        try:
            response = await self.run(Request(scope, receive))
        except (HTTPException, UnicodeDecodeError) as error:
            lang = scope[_CONTEXT_KEY].lang
            reason = error.reason if isinstance(error, HTTPException) else "body: not UTF-8"
            detail = f"{message(ErrorCode.BAD_REQUEST, lang)} {reason}"
            body = {"errors": [{"message": detail, "extensions": {"code": "BAD_REQUEST"}}]}
            status = error.status_code if isinstance(error, HTTPException) else 400
            response = JSONResponse(body, status_code=status)
        await response(scope, receive, send)


_VARY = "Accept, Accept-Language, Authorization"
# A request body is read up to this many bytes, then refused with 413 (PAYLOAD_TOO_LARGE): the
# documents themselves are capped at 15,000 (public) and 50,000 characters (schema/limits.py).
MAX_BODY_PUBLIC = 256 * 1024
MAX_BODY_TOKEN = 2 * 1024 * 1024


class _TooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> None:
    """Read the body, refusing it as soon as it passes `limit` bytes (whatever Content-Length
    says); later `request.body()` calls get what was read."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    request._body = b"".join(chunks)


async def _graphql_params(request: Request) -> dict[str, Any] | None:
    """query, variables, operationName, extensions as sent (GET: JSON-encoded parameters), or
    None when they cannot be read here (strawberry then answers the request as it is)."""
    try:
        if request.method == "GET":
            params: dict[str, Any] = dict(request.query_params)
            for key in ("variables", "extensions"):
                if isinstance(params.get(key), str):
                    params[key] = orjson.loads(params[key])
            return params
        if "json" not in request.headers.get("content-type", ""):
            return None
        body = orjson.loads(await request.body())
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict | list):
        # `null`, `5`, `"x"`: strawberry would call `.get` on it, a 500 (tests/fuzz).
        raise _NotARequest
    return body if isinstance(body, dict) else None


class _NotARequest(Exception):
    """A JSON body that is neither a request object nor a batch."""


def _with_query(request: Request, query: str) -> tuple[Scope, Receive]:
    """The same request with `query` set: in the query string of a GET, in a POST's body."""
    if request.method == "GET":
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "query"]
        encoded = urlencode([*params, ("query", query)]).encode()
        return {**request.scope, "query_string": encoded}, request.receive
    body = orjson.loads(request._body)  # read by _graphql_params
    return _replayed(request, orjson.dumps({**body, "query": query}))


def _replayed(request: Request, body: bytes) -> tuple[Scope, Receive]:
    """A request whose body (already read, or rewritten) is sent again to the next reader."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await request.receive()

    headers = [(k, v) for k, v in request.scope["headers"] if k != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    return {**request.scope, "headers": headers}, receive


def _headers(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode(), v.encode()) for k, v in headers.items()]


def _persisted_refusal(code: ErrorCode, lang: Lang, headers: dict[str, str]) -> JSONResponse:
    """Apollo's clients (and urql's) recognise a miss by the message itself, in English: the
    message is the protocol's word, the kk/ru text goes in `extensions.detail`."""
    word = {
        ErrorCode.PERSISTED_QUERY_NOT_FOUND: "PersistedQueryNotFound",
        ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED: "PersistedQueryNotSupported",
    }.get(code)
    error = {
        "message": word or message(code, lang),
        "extensions": {"code": code.value, **({"detail": message(code, lang)} if word else {})},
    }
    return JSONResponse({"errors": [error]}, headers=headers)


def _error_response(status: int, code: ErrorCode, lang: Lang, **headers: str) -> JSONResponse:
    body = {"errors": [{"message": message(code, lang), "extensions": {"code": code.value}}]}
    return JSONResponse(body, status_code=status, headers=headers or None)


def _wants_graphiql(request: Request) -> bool:
    return (
        request.method == "GET"
        and "text/html" in request.headers.get("accept", "")
        and "query" not in request.query_params
    )


class GraphQLEndpoint:
    """Authenticate, then hand the request to the schema the credentials open."""

    def __init__(
        self, engine: AsyncEngine, clock: Clock, metrics: Metrics, limits: ClientLimits
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.metrics = metrics
        self.limits = limits
        self.persisted = http_cache.PersistedQueries()
        self.public = _SchemaView(public_schema)
        self.full = _SchemaView(full_schema)
        self.graphiql_page = (ROOT / "web" / "graphiql.html").read_text(encoding="utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request, count it, log one line of it; add the rate-limit headers."""
        started = time.perf_counter()
        record = RequestRecord(path="/graphql", method=scope["method"])
        extra: list[tuple[bytes, bytes]] = []

        async def observed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self._serve(scope, receive, observed_send, record, extra)
        finally:
            self.metrics.observe(record, time.perf_counter() - started)

    async def _serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        record: RequestRecord,
        extra: list[tuple[bytes, bytes]],
    ) -> None:
        request = Request(scope, receive)
        lang = parse_accept_language(request.headers.get("accept-language")) or DEFAULT_LANG
        if _wants_graphiql(request):
            await HTMLResponse(self.graphiql_page)(scope, receive, send)
            return
        if "access_token" in request.query_params or "token" in request.query_params:
            # Credentials in a URL end up in logs and histories: refuse, do not read them.
            response = _error_response(400, ErrorCode.TOKEN_IN_URL, lang)
            await response(scope, receive, send)
            return
        try:
            viewer = await self._viewer(request.headers.getlist("authorization"))
        except Exception:
            logger.exception("authentication failed: database unreachable?")
            await _error_response(503, ErrorCode.SERVICE_UNAVAILABLE, lang)(scope, receive, send)
            return
        # A bad token counts against its address, so guessing tokens is limited too.
        decision = self.limits.take(viewer, request.client.host if request.client else "-")
        if decision is not None:
            extra.extend((k.lower().encode(), v.encode()) for k, v in decision.headers().items())
            if not decision.allowed:
                record.codes.append(ErrorCode.RATE_LIMITED.value)
                await _error_response(429, ErrorCode.RATE_LIMITED, lang)(scope, receive, send)
                return
        if viewer is None:
            record.codes.append(ErrorCode.UNAUTHENTICATED.value)
            challenge = 'Bearer error="invalid_token"'
            response = _error_response(
                401, ErrorCode.UNAUTHENTICATED, lang, **{"WWW-Authenticate": challenge}
            )
            await response(scope, receive, send)
            return
        record.schema = "public" if viewer.is_public else "full"
        record.role = viewer.role.value
        prepared = await self._persisted_and_cached(request, viewer, lang, extra)
        if isinstance(prepared, Response):
            record.status = prepared.status_code
            await prepared(scope, receive, send)
            return
        scope, receive = prepared
        reader = Reader(self.engine)
        context = Context(
            engine=self.engine, reader=reader, viewer=viewer, lang=lang, now=self.clock()
        )
        view = self.public if viewer.is_public else self.full
        try:
            await view({**scope, _CONTEXT_KEY: context}, receive, send)
        finally:
            await context.reader.close()  # the current one: mutations replace it
            record.operation = context.report.get("operation")
            record.cost = context.report.get("cost")
            record.codes.extend(context.report.get("codes", ()))

    async def _persisted_and_cached(
        self, request: Request, viewer: Viewer, lang: Lang, extra: list[tuple[bytes, bytes]]
    ) -> Response | tuple[Scope, Receive]:
        """APQ (http_cache.PersistedQueries): the document of a known hash is put in the
        request; a public GET is answered 304 when its ETag still matches (http_cache).
        Public answers without an ETag are `no-store`, answers to a token `private, no-store`."""
        scope, receive = request.scope, request.receive
        cache = {"Cache-Control": http_cache.NO_STORE if viewer.is_public else http_cache.PRIVATE}
        if request.method == "POST":
            try:
                await _read_body(request, MAX_BODY_PUBLIC if viewer.is_public else MAX_BODY_TOKEN)
            except _TooLarge:
                return _error_response(413, ErrorCode.PAYLOAD_TOO_LARGE, lang, **cache)
            # The body was read here: strawberry reads it again from a replay.
            scope, receive = _replayed(request, await request.body())
        try:
            params = await _graphql_params(request)
        except _NotARequest:
            return _error_response(400, ErrorCode.BAD_REQUEST, lang, **cache)
        if params is None:
            extra.extend(_headers(cache))
            return scope, receive
        view = self.public if viewer.is_public else self.full
        persisted = self.persisted.resolve(
            params.get("query"),
            params.get("extensions"),
            "public" if viewer.is_public else f"token:{viewer.token_id}",
            view.schema_accepts,
        )
        if persisted is not None and persisted.error is not None:
            return _persisted_refusal(ErrorCode(persisted.error), lang, cache)
        if persisted is not None and params.get("query") is None:
            scope, receive = _with_query(request, persisted.query or "")
            params["query"] = persisted.query
        if not viewer.is_public or request.method != "GET" or params.get("query") is None:
            extra.extend(_headers(cache))
            return scope, receive
        reader = Reader(self.engine)
        try:
            stamp = await change_stamp(reader)
        finally:
            await reader.close()
        etag = http_cache.etag_of(
            stamp,
            params["query"],
            params.get("variables"),
            params.get("operationName"),
            lang,
            request.headers.get("accept", ""),
        )
        headers = {"ETag": etag, "Cache-Control": http_cache.CACHE_CONTROL, "Vary": _VARY}
        if http_cache.matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        extra.extend(_headers(headers))
        return scope, receive

    async def _viewer(self, authorization: list[str]) -> Viewer | None:
        """PUBLIC without credentials; None (a 401) for anything that is not one live token.
        Two Authorization headers are refused, not one picked: a proxy may have checked the
        other. Only spaces separate the scheme (any case) and the token: str.strip() would
        also drop control characters."""
        if not authorization:
            return PUBLIC
        token = bearer_token(authorization)
        return None if token is None else await authenticate(self.engine, token)


def bearer_token(authorization: list[str]) -> str | None:
    """The token of the one `Authorization: Bearer …` header given, else None."""
    if len(authorization) != 1:
        return None
    scheme, _, token = authorization[0].partition(" ")
    token = token.strip(" ")
    return token if scheme.lower() == "bearer" and token else None


def _export_client(request: Request) -> str | None:
    """An export counts against its client as the rate limits count it (an IPv6 /64)."""
    return client_address(request.client.host) if request.client else None


class _LimitedOpenData:
    """/open-data/ draws on the same per-address buckets as anonymous /graphql requests: a file
    or the index is one request (with the same RateLimit headers and 429)."""

    def __init__(self, app: ASGIApp, limits: ClientLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/open-data/"):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        decision = self.limits.take(PUBLIC, client[0] if client else "-")
        if decision is None:
            await self.app(scope, receive, send)
            return
        if not decision.allowed:
            lang = (
                parse_accept_language(Request(scope).headers.get("accept-language")) or DEFAULT_LANG
            )
            refusal = _error_response(429, ErrorCode.RATE_LIMITED, lang, **decision.headers())
            await refusal(scope, receive, send)
            return
        headers = _headers(decision.headers())

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    engine: AsyncEngine | None = None,
    *,
    clock: Clock = utc_now,
    run_migrations: bool = True,
    graphiql_dir: Path | None = None,
    limits: ClientLimits | None = None,
    freeze_gc: bool = True,
) -> Starlette:
    engine = engine or create_engine()
    metrics = Metrics()
    assets = graphiql_dir or Path(
        os.environ.get("REGISTERS_GRAPHIQL_DIR", ROOT / "web" / "node_modules")
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if run_migrations:
            await migrate(engine)
        if freeze_gc:
            # The schemas, modules and tables made at start-up (~150,000 objects) live as long
            # as the process: out of the collector's sight, a full collection takes well under
            # a millisecond instead of ~80 ms, a pause any request might have met.
            gc.collect()
            gc.freeze()
        yield
        await engine.dispose()

    async def healthz(_: Request) -> Response:
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                await conn.rollback()
        except Exception:
            logger.exception("health check failed")
            return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    async def graphiql_asset(request: Request) -> Response:
        relative = GRAPHIQL_ASSETS.get(request.path_params["name"])
        path = assets / relative if relative else None
        if path is None or not path.is_file():
            raise StarletteHTTPException(404)
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})

    async def http_error(request: Request, error: Exception) -> Response:
        """Starlette's own refusals (unknown path, wrong method) as coded JSON too."""
        assert isinstance(error, StarletteHTTPException)
        code = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.BAD_REQUEST}.get(
            error.status_code, ErrorCode.BAD_REQUEST
        )
        lang = parse_accept_language(request.headers.get("accept-language")) or DEFAULT_LANG
        return _error_response(error.status_code, code, lang, **(error.headers or {}))

    async def metrics_page(_: Request) -> Response:
        return Response(metrics.exposition(), media_type="text/plain; version=0.0.4")

    limits = limits or ClientLimits.from_env()
    endpoint = GraphQLEndpoint(engine, clock, metrics, limits)
    return Starlette(
        middleware=[Middleware(_LimitedOpenData, limits=limits)],
        exception_handlers={StarletteHTTPException: http_error},
        routes=[
            Route("/graphql", endpoint, methods=["GET", "POST"]),
            Route("/graphiql/{name}", graphiql_asset, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/metrics", metrics_page, methods=["GET"]),
            *open_data_routes(engine, client_key=_export_client),
        ],
        lifespan=lifespan,
    )


# --- command line -------------------------------------------------------------------------

CLI_ADMIN = Viewer(Role.ADMIN, subject="cli")


async def _migrate() -> None:
    engine = create_engine()
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    print(f"migrated {database_url()}")


async def _issue(
    engine: AsyncEngine,
    role: Role,
    subject: str | None,
    label: str | None,
    *,
    about: str = "",
    footer: bool = True,
) -> int:
    outcome = await admin.create_token(
        engine, CLI_ADMIN, role=role, subject=subject, label=label, now=utc_now()
    )
    if outcome.error:
        print(f"error: {outcome.error.code.value}: {outcome.error.message(Lang.RU)}")
        return 2
    heading = f"token id {outcome.token_id} ({role.value}{f', {subject}' if subject else ''}):"
    print(f"{heading} {about}" if about else heading)
    print(outcome.token)
    if footer:
        print("Shown once: put it in the Authorization header as `Bearer <token>`.")
    return 0


async def _drive_demo_applications(
    engine: AsyncEngine, demo: Sequence[seed.DemoApplication], calendar: WorkingCalendar
) -> None:
    """Each demo application through the resolvers, each command by its actor at its time.

    The rules, deadlines, history events and audit rows are the real ones; the plan keeps every
    term (storage/seed.py), so a refusal here is a bug and stops the seed.
    """

    def context(viewer: Viewer, now: datetime) -> Context:
        # Nothing here reads through the context, so its reader never opens a connection.
        return Context(
            engine=engine,
            reader=Reader(engine),
            viewer=viewer,
            lang=Lang.RU,
            now=now,
            calendar=calendar,
        )

    def created(outcome: Outcome[int], operation: str) -> int:
        if outcome.error is not None or outcome.value is None:
            code = outcome.error.code.value if outcome.error else "?"
            raise RuntimeError(f"demo application: {operation} refused with {code}")
        return outcome.value

    for application in demo:
        at = context(application.applicant, application.submitted_at)
        pk = created(
            await applications.submit_application(at, application.form, None),
            applications.SUBMIT,
        )
        ident = encode_id("LicenceApplication", pk)
        for version, step in enumerate(application.steps, start=1):
            outcome = await applications.transition(
                context(step.actor, step.at), ident, version, step.command
            )
            created(outcome, type(step.command).__name__)


async def _seed(args: argparse.Namespace) -> int:
    engine = create_engine()
    try:
        await migrate(engine)
        if args.specialists is not None and not args.scale:
            print("error: --specialists goes with --scale")
            return 2
        if args.scale:
            report = await seed.seed_scale(engine, args.scale, now=utc_now())
            print(f"inserted {report.organizations} synthetic organisations")
            count = args.scale // 2 if args.specialists is None else args.specialists
            count = await seed_specialists.seed_scale_specialists(engine, count, now=utc_now())
            print(f"inserted {count} synthetic specialists")
            return 0
        if not await seed.database_is_empty(engine):
            if args.if_empty:
                print("The database already has data: demo seed skipped.")
                print("Need a token? registers token create --role licensor")
                return 0
            print("error: the database is not empty; demo data goes into an empty one only")
            return 2
        now, calendar = utc_now(), WorkingCalendar.kazakhstan()
        report = await seed.seed_demo(engine, now=now)
        print(
            f"demo data: {report.organizations} organisations "
            f"({report.without_consent} without publication consent, {report.removed} removed)"
        )
        demo = await seed.plan_demo_lifecycle(engine, now=now, calendar=calendar)
        await _drive_demo_applications(engine, demo.applications, calendar)
        states = Counter(application.status.value for application in demo.applications)
        print(
            f"demo licence applications: {len(demo.applications)} "
            f"({', '.join(f'{n} {state}' for state, n in states.items())})"
        )
        specialists = await seed_specialists.seed_demo_specialists(
            engine, now=now, calendar=calendar
        )
        print(
            f"demo specialists: {specialists.applications} applications "
            f"({', '.join(f'{n} {status}' for status, n in specialists.by_status.items())}), "
            f"{specialists.specialists} in the register, {specialists.without_consent} of them "
            "without both consents (hidden from the public)"
        )
        for viewer, label, about in (
            (demo.licensor, "demo licensor", "agrees, refuses preliminarily, hears, signs"),
            (demo.inspector, "demo inspector", "every region: completeness checks, conclusions"),
            (demo.applicant, demo.applicant_name, f"{demo.applicant_name}: submits, objects"),
            (seed_specialists.REGISTRAR, "demo registrar", "decides specialist applications"),
        ):
            issued = await _issue(
                engine, viewer.role, viewer.subject, label, about=about, footer=False
            )
            if issued != 0:
                return issued
        print("Shown once: put one in the Authorization header as `Bearer <token>`.")
        return 0
    finally:
        await engine.dispose()


async def _token(args: argparse.Namespace) -> int:
    engine = create_engine()
    try:
        await migrate(engine)
        if args.action == "create":
            return await _issue(engine, Role(args.role), args.subject, args.label)
        if args.action == "revoke":
            outcome = await admin.revoke_token(
                engine, CLI_ADMIN, encode_id("ApiToken", args.id), now=utc_now()
            )
            if outcome.error:
                print(f"error: {outcome.error.code.value}: no live token with id {args.id}")
                return 2
            print(f"token id {args.id} revoked")
            return 0
        for row in await admin.list_tokens(engine, CLI_ADMIN):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "live"
            print(f"{row.id}\t{row.role}\t{row.subject or '-'}\t{state}\t{row.label or ''}")
        return 0
    finally:
        await engine.dispose()


async def _verify_audit() -> int:
    """0 when every row's hash follows from the one before; 1, naming the row, when not."""
    engine = create_engine()
    try:
        async with engine.connect() as conn:
            report = await verify_chain(conn)
    finally:
        await engine.dispose()
    if report.first_broken is None:
        print(f"audit log: {report.rows} rows, the hash chain is intact")
        return 0
    print(
        f"audit log: the hash chain breaks at row id {report.first_broken} "
        f"({report.rows} rows before it are intact): that row was changed, or one before it "
        "removed or inserted"
    )
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="registers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API (migrates first)")
    serve.add_argument("--host", default=os.environ.get("REGISTERS_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("REGISTERS_PORT", "8000")))
    commands.add_parser("migrate", help="apply database migrations")
    seeding = commands.add_parser("seed", help="load demo or synthetic data")
    kind = seeding.add_mutually_exclusive_group(required=True)
    kind.add_argument(
        "--demo", action="store_true", help="~200 realistic organisations, ~500 specialists"
    )
    kind.add_argument("--scale", type=int, metavar="N", help="N synthetic organisations")
    seeding.add_argument(
        "--specialists", type=int, metavar="M", help="with --scale: M specialists (N // 2)"
    )
    seeding.add_argument("--if-empty", action="store_true", help="skip if data exists")
    token = commands.add_parser("token", help="create, revoke or list API tokens")
    token_commands = token.add_subparsers(dest="action", required=True)
    create = token_commands.add_parser("create")
    create.add_argument(
        "--role", required=True, choices=[r.value for r in Role if r.value != "public"]
    )
    create.add_argument("--subject", help="applicant: BIN/IIN; inspector: region code or *")
    create.add_argument("--label")
    revoke = token_commands.add_parser("revoke")
    revoke.add_argument("id", type=int)
    token_commands.add_parser("list")
    audit = commands.add_parser("audit", help="check the audit log")
    audit_commands = audit.add_subparsers(dest="action", required=True)
    audit_commands.add_parser("verify", help="recompute the hash chain; name the first broken row")
    sdl = commands.add_parser("schema", help="write or check schema/public.graphql, full.graphql")
    sdl.add_argument("--check", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.command == "serve":
        # uvicorn's access log would write query strings (GET variables: names searched for);
        # each request is logged once instead by observability.Metrics, without them.
        uvicorn.run(
            create_app(), host=args.host, port=args.port, log_level="info", access_log=False
        )
        return 0
    if args.command == "migrate":
        asyncio.run(_migrate())
        return 0
    if args.command == "seed":
        return asyncio.run(_seed(args))
    if args.command == "token":
        return asyncio.run(_token(args))
    if args.command == "audit":
        return asyncio.run(_verify_audit())
    if args.command == "schema":
        if args.check:
            stale = check_sdl()
            for name in stale:
                print(f"{name} differs from the code: run `registers schema`")
            return 1 if stale else 0
        for path in write_sdl():
            print(f"wrote {path}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
