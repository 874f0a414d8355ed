"""The public schema: anonymous readers, queries only, register fields only."""

from __future__ import annotations

import strawberry

from schema.errors import RegistersSchema
from schema.limits import Limits
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
    limits=Limits(
        depth=10,
        aliases=15,
        tokens=1000,
        directives=50,
        length=15_000,
        cost=5_000,
        suggestions=False,
    ),
)
