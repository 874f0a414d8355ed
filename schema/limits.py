"""What a document may ask for, checked before anything runs (issue 5, "Limits").

Depth, aliases and tokens use strawberry's limiters; this module adds the number of directives,
the length of the document and its cost. The cost counts objects as Shopify's does: an object
field costs 1, a scalar 0, and a connection's `first` (or its default) multiplies what each of
its edges or nodes asks for; a plain list counts LIST_SIZE items. It needs the variables (a
`first: $n`, coerced as execution will coerce it), so it runs in `on_validate`, after parsing,
with strawberry's validation run first: a document that is not valid is never costed. Every
answer reports its cost in `extensions.cost` (`requestedQueryCost`, `maximumAvailable`).
Refused by the same walk: a `first` beyond 1..100 anywhere in the document (with the
resolvers' PAGE_SIZE_OUT_OF_RANGE), and more than MAX_INTROSPECTION introspection roots
(`__schema`, `__type`: costed 0, but each answers from the whole schema).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, cast

from graphql import (
    ASTValidationRule,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    get_nullable_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.utilities import get_operation_ast
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.schema import validate_document

from domain.errors import DomainError, ErrorCode
from resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

__all__ = ["LIST_SIZE", "Limits", "query_cost", "too_complex"]

# Parsed and validated documents kept, most recently used first (per process; a frontend sends
# a few dozen distinct documents). Bounded in number, each bounded by the token limit.
DOCUMENT_CACHE_SIZE = 256
MAX_REPEATS = 20  # one response name in one selection set (`{ a a a … }`)
LIST_SIZE = 5  # assumed length of a list field without `first` (licences, education, history)
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
MAX_INTROSPECTION = 2  # __schema and __type fields in one operation, fragments expanded


@dataclass(frozen=True, slots=True)
class Limits:
    depth: int
    aliases: int
    tokens: int
    directives: int
    length: int  # characters of the document
    cost: int
    suggestions: bool  # graphql-core's "Did you mean …?" hints in validation errors

    def extensions(self) -> list[Callable[[], SchemaExtension]]:
        # The rules are made once, here: the validation cache is keyed by the rule classes,
        # and strawberry's QueryDepthLimiter and MaxAliasesLimiter make new ones per request.
        rules: list[type[ASTValidationRule]] = [
            max_aliases_rule(self.aliases),
            depth_rule(self.depth, None),
            _directive_limit(self.directives),
        ]
        return [
            partial(MaxTokensLimiter, max_token_count=self.tokens),
            SpecGrammar,
            partial(ParserCache, maxsize=DOCUMENT_CACHE_SIZE),
            partial(AddValidationRules, rules),
            partial(CostLimit, maximum=self.cost),
        ]


def too_complex(what: str) -> GraphQLError:
    return GraphQLError(
        what, original_error=DomainError(ErrorCode.QUERY_TOO_COMPLEX, params={"limit": what})
    )


def _directive_limit(maximum: int) -> type[ValidationRule]:
    class DirectiveLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0

        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            self.count += 1
            if self.count == maximum + 1:
                self.report_error(too_complex(f"directives > {maximum}"))

    return DirectiveLimit


class SpecGrammar(SchemaExtension):
    """Parse by the GraphQL spec's grammar, where a selection set has one selection or more.

    graphql-core 3.3 accepts `{ }` by default, and strawberry's depth limiter then fails on it
    (max() of nothing): an empty selection set must be a syntax error, refused before anything.
    """

    def on_operation(self) -> Iterator[None]:
        options = cast(dict[str, Any], self.execution_context.parse_options)
        options["allow_empty_selection_sets"] = False
        yield


class CostLimit(SchemaExtension):
    """Validate, then cost the operation; refuse it above `maximum` objects."""

    def __init__(self, *, maximum: int) -> None:
        self.maximum = maximum
        self.cost: int | None = None

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is not None and ctx.pre_execution_errors is None:
            repeated = _repeated_field(document)
            if repeated is not None:
                errors = [too_complex(f"field {repeated} repeated > {MAX_REPEATS}")]
            else:
                errors = _validate(ctx.schema._schema, document, ctx.validation_rules)
            if not errors:
                try:
                    self.cost = query_cost(
                        ctx.schema._schema, document, ctx.operation_name, ctx.variables or {}
                    )
                except _Refused as refused:
                    errors = [refused.error]
                else:
                    if self.cost > self.maximum:
                        errors = [too_complex(f"cost {self.cost} > {self.maximum}")]
            ctx.pre_execution_errors = errors
        yield

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": {"requestedQueryCost": self.cost, "maximumAvailable": self.maximum}}


# Validation depends only on the schema, the document and the rules: the same document sent
# again is not validated again (documents come from ParserCache, rules from Limits).
_validate = lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(validate_document)


def _repeated_field(document: DocumentNode) -> str | None:
    """A response name asked for more than MAX_REPEATS times in one selection set, if any.
    Legal GraphQL (`{ a a }` merges), but graphql-core compares every pair of such fields
    (OverlappingFieldsCanBeMerged): 1,000 tokens of `__typename` cost 130 ms to refuse.
    Checked before validation, one walk of the document."""
    stack = [d.selection_set for d in document.definitions if hasattr(d, "selection_set")]
    while stack:
        selections = stack.pop()
        if selections is None:
            continue
        seen: dict[str, int] = {}
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                name = (selection.alias or selection.name).value
                seen[name] = seen.get(name, 0) + 1
                if seen[name] > MAX_REPEATS:
                    return name
            stack.append(getattr(selection, "selection_set", None))
    return None


def query_cost(
    schema: GraphQLSchema, document: Any, operation_name: str | None, variables: Mapping[str, Any]
) -> int:
    """The operation's cost, with its variables coerced as execution will coerce them (so that
    `{"n": 100.0}` counts as the 100 it runs as). Variables that cannot be coerced cost 0: the
    operation is then refused without running. Raises _Refused for a page size beyond 1..100
    or more than MAX_INTROSPECTION introspection roots."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    coerced = get_variable_values(schema, operation.variable_definitions or (), dict(variables))
    if isinstance(coerced, list):
        return 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return _Coster(schema, fragments, coerced).cost(operation.selection_set, root)


