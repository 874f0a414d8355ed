"""Scalar strategies over the seeded world, and the sending of a generated document over HTTP
through the ASGI app, in the ways a client may send it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import graphql
import httpx
from hypothesis import event, note
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from tests.fuzz.invariants import Answer, check_answer
from tests.fuzz.world import EDGE_DATES, EDGE_DATETIMES, World
from tests.property.probes import lift_arguments

__all__ = ["FULL_SDL", "PUBLIC_SDL", "scalars", "send_document"]

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
# The committed contract (a test keeps it equal to the code's schemas).
PUBLIC_SDL = (SCHEMA_DIR / "public.graphql").read_text(encoding="utf-8")
FULL_SDL = (SCHEMA_DIR / "full.graphql").read_text(encoding="utf-8")

ACCEPTS = (None, "application/json", "application/graphql-response+json", "*/*", "text/html")
LANGUAGES = (None, "kk", "ru", "en", "kk-KZ,ru;q=0.5")


def scalars(world: World) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Values of every scalar, built-in ones included: mostly seeded ids, numbers, names,
    small pages and small versions, so that resolvers find records; and arbitrary ones."""
    # Mostly without control characters, which are refused before anything runs
    # (INVALID_CHARACTERS), and a document has many texts: one in fifty may have them.
    printable = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30)
    raw = st.text(max_size=10)
    texts = st.integers(0, 49).flatmap(lambda i: raw if i == 0 else printable)
    return {
        "ID": st.one_of(
            st.sampled_from(world.ids).map(nodes.String),
            st.sampled_from(world.ids).map(nodes.String),
            texts.map(nodes.String),
            st.integers(min_value=-1, max_value=2**31 - 1).map(nodes.Int),
        ),
        "String": st.one_of(
            st.sampled_from(world.strings), st.sampled_from(world.cursors), texts
        ).map(nodes.String),
        # Mostly small pages and versions; out-of-range pages are refused before anything runs.
        "Int": st.one_of(
            *[st.integers(min_value=1, max_value=5)] * 4,
            st.integers(min_value=0, max_value=100),
            st.sampled_from((-1, 101, 2**31 - 1, -(2**31))),
        ).map(nodes.Int),
        "Date": st.one_of(
            st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)).map(date.isoformat),
            st.sampled_from(EDGE_DATES),
            st.sampled_from(("2026-03-20", "2024-02-30", "2024-1-1", "", "вчера", "99999-01-01")),
        ).map(nodes.String),
        "DateTime": st.one_of(
            st.datetimes(
                min_value=datetime(1990, 1, 1),  # noqa: DTZ001 (bounds are naive)
                max_value=datetime(2030, 1, 1),  # noqa: DTZ001
                timezones=st.sampled_from((UTC, None)),
            ).map(datetime.isoformat),
            st.sampled_from(EDGE_DATETIMES),
            st.sampled_from(("2026-03-20T10:00:00Z", "2026-13-01T00:00:00Z", "now", "")),
        ).map(nodes.String),
    }


def _is_query(document: graphql.DocumentNode) -> bool:
    return all(
        d.operation is graphql.OperationType.QUERY
        for d in document.definitions
        if isinstance(d, graphql.OperationDefinitionNode)
    )


def send_document(
    runner: asyncio.Runner,
    client: httpx.AsyncClient,
    schema: graphql.GraphQLSchema,
    document: graphql.DocumentNode,
    draw: Callable[[st.SearchStrategy[Any]], Any],
    token: str | None,
    *,
    lift: bool = True,
) -> list[str]:
    """Sends `document` (with `lift`, some arguments lifted into variables) by POST, or a
    query by GET sometimes, and checks the answer; returns its error codes."""
    variables: dict[str, Any] = {}
    if lift:
        document, variables = lift_arguments(document, schema, lambda: bool(draw(st.booleans())))
    query = graphql.print_ast(document)
    headers: dict[str, str] = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    accept = draw(st.sampled_from(ACCEPTS))
    if accept is not None:
        headers["Accept"] = accept
    language = draw(st.sampled_from(LANGUAGES))
    if language is not None:
        headers["Accept-Language"] = language
    use_get = _is_query(document) and draw(st.integers(0, 4)) == 0
    if use_get:
        params = {"query": query}
        if variables:
            # The standard library writes integers beyond 64 bits too.
            params["variables"] = json.dumps(variables)
        request = client.build_request("GET", "/graphql", params=params, headers=headers)
    else:
        body: dict[str, Any] = {"query": query}
        if variables:
            body["variables"] = variables
        headers["Content-Type"] = "application/json"
        request = client.build_request(
            "POST", "/graphql", content=json.dumps(body, ensure_ascii=False), headers=headers
        )
    sent = f"{request.method} {request.url}\n{headers}\n{request.content.decode(errors='replace')}"
    note(sent)
    response = runner.run(client.send(request))
    codes = check_answer(
        Answer(response.status_code, response.content), sent, authorised=token is not None
    )
    event(f"status {response.status_code}")
    event(f"errors: {', '.join(sorted(set(codes))) or 'none'}")
    return codes
