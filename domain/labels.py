"""Bilingual text: every label and message exists in Kazakh and Russian (p. 4, p. 5-6).

Kazakh is the state language, so it is the default when a request names no language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import TypeVar

E = TypeVar("E", bound=Enum)

__all__ = [
    "DEFAULT_LANG",
    "Label",
    "Lang",
    "has_label",
    "label_of",
    "parse_accept_language",
    "register_labels",
]


class Lang(StrEnum):
    KK = "kk"
    RU = "ru"


DEFAULT_LANG = Lang.KK


@dataclass(frozen=True, slots=True)
class Label:
    kk: str
    ru: str

    def text(self, lang: Lang) -> str:
        return self.kk if lang is Lang.KK else self.ru


_REGISTRY: dict[type[Enum], Mapping[Enum, Label]] = {}


def register_labels(enum: type[E], labels: Mapping[E, Label]) -> Mapping[E, Label]:
    """Record the labels of an enum so that `label_of` finds them and tests can check them."""
    _REGISTRY[enum] = labels  # type: ignore[assignment]
    return labels


def label_of(member: Enum) -> Label:
    return _REGISTRY[type(member)][member]


def has_label(member: Enum) -> bool:
    return member in _REGISTRY.get(type(member), {})


def labelled_enums() -> Mapping[type[Enum], Mapping[Enum, Label]]:
    return dict(_REGISTRY)


def _quality(params: str) -> float:
    """The q weight of one Accept-Language range (RFC 9110 12.4.2); invalid weights count 0."""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                quality = float(value.strip())
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0


def parse_accept_language(header: str | None) -> Lang | None:
    """The first of kk/ru in an Accept-Language header, by quality then order."""
    if not header:
        return None
    choices: list[tuple[float, int, Lang]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = _quality(params)
        if primary in ("kk", "ru") and quality > 0:
            choices.append((-quality, position, Lang(primary)))
    return min(choices)[2] if choices else None
