"""The committed SDL is the contract: it changes only together with the code."""

from __future__ import annotations

import pytest

from schema.full import full_schema
from schema.public import public_schema
from schema.sdl import SDL_FILES, check_sdl, current_sdl


def test_the_committed_sdl_matches_the_code() -> None:
    assert check_sdl() == [], "run `registers schema` and commit schema/*.graphql"


@pytest.mark.parametrize("name", SDL_FILES)
def test_the_check_notices_a_change(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import schema.sdl

    monkeypatch.setattr(schema.sdl, "current_sdl", lambda n: current_sdl(n) + "# changed\n")
    assert name in schema.sdl.check_sdl()


def test_the_public_schema_is_queries_only_and_a_subset_of_the_full_one() -> None:
    public, full = public_schema._schema, full_schema._schema
    assert public.mutation_type is None
    assert public.subscription_type is None
    assert full.mutation_type is not None
    for name, graphql_type in public.type_map.items():
        if name.startswith("__"):
            continue
        assert name in full.type_map, name
        fields = getattr(graphql_type, "fields", None)
        if fields and name != "Query":
            assert set(fields) == set(getattr(full.type_map[name], "fields", {})), name
