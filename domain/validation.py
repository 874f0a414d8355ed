"""Checks shared by every input form: texts, identifiers, contacts, lists. Each check returns
the cleaned value or records a coded problem; a form collects all its problems at once, so a
caller fixes everything in one round (`Problems.raise_if_any`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from domain.contacts import normalize_email, normalize_phone
from domain.errors import DomainError, ErrorCode
from domain.identifiers import is_valid_xin, normalize_xin

__all__ = ["Invalid", "Problems"]

T = TypeVar("T")


class Invalid(DomainError):
    """Several coded problems with one input; `problems` lists them all."""

    def __init__(self, problems: Sequence[DomainError]) -> None:
        first = problems[0]
        super().__init__(first.code, first.field, first.params)
        self.problems = list(problems)


class Problems:
    def __init__(self, *prefix: str) -> None:
        self.prefix = list(prefix)
        self.found: list[DomainError] = []

    def add(self, code: ErrorCode, field: str, **params: object) -> None:
        self.found.append(DomainError(code, field=[*self.prefix, *field.split(".")], params=params))

    def raise_if_any(self) -> None:
        if self.found:
            raise Invalid(self.found)

    def text(self, value: str | None, field: str, *, limit: int, required: bool = True) -> str:
        # NFC: a letter typed as a base and a combining mark (й as и + U+0306) is one letter.
        value = unicodedata.normalize("NFC", value or "")
        cleaned = " ".join(value.split()) if limit <= 500 else value.strip()
        if required and not cleaned:
            self.add(ErrorCode.REQUIRED, field)
        elif len(cleaned) > limit:
            self.add(ErrorCode.TEXT_TOO_LONG, field, max=limit)
        return cleaned

    def xin(self, value: str, field: str) -> str:
        cleaned = normalize_xin(value)
        if not is_valid_xin(cleaned):
            self.add(ErrorCode.INVALID_BIN, field)
        return cleaned

    def phone(self, value: str, field: str, *, mobile_only: bool = False) -> str:
        cleaned = normalize_phone(value, mobile_only=mobile_only)
        if cleaned is None:
            self.add(ErrorCode.INVALID_PHONE, field)
            return value
        return cleaned

    def email(self, value: str, field: str) -> str:
        cleaned = normalize_email(value)
        if cleaned is None:
            self.add(ErrorCode.INVALID_EMAIL, field)
            return value
        return cleaned

    def items(self, values: Sequence[T], field: str, *, most: int, least: int = 0) -> list[T]:
        if len(values) < least:
            self.add(ErrorCode.REQUIRED, field)
        if len(values) > most:
            self.add(ErrorCode.TOO_MANY_VALUES, field, max=most)
        if len(set(values)) != len(values):
            self.add(ErrorCode.DUPLICATE_VALUES, field)
        return list(dict.fromkeys(values))

    def not_after(self, day: date | None, latest: date, field: str) -> None:
        if day is not None and day > latest:
            self.add(ErrorCode.DATE_IN_FUTURE, field)

    def in_order(self, start: date | None, end: date | None, field: str) -> None:
        if start is not None and end is not None and start > end:
            self.add(ErrorCode.INVALID_DATE_RANGE, field)
