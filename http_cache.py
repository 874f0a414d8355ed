"""HTTP caching of public queries, and automatic persisted queries (issue 5, "HTTP caching").

Public GET answers carry an `ETag` derived from the registers' change stamp (storage.changes:
it moves on every write that can change a public answer, consent withdrawals included) and
from everything that shapes the answer (document, variables, operation, language). A repeat
with `If-None-Match` is answered 304 before anything runs. `Cache-Control: public, no-cache`
lets shared caches keep the answer but makes them ask again every time, so a withdrawn record
is never served from a cache after the withdrawal: the stamp has moved, the ETag no longer
matches, the cache gets the new answer.

Automatic persisted queries follow Apollo's protocol: `extensions.persistedQuery = {version: 1,
sha256Hash}`; without `query` the hash is looked up (PersistedQueryNotFound when unknown, so
the client sends the document once with its hash), with it the hash is checked and remembered.
The store is in-process and bounded by size (the README says how to share it across workers).
A document is remembered only once it has parsed and validated against the schema of the
request, and under the scope of who sent it: the public's documents in one store, each token's
in its own. A shared store would let anyone ask for a hash and learn from the answer whether
somebody else (an officer looking up a BIN, say) had sent that very document.

Every tag also carries BUILD, a digest of the server's own source: a deploy that changes what
an answer holds (a fix to a field that said too much, say) changes every tag, so no cache keeps
the old answer on a 304.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

__all__ = [
    "BUILD",
    "CACHE_CONTROL",
    "NO_STORE",
    "PersistedQueries",
    "PersistedQuery",
    "etag_of",
    "matches",
    "weak_etag",
]

CACHE_CONTROL = "public, no-cache"
PRIVATE = "private, no-store"
NO_STORE = "no-store"  # public answers that carry no ETag (refusals, POSTs)
MAX_PERSISTED_BYTES = 32 * 1024 * 1024  # the documents' memory, all scopes together
MAX_PERSISTED_LENGTH = 50_000  # the full schema's document limit (schema/full.py)
_SOURCES = (
    "server.py",
    "http_cache.py",
    "open_data.py",
    "schema",
    "resolvers",
    "storage",
    "domain",
)


def _build() -> str:
    """REGISTERS_RELEASE when set, else a digest of the project's Python source."""
    release = os.environ.get("REGISTERS_RELEASE")
    if release:
        return release
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _SOURCES:
        base = root / name
        for path in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


BUILD = _build()


@dataclass(frozen=True, slots=True)
class PersistedQuery:
    """What the APQ extension asked for: the document to run, or a coded refusal."""

    query: str | None
    error: str | None = None  # PERSISTED_QUERY_NOT_FOUND | PERSISTED_QUERY_HASH_MISMATCH | …


class PersistedQueries:
    """Documents by who sent them and their SHA-256, least recently used dropped first."""

    def __init__(self, max_bytes: int = MAX_PERSISTED_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.documents: OrderedDict[tuple[str, str], str] = OrderedDict()

    def resolve(
        self, query: object, extensions: object, scope: str, valid: Callable[[str], bool]
    ) -> PersistedQuery | None:
        """None when the request uses no persisted query; else the document or a refusal.
        `scope` names who sent it ("public", or a token); `valid(query)` whether the document
        parses and validates, and so may be remembered."""
        if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
            return None
        persisted = extensions["persistedQuery"]
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return PersistedQuery(None, "PERSISTED_QUERY_NOT_SUPPORTED")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            return PersistedQuery(None, "PERSISTED_QUERY_HASH_MISMATCH")
        key = (scope, digest.lower())
        if isinstance(query, str):
            if hashlib.sha256(query.encode()).hexdigest() != key[1]:
                return PersistedQuery(None, "PERSISTED_QUERY_HASH_MISMATCH")
            if key in self.documents:
                self.documents.move_to_end(key)
            elif len(query) <= MAX_PERSISTED_LENGTH and valid(query):
                self._remember(key, query)
            return PersistedQuery(query)
        known = self.documents.get(key)
        if known is None:
            return PersistedQuery(None, "PERSISTED_QUERY_NOT_FOUND")
        self.documents.move_to_end(key)
        return PersistedQuery(known)

    def _remember(self, key: tuple[str, str], query: str) -> None:
        self.documents[key] = query
        self.size += sys.getsizeof(query)
        while self.size > self.max_bytes and self.documents:
            _, dropped = self.documents.popitem(last=False)
            self.size -= sys.getsizeof(dropped)


def weak_etag(stamp: str, *shape: Any) -> str:
    """A weak ETag: the same for the same `shape` of answer from the same BUILD while the
    stamp does not move."""
    parts = orjson.dumps([BUILD, stamp, *shape], option=orjson.OPT_SORT_KEYS)
    return f'W/"{hashlib.sha256(parts).hexdigest()[:32]}"'


def etag_of(stamp: str, query: str, variables: Any, operation: Any, lang: str, accept: str) -> str:
    """The ETag of a GraphQL GET: the same answer for the same request (down to the media types
    it accepts, which choose the answer's) while the registers do not change."""
    return weak_etag(stamp, query, variables, operation, lang, accept)


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an `If-None-Match` header names `etag` (RFC 9110 §13.1.2: weak comparison, a
    list of tags, or `*`)."""
    if not if_none_match:
        return False
    opaque = etag.removeprefix("W/")
    tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in ("*", opaque) for tag in tags)
