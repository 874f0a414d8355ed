"""What a public answer must never contain, and the check of an answer.

An answer leaks when its data or its errors contain a hidden record's canary (in any case, or
as the sort key a cursor carries), or one of its unique values: global id, primary key, BIN,
IIN, phone, licence number, a date. Opaque strings (global ids, cursors) are base64url-decoded
and searched too. Errors may quote what the request itself sent (a BIN asked for, a cursor):
those quotations are cut out of the errors first; data never quotes the request.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import graphql
import orjson

from domain.text import sort_key
from tests.conftest import Result
from tests.property.records import OrganizationRecord, SpecialistRecord
from tests.property.worlds import CANARY, CANARY_LATIN, World

__all__ = ["Secrets", "request_strings"]

_OPAQUE = re.compile(r"[A-Za-z0-9_-]{8,}")
MIN_QUOTED = 8  # shorter request strings cannot hold a marker or a token


def _dates_of(value: object) -> Iterable[date]:
    if isinstance(value, datetime):
        yield value.date()
    elif isinstance(value, date):
        yield value


def _organization_tokens(o: OrganizationRecord) -> set[str]:
    found = {o.global_id, str(o.id), o.bin}
    found |= {x for x in (o.phone, o.email) if x}
    days = [o.included_on, o.removed_on, *(d for pair in o.contracts for d in pair)]
    for lic in o.licences:
        found |= {lic.global_id, str(lic.id), lic.number}
        days += [
            lic.issued_on,
            lic.initial_issued_on,
            lic.valid_until,
            lic.reissued_on,
            lic.terminated_on,
            lic.suspended_until,
            *(at for at, _, _ in lic.events),
        ]
    return found | {d.isoformat() for day in days for d in _dates_of(day)}


def _specialist_tokens(s: SpecialistRecord) -> set[str]:
    f = s.form
    found = {s.global_id, str(s.id), f.mobile_phone, s.applicant}
    found |= {x for x in (f.iin, f.email) if x}
    days: list[date | None] = [s.included_on, f.birth_date]
    days += [d for e in f.education for d in (e.started_on, e.finished_on)]
    days += [d for e in f.employment for d in (e.started_on, e.ended_on)]
    days += [f.qualification.assigned_on] if f.qualification else []
    return found | {d.isoformat() for day in days for d in _dates_of(day)}


@dataclass(frozen=True)
class Secrets:
    tokens: frozenset[str]
    # Ids the change feed shows in a removal (a consent withdrawn), and nothing else does.
    feed_only: frozenset[str] = frozenset()
    folded_markers: tuple[str, ...] = (CANARY.casefold(), CANARY_LATIN)
    # A cursor carries its record's sort key: the canary as Kazakh and Russian sort keys.
    raw_markers: tuple[str, ...] = (sort_key(CANARY, "kk"), sort_key(CANARY, "ru"))

    @classmethod
    def of(
        cls, hidden: World, public: Iterable[str] = (), feed_only: Iterable[str] = ()
    ) -> Secrets:
        tokens: set[str] = set()
        for o in hidden.organizations:
            tokens |= _organization_tokens(o)
        for s in hidden.specialists:
            tokens |= _specialist_tokens(s)
        tokens |= set(hidden.unregistered_bins)
        feed = frozenset(feed_only)
        return cls(frozenset(tokens - set(public) - feed), feed)

    def found_in(self, text: str, tokens: Iterable[str] | None = None) -> list[str]:
        folded = text.casefold()
        found = [m for m in self.folded_markers if m in folded]
        found += [m for m in self.raw_markers if m in text]
        found += sorted(
            t for t in (self.tokens | self.feed_only if tokens is None else tokens) if t in text
        )
        return found

    def leaks(
        self, result: Result, sent: Iterable[str] = (), feed_keys: Iterable[str] = ()
    ) -> list[str]:
        """What of the secrets the answer shows, in its data or its errors. Under `feed_keys`
        (the change feed's fields) a removal may name a withdrawn record: its own `id` may
        be there, nothing of it in the organisation or specialist it points to."""
        data = [orjson.dumps(result.data).decode(), *_decoded(result.data)]
        found = [f"data: {m}" for m in self.found_in("\n".join(data), self.tokens)]
        elsewhere = dict(result.data or {})
        feeds = [elsewhere.pop(key, None) for key in feed_keys]
        rest = [orjson.dumps(elsewhere).decode(), *_decoded(elsewhere)]
        found += [f"data: {t}" for t in sorted(self.feed_only) if t in "\n".join(rest)]
        pointed = "\n".join(
            orjson.dumps(v).decode() for v in _values_of(feeds, ("organization", "specialist"))
        )
        found += [f"data (feed): {t}" for t in sorted(self.feed_only) if t in pointed]
        if result.errors:
            quoted = sorted({s for s in sent if len(s) >= MIN_QUOTED}, key=len, reverse=True)
            texts = []
            for text in _strings(result.errors):
                for s in quoted:
                    text = text.replace(s, "")
                texts.append(text)
                texts.extend(_decode(text))
            found += [f"errors: {m}" for m in self.found_in("\n".join(texts))]
        return found


def _values_of(value: Any, keys: tuple[str, ...]) -> Iterable[Any]:
    """Every value under one of `keys`, anywhere in `value`."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in keys:
                yield v
            yield from _values_of(v, keys)
    elif isinstance(value, list):
        for v in value:
            yield from _values_of(v, keys)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif value is not None:
        yield str(value)


def _decode(text: str) -> Iterable[str]:
    for match in _OPAQUE.finditer(text):
        chunk = match.group()
        try:
            raw = base64.urlsafe_b64decode(chunk + "=" * (-len(chunk) % 4))
        except (binascii.Error, ValueError):
            continue
        yield raw.decode("utf-8", "replace")


def _decoded(data: Any) -> Iterable[str]:
    for text in _strings(data):
        if len(text) >= 8 and _OPAQUE.fullmatch(text):
            yield from _decode(text)


def request_strings(document: graphql.DocumentNode, variables: dict[str, Any] | None) -> set[str]:
    """Every string a request sends: literals in the document and variable values."""
    found: set[str] = set()

    class Collect(graphql.Visitor):
        def enter_string_value(self, node: graphql.StringValueNode, *_: Any) -> None:
            found.add(node.value)

    graphql.visit(document, Collect())
    found.update(s for s in _strings(variables) if isinstance(s, str))
    return found
