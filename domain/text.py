"""Text rules shared by storage and validation: search keys and length caps."""

from __future__ import annotations

import unicodedata

__all__ = ["MAX_NAME_LENGTH", "MAX_SEARCH_LENGTH", "search_key"]

MAX_SEARCH_LENGTH = 200
MAX_NAME_LENGTH = 500


def search_key(*texts: str | None) -> str:
    """A case- and form-insensitive key for substring search in Kazakh, Russian and Latin.

    SQLite's LOWER() folds ASCII only, so names are folded here once, on write, and the
    query is folded the same way: `«Мейірім»` is found by `мейірім`.
    """
    joined = " \u241f ".join(t for t in texts if t and t.strip())
    folded = unicodedata.normalize("NFKC", joined).casefold().replace("ё", "е")
    return " ".join(folded.split())
