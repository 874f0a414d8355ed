"""Contacts: Kazakhstan phone numbers in E.164 and e-mail addresses.

Both libraries are pure: `email_validator` is called with deliverability checks off (no DNS).
"""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

__all__ = ["normalize_email", "normalize_phone"]

_REGION = "KZ"


def normalize_phone(raw: str, *, mobile_only: bool = False) -> str | None:
    """E.164 (`+77XXXXXXXXX`) for a valid Kazakhstan number, else None.

    Accepts the forms people write: `8 701 234 56 78`, `+7 (701) 234-56-78`, `87012345678`.
    """
    try:
        number = phonenumbers.parse(raw, _REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, _REGION):
        return None
    if mobile_only and phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str | None:
    """The normalised address (domain lower-cased, IDNA), or None when it is not valid."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None
