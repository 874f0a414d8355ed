"""Who a token may be issued to (design.md, "Roles").

An applicant token names the applicant's BIN/IIN; an inspector token names the region the
inspector works in, or `*` for every region; officer roles need no subject.
"""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode
from domain.identifiers import is_valid_xin, normalize_xin
from domain.regions import Region
from domain.viewer import Role

__all__ = ["ALL_REGIONS", "MAX_LABEL_LENGTH", "check_token_subject"]

ALL_REGIONS = "*"
MAX_LABEL_LENGTH = 200


def check_token_subject(role: Role, subject: str | None) -> str | None:
    """The normalised subject for `role`, or a coded refusal naming what is wrong."""
    if role is Role.PUBLIC:
        raise DomainError(ErrorCode.INVALID_ROLE, field=["role"])
    if role is Role.APPLICANT:
        value = normalize_xin(subject or "")
        if not is_valid_xin(value):
            raise DomainError(
                ErrorCode.INVALID_SUBJECT,
                field=["subject"],
                params={"reason": "BIN/IIN"},
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
