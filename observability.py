"""Metrics (`/metrics`, Prometheus) and one structured log line per request.

What is recorded is chosen so that no personal data and no credential is ever written: the
operation's name (only if it looks like one, and at most MAX_OPERATIONS distinct names, so a
client cannot blow up the label set), the schema, the role, the status, the duration, the cost
and the error codes. Never the query text, the variables, the query string, a subject, a token
or an address.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import orjson
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

__all__ = ["Metrics", "RequestRecord", "operation_label"]

logger = logging.getLogger("registers.requests")
MAX_OPERATIONS = 200
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@dataclass(slots=True)
class RequestRecord:
    """Filled in as a request goes: by the endpoint, and by the schema (operation, codes)."""

    path: str
    method: str
    schema: str = "-"
    role: str = "-"
    operation: str | None = None
    status: int = 0
    cost: int | None = None
    codes: list[str] = field(default_factory=list)


class Metrics:
    """One registry per app, so that tests and several apps in one process stay apart."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "registers_requests",
            "HTTP requests answered, by path, schema and status.",
            ["path", "schema", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "registers_request_duration_seconds",
            "Time to answer, by GraphQL operation name ('-' for none).",
            ["operation"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        self.errors = Counter(
            "registers_errors",
            "Errors answered, by code (GraphQL errors, userErrors excluded, and HTTP refusals).",
            ["code"],
            registry=self.registry,
        )
        self.seen: set[str] = set()

    def observe(self, record: RequestRecord, seconds: float) -> None:
        operation = self.operation(record.operation)
        self.requests.labels(record.path, record.schema, str(record.status)).inc()
        self.latency.labels(operation).observe(seconds)
        for code in record.codes:
            self.errors.labels(code).inc()
        logger.info(
            "%s",
            orjson.dumps(
                {
                    "method": record.method,
                    "path": record.path,
                    "schema": record.schema,
                    "role": record.role,
                    "operation": operation,
                    "status": record.status,
                    "duration_ms": round(seconds * 1000, 2),
                    "cost": record.cost,
                    "errors": record.codes,
                }
            ).decode(),
        )

    def operation(self, name: str | None) -> str:
        label = operation_label(name)
        if label in self.seen or label == "-":
            return label
        if len(self.seen) >= MAX_OPERATIONS:
            return "other"
        self.seen.add(label)
        return label

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def operation_label(name: str | None) -> str:
    if not name:
        return "-"
    return name if _NAME.fullmatch(name) else "invalid"
