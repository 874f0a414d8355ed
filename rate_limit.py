"""Rate limiting per client: a token bucket per bearer token, else per IP address.

In-process by default (each worker counts its own requests; see the README on sharing it
across workers). Configured with `REGISTERS_RATE_LIMIT` (anonymous, per IP) and
`REGISTERS_RATE_LIMIT_TOKEN` (per token), each `<requests>/<seconds>`; `0` turns one off.
A refusal is a 429 with `RATE_LIMITED` and `Retry-After`; every answer carries `RateLimit-Limit`,
`RateLimit-Remaining` and `RateLimit-Reset` (draft-ietf-httpapi-ratelimit-headers).
"""

from __future__ import annotations

import math
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Decision", "RateLimiter", "Rule", "rule_from_env"]

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
