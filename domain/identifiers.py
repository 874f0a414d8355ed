"""BIN and IIN: 12 digits, the 12th a check digit (domain.md, "Identifiers").

`c = sum(d[i] * i for i in 1..11) mod 11`; if `c == 10` recompute with the weights
3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2; if it is 10 again the number is invalid.
Identifiers are text, never integers: leading zeros matter.
"""

from __future__ import annotations

import calendar

__all__ = ["check_digit", "is_valid_bin", "is_valid_iin", "is_valid_xin", "normalize_xin"]

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 leading digits, or None when no digit can be valid."""
    digits = [int(ch) for ch in first_eleven]
    c = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if c == 10:
        c = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
    return None if c == 10 else c


def normalize_xin(value: str) -> str:
    """Strip the spaces people type between digit groups; nothing else is forgiven."""
    return "".join(value.split())


def is_valid_xin(value: str) -> bool:
    """True for 12 ASCII digits whose last one is the right check digit."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    return check_digit(value[:11]) == int(value[11])


def is_valid_bin(value: str) -> bool:
    """A BIN: registration YYMM (month 01..12), entity type 4/5/6, kind 0..3, check digit."""
    if not is_valid_xin(value):
        return False
    month = int(value[2:4])
    return 1 <= month <= 12 and value[4] in "456" and value[5] in "0123"


def is_valid_iin(value: str) -> bool:
    """An IIN: birth date YYMMDD (a real date), century-and-sex digit 1..6, check digit."""
    if not is_valid_xin(value) or value[6] not in "123456":
        return False
    century = 1800 + 100 * ((int(value[6]) - 1) // 2)
    year, month, day = century + int(value[0:2]), int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]
