"""The committed contract: schema/public.graphql and schema/full.graphql."""

from __future__ import annotations

from pathlib import Path

from schema.full import full_schema
from schema.public import public_schema

__all__ = ["SDL_FILES", "check_sdl", "current_sdl", "write_sdl"]

_HERE = Path(__file__).resolve().parent
SDL_FILES = {"public.graphql": public_schema, "full.graphql": full_schema}


def current_sdl(name: str) -> str:
    return SDL_FILES[name].as_str() + "\n"


def write_sdl() -> list[Path]:
    written = []
    for name in SDL_FILES:
        path = _HERE / name
        path.write_text(current_sdl(name), encoding="utf-8")
        written.append(path)
    return written


def check_sdl() -> list[str]:
    """The names of committed files that differ from what the code prints."""
    return [
        name
        for name in SDL_FILES
        if not (_HERE / name).is_file()
        or (_HERE / name).read_text(encoding="utf-8") != current_sdl(name)
    ]
