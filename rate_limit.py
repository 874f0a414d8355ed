"""Rate limiting per client: a token bucket per bearer token, else per IP address.

In-process by default (each worker counts its own requests; see the README on sharing it
across workers). Configured with `REGISTERS_RATE_LIMIT` (anonymous, per IP) and
`REGISTERS_RATE_LIMIT_TOKEN` (per token), each `<requests>/<seconds>`; `0` turns one off.
A refusal is a 429 with `RATE_LIMITED` and `Retry-After`; every answer carries `RateLimit-Limit`,
`RateLimit-Remaining` and `RateLimit-Reset` (draft-ietf-httpapi-ratelimit-headers).

The address is the one uvicorn gives (`X-Forwarded-For` is believed only from the proxies in
uvicorn's `--forwarded-allow-ips`, default 127.0.0.1). An IPv6 client is counted by its /64:
one host usually holds a whole /64, and would otherwise get a bucket per address.
"""

from __future__ import annotations

import ipaddress
import math
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from domain.viewer import Viewer

__all__ = ["ClientLimits", "Decision", "RateLimiter", "Rule", "client_address", "rule_from_env"]

MAX_CLIENTS = 100_000  # buckets kept; the least recently seen go first


@dataclass(frozen=True, slots=True)
class Rule:
    requests: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Rule | None:
        """`120/60` is 120 requests a minute; `0` (or `0/…`) turns limiting off."""
        count, _, window = text.strip().partition("/")
        requests, seconds = int(count), float(window or 60)
        if requests < 0 or seconds <= 0:
            raise ValueError(f"a rate limit is <requests>/<seconds>, not {text!r}")
        return None if requests == 0 else cls(requests, seconds)


def rule_from_env(name: str, default: str) -> Rule | None:
    return Rule.parse(os.environ.get(name, default))


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the bucket is full again
    retry_after: int  # seconds until one more request is allowed (0 when allowed)

    def headers(self) -> dict[str, str]:
        values = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            values["Retry-After"] = str(self.retry_after)
        return values


class RateLimiter:
    """Token buckets: `rule.requests` at most at once, refilled evenly over `rule.seconds`."""

    def __init__(self, rule: Rule, clock: Callable[[], float] = time.monotonic) -> None:
        self.rule = rule
        self.clock = clock
        self.rate = rule.requests / rule.seconds
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> Decision:
        now = self.clock()
        tokens, seen = self.buckets.pop(key, (float(self.rule.requests), now))
        tokens = min(float(self.rule.requests), tokens + (now - seen) * self.rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self.buckets[key] = (tokens, now)
        if len(self.buckets) > MAX_CLIENTS:
            self.buckets.popitem(last=False)
        return Decision(
            allowed=allowed,
            limit=self.rule.requests,
            remaining=int(tokens),
            reset=math.ceil((self.rule.requests - tokens) / self.rate),
            retry_after=0 if allowed else math.ceil((1.0 - tokens) / self.rate),
        )


def client_address(host: str) -> str:
    """The key of an anonymous client: its IPv4 address, its IPv6 /64, else the host as given."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return (
        str(address.ipv4_mapped or address)
        if isinstance(address, ipaddress.IPv6Address)
        else str(address)
    )


class ClientLimits:
    """One bucket per token for the authenticated, per address for everyone else."""

    def __init__(self, anonymous: Rule | None, token: Rule | None) -> None:
        self.anonymous = RateLimiter(anonymous) if anonymous else None
        self.token = RateLimiter(token) if token else None

    @classmethod
    def from_env(cls) -> ClientLimits:
        return cls(
            rule_from_env("REGISTERS_RATE_LIMIT", "300/60"),
            rule_from_env("REGISTERS_RATE_LIMIT_TOKEN", "1200/60"),
        )

    def take(self, viewer: Viewer | None, host: str) -> Decision | None:
        if viewer is not None and viewer.token_id is not None:
            return self.token.take(f"token:{viewer.token_id}") if self.token else None
        return self.anonymous.take(f"ip:{client_address(host)}") if self.anonymous else None
