"""How the schemas run a query: graphql-core's executor, with the plain fields of an object
read in one pass instead of one resolver call each.

A page of 50 organisations is some 2,400 fields, and about 2,000 of them only read an attribute
(`bin`, `status`, `name { text }`, `licence { number issuedOn }`...). graphql-core spends
several microseconds on each: a resolve-info object, a path, the completion chain, argument
coercion for `text`; together more than the SQL and the HTTP around them (bench/RESULTS.md,
issue 6). `RegistersExecutionContext.execute_fields` reads such fields directly, and hands
every other field (resolvers, loaders, arguments, errors) to graphql-core as before.

What counts as plain, decided once per field of the schema (`_SchemaFields.read`):
- a strawberry field without resolver or extension (strawberry's own "basic field", read with
  its default resolver), or a resolver declared with `plain_read` and asked for with its
  arguments' defaults (`text` in the request's language, `Connection.nodes`, and the loaded
  fields a page or a card preloads: serviceContract, licences, history, education,
  employment; their read raises when the load is not done, and the resolver runs instead);
- whose type is a scalar or an enum, an object type whose selected fields are all plain
  (read in the same pass), or a list of either, nullable or not.

Every read is pure, so nothing is lost by reading twice: when anything about one object is not
as expected (a null for a non-null field, a value its scalar refuses, an object that is not
its type, any exception), the plain results are dropped and graphql-core executes the whole
object's selection itself, raising and locating the same errors it always does. Deferred or
streamed selections go to graphql-core unchanged. tests/api/test_execution.py and
tests/fuzz/test_executor_equivalence.py compare both executors, byte for byte, on the bench's
documents, on odd values and on generated queries.
"""

from __future__ import annotations

import operator
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from enum import Enum
from typing import Any, cast

