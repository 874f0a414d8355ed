"""domain.tokens: who a token may be issued to (design.md "Roles"; specialists rules p. 8: an
applicant registers on the portal by mobile phone or e-mail; licence applicants by BIN/IIN).

One applicant is one subject however it was typed: a BIN/IIN without spaces, a Kazakhstan
mobile number in E.164, an e-mail address with its domain lower-cased.
"""

from __future__ import annotations

import pytest

from domain.errors import DomainError, ErrorCode
from domain.labels import Lang
from domain.regions import Region
from domain.tokens import ALL_REGIONS, applicant_subject, check_token_subject
from domain.viewer import Role

BIN = "940140000385"
IIN = "880714400129"  # 14.07.1988, a woman born in the 1900s

ACCEPTED = [
    pytest.param(BIN, BIN, id="bin"),
    pytest.param("940 140 000 385", BIN, id="bin-with-spaces"),
    pytest.param(IIN, IIN, id="iin"),
    pytest.param(" 880714 400129 ", IIN, id="iin-with-spaces"),
    pytest.param("061211600012", "061211600012", id="iin-leading-zero"),
    pytest.param("+7 701 234 56 78", "+77012345678", id="mobile-e164-spaced"),
    pytest.param("87012345678", "+77012345678", id="mobile-national-8"),
    pytest.param("+7 (747) 123-45-67", "+77471234567", id="mobile-brackets-hyphens"),
    pytest.param("+77012345678", "+77012345678", id="mobile-e164"),
    pytest.param("Aigerim.Seitkali@Mail.KZ", "aigerim.seitkali@mail.kz", id="email-any-case"),
    pytest.param("  info@Meyirim.KZ ", "info@meyirim.kz", id="email-spaces"),
    pytest.param("a" * 56 + "@mail.kz", "a" * 56 + "@mail.kz", id="email-of-64-characters"),
]

REFUSED = [
    pytest.param("940140000384", id="bin-bad-check-digit"),
    pytest.param("880714400128", id="iin-bad-check-digit"),
    pytest.param("870123456789", id="12-digits-check-digit-should-be-4"),
    pytest.param("+7 7172 55 12 34", id="astana-landline"),
    pytest.param("8 (727) 250-12-34", id="almaty-landline"),
    pytest.param("+7 916 123 45 67", id="russian-mobile"),
    pytest.param("+44 7911 123456", id="uk-mobile"),
    pytest.param("701234", id="too-short-for-a-phone"),
    pytest.param("aigerim@", id="email-without-domain"),
    pytest.param("aigerim@mail", id="email-without-dot"),
    pytest.param("a" * 57 + "@mail.kz", id="email-of-65-characters"),
    pytest.param("Сейтқали Айгерім", id="a-name"),
    pytest.param("ASTANA", id="a-region"),
    pytest.param("*", id="star"),
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
]


@pytest.mark.parametrize(("typed", "subject"), ACCEPTED)
def test_an_applicant_subject_is_a_bin_iin_mobile_or_email_in_canonical_form(
    typed: str, subject: str
) -> None:
    assert applicant_subject(typed) == subject


@pytest.mark.parametrize(("typed", "subject"), ACCEPTED)
def test_an_applicant_token_takes_the_canonical_subject(typed: str, subject: str) -> None:
    assert check_token_subject(Role.APPLICANT, typed) == subject


@pytest.mark.parametrize("typed", REFUSED)
def test_anything_else_is_no_applicant_subject(typed: str) -> None:
    assert applicant_subject(typed) is None


@pytest.mark.parametrize("typed", [*REFUSED, pytest.param(None, id="none")])
def test_an_applicant_token_for_anything_else_is_refused_with_invalid_subject(
    typed: str | None,
) -> None:
    with pytest.raises(DomainError) as refused:
        check_token_subject(Role.APPLICANT, typed)
    assert refused.value.code is ErrorCode.INVALID_SUBJECT
    assert refused.value.field == ["subject"]
    assert refused.value.params == {"reason": "BIN/IIN | +77XXXXXXXXX | e-mail"}
    assert "+77XXXXXXXXX" in refused.value.message(Lang.RU)
    assert "+77XXXXXXXXX" in refused.value.message(Lang.KK)


def test_the_same_applicant_typed_three_ways_is_one_subject() -> None:
    typed = ["+7 701 234 56 78", "87012345678", "8 (701) 234-56-78"]
    assert {check_token_subject(Role.APPLICANT, t) for t in typed} == {"+77012345678"}


# --- the other roles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param("ASTANA", "ASTANA", id="a-region"),
        pytest.param(" KARAGANDA ", "KARAGANDA", id="a-region-with-spaces"),
        pytest.param("*", ALL_REGIONS, id="every-region"),
        pytest.param(None, ALL_REGIONS, id="none-means-every-region"),
        pytest.param("", ALL_REGIONS, id="empty-means-every-region"),
    ],
)
def test_an_inspector_token_names_a_region_or_every_region(
    subject: str | None, expected: str
) -> None:
    assert check_token_subject(Role.INSPECTOR, subject) == expected


@pytest.mark.parametrize("region", list(Region), ids=str)
def test_every_region_code_is_an_inspector_subject(region: Region) -> None:
    assert check_token_subject(Role.INSPECTOR, region.value) == region.value


@pytest.mark.parametrize(
    "subject",
    [
        pytest.param("astana", id="lower-case"),
        pytest.param("Астана", id="a-name-not-a-code"),
        pytest.param("NUR_SULTAN", id="a-former-name"),
        pytest.param(BIN, id="a-bin"),
        pytest.param("   ", id="blank"),
    ],
)
def test_an_inspector_token_for_anything_else_is_refused(subject: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_token_subject(Role.INSPECTOR, subject)
    assert refused.value.code is ErrorCode.INVALID_SUBJECT
    assert refused.value.params == {"reason": "RegionCode | *"}


@pytest.mark.parametrize("subject", [None, "", BIN, "ASTANA"], ids=str)
def test_a_public_token_is_never_issued(subject: str | None) -> None:
    with pytest.raises(DomainError) as refused:
        check_token_subject(Role.PUBLIC, subject)
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID_ROLE, ["role"])


@pytest.mark.parametrize("role", [Role.LICENSOR, Role.REGISTRAR, Role.ADMIN], ids=str)
@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param(None, None, id="none"),
        pytest.param("", None, id="empty"),
        pytest.param("   ", None, id="blank"),
        pytest.param(" Нұрлан Ә. ", "Нұрлан Ә.", id="a-name-trimmed"),
        pytest.param("ж" * 64, "ж" * 64, id="64-characters"),
    ],
)
def test_an_officer_token_needs_no_subject_and_keeps_a_short_one(
    role: Role, subject: str | None, expected: str | None
) -> None:
    assert check_token_subject(role, subject) == expected


@pytest.mark.parametrize("role", [Role.LICENSOR, Role.REGISTRAR, Role.ADMIN], ids=str)
def test_an_officer_subject_over_64_characters_is_too_long(role: Role) -> None:
    with pytest.raises(DomainError) as refused:
        check_token_subject(role, "ж" * 65)
    assert (refused.value.code, refused.value.field, refused.value.params) == (
        ErrorCode.TEXT_TOO_LONG,
        ["subject"],
        {"max": 64},
    )
