"""The public schema: anonymous readers, queries only, register fields only."""

from __future__ import annotations

import strawberry

from schema.errors import RegistersSchema, limits
from schema.queries import RegisterQuery
from schema.register import Licence, Organization
from schema.specialists import Specialist

__all__ = ["public_schema"]


@strawberry.type(name="Query")
class PublicQuery(RegisterQuery):
    pass


public_schema = RegistersSchema(
    query=PublicQuery,
    types=[Organization, Licence, Specialist],
    extensions=limits(depth=10, aliases=15, tokens=1000),
)
