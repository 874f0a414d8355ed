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

Streaming: a `StreamingResponse` fed by an async generator that reads the register in keyset
batches (storage.open_data.BATCH_SIZE rows) inside one read snapshot and encodes each batch as
it comes, so memory stays flat however large the register (bench/export_memory.py measures it).
- CSV: RFC 4180 (quoted where needed, CRLF), UTF-8 with a byte order mark, which is how Excel
  recognises UTF-8.
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
response starts. Later failures can only cut the body short. An export beyond MAX_EXPORTS
streaming at once is a coded 503 with Retry-After: each holds a pooled connection.
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
from starlette.types import Receive, Scope, Send

from domain.errors import ErrorCode, message
from domain.labels import DEFAULT_LANG, Label, Lang, parse_accept_language
from domain.open_data import (
    DATA_LICENCE,
    DATASETS,
    ENTRY_SEPARATOR,
    Cell,
    Dataset,
    DatasetInfo,
    ExportFormat,
    OrganizationEntry,
    SpecialistEntry,
    organization_cells,
    specialist_cells,
)
from http_cache import CACHE_CONTROL, matches, weak_etag
from storage.changes import change_stamp
from storage.engine import Reader
from storage.open_data import organization_batches, specialist_batches, summary

__all__ = ["MAX_EXPORTS", "XLSX_ROWS_PER_SHEET", "routes"]

logger = logging.getLogger("registers.open_data")

PREFIX = "/open-data"
CHUNK_SIZE = 256 * 1024
XLSX_ROWS_PER_SHEET = 1_048_576  # Excel's limit, header row included
# Each export holds a pooled connection and a read snapshot for as long as it streams: a few at
# a time leave the pool to /graphql. More are refused (503, Retry-After), not queued.
MAX_EXPORTS = 4
RETRY_AFTER_SECONDS = 30
CSV_BOM = "\ufeff".encode()
CATALOGUE_TITLE = Label(
    kk="Арнаулы әлеуметтік қызметтер тізілімдерінің ашық деректері",
    ru="Открытые данные регистров специальных социальных услуг",
)

Row = tuple[Cell, ...]
Rows = AsyncGenerator[list[Row], None]
Chunks = AsyncGenerator[bytes, None]


def routes(engine: AsyncEngine) -> list[Route]:
    """The routes to add to the application (server.create_app)."""
    endpoints = _OpenData(engine)
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
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.running = 0  # exports streaming now, each holding a connection and a snapshot

    def _finished(self) -> None:
        self.running -= 1

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
                    "formats": [
                        {
                            "format": fmt.value,
                            "mediaType": fmt.media_type,
                            "url": _url(dataset, fmt),
                            "urls": {lang.value: _url(dataset, fmt, lang) for lang in Lang},
                        }
                        for fmt in ExportFormat
                    ],
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
        if self.running >= MAX_EXPORTS:
            retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
            return _error(request, 503, ErrorCode.SERVICE_UNAVAILABLE, **retry)
        self.running += 1
        rows = _rows(self.engine, dataset, lang, self._finished)
        try:
            first = await anext(rows, None)
        except (SQLAlchemyError, OSError):
            logger.exception("open data export: database unreachable?")
            await rows.aclose()
            return _error(request, 503, ErrorCode.SERVICE_UNAVAILABLE)
        info = DATASETS[dataset]
        body = _WRITERS[fmt](_prepend(first, rows), info, lang)
        return _Download(body, headers=headers, media_type=fmt.media_type)


class _Download(StreamingResponse):
    """Closes its generator however the response ends, so that the read snapshot and the
    temporary files go at once when a client hangs up, not when the garbage collector runs."""

    def __init__(self, body: Chunks, **kwargs: Any) -> None:
        super().__init__(body, **kwargs)
        self._body = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await self._body.aclose()


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
    csv.writer(buffer, lineterminator="\r\n").writerows([_text(c) for c in row] for row in rows)
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
