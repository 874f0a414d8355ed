"""Text rules shared by storage and validation: search keys and length caps."""

from __future__ import annotations

import unicodedata

__all__ = [
    "MAX_NAME_LENGTH",
    "MAX_SEARCH_LENGTH",
    "has_control_characters",
    "name_keys",
    "search_key",
    "sort_key",
]

MAX_SEARCH_LENGTH = 200
MAX_NAME_LENGTH = 500
SEPARATOR = "\u241f"  # between the texts of one key; never part of a text or a query


def search_key(*texts: str | None) -> str:
    """A case- and form-insensitive key for substring search in Kazakh, Russian and Latin.

    SQLite's LOWER() folds ASCII only, so names are folded here once, on write, and the
    query is folded the same way: `«Мейірім»` is found by `мейірім`.
    """
    joined = f" {SEPARATOR} ".join(t.replace(SEPARATOR, " ") for t in texts if t and t.strip())
    folded = unicodedata.normalize("NFKC", joined).casefold().replace("ё", "е")
    return " ".join(folded.split())


# Alphabets in their dictionary order. Letters map to code points from U+0400 up in this
# order, so a plain binary comparison (SQLite's default, PostgreSQL's "C") of the keys sorts
# names as a Kazakh or Russian reader expects; digits and Latin letters sort before them.
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RUSSIAN_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_IGNORED_IN_SORTING = str.maketrans("", "", "«»\"'“”„‹›`´")


def _sort_table(alphabet: str, other: str) -> dict[int, str]:
    table = {ord(ch): chr(0x400 + i) for i, ch in enumerate(alphabet)}
    # Letters of the other alphabet that this one lacks sort after all of its own letters.
    extra = [ch for ch in other if ch not in alphabet]
    table |= {ord(ch): chr(0x400 + len(alphabet) + i) for i, ch in enumerate(extra)}
    return table


_KK_ORDER = _sort_table(KAZAKH_ALPHABET, RUSSIAN_ALPHABET)
_RU_ORDER = _sort_table(RUSSIAN_ALPHABET, KAZAKH_ALPHABET)


def sort_key(text: str, lang: str) -> str:
    """A key whose binary order is the alphabetical order of `text` in Kazakh or Russian.

    Case and quotation marks are ignored («Әлем» sorts under Ә), whitespace is collapsed.
    """
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    folded = folded.translate(_IGNORED_IN_SORTING).strip()
    return folded.translate(_KK_ORDER if lang == "kk" else _RU_ORDER)


def name_keys(name_kk: str, name_ru: str, bin_: str) -> dict[str, str]:
    """The derived columns of an organisation's name: search text and both sort keys."""
    return {
        "search_text": search_key(name_kk, name_ru, bin_),
        "sort_kk": sort_key(name_kk, "kk"),
        "sort_ru": sort_key(name_ru, "ru"),
    }


_ALLOWED_CONTROLS = frozenset("\t\n\r")


def has_control_characters(text: str) -> bool:
    """C0 controls and DEL other than tab and line breaks: never part of a name, an address or
    a note, and NUL is refused by PostgreSQL's text type. Refused wherever text comes in."""
    return any((ch < " " or ch == "\x7f") and ch not in _ALLOWED_CONTROLS for ch in text)