from graphql import (
    DirectiveNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLString,
    Node,
    OperationDefinitionNode,
    Undefined,
    VariableNode,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["RegistersExecutionContext", "plain_read"]

# An object's field value from the object and the request's context, in the response's form.
Read = Callable[[Any, Any], Any]


class _NotPlain(Exception):
    """This object is not as the fast path expects: graphql-core executes it."""


# Resolvers that have a plain read when called with their arguments' defaults:
# resolver function -> read(source, context), which returns the value or raises (anything:
# resolvers.context.NotLoaded, say) when it is not at hand; graphql-core then runs the resolver.
_PLAIN_READS: dict[Callable[..., Any], Callable[[Any, Any], Any]] = {}


def plain_read(
    read: Callable[[Any, Any], Any],
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare, under `@strawberry.field`, how the resolver's value is read without calling
    it: `read(source, context)`, pure and cheap. It must answer what the resolver would answer
    with its arguments' defaults; tests/fuzz/test_executor_equivalence.py checks it."""

    def register(resolver: Callable[..., Any]) -> Callable[..., Any]:
        _PLAIN_READS[resolver] = read
        return resolver

    return register


def _resolver_function(field_def: GraphQLField) -> object:
    """The function behind a strawberry field with a resolver (None: none, or not plain)."""
    definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or definition.base_resolver is None:
        return None
    if definition.extensions or definition.permission_classes:
        return None  # they would run around the resolver: not plain
    return definition.base_resolver.wrapped_func


def _getter(field_def: GraphQLField) -> Callable[[Any], Any] | None:
    """The attribute read of a strawberry basic field, or None when the field has a resolver,
    field extensions or permissions (strawberry's `is_basic_field`)."""
    definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if not getattr(field_def.resolve, "_is_default", False):
        return None  # strawberry wrapped it after all (an exception handler, say)
    if definition.default_resolver is getattr:
        return operator.attrgetter(definition.python_name)
    default_resolver, name = definition.default_resolver, definition.python_name
    return lambda source: default_resolver(source, name)


def _coerce_leaf(leaf: GraphQLLeafType) -> Callable[[Any], Any]:
    """`leaf.coerce_output_value` as graphql-core's complete_leaf_value applies it; strawberry's
    enums look their member up by value instead of scanning every value on each call."""
    coerce = leaf.coerce_output_value
    wrapped = getattr(leaf, "wrapped_cls", None)
    if isinstance(leaf, GraphQLEnumType) and isinstance(wrapped, type):
        names: dict[Any, str] = {}
        for name, defined in leaf.values.items():
            names.setdefault(defined.value, name)  # the first name wins, as in strawberry's scan

        def coerce_enum(value: Any) -> Any:
            if isinstance(value, wrapped):
                return names[cast(Enum, value).value]  # KeyError: not plain, graphql-core says why
            return coerce(value)

        coerce = coerce_enum

    def coerce_checked(value: Any) -> Any:
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _NotPlain
        return coerced

    return coerce_checked


def _nullable(read_value: Read, nullable: bool) -> Read:
    """`read_value` for a non-null value; None for null where the type allows it."""

    def read(value: Any, context: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise _NotPlain
        if isinstance(value, Exception):  # graphql-core raises a returned exception
            raise _NotPlain
        return read_value(value, context)

    return read


def _list_of(read_item: Read) -> Read:
    def read(value: Any, context: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise _NotPlain  # graphql-core takes other iterables and says what is wrong
        return [read_item(item, context) for item in value]

    return read


# Scalars whose response form of a value of this exact type is the value itself, as their
# coercion would return it (graphql-core's String and ID return a str unchanged, Boolean a bool).
_AS_IS: dict[str, type] = {"String": str, "ID": str, "Boolean": bool}


def _unwrapped(type_: GraphQLOutputType) -> GraphQLOutputType:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def _exact_type(leaf: GraphQLOutputType) -> type | None:
    specified = {"String": GraphQLString, "ID": GraphQLID, "Boolean": GraphQLBoolean}
    return _AS_IS[leaf.name] if specified.get(getattr(leaf, "name", "")) is leaf else None


def _field_read(get: Callable[[Any], Any], complete: Read, as_is: type | None) -> Read:
    """An attribute in one call: the value itself when its scalar would return it unchanged,
    else completed (null, coercion, sub-selection) as `complete` does."""
    if as_is is None:
        return lambda source, context: complete(get(source), context)

    def read(source: Any, context: Any) -> Any:
        value = get(source)
        if type(value) is as_is:
            return value
        return complete(value, context)

    return read


def _resolver_read(get: Callable[[Any, Any], Any], complete: Read, as_is: type | None) -> Read:
    """A `plain_read` in one call, as `_field_read` (`text`: a str is its own response form)."""
    if as_is is None:
        return lambda source, context: complete(get(source, context), context)

    def read(source: Any, context: Any) -> Any:
        value = get(source, context)
        if type(value) is as_is:
            return value
        return complete(value, context)

    return read


class _Plan:
    """How one grouped field set of one object type is executed: the plain fields' reads, the
    names of the rest (for graphql-core), and the response's key order. Holds nothing of one
    request: plans are kept across requests with the operation (`_Operation`)."""

    __slots__ = ("order", "plain", "rest")

    def __init__(
        self, plain: list[tuple[str, Read]], rest: list[str], order: list[tuple[str, bool]]
    ) -> None:
        self.plain = plain
        self.rest = rest
        self.order = order

    def read(self, source: Any, context: Any) -> dict[str, Any]:
        return {name: read(source, context) for name, read in self.plain}

    def merge(self, plain: Mapping[str, Any], rest: Mapping[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for name, is_plain in self.order:
            if is_plain:
                merged[name] = plain[name]
            elif name in rest:
                merged[name] = rest[name]
        return merged


class _SchemaFields:
    """What is known of a schema's fields and leaf types, decided once per schema. Keyed by the
    definitions' ids (graphql-core's fields are unhashable); the schema keeps them alive."""

    __slots__ = ("leaves", "reads")

    def __init__(self) -> None:
        # field -> ("attribute", get(source)) | ("resolver", read(source, context)) | None
        self.reads: dict[int, tuple[str, Callable[..., Any]] | None] = {}
        self.leaves: dict[int, Read] = {}

    def read(self, field_def: GraphQLField) -> tuple[str, Callable[..., Any]] | None:
        key = id(field_def)
        if key not in self.reads:
            getter = _getter(field_def)
            resolver_read = _PLAIN_READS.get(cast(Any, _resolver_function(field_def)))
            if getter is not None:
                self.reads[key] = ("attribute", getter)
            elif resolver_read is not None and all(
                arg.default_value is None or arg.default_value is Undefined
                for arg in field_def.args.values()
            ):
                self.reads[key] = ("resolver", resolver_read)
            else:
                self.reads[key] = None
        return self.reads[key]

    def coerce(self, leaf: GraphQLLeafType) -> Read:
        key = id(leaf)
        if key not in self.leaves:
            coerce = _coerce_leaf(leaf)
            self.leaves[key] = lambda value, _context: coerce(value)
        return self.leaves[key]


_schemas: weakref.WeakKeyDictionary[GraphQLSchema, _SchemaFields] = weakref.WeakKeyDictionary()

PlanKey = tuple[str, tuple[tuple[str, tuple[int, ...]], ...]]


class _Operation:
    """The plans of one operation (a parsed document, which strawberry's ParserCache keeps
    for the next request with the same text), per set of values of the variables its
    directives take (`directive_variables`): which fields are collected depends on nothing
    else. Plans are keyed by the ids of the field nodes each grouped field set holds; holding
    `operation` keeps those nodes, and the operation's own id, from being reused."""

    __slots__ = ("directive_variables", "operation", "plans")

    def __init__(self, operation: OperationDefinitionNode, fragments: Iterable[Node]) -> None:
        self.operation = operation
        self.directive_variables = _directive_variables([operation, *fragments])
        self.plans: dict[tuple[Any, ...], dict[PlanKey, _Plan | None]] = {}


# The most recent operations: (schema id, operation id) -> their plans.
PLANNED_OPERATIONS = 512
_operations: OrderedDict[tuple[int, int], _Operation] = OrderedDict()


def _directive_variables(document: Iterable[Node]) -> tuple[str, ...]:
    """The variables any directive of these definitions takes (`@include(if: $x)`): the only
    ones that change which fields are collected."""
    names: set[str] = set()

    class Collect(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            for argument in node.arguments or ():
                if isinstance(argument.value, VariableNode):
                    names.add(argument.value.name.value)

    for definition in document:
        visit(definition, Collect())
    return tuple(sorted(names))


class RegistersExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor reading the plain fields of each object in one pass (module
    docstring). Used by RegistersSchema for queries and mutations alike."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fields = _schemas.setdefault(self.schema, _SchemaFields())
        # This request's grouped field sets (graphql-core memoises them per request) -> plan.
        self._by_fields: dict[int, tuple[GroupedFieldSet, _Plan | None]] = {}
        self._planned = self._operation_plans()

    def _operation_plans(self) -> dict[PlanKey, _Plan | None]:
        key = (id(self.schema), id(self.operation))
        operation = _operations.get(key)
        if operation is None:
            fragments = [f.definition for f in self.fragments.values()]
            operation = _operations[key] = _Operation(self.operation, fragments)
            while len(_operations) > PLANNED_OPERATIONS:
                _operations.popitem(last=False)
        else:
            _operations.move_to_end(key)
        coerced = self.variable_values.coerced
        values = tuple(repr(coerced.get(name)) for name in operation.directive_variables)
        return operation.plans.setdefault(values, {})

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        plan = None if position_context is not None else self._plan(parent_type, grouped_field_set)
        if plan is None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        try:
            plain = plan.read(source_value, self.context_value)
        except Exception:  # not as expected: graphql-core executes it and reports why
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        if not plan.rest:
            return plain
        rest_fields = {name: grouped_field_set[name] for name in plan.rest}
        rest = super().execute_fields(parent_type, source_value, path, rest_fields, None)
        if self.is_awaitable(rest):

            async def merged(rest: Awaitable[dict[str, Any]]) -> dict[str, Any]:
                return plan.merge(plain, await rest)

            return merged(rest)
        return plan.merge(plain, cast(dict[str, Any], rest))

    def _plan(self, parent_type: GraphQLObjectType, fields: GroupedFieldSet) -> _Plan | None:
        known = self._by_fields.get(id(fields))
        if known is not None and known[0] is fields:
            return known[1]
        key: PlanKey = (
            parent_type.name,
            tuple((name, tuple(id(d.node) for d in details)) for name, details in fields.items()),
        )
        plans = self._planned
        if key in plans:
            plan = plans[key]
        else:
            plan = plans[key] = self._make_plan(parent_type, fields)
        self._by_fields[id(fields)] = (fields, plan)
        return plan

    def _make_plan(self, parent_type: GraphQLObjectType, fields: GroupedFieldSet) -> _Plan | None:
        plain: list[tuple[str, Read]] = []
        rest: list[str] = []
        order: list[tuple[str, bool]] = []
        for name, details in fields.items():
            read = self._plain_field(parent_type, details)
            if read is None:
                rest.append(name)
            else:
                plain.append((name, read))
            order.append((name, read is not None))
        return _Plan(plain, rest, order) if plain else None

    def _plain_field(
        self, parent_type: GraphQLObjectType, details: FieldDetailsList
    ) -> Read | None:
        """How to read the field `details` select on a `parent_type` object, or None."""
        nodes = [d.node for d in details]
        if any(node.arguments or node.directives for node in nodes):
            return None  # arguments, @stream and the like: graphql-core's business
        if any(d.defer_usage is not None or d.fragment_variable_values for d in details):
            return None
        field_def = parent_type.fields.get(nodes[0].name.value)  # not __typename and the like
        if field_def is None:
            return None
        how = self._fields.read(field_def)
        if how is None:
            return None
        complete = self._completion(field_def.type, details)
        if complete is None:
            return None
        kind, read = how
        as_is = _exact_type(_unwrapped(field_def.type))
        if kind == "resolver":
            return _resolver_read(read, complete, as_is)
        return _field_read(read, complete, as_is)

    def _completion(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Read | None:
        """How a value of `type_` becomes its response form, for the selection `details`."""
        nullable = not isinstance(type_, GraphQLNonNull)
        inner = type_ if nullable else cast(GraphQLNonNull[Any], type_).of_type
        if isinstance(inner, GraphQLList):
            item = self._completion(inner.of_type, details)
            return None if item is None else _nullable(_list_of(item), nullable)
        if isinstance(inner, GraphQLLeafType):
            return _nullable(self._fields.coerce(inner), nullable)
        if isinstance(inner, GraphQLObjectType):
            collected = self.collect_subfields(inner, details)
            if collected.new_defer_usages:
                return None
            plan = self._plan(inner, collected.grouped_field_set)
            if plan is None or plan.rest:
                return None  # some of its fields need graphql-core: it completes the object
            is_type_of = inner.is_type_of
            if is_type_of is None:
                return _nullable(plan.read, nullable)

            def read_checked(value: Any, context: Any) -> Any:
                # strawberry's check (an isinstance) needs no resolve info
                if is_type_of(value, cast(GraphQLResolveInfo[Any], None)) is not True:
                    raise _NotPlain
                return plan.read(value, context)

            return _nullable(read_checked, nullable)
        return None  # interfaces and unions: graphql-core resolves the type
