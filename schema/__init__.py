"""The GraphQL surface: types, inputs, the public and full schemas, and their committed SDL."""

import schema.enums  # noqa: F401  (marks the domain enums as GraphQL enums)
