"""Every GraphQL error leaves with `extensions.code` and a message in the reader's language.

DomainError (resolvers)        -> its code, field and kk/ru message
syntax error                   -> GRAPHQL_PARSE_FAILED
validation error               -> GRAPHQL_VALIDATION_FAILED (graphql-core's detail kept)
variable coercion error        -> BAD_USER_INPUT
a control character sent       -> INVALID_CHARACTERS, before parsing
anything else (a bug)          -> INTERNAL_SERVER_ERROR, logged, nothing of it shown
"""

from __future__ import annotations

import logging
import re
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLObjectType, GraphQLSyntaxError
from strawberry.types import ExecutionContext, ExecutionResult

from domain.errors import DomainError, ErrorCode, message
from domain.labels import DEFAULT_LANG, Lang
from domain.text import has_control_characters
from schema.common import fast_text
from schema.execution import RegistersExecutionContext
from schema.limits import Limits

__all__ = ["RegistersSchema", "coded_error"]

logger = logging.getLogger("registers.errors")


def _is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is None or isinstance(original, (DomainError, GraphQLError))


_VARIABLE_COERCION = ("invalid value", "was not provided", "must not be null")
_LIMITS = (
    re.compile(r"exceeds maximum operation depth of (\d+)"),
    re.compile(r"aliases found\. Allowed: (\d+)"),
    re.compile(r"Document contains more than (\d+) tokens"),
)


def _classify(error: GraphQLError) -> tuple[ErrorCode, str | None]:
    """The code of an error graphql-core or strawberry raised, by where it came from."""
    for pattern in _LIMITS:
        if pattern.search(error.message):
            return ErrorCode.QUERY_TOO_COMPLEX, error.message
    if isinstance(error, GraphQLSyntaxError) or isinstance(
        error.original_error, GraphQLSyntaxError
    ):
        return ErrorCode.GRAPHQL_PARSE_FAILED, error.message
    text = error.message
    if (text.startswith("Variable '$") and any(m in text for m in _VARIABLE_COERCION)) or (
        text.startswith("Argument '") and "has invalid value" in text
    ):
        # Values sent for variables or arguments that do not fit their declared types.
        return ErrorCode.BAD_USER_INPUT, text
    if error.path is None:
        return ErrorCode.GRAPHQL_VALIDATION_FAILED, error.message
    return ErrorCode.INTERNAL_SERVER_ERROR, None


def coded_error(error: GraphQLError, lang: Lang) -> GraphQLError:
    original = error.original_error
    extensions: dict[str, Any]
    if isinstance(original, DomainError):
        text = original.message(lang)
        extensions = {"code": original.code.value}
        if original.field:
            extensions["field"] = original.field
    elif original is None or isinstance(original, GraphQLError):
        code, detail = _classify(error)
        if code is ErrorCode.QUERY_TOO_COMPLEX:
            text = message(code, lang, {"limit": detail})
        else:
            text = f"{message(code, lang)} {detail}" if detail else message(code, lang)
        extensions = {"code": code.value}
    else:
        code = ErrorCode.INTERNAL_SERVER_ERROR
        text = message(code, lang)
        extensions = {"code": code.value}
    return GraphQLError(
        text, nodes=error.nodes, positions=error.positions, path=error.path, extensions=extensions
    )


# An escaped control character in a string literal: \u0000-\u0008, \u000b, \u000c,
# \u000e-\u001f, \u007f (the lexer itself refuses raw ones outside tab and line breaks).
_ESCAPED_CONTROL = re.compile(r"\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])")


def _sends_control_characters(query: object, variables: object) -> bool:
    def walk(value: object) -> bool:
        if isinstance(value, str):
            return has_control_characters(value)
        if isinstance(value, dict):
            return any(walk(k) or walk(v) for k, v in value.items())
        if isinstance(value, list):
            return any(walk(v) for v in value)
        return False

    return (isinstance(query, str) and bool(_ESCAPED_CONTROL.search(query))) or walk(variables)


_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)")


def _operation_name(query: object) -> str | None:
    """The first operation's name, for logs and metrics (never the query itself)."""
    match = _OPERATION.match(query) if isinstance(query, str) else None
    return match.group(1) if match else None


_SUGGESTION = re.compile(r" Did you mean .*\?$")


class RegistersSchema(strawberry.Schema):
    """A strawberry Schema whose results carry coded, localised errors, that refuses documents
    beyond its `Limits` before running them, and that logs bugs only."""

    def __init__(self, *, limits: Limits, **kwargs: Any) -> None:
        kwargs.setdefault("execution_context_class", RegistersExecutionContext)
        super().__init__(extensions=limits.extensions(), **kwargs)
        self.limits = limits
        localized = self._schema.type_map.get("LocalizedString")
        if isinstance(localized, GraphQLObjectType):
            localized.fields["text"].resolve = fast_text

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        query = args[0] if args else kwargs.get("query")
        variables = args[1] if len(args) > 1 else kwargs.get("variable_values")
        context = args[2] if len(args) > 2 else kwargs.get("context_value")
        lang = getattr(context, "lang", DEFAULT_LANG)
        refusal = self._refusal(query, variables, lang)
        if refusal is not None:
            result = ExecutionResult(data=None, errors=[refusal])
        else:
            result = await super().execute(*args, **kwargs)
            if result.errors:
                result.errors = [self._coded(error, lang) for error in result.errors]
        report = getattr(context, "report", None)
        if isinstance(report, dict):
            operation = args[4] if len(args) > 4 else kwargs.get("operation_name")
            # operationName as sent, which may be any JSON (`{"operationName": 1}`; tests/fuzz).
            sent = operation if isinstance(operation, str) else None
            report["operation"] = sent or _operation_name(query)
            report["codes"] = [(e.extensions or {}).get("code", "") for e in result.errors or ()]
            report["cost"] = ((result.extensions or {}).get("cost") or {}).get("requestedQueryCost")
        return result

    def _refusal(self, query: object, variables: object, lang: Lang) -> GraphQLError | None:
        """Cheap checks on the raw request, before parsing: control characters, length."""
        if _sends_control_characters(query, variables):
            code = ErrorCode.INVALID_CHARACTERS
            return GraphQLError(message(code, lang), extensions={"code": code.value})
        if isinstance(query, str) and len(query) > self.limits.length:
            code = ErrorCode.QUERY_TOO_COMPLEX
            text = message(code, lang, {"limit": f"length > {self.limits.length}"})
            return GraphQLError(text, extensions={"code": code.value})
        return None

    def _coded(self, error: GraphQLError, lang: Lang) -> GraphQLError:
        coded = coded_error(error, lang)
        if not self.limits.suggestions and coded.message:
            # No "Did you mean …?": the public learns no field names by guessing.
            coded.message = _SUGGESTION.sub("", coded.message)
        return coded

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
