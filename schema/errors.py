"""Every GraphQL error leaves with `extensions.code` and a message in the reader's language.

DomainError (resolvers)        -> its code, field and kk/ru message
syntax error                   -> GRAPHQL_PARSE_FAILED
validation error               -> GRAPHQL_VALIDATION_FAILED (graphql-core's detail kept)
variable coercion error        -> BAD_USER_INPUT
anything else (a bug)          -> INTERNAL_SERVER_ERROR, logged, nothing of it shown
"""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.types import ExecutionContext, ExecutionResult

from domain.errors import DomainError, ErrorCode, message
from domain.labels import DEFAULT_LANG, Lang

__all__ = ["RegistersSchema", "coded_error"]

logger = logging.getLogger("registers.errors")


def _is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, (DomainError, GraphQLError))


def coded_error(error: GraphQLError, lang: Lang) -> GraphQLError:
    original = error.original_error
    extensions: dict[str, Any]
    if isinstance(original, DomainError):
        text = original.message(lang)
        extensions = {"code": original.code.value}
        if original.field:
            extensions["field"] = original.field
    elif isinstance(error, GraphQLSyntaxError) or isinstance(original, GraphQLSyntaxError):
        code = ErrorCode.GRAPHQL_PARSE_FAILED
        text = f"{message(code, lang)} {error.message}"
        extensions = {"code": code.value}
    elif error.path is None and (original is None or isinstance(original, GraphQLError)):
        code = (
            ErrorCode.BAD_USER_INPUT
            if error.message.startswith("Variable ")
            else ErrorCode.GRAPHQL_VALIDATION_FAILED
        )
        text = f"{message(code, lang)} {error.message}"
        extensions = {"code": code.value}
    else:
        code = ErrorCode.INTERNAL_SERVER_ERROR
        text = message(code, lang)
        extensions = {"code": code.value}
    return GraphQLError(
        text, nodes=error.nodes, positions=error.positions, path=error.path, extensions=extensions
    )


class RegistersSchema(strawberry.Schema):
    """A strawberry Schema whose results carry coded, localised errors, and that logs bugs only."""

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        result: ExecutionResult = await super().execute(*args, **kwargs)
        if result.errors:
            context = kwargs.get("context_value")
            lang = getattr(context, "lang", DEFAULT_LANG)
            result.errors = [coded_error(error, lang) for error in result.errors]
        return result

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if not _is_expected(error):
                logger.error(
                    "unexpected error in %s",
                    execution_context.operation_name if execution_context else None,
                    exc_info=error.original_error,
                )
