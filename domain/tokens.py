"""Who a token may be issued to (design.md, "Roles").

An applicant token names the applicant as the portal knows it: by BIN/IIN, or by the mobile
phone or e-mail it registered with (specialists rules p. 8), kept in E.164 or normalised form
so that one applicant is one subject however it was typed. Licence applications need a
BIN/IIN subject (the licensee); specialist applications take any of the three. An inspector
token names the region the inspector works in, or `*` for every region; officer roles need
no subject.
"""

from __future__ import annotations

from domain.contacts import normalize_email, normalize_phone
from domain.errors import DomainError, ErrorCode
from domain.identifiers import is_valid_xin, normalize_xin
from domain.regions import Region
from domain.viewer import Role

__all__ = ["ALL_REGIONS", "MAX_LABEL_LENGTH", "applicant_subject", "check_token_subject"]

ALL_REGIONS = "*"
MAX_LABEL_LENGTH = 200


def check_token_subject(role: Role, subject: str | None) -> str | None:
    """The normalised subject for `role`, or a coded refusal naming what is wrong."""
    if role is Role.PUBLIC:
        raise DomainError(ErrorCode.INVALID_ROLE, field=["role"])
    if role is Role.APPLICANT:
        value = applicant_subject(subject or "")
        if value is None:
            raise DomainError(
                ErrorCode.INVALID_SUBJECT,
                field=["subject"],
                params={"reason": "BIN/IIN | +77XXXXXXXXX | e-mail"},
            )
        return value
    if role is Role.INSPECTOR:
        value = (subject or ALL_REGIONS).strip()
        if value != ALL_REGIONS and value not in Region.__members__:
            raise DomainError(
                ErrorCode.INVALID_SUBJECT,
                field=["subject"],
                params={"reason": "RegionCode | *"},
            )
        return value
    if subject is not None and len(subject) > 64:
        raise DomainError(ErrorCode.TEXT_TOO_LONG, field=["subject"], params={"max": 64})
    return subject.strip() or None if subject else None


def applicant_subject(raw: str) -> str | None:
    """The canonical applicant subject: a valid BIN/IIN, a Kazakhstan mobile number in E.164,
    or a normalised e-mail address; None when `raw` is none of them."""
    raw = raw.strip()
    if "@" in raw:
        # The portal treats addresses case-insensitively: one mailbox, one applicant.
        address = normalize_email(raw) if len(raw) <= 64 else None
        return address.lower() if address else None
    xin = normalize_xin(raw)
    if is_valid_xin(xin):
        return xin
    if len(xin) == 12 and xin.isdigit():
        return None  # twelve digits mean a BIN/IIN, and this one's check digit is wrong
    return normalize_phone(raw, mobile_only=True)
