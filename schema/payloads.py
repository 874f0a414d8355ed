"""What every mutation payload shares: `userErrors`, each with a code, field and kk/ru text."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from domain.errors import DomainError, ErrorCode
from domain.validation import Invalid
from resolvers.context import Context

__all__ = ["UserError", "user_errors"]


@strawberry.type(description="An expected refusal: nothing was changed.")
class UserError:
    code: ErrorCode
    field: list[str] | None
    message: str

    @classmethod
    def of(cls, error: DomainError, info: Info[Context, None]) -> UserError:
        return cls(code=error.code, field=error.field, message=error.message(info.context.lang))


def user_errors(error: DomainError | None, info: Info[Context, None]) -> list[UserError]:
    if error is None:
        return []
    problems = error.problems if isinstance(error, Invalid) else [error]
    return [UserError.of(p, info) for p in problems]
