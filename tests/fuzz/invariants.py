"""What every answer to hostile input must satisfy (issue 7 item 3): no 5xx, a JSON body whose
every error carries a string `extensions.code` other than INTERNAL_SERVER_ERROR (the code of a
bug), and nothing of the server's insides: no stack trace, no SQL, no driver's name.

The SQL and trace patterns are searched in the whole answer, data included, since a leak can
hide in any string; the seeded data contains none of them (tests/fuzz/world.py). A pattern
that the request itself contains is not held against the answer: the server may echo a value
it was sent (a string argument in a validation message, a text stored by a mutation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

__all__ = ["Answer", "check_answer", "error_codes"]

INSIDES = {
    "a stack trace": re.compile(r"Traceback|File \"|line \d+, in \w"),
    "SQL": re.compile(
        r"SELECT |\bFROM |INSERT INTO|UPDATE \w+ SET|DELETE FROM|\bWHERE |\[SQL:|"
        r"PRAGMA|no such (table|column)|syntax error at or near"
    ),
    "a driver": re.compile(
        r"sqlite3?\.|sqlalchemy|asyncpg|aiosqlite|psycopg|OperationalError|IntegrityError|"
        r"ProgrammingError|sqlalche\.me",
        re.IGNORECASE,
    ),
    "a Python exception": re.compile(
        r"\b(KeyError|TypeError|ValueError|AttributeError|AssertionError|IndexError|"
        r"RuntimeError|NoneType|UnicodeDecodeError|OverflowError|RecursionError)\b"
    ),
}


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def error_codes(payload: Any) -> list[Any]:
    if not isinstance(payload, dict):
        return []
    errors = payload.get("errors") or []
    return [
        (e.get("extensions") or {}).get("code") if isinstance(e, dict) else None for e in errors
    ]


def check_answer(answer: Answer, request: str, *, authorised: bool = False) -> list[str]:
    """Asserts the invariants for one answer to `request` (the request's text, headers and
    body, for the echo exemption); returns the error codes, for hypothesis' statistics."""
    where = f"\nrequest: {request[:4000]}\nstatus: {answer.status}\nanswer: {answer.body[:4000]!r}"
    assert answer.status < 500, f"a server error{where}"
    if authorised:
        # The token was valid: a 401 means the test lost its token, and with it the full schema.
        assert answer.status != 401, f"the token was refused{where}"
    if answer.status == 304:
        return []
    try:
        payload = orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        raise AssertionError(f"not JSON{where}") from None
    assert isinstance(payload, dict), f"not a JSON object{where}"
    errors = payload.get("errors")
    if errors is not None or answer.status >= 400:
        assert isinstance(errors, list), f"`errors` is not a list{where}"
        assert errors, f"a refusal without errors{where}"
    codes = error_codes(payload)
    for error in errors or []:
        assert isinstance(error, dict), f"an error that is not an object{where}"
        assert isinstance(error.get("message"), str), f"an error without a message{where}"
        code = (error.get("extensions") or {}).get("code")
        assert isinstance(code, str), f"an error without extensions.code{where}"
        assert code, f"an empty extensions.code{where}"
        assert code != "INTERNAL_SERVER_ERROR", f"a bug (INTERNAL_SERVER_ERROR){where}"
    text = answer.body.decode("utf-8", errors="replace")
    for what, pattern in INSIDES.items():
        found = pattern.search(text)
        if found and not pattern.search(request):
            raise AssertionError(f"{what} in the answer: {found.group(0)!r}{where}")
    return [str(code) for code in codes]
