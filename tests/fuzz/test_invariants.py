"""The checker of tests/fuzz/invariants.py fails on each thing it is meant to catch, and
passes the server's ordinary answers, so that the fuzz tests passing means something."""

from __future__ import annotations

import orjson
import pytest

from tests.fuzz.invariants import Answer, check_answer


def answer(payload: object, status: int = 200) -> Answer:
    return Answer(status, orjson.dumps(payload))


def coded(code: str, message: str = "Неверный идентификатор.") -> dict[str, object]:
    return {"message": message, "path": ["node"], "extensions": {"code": code}}


def test_ordinary_answers_pass() -> None:
    assert check_answer(answer({"data": {"organizations": {"totalCount": 3}}}), "{}") == []
    refusal = answer({"errors": [coded("GRAPHQL_VALIDATION_FAILED")]}, 400)
    assert check_answer(refusal, "{}") == ["GRAPHQL_VALIDATION_FAILED"]
    # A value the request sent may come back in a message.
    echo = answer({"errors": [coded("BAD_USER_INPUT", "Значение 'SELECT 1' не подходит.")]})
    assert check_answer(echo, '{ organizations(filter: {search: "SELECT 1"}) { totalCount } }')


@pytest.mark.parametrize(
    ("bad", "status", "why"),
    [
        ({"data": None}, 500, "a server error"),
        ({"errors": [coded("NOT_FOUND")]}, 503, "a server error"),
        ({"errors": [{"message": "Ошибка."}]}, 200, "without extensions.code"),
        ({"errors": [{"message": "Ошибка.", "extensions": {"code": 7}}]}, 200, "extensions.code"),
        ({"errors": [coded("INTERNAL_SERVER_ERROR")]}, 200, "INTERNAL_SERVER_ERROR"),
        ({"errors": []}, 400, "a refusal without errors"),
        ({"errors": "oops"}, 400, "not a list"),
        ([1, 2], 200, "not a JSON object"),
        ({"errors": [coded("X", 'Traceback (most recent call last):\n  File "x"')]}, 200, "trace"),
        ({"errors": [coded("X", "SELECT organizations.id FROM organizations")]}, 200, "SQL"),
        ({"errors": [coded("X", "(sqlite3.OperationalError) database is locked")]}, 200, "driver"),
        ({"errors": [coded("X", "asyncpg.exceptions.UniqueViolationError")]}, 200, "driver"),
        ({"errors": [coded("X", "'NoneType' object is not subscriptable")]}, 200, "Python"),
        ({"data": {"x": "[SQL: INSERT INTO audit_log VALUES (?)]"}}, 200, "SQL"),
    ],
)
def test_each_violation_fails(bad: object, status: int, why: str) -> None:
    with pytest.raises(AssertionError, match=why):
        check_answer(answer(bad, status), "{ organizations { totalCount } }")


def test_a_body_that_is_not_json_fails() -> None:
    with pytest.raises(AssertionError, match="not JSON"):
        check_answer(Answer(400, b"<html>Bad Request</html>"), "{}")


def test_a_refused_token_fails_only_where_a_valid_one_was_sent() -> None:
    unauthenticated = answer({"errors": [coded("UNAUTHENTICATED")]}, 401)
    assert check_answer(unauthenticated, "{}") == ["UNAUTHENTICATED"]
    with pytest.raises(AssertionError, match="token was refused"):
        check_answer(unauthenticated, "{}", authorised=True)
