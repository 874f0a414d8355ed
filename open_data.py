"""`/open-data/`: the public registers as open data (issue 5, item 5; design.md "Endpoints").

    GET /open-data/                      the index: for each dataset its title and description
                                         (kk, ru), public rows, last modified, formats and their
                                         URLs, licence, and columns (code, kk and ru headers)
    GET /open-data/{dataset}.{format}    organizations | specialists as csv | json | xlsx,
                                         ?lang=kk|ru (default kk, the state language)

What the public GraphQL schema shows, nothing more: the rows come from storage.open_data,
which reads through the public visibility predicates only. The columns and headers are the
official forms' (domain.open_data). The language comes from `lang` only, not Accept-Language,
so that one URL is one document for every cache.

Caching: `Cache-Control: public, no-cache` and an `ETag` from the registers' public change stamp
(storage.changes, the one /graphql uses), read before the export's snapshot: a cache may keep a
file but must revalidate it each time (`If-None-Match` → 304, nothing read, no export slot), so
a withdrawn record is never served from a cache after the withdrawal. A write landing between
the stamp and the snapshot can only make the tag older than the file, which costs a refetch.
The index's `lastModified` of a dataset is its newest change the public sees, from the same
feed (storage.open_data.summary): a withdrawal moves it too, so a harvester that polls it
refetches and drops the withdrawn rows.

Streaming: a `StreamingResponse` fed by an async generator that reads the register in keyset
batches (storage.open_data.BATCH_SIZE rows) inside one read snapshot and encodes each batch as
it comes, so memory stays flat however large the register (bench/export_memory.py measures it).
- CSV: RFC 4180 (quoted where needed, CRLF), UTF-8 with a byte order mark, which is how Excel
  recognises UTF-8. A cell starting with `=`, `+`, `-`, `@`, a tab, a carriage return or `'`
  is written with a leading `'` so that no spreadsheet runs it as a formula (OWASP; phone
  numbers included); the index says so in the CSV format's `formulaEscape`, and a consumer
  undoes it by dropping the leading `'` of any cell that has one (domain.open_data.csv_safe).
- JSON: one array of objects keyed by the columns' codes (listed in the index with their kk and
  ru headers), not by the headers: the headers are long, differ by language and follow the
  wording of an order, the codes do not, so a program written against `?lang=kk` reads `ru`.
  A cell of one or more values is an array, a date an ISO 8601 string, an empty cell null.
- XLSX: xlsxwriter in `constant_memory` mode writes rows to a temporary directory as they
  come; the finished workbook is then streamed in chunks and the directory removed, whether
  the download completes or not. Memory stays flat, disk is O(n), and the first body byte waits
  for the whole workbook (headers go at once). Real dates, bold header row, one sheet; past
  Excel's 1,048,576 rows a register continues on a second sheet with the header repeated.

A dead database is a coded 503 before anything is sent: the first batch is read before the
response starts. Later failures can only cut the body short.

Limits: each export streaming holds a pooled connection and a read snapshot, so
- a client (`export_client`: its address, as the ASGI server gives it; `routes(client_key=)`
  may key otherwise) streams one export at a time: a second at once is a 429 `RATE_LIMITED`
  with Retry-After, the client's own doing, not the server's state; a request without a
  client address is held to the process's limit only;
- at most MAX_EXPORTS stream at once in the process: one more is a 503 `SERVICE_UNAVAILABLE`
  with Retry-After. Refused, not queued;
- a client that stops reading is dropped: when one message (a chunk) has waited
  EXPORT_SEND_TIMEOUT seconds to be sent (the server's flow control holds `send` while the
  client's window is shut), the export is abandoned and the connection closed by the server.
However an export ends (finished, hung up, stalled, or the response never started), every
generator of it is closed before the response returns, so its slot, its snapshot and its
temporary files go at once, not when the garbage collector runs. HEAD and 304 take no slot.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import shutil
import tempfile
from collections.abc import AsyncGenerator, Callable, Sequence
from contextlib import aclosing
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import anyio
import orjson
import xlsxwriter  # type: ignore[import-untyped]
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from domain.errors import ErrorCode, message
from domain.labels import DEFAULT_LANG, Label, Lang, parse_accept_language
from domain.open_data import (
    CSV_FORMULA_PREFIX,
    CSV_FORMULA_TRIGGERS,
    DATA_LICENCE,
    DATASETS,
    ENTRY_SEPARATOR,
    Cell,
    Dataset,
    DatasetInfo,
    ExportFormat,
    OrganizationEntry,
    SpecialistEntry,
    csv_safe,
    organization_cells,
    specialist_cells,
)
from http_cache import CACHE_CONTROL, matches, weak_etag
from storage.changes import change_stamp
from storage.engine import Reader
from storage.open_data import organization_batches, specialist_batches, summary

__all__ = [
    "EXPORT_SEND_TIMEOUT",
    "MAX_EXPORTS",
    "XLSX_ROWS_PER_SHEET",
    "ClientKey",
    "export_client",
    "routes",
]

logger = logging.getLogger("registers.open_data")

PREFIX = "/open-data"
CHUNK_SIZE = 256 * 1024
XLSX_ROWS_PER_SHEET = 1_048_576  # Excel's limit, header row included
# Each export holds a pooled connection and a read snapshot for as long as it streams: a few at
# a time leave the pool to /graphql. More are refused (503, Retry-After), not queued.
MAX_EXPORTS = 4
RETRY_AFTER_SECONDS = 30
# A client whose window stays shut this long for one chunk is dropped, with its slot.
EXPORT_SEND_TIMEOUT = 60.0
CSV_BOM = "\ufeff".encode()
CATALOGUE_TITLE = Label(
    kk="Арнаулы әлеуметтік қызметтер тізілімдерінің ашық деректері",
    ru="Открытые данные регистров специальных социальных услуг",
)

Row = tuple[Cell, ...]
Rows = AsyncGenerator[list[Row], None]
Chunks = AsyncGenerator[bytes, None]
ClientKey = Callable[[Request], str | None]


def export_client(request: Request) -> str | None:
    """Whose export this is: the client's address as the ASGI server gives it (uvicorn believes
    X-Forwarded-For from its trusted proxies only); None when there is none (a Unix socket
    without a proxy header), which only the process-wide limit holds."""
    return request.client.host if request.client else None


def routes(engine: AsyncEngine, client_key: ClientKey = export_client) -> list[Route]:
    """The routes to add to the application (server.create_app). `client_key` names the client
    an export counts against, one export at a time each (default: `export_client`)."""
    endpoints = _OpenData(engine, client_key)
    return [
        Route(f"{PREFIX}/", endpoints.index, methods=["GET"]),
        Route(PREFIX + "/{file}", endpoints.download, methods=["GET"]),
    ]


def _error(
    request: Request, status: int, code: ErrorCode, detail: str = "", **headers: str
) -> JSONResponse:
    """Coded like every refusal of the API (server._error_response)."""
    lang = parse_accept_language(request.headers.get("accept-language")) or DEFAULT_LANG
    text = f"{message(code, lang)} {detail}".strip()
    body = {"errors": [{"message": text, "extensions": {"code": code.value}}]}
    return JSONResponse(body, status_code=status, headers=headers or None)


def _url(dataset: Dataset, fmt: ExportFormat, lang: Lang | None = None) -> str:
    path = f"{PREFIX}/{dataset.value}.{fmt.value}"
    return path if lang is None else f"{path}?lang={lang.value}"


def _texts(label: Label) -> dict[str, str]:
    return {"kk": label.kk, "ru": label.ru}


class _OpenData:
    def __init__(self, engine: AsyncEngine, client_key: ClientKey) -> None:
        self.engine = engine
        self.client_key = client_key
        self.running = 0  # exports streaming now, each holding a connection and a snapshot
        self.exporting: set[str] = set()  # the clients they stream to

    def _finished(self, client: str | None) -> None:
        self.running -= 1
        if client is not None:
            self.exporting.discard(client)

    async def index(self, request: Request) -> Response:
        reader = Reader(self.engine)
        try:
            etag = weak_etag(await change_stamp(reader), "open-data index")
            cached = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
            if matches(request.headers.get("if-none-match"), etag):
                return Response(status_code=304, headers=cached)
            summaries = {dataset: await summary(reader, dataset) for dataset in Dataset}
        except (SQLAlchemyError, OSError):
            logger.exception("open data index: database unreachable?")
            return _error(request, 503, ErrorCode.SERVICE_UNAVAILABLE)
        finally:
            await reader.close()
        datasets = []
        for dataset, info in DATASETS.items():
            stamp = summaries[dataset].last_modified
            datasets.append(
                {
                    "name": dataset.value,
                    "title": _texts(info.title),
                    "description": _texts(info.description),
                    "rows": summaries[dataset].rows,
                    "lastModified": stamp.isoformat() if stamp else None,
                    "languages": [lang.value for lang in Lang],
                    "defaultLanguage": DEFAULT_LANG.value,
                    "formats": [_format(dataset, fmt) for fmt in ExportFormat],
                    "licence": {
                        "code": DATA_LICENCE.code,
                        "name": DATA_LICENCE.name,
                        "url": DATA_LICENCE.url,
                        "attribution": _texts(DATA_LICENCE.attribution),
                    },
                    "columns": [
                        {"code": column.code, "number": column.number, "kk": kk, "ru": ru}
                        for column, kk, ru in zip(
                            info.columns, info.headers(Lang.KK), info.headers(Lang.RU), strict=True
                        )
                    ],
                }
            )
        body = {"title": _texts(CATALOGUE_TITLE), "datasets": datasets}
        return JSONResponse(body, headers=cached)

    async def download(self, request: Request) -> Response:
        name, _, extension = str(request.path_params["file"]).partition(".")
        try:
            dataset, fmt = Dataset(name), ExportFormat(extension)
        except ValueError:
            return _error(request, 404, ErrorCode.NOT_FOUND)
        raw_lang = request.query_params.get("lang", DEFAULT_LANG.value)
        try:
            lang = Lang(raw_lang.lower())
        except ValueError:
            return _error(request, 400, ErrorCode.BAD_REQUEST, "lang: kk | ru")
        reader = Reader(self.engine)
        try:
            stamp = await change_stamp(reader)
        except (SQLAlchemyError, OSError):
            logger.exception("open data export: database unreachable?")
            return _error(request, 503, ErrorCode.SERVICE_UNAVAILABLE)
        finally:
            await reader.close()
        headers = {
            "Content-Disposition": f'attachment; filename="{dataset.value}-{lang.value}.{fmt}"',
            "Cache-Control": CACHE_CONTROL,
            "ETag": weak_etag(stamp, "open-data", dataset.value, fmt.value, lang.value),
        }
        if matches(request.headers.get("if-none-match"), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            head = Response(headers=headers, media_type=fmt.media_type)
            del head.headers["content-length"]  # not 0: the length is unknown until sent
            return head
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        client = self.client_key(request)
        if client is not None and client in self.exporting:
            return _error(request, 429, ErrorCode.RATE_LIMITED, **retry)
        if self.running >= MAX_EXPORTS:
            return _error(request, 503, ErrorCode.SERVICE_UNAVAILABLE, **retry)
        self.running += 1
        if client is not None:
            self.exporting.add(client)
        rows = _rows(self.engine, dataset, lang, partial(self._finished, client))
        try:
            first = await anext(rows, None)
        except (SQLAlchemyError, OSError):
            logger.exception("open data export: database unreachable?")
            await rows.aclose()
            return _error(request, 503, ErrorCode.SERVICE_UNAVAILABLE)
        batches = _prepend(first, rows)
        body = _WRITERS[fmt](batches, DATASETS[dataset], lang)
        # The writer closes `batches` and `batches` closes `rows`, but only once each has
        # started: a response that ends before its body starts must close them itself.
        return _Download(body, (batches, rows), headers=headers, media_type=fmt.media_type)


def _format(dataset: Dataset, fmt: ExportFormat) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "format": fmt.value,
        "mediaType": fmt.media_type,
        "url": _url(dataset, fmt),
        "urls": {lang.value: _url(dataset, fmt, lang) for lang in Lang},
    }
    if fmt is ExportFormat.CSV:
        # A cell starting with one of `when` has `prefix` added (domain.open_data.csv_safe).
        entry["formulaEscape"] = {"prefix": CSV_FORMULA_PREFIX, "when": list(CSV_FORMULA_TRIGGERS)}
    return entry


class _Stalled(Exception):
    """The client took more than EXPORT_SEND_TIMEOUT to take one message."""


class _Download(StreamingResponse):
    """Drops a client that stops reading, and closes its generators however the response ends
    (finished, hung up, stalled, or never started), so that the slot, the read snapshot and
    the temporary files go at once, not when the garbage collector runs."""

    def __init__(
        self, body: Chunks, resources: Sequence[AsyncGenerator[Any, None]], **kwargs: Any
    ) -> None:
        super().__init__(body, **kwargs)
        self._generators = (body, *resources)  # outermost first

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_in_time(message: Message) -> None:
            with anyio.move_on_after(EXPORT_SEND_TIMEOUT) as waiting:
                await send(message)
            if waiting.cancelled_caught:
                raise _Stalled

        try:
            await super().__call__(scope, receive, send_in_time)
        except _Stalled:
            # Returning with the body unfinished: the server closes the connection.
            # No address in the log: the request logs hold no personal data (observability).
            logger.warning(
                "open data export abandoned: no data taken for %s s", EXPORT_SEND_TIMEOUT
            )
        finally:
            with anyio.CancelScope(shield=True):
                for generator in self._generators:
                    await generator.aclose()


# --- rows ------------------------------------------------------------------------------------


def _numbered(batch: Sequence[OrganizationEntry], after: int, lang: Lang) -> list[Row]:
    return [organization_cells(entry, after + i, lang) for i, entry in enumerate(batch, 1)]


def _specialist_rows(batch: Sequence[SpecialistEntry], lang: Lang) -> list[Row]:
    return [specialist_cells(entry, lang) for entry in batch]


async def _rows(
    engine: AsyncEngine, dataset: Dataset, lang: Lang, finished: Callable[[], None]
) -> Rows:
    """Batches of cells, read in one snapshot: the export is the register at one moment.

    Building and encoding cells is CPU work: it runs in a worker thread, a batch at a time,
    so the event loop keeps serving other requests between batches.
    """
    reader = Reader(engine)
    try:
        if dataset is Dataset.ORGANIZATIONS:
            number = 0
            async with aclosing(organization_batches(reader, lang)) as organizations:
                async for batch in organizations:
                    yield await asyncio.to_thread(_numbered, batch, number, lang)
                    number += len(batch)
        else:
            async with aclosing(specialist_batches(reader, lang)) as specialists:
                async for entries in specialists:
                    yield await asyncio.to_thread(_specialist_rows, entries, lang)
    finally:
        finished()
        with anyio.CancelScope(shield=True):
            await reader.close()


async def _prepend(first: list[Row] | None, rest: Rows) -> Rows:
    async with aclosing(rest):
        if first is not None:
            yield first
        async for batch in rest:
            yield batch


# --- writers ---------------------------------------------------------------------------------


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, tuple):
        return ENTRY_SEPARATOR.join(cell)
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def _csv_lines(rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([csv_safe(_text(cell)) for cell in row] for row in rows)
    return buffer.getvalue().encode()


async def _csv(rows: Rows, info: DatasetInfo, lang: Lang) -> Chunks:
    async with aclosing(rows):
        yield CSV_BOM + _csv_lines([info.headers(lang)])
        async for batch in rows:
            yield await asyncio.to_thread(_csv_lines, batch)


def _json_lines(codes: Sequence[str], rows: Sequence[Row]) -> bytes:
    return b",\n".join(orjson.dumps(dict(zip(codes, cells, strict=True))) for cells in rows)


async def _json(rows: Rows, info: DatasetInfo, lang: Lang) -> Chunks:
    codes = [column.code for column in info.columns]
    separator = b"["
    async with aclosing(rows):
        async for batch in rows:
            yield separator + b"\n" + await asyncio.to_thread(_json_lines, codes, batch)
            separator = b","
        yield b"[]\n" if separator == b"[" else b"\n]\n"


class _Workbook:
    """Blocking: called in a worker thread, one batch at a time."""

    def __init__(self, path: Path, info: DatasetInfo, lang: Lang) -> None:
        self.book = xlsxwriter.Workbook(
            str(path), {"constant_memory": True, "tmpdir": str(path.parent)}
        )
        self.book.use_zip64()  # written only for parts past 4 GB, where it is needed
        self.bold = self.book.add_format({"bold": True})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.info, self.lang = info, lang
        self.sheet: Any = None
        self.sheets = 0
        self.row = XLSX_ROWS_PER_SHEET

    def _next_sheet(self) -> None:
        self.sheets += 1
        name = self.info.sheet.text(self.lang)
        self.sheet = self.book.add_worksheet(name if self.sheets == 1 else f"{name} {self.sheets}")
        for column, header in enumerate(self.info.headers(self.lang)):
            self.sheet.write_string(0, column, header, self.bold)
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def write(self, rows: Sequence[Sequence[Cell]]) -> None:
        for cells in rows:
            if self.row >= XLSX_ROWS_PER_SHEET:
                self._next_sheet()
            sheet, row = self.sheet, self.row
            for column, cell in enumerate(cells):
                if cell is None:
                    continue
                if isinstance(cell, str):
                    sheet.write_string(row, column, cell)  # never a formula, whatever it holds
                elif isinstance(cell, int):
                    sheet.write_number(row, column, cell)
                elif isinstance(cell, date):
                    sheet.write_datetime(row, column, cell, self.date)
                else:
                    sheet.write_string(row, column, ENTRY_SEPARATOR.join(cell))
            self.row += 1

    def close(self) -> None:
        if self.sheet is None:
            self._next_sheet()  # an empty register: the header row alone
        self.book.close()


async def _xlsx(rows: Rows, info: DatasetInfo, lang: Lang) -> Chunks:
    directory = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="registers-open-data-"))
    try:
        async with aclosing(rows):
            path = directory / "export.xlsx"
            book = await asyncio.to_thread(_Workbook, path, info, lang)
            async for batch in rows:
                await asyncio.to_thread(book.write, batch)
            await asyncio.to_thread(book.close)
        file = await asyncio.to_thread(path.open, "rb")
        try:
            while chunk := await asyncio.to_thread(file.read, CHUNK_SIZE):
                yield chunk
        finally:
            file.close()
    finally:
        with anyio.CancelScope(shield=True):
            await asyncio.to_thread(shutil.rmtree, directory, ignore_errors=True)


_WRITERS = {ExportFormat.CSV: _csv, ExportFormat.JSON: _json, ExportFormat.XLSX: _xlsx}
