"""Types every part of the schema shares: text in two languages, labels, nodes, pages."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from enum import Enum
from functools import cache
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLResolveInfo
from sqlalchemy.engine import Row
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

from domain.labels import Label, Lang, label_of
from domain.regions import Region
from domain.register import ClientCategory, ServiceCondition
from resolvers.context import Context, Loaders, SharedLoader, resolve_loaded
from resolvers.pagination import SortedPage
from schema.execution import plain_read

__all__ = [
    "ClientCategoryType",
    "Connection",
    "Edge",
    "LocalizedString",
    "Node",
    "PageInfo",
    "RegionType",
    "ServiceConditionType",
    "fast_text",
    "loaded_field",
    "localized",
    "node_fields",
    "preload_asked",
    "selected",
]


@strawberry.type(description="Text in Kazakh and Russian; `text` is in the request's language.")
class LocalizedString:
    kk: str | None
    ru: str | None

    @strawberry.field(
        description="The text in `lang`, else in the language of Accept-Language (default kk)."
    )
    @plain_read(lambda source, context: request_text(source, context))
    def text(self, info: Info[Context, None], lang: Lang | None = None) -> str | None:
        return localized_text(self, info.context, lang)


def localized_text(value: LocalizedString, context: Context, lang: str | None) -> str | None:
    """LocalizedString.text. `lang` is a Lang, or its value when graphql-core calls
    `fast_text` (a Lang is a str: "kk" == Lang.KK)."""
    chosen = lang or context.lang
    return value.kk if chosen == Lang.KK else value.ru


def fast_text(
    source: LocalizedString, info: GraphQLResolveInfo[Context], lang: str | None = None
) -> str | None:
    """LocalizedString.text as graphql-core calls it, without strawberry's wrapping of each
    call (argument conversion, an Info object, the extension chain): a page of 50
    organisations asks for `text` some 600 times, which took a quarter of its execution.
    RegistersSchema installs it; `text` has no permission or field extension to skip."""
    return localized_text(source, info.context, lang)


def request_text(source: LocalizedString, context: Context) -> str | None:
    """`text` without arguments, as schema.execution reads it: in the request's language."""
    return localized_text(source, context, None)


def localized(kk: str | None, ru: str | None) -> LocalizedString:
    return LocalizedString(kk=kk, ru=ru)


def label(member: Enum) -> LocalizedString:
    """The member's kk/ru label. One shared object per member (no resolver changes a label):
    a page of 50 organisations asks for some 500 of them."""
    return _label(type(member), member)


@cache
def _label(_kind: type[Enum], member: Enum) -> LocalizedString:
    # Keyed by the enum too: members of two str enums with one value are equal
    # (RegisterStatus.ACTIVE == LicenceStatus.ACTIVE), and their labels differ.
    text: Label = label_of(member)
    return LocalizedString(kk=text.kk, ru=text.ru)


@strawberry.interface(description="An object with an opaque global id, fetchable by `node(id)`.")
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None

    @classmethod
    def of(cls, cursors: list[str], *, has_next: bool, has_previous: bool) -> PageInfo:
        return cls(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        )


@strawberry.type(name="ServiceCondition", description="Register column 5, with its label.")
class ServiceConditionType:
    code: ServiceCondition
    label: LocalizedString

    @classmethod
    @cache
    def of(cls, member: ServiceCondition) -> ServiceConditionType:
        return cls(code=member, label=label(member))


@strawberry.type(name="ClientCategory", description="Register column 6, with its label.")
class ClientCategoryType:
    code: ClientCategory
    label: LocalizedString

    @classmethod
    @cache
    def of(cls, member: ClientCategory) -> ClientCategoryType:
        return cls(code=member, label=label(member))


@strawberry.type(name="Region", description="A region or a city of republican significance.")
class RegionType:
    code: Region
    name: LocalizedString

    @classmethod
    @cache
    def of(cls, member: Region) -> RegionType:
        return cls(code=member, name=label(member))


T = TypeVar("T")


def loaded_field(
    loader: Callable[[Loaders], SharedLoader[Any, Any]],
    key: Callable[[Any], Any],
    convert: Callable[[Any], Any],
    *,
    description: str,
    graphql_type: Any,
) -> Any:
    """A field whose value is `convert` of what `loader` holds for the object's `key`: read
    at once when a page or card preloaded it (schema.execution's plain read, and this
    resolver without waiting), else loaded as any DataLoader field. One declaration per field
    keeps the resolver and its plain read the same."""

    def resolve(self: Any, info: Info[Context, None]) -> Any:
        return resolve_loaded(loader(info.context.loaders), key(self), convert)

    def read(source: Any, context: Context) -> Any:
        return convert(loader(context.loaders).now(key(source)))

    return strawberry.field(
        resolver=plain_read(read)(resolve), description=description, graphql_type=graphql_type
    )


def selected(info: Info[Any, Any], *paths: tuple[str, ...]) -> set[str]:
    """The names of the fields the current field's selection asks for at any of `paths`
    (`()`: its own sub-fields; `("licences",)`: those of its licences), through fragments.
    Directives are not evaluated: a field under `@skip` counts as asked for, so at worst a
    resolver preloads what it did not need."""

    def names(selections: Iterable[Selection], into: set[str], path: tuple[str, ...]) -> None:
        for selection in selections:
            if not isinstance(selection, SelectedField):
                names(selection.selections, into, path)  # fragments: the same level
            elif not path:
                into.add(selection.name)
            elif selection.name == path[0]:
                names(selection.selections, into, path[1:])

    wanted: set[str] = set()
    for field_ in info.selected_fields:
        for path in paths:
            names(field_.selections, wanted, path)
    return wanted


async def preload_asked(
    wanted: set[str], keys: list[Any], loaders: dict[str, SharedLoader[Any, Any]]
) -> None:
    """Preload `keys` into each of `loaders` whose field name is in `wanted` (what the
    selection asks for), all at once."""
    await asyncio.gather(
        *(loader.preload(keys) for name, loader in loaders.items() if name in wanted)
    )


def node_fields(info: Info[Any, Any]) -> set[str]:
    """The fields a connection's selection asks of its nodes, through `nodes { ... }` and
    `edges { node { ... } }` (see `selected`)."""
    return selected(info, ("nodes",), ("edges", "node"))


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a register; `totalCount` counts what you may see.")
class Connection(Generic[T]):
    """`Connection[Organization]` is OrganizationConnection in the schema, and so on."""

    edges: list[Edge[T]]
    page_info: PageInfo
    page: strawberry.Private[SortedPage]

    @strawberry.field
    @plain_read(lambda connection, _context: [edge.node for edge in connection.edges])
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @strawberry.field(description="Counted only when asked for.")
    async def total_count(self) -> int:
        return await self.page.count()

    @classmethod
    def of(cls, page: SortedPage, node: Callable[[Row[Any]], T]) -> Connection[T]:
        edges = [
            Edge(cursor=cursor, node=node(row))
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ]
        return cls(
            edges=edges,
            page=page,
            page_info=PageInfo.of(
                list(page.cursors), has_next=page.has_next, has_previous=page.has_previous
            ),
        )
