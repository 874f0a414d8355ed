"""Bilingual labels and messages: every coded value speaks Kazakh and Russian."""

from __future__ import annotations

import string
from collections.abc import Mapping
from enum import Enum

import pytest

from domain.errors import DomainError, ErrorCode, message
from domain.labels import (
    DEFAULT_LANG,
    Label,
    Lang,
    label_of,
    labelled_enums,
    parse_accept_language,
)
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, RegisterStatus, ServiceCondition
from domain.viewer import Role

EXPECTED_LABELLED = {
    ClientCategory,
    ErrorCode,
    LicenceStatus,
    Region,
    RegisterStatus,
    Role,
    ServiceCondition,
}

LABELLED = [
    pytest.param(enum, labels, id=enum.__name__) for enum, labels in labelled_enums().items()
]


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_every_enum_of_the_domain_modules_is_registered_with_labels() -> None:
    assert set(labelled_enums()) >= EXPECTED_LABELLED


@pytest.mark.parametrize(("enum", "labels"), LABELLED)
def test_every_member_of_a_labelled_enum_has_a_kazakh_and_a_russian_label(
    enum: type[Enum], labels: Mapping[Enum, Label]
) -> None:
    assert set(labels) == set(enum)
    for member in enum:
        assert labels[member].kk.strip(), f"{member!r} has no Kazakh label"
        assert labels[member].ru.strip(), f"{member!r} has no Russian label"


@pytest.mark.parametrize("region", list(Region), ids=[r.name for r in Region])
def test_a_region_is_named_differently_in_kazakh_and_russian(region: Region) -> None:
    label = label_of(region)
    assert label.kk != label.ru


def test_there_are_17_regions_and_3_cities_of_republican_significance() -> None:
    assert len(Region) == 20
    assert {r for r in Region if r.is_city} == {Region.ASTANA, Region.ALMATY, Region.SHYMKENT}


def test_label_text_picks_the_language() -> None:
    label = Label(kk="Алматы қаласы", ru="город Алматы")
    assert label.text(Lang.KK) == "Алматы қаласы"
    assert label.text(Lang.RU) == "город Алматы"


def test_label_of_finds_the_registered_label_of_a_member() -> None:
    assert label_of(Region.ALMATY) == Label(kk="Алматы қаласы", ru="город Алматы")


def test_kazakh_is_the_default_language() -> None:
    assert DEFAULT_LANG is Lang.KK


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(None, None, id="no-header"),
        pytest.param("", None, id="empty"),
        pytest.param("ru", Lang.RU, id="ru"),
        pytest.param("KK", Lang.KK, id="upper-case-tag"),
        pytest.param("kk-KZ,ru;q=0.8", Lang.KK, id="kk-KZ-first"),
        pytest.param("en-US,en;q=0.9,ru;q=0.8", Lang.RU, id="ru-after-english"),
        pytest.param("ru;q=0.5, kk;q=0.9", Lang.KK, id="higher-quality-wins-over-order"),
        pytest.param("ru, kk", Lang.RU, id="equal-quality-first-wins"),
        pytest.param("ru;q=0", None, id="quality-zero-means-not-acceptable"),
        pytest.param("de", None, id="neither-kk-nor-ru"),
        pytest.param("ru;q=abc", None, id="malformed-quality-ignored"),
        pytest.param("ru;q=abc, kk;q=0.1", Lang.KK, id="malformed-quality-does-not-win"),
    ],
)
def test_parse_accept_language_picks_kazakh_or_russian(
    header: str | None, expected: Lang | None
) -> None:
    assert parse_accept_language(header) is expected


@pytest.mark.parametrize("lang", list(Lang), ids=[lang.value for lang in Lang])
def test_a_message_includes_its_parameters_in_both_languages(lang: Lang) -> None:
    text = message(ErrorCode.PAGE_SIZE_OUT_OF_RANGE, lang, {"max": 100})
    assert "100" in text
    assert "{" not in text


def test_a_domain_error_formats_its_message_with_its_parameters() -> None:
    error = DomainError(ErrorCode.TEXT_TOO_LONG, field=["name"], params={"max": 500})
    assert error.code is ErrorCode.TEXT_TOO_LONG
    assert error.field == ["name"]
    assert "500" in error.message(Lang.KK)
    assert "500" in error.message(Lang.RU)
    assert error.message(Lang.KK) != error.message(Lang.RU)


@pytest.mark.parametrize("code", list(ErrorCode), ids=[c.value for c in ErrorCode])
def test_every_error_message_has_the_same_placeholders_in_kazakh_and_russian(
    code: ErrorCode,
) -> None:
    label = label_of(code)
    assert placeholders(label.kk) == placeholders(label.ru)


@pytest.mark.parametrize("code", list(ErrorCode), ids=[c.value for c in ErrorCode])
def test_every_error_message_formats_fully_when_given_its_placeholders(code: ErrorCode) -> None:
    label = label_of(code)
    params = {name: "VALUE" for name in placeholders(label.kk)}
    for lang in Lang:
        text = message(code, lang, params)
        assert text.strip()
        assert "{" not in text
        assert "}" not in text
        assert ("VALUE" in text) == bool(params)


def test_an_upper_case_q_weight_is_still_a_weight() -> None:
    assert parse_accept_language("ru;Q=0") is None
    assert parse_accept_language("kk;q=0.5, ru;Q=0.1") is Lang.KK


def test_an_out_of_range_weight_does_not_win() -> None:
    assert parse_accept_language("ru;q=2, kk") is Lang.KK


def test_spaces_around_a_weight_are_allowed() -> None:
    assert parse_accept_language("ru ; q = 0") is None


def test_the_schema_gives_every_member_its_own_label() -> None:
    # schema.common.label shares one object per member; members of two str enums with one
    # value are equal (RegisterStatus.ACTIVE == LicenceStatus.ACTIVE) and must not share.
    from schema.common import label

    for members in labelled_enums().values():
        for member, expected in members.items():
            given = label(member)
            assert (given.kk, given.ru) == (expected.kk, expected.ru), member
