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
The store is in-process and bounded (the README says how to share it across workers).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson

__all__ = ["CACHE_CONTROL", "PersistedQueries", "PersistedQuery", "etag_of", "matches", "weak_etag"]

CACHE_CONTROL = "public, no-cache"
PRIVATE = "private, no-store"
MAX_PERSISTED = 10_000
MAX_PERSISTED_LENGTH = 15_000  # the public schema's document limit (schema/public.py)


@dataclass(frozen=True, slots=True)
class PersistedQuery:
    """What the APQ extension asked for: the document to run, or a coded refusal."""

    query: str | None
    error: str | None = None  # PERSISTED_QUERY_NOT_FOUND | PERSISTED_QUERY_HASH_MISMATCH | …


class PersistedQueries:
    """Documents by their SHA-256, least recently used dropped first."""

    def __init__(self, capacity: int = MAX_PERSISTED) -> None:
        self.capacity = capacity
        self.documents: OrderedDict[str, str] = OrderedDict()

    def resolve(self, query: object, extensions: object) -> PersistedQuery | None:
        """None when the request uses no persisted query; else the document or a refusal."""
        if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
            return None
        persisted = extensions["persistedQuery"]
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return PersistedQuery(None, "PERSISTED_QUERY_NOT_SUPPORTED")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            return PersistedQuery(None, "PERSISTED_QUERY_HASH_MISMATCH")
        digest = digest.lower()
        if isinstance(query, str):
            if hashlib.sha256(query.encode()).hexdigest() != digest:
                return PersistedQuery(None, "PERSISTED_QUERY_HASH_MISMATCH")
            if len(query) <= MAX_PERSISTED_LENGTH:
                self.documents[digest] = query
                self.documents.move_to_end(digest)
                if len(self.documents) > self.capacity:
                    self.documents.popitem(last=False)
            return PersistedQuery(query)
        known = self.documents.get(digest)
        if known is None:
            return PersistedQuery(None, "PERSISTED_QUERY_NOT_FOUND")
        self.documents.move_to_end(digest)
        return PersistedQuery(known)


def weak_etag(stamp: str, *shape: Any) -> str:
    """A weak ETag: the same for the same `shape` of answer while the stamp does not move."""
    parts = orjson.dumps([stamp, *shape], option=orjson.OPT_SORT_KEYS)
    return f'W/"{hashlib.sha256(parts).hexdigest()[:32]}"'


def etag_of(stamp: str, query: str, variables: Any, operation: Any, lang: str) -> str:
    """The ETag of a GraphQL GET: the same answer for the same request while the registers do
    not change."""
    return weak_etag(stamp, query, variables, operation, lang)


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an `If-None-Match` header names `etag` (RFC 9110 §13.1.2: weak comparison, a
    list of tags, or `*`)."""
    if not if_none_match:
        return False
    opaque = etag.removeprefix("W/")
    tags = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in ("*", opaque) for tag in tags)
