"""Opaque global ids (`node(id)`): base64url of `Type:pk`, no padding."""

from __future__ import annotations

import base64
import binascii

from domain.errors import DomainError, ErrorCode

__all__ = ["decode_id", "encode_id"]

MAX_ID_LENGTH = 200
MAX_PK = 2**63  # ids are signed 64-bit integers in both databases


def encode_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode_id(global_id: str, field: str = "id") -> tuple[str, int]:
    """(type name, pk); a malformed id is a coded INVALID_ID error, not a missing record."""
    if len(global_id) > MAX_ID_LENGTH:
        raise DomainError(ErrorCode.INVALID_ID, field=[field])
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        raise DomainError(ErrorCode.INVALID_ID, field=[field]) from None
    type_name, sep, pk = raw.partition(":")
    if not sep or not type_name.isalpha() or not pk.isdigit() or len(pk) > 19:
        raise DomainError(ErrorCode.INVALID_ID, field=[field])
    if not 0 < int(pk) < MAX_PK:
        raise DomainError(ErrorCode.INVALID_ID, field=[field])
    return type_name, int(pk)


def decode_typed_id(global_id: str, expected: str, field: str = "id") -> int:
    type_name, pk = decode_id(global_id, field)
    if type_name != expected:
        raise DomainError(ErrorCode.INVALID_ID, field=[field])
    return pk