class _Coster:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.introspection = 0

    def cost(
        self, selections: SelectionSetNode, parent: GraphQLNamedType, page: int | None = None
    ) -> int:
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, inner or parent, page)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    inner = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(fragment.selection_set, inner or parent, page)
        return total

    def _field(self, node: FieldNode, parent: GraphQLNamedType, page: int | None) -> int:
        if node.name.value in INTROSPECTION_ROOTS:
            # Costed 0 (the schema is small and fixed), but counted: each one answers the whole
            # schema, and aliases would multiply that work.
            self.introspection += 1
            if self.introspection > MAX_INTROSPECTION:
                raise _Refused(too_complex(f"introspection fields > {MAX_INTROSPECTION}"))
            return 0
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        field = parent.fields.get(node.name.value)
        if field is None or node.selection_set is None:
            return 0  # a scalar, an enum, or __typename
        named = get_named_type(field.type)
        first = self._first(node, field) if "first" in field.args else None
        inner = self.cost(node.selection_set, named, first)
        if isinstance(get_nullable_type(field.type), GraphQLList):
            items = page if page is not None and node.name.value in ("edges", "nodes") else None
            return (items if items is not None else LIST_SIZE) * (1 + inner)
        return 1 + inner

    def _first(self, node: FieldNode, field: GraphQLField) -> int:
        """The page size a connection asks for, as execution will see it: a literal, a
        variable or the argument's default."""
        try:
            value = get_argument_values(field, node, self.variables).get("first")
        except GraphQLError:
            return DEFAULT_PAGE_SIZE  # refused when the field runs, before any SQL
        if value is None:
            return DEFAULT_PAGE_SIZE
        if not 1 <= value <= MAX_PAGE_SIZE:
            refusal = DomainError(
                ErrorCode.PAGE_SIZE_OUT_OF_RANGE, field=["first"], params={"max": MAX_PAGE_SIZE}
            )
            raise _Refused(GraphQLError(str(refusal), nodes=[node], original_error=refusal))
        return int(value)


class _Refused(Exception):
    """The walk met something refused before anything runs."""

    def __init__(self, error: GraphQLError) -> None:
        super().__init__(error.message)
        self.error = error
