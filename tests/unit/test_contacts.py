"""Kazakhstan phone numbers in E.164 and e-mail addresses."""

from __future__ import annotations

import pytest

from domain.contacts import normalize_email, normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("8 701 234 56 78", id="trunk-prefix-8-with-spaces"),
        pytest.param("+7 (701) 234-56-78", id="international-with-punctuation"),
        pytest.param("87012345678", id="trunk-prefix-8-bare"),
        pytest.param("7012345678", id="ten-digits-without-prefix"),
        pytest.param("+77012345678", id="already-e164"),
    ],
)
def test_the_ways_people_write_a_kazakh_mobile_number_all_give_e164(raw: str) -> None:
    assert normalize_phone(raw) == "+77012345678"
    assert normalize_phone(raw, mobile_only=True) == "+77012345678"


def test_an_almaty_landline_is_valid_unless_only_mobiles_are_accepted() -> None:
    assert normalize_phone("+7 727 250 11 22") == "+77272501122"
    assert normalize_phone("8 727 250 11 22") == "+77272501122"
    assert normalize_phone("+7 727 250 11 22", mobile_only=True) is None


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("abc", id="letters"),
        pytest.param("not a phone", id="words"),
        pytest.param("123", id="three-digits"),
        pytest.param("+7 701", id="too-short"),
        pytest.param("+7 701 234 56 789", id="too-long"),
        pytest.param("+7 912 345 67 89", id="russian-mobile-international"),
        pytest.param("8 912 345 67 89", id="russian-mobile-domestic-form"),
        pytest.param("+7 495 123 45 67", id="moscow-landline"),
        pytest.param("+86 138 0013 8000", id="chinese-mobile"),
    ],
)
def test_anything_but_a_kazakh_number_is_rejected(raw: str) -> None:
    assert normalize_phone(raw) is None
    assert normalize_phone(raw, mobile_only=True) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("user@example.kz", "user@example.kz", id="plain"),
        pytest.param(" User@Example.KZ ", "User@example.kz", id="trimmed-domain-lower-cased"),
        pytest.param("user@пример.рф", "user@пример.рф", id="idn-domain"),
        pytest.param("user@ПРИМЕР.РФ", "user@пример.рф", id="idn-domain-upper-case"),
        pytest.param("user@xn--e1afmkfd.xn--p1ai", "user@пример.рф", id="idn-domain-punycode"),
        pytest.param("жұмыс@мысал.қаз", "жұмыс@мысал.қаз", id="kazakh-local-part-and-domain"),
    ],
)
def test_a_valid_email_is_normalized(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("userexample.kz", id="missing-at"),
        pytest.param("user@", id="missing-domain"),
        pytest.param("@example.kz", id="missing-local-part"),
        pytest.param("us er@example.kz", id="space-in-local-part"),
        pytest.param("user@exa mple.kz", id="space-in-domain"),
        pytest.param("user@example..kz", id="empty-domain-label"),
        pytest.param("a@b", id="domain-without-dot"),
        pytest.param("a@example.kz,b@example.kz", id="two-addresses"),
        pytest.param("a@example.kz\r\nBcc: b@example.kz", id="header-injection"),
    ],
)
def test_an_invalid_email_is_rejected(raw: str) -> None:
    assert normalize_email(raw) is None
