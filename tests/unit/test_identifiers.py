"""BIN and IIN validation (domain.md, "Identifiers")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.identifiers import (
    check_digit,
    is_valid_bin,
    is_valid_iin,
    is_valid_xin,
    normalize_xin,
)

VALID_BINS = [
    pytest.param("940140000385", id="bin-940140000385"),
    pytest.param("990140004654", id="bin-990140004654"),
]
VALID_IINS = [
    pytest.param("791028302728", id="iin-791028302728"),
    pytest.param("061211600012", id="iin-061211600012-leading-zero"),
]

WRONG_CHECK_DIGIT = [
    pytest.param("940140000384", id="bin-940140000385-last-digit-5-to-4"),
    pytest.param("990140004655", id="bin-990140004654-last-digit-4-to-5"),
    pytest.param("791028302729", id="iin-791028302728-last-digit-8-to-9"),
    pytest.param("061211600013", id="iin-061211600012-last-digit-2-to-3"),
]

MALFORMED = [
    pytest.param("94014000038", id="11-digits"),
    pytest.param("9401400003850", id="13-digits"),
    pytest.param("94014000038A", id="letter-instead-of-check-digit"),
    pytest.param("BIN940140000", id="letters-in-front"),
    pytest.param("٩٩٠١٤٠٠٠٤٦٥٤", id="arabic-indic-digits-of-a-valid-bin"),
    pytest.param("９９０１４０００４６５４", id="fullwidth-digits-of-a-valid-bin"),
    pytest.param("", id="empty"),
    pytest.param("940 140 000 385", id="spaces-not-normalized"),
    pytest.param("940-140-000-385", id="hyphens"),
    pytest.param("+94014000038", id="sign"),
]


@pytest.mark.parametrize("value", [*VALID_BINS, *VALID_IINS])
def test_twelve_digits_with_the_right_check_digit_are_a_valid_identifier(value: str) -> None:
    assert is_valid_xin(value)


@pytest.mark.parametrize("value", VALID_BINS)
def test_a_real_bin_is_a_valid_bin_and_not_an_iin(value: str) -> None:
    assert is_valid_bin(value)
    assert not is_valid_iin(value)


@pytest.mark.parametrize("value", VALID_IINS)
def test_a_real_iin_is_a_valid_iin_and_not_a_bin(value: str) -> None:
    assert is_valid_iin(value)
    assert not is_valid_bin(value)


@pytest.mark.parametrize("value", WRONG_CHECK_DIGIT)
def test_an_identifier_with_a_wrong_check_digit_is_invalid(value: str) -> None:
    assert not is_valid_xin(value)
    assert not is_valid_bin(value)
    assert not is_valid_iin(value)


@pytest.mark.parametrize("value", [*VALID_BINS, *VALID_IINS])
def test_every_other_last_digit_of_a_valid_identifier_is_rejected(value: str) -> None:
    wrong = [value[:11] + digit for digit in "0123456789" if digit != value[11]]
    assert len(wrong) == 9
    assert [w for w in wrong if is_valid_xin(w)] == []


@pytest.mark.parametrize("value", MALFORMED)
def test_anything_but_twelve_ascii_digits_is_invalid(value: str) -> None:
    assert not is_valid_xin(value)
    assert not is_valid_bin(value)
    assert not is_valid_iin(value)


def test_when_the_first_weighted_sum_is_10_the_second_weights_give_the_check_digit() -> None:
    # The real IIN 061211600012, prefix d = 0 6 1 2 1 1 6 0 0 0 1:
    #   weights 1..11:   0*1 + 6*2 + 1*3 + 2*4 + 1*5 + 1*6 + 6*7 + 0*8 + 0*9 + 0*10 + 1*11
    #                  = 0 + 12 + 3 + 8 + 5 + 6 + 42 + 0 + 0 + 0 + 11 = 87;  87 mod 11 = 10
    #   weights 3,4,5,6,7,8,9,10,11,1,2:
    #                    0*3 + 6*4 + 1*5 + 2*6 + 1*7 + 1*8 + 6*9 + 0*10 + 0*11 + 0*1 + 1*2
    #                  = 0 + 24 + 5 + 12 + 7 + 8 + 54 + 0 + 0 + 0 + 2 = 112; 112 mod 11 = 2
    assert check_digit("06121160001") == 2
    assert is_valid_iin("061211600012")


def test_a_bin_whose_first_weighted_sum_is_10_is_checked_with_the_second_weights() -> None:
    # Prefix d = 9 4 0 1 4 0 0 2 0 3 8 (registered 1994-01, resident legal entity, head office):
    #   weights 1..11:   9*1 + 4*2 + 0*3 + 1*4 + 4*5 + 0*6 + 0*7 + 2*8 + 0*9 + 3*10 + 8*11
    #                  = 9 + 8 + 0 + 4 + 20 + 0 + 0 + 16 + 0 + 30 + 88 = 175; 175 mod 11 = 10
    #   weights 3,4,5,6,7,8,9,10,11,1,2:
    #                    9*3 + 4*4 + 0*5 + 1*6 + 4*7 + 0*8 + 0*9 + 2*10 + 0*11 + 3*1 + 8*2
    #                  = 27 + 16 + 0 + 6 + 28 + 0 + 0 + 20 + 0 + 3 + 16 = 116; 116 mod 11 = 6
    assert check_digit("94014002038") == 6
    assert is_valid_bin("940140020386")
    assert not is_valid_bin("940140020380")


def test_a_prefix_whose_both_weighted_sums_are_10_has_no_valid_check_digit() -> None:
    # Prefix d = 0 6 1 2 1 1 6 0 0 0 5 (the IIN prefix above with its 11th digit 1 -> 5):
    #   weights 1..11:   87 - 1*11 + 5*11 = 131; 131 mod 11 = 10
    #   weights 3,...,2: 112 - 1*2 + 5*2  = 120; 120 mod 11 = 10   -> the number is invalid
    assert check_digit("06121160005") is None
    completions = ["06121160005" + digit for digit in "0123456789"]
    assert [c for c in completions if is_valid_xin(c) or is_valid_iin(c)] == []


@settings(database=None)
@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_an_eleven_digit_prefix_has_exactly_the_completion_its_check_digit_names(
    prefix: str,
) -> None:
    valid = [d for d in range(10) if is_valid_xin(f"{prefix}{d}")]
    expected = check_digit(prefix)
    assert valid == ([] if expected is None else [expected])


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("941340000385", id="registration-month-13"),
        pytest.param("940040000381", id="registration-month-00"),
        pytest.param("940130000380", id="entity-type-3"),
        pytest.param("940170000389", id="entity-type-7"),
        pytest.param("940180000383", id="entity-type-8"),
        pytest.param("940144000387", id="kind-4"),
        pytest.param("940149000384", id="kind-9"),
    ],
)
def test_a_bin_with_an_impossible_structure_is_invalid_despite_its_check_digit(
    value: str,
) -> None:
    assert is_valid_xin(value)
    assert not is_valid_bin(value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("941240000381", id="registration-month-12"),
        pytest.param("940150000384", id="entity-type-5-non-resident"),
        pytest.param("940160000384", id="entity-type-6-joint-entrepreneurship"),
        pytest.param("940141000380", id="kind-1-branch"),
        pytest.param("940142000386", id="kind-2-representative-office"),
        pytest.param("940143000381", id="kind-3-peasant-farm"),
    ],
)
def test_a_bin_with_every_allowed_structure_is_valid(value: str) -> None:
    assert is_valid_bin(value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("790231302729", id="born-31-february"),
        pytest.param("791328302729", id="born-in-month-13"),
        pytest.param("791000302725", id="born-on-day-00"),
        pytest.param("791028002729", id="century-digit-0"),
        pytest.param("791028702723", id="century-digit-7"),
        pytest.param("000229300015", id="born-29-february-1900-not-a-leap-year"),
    ],
)
def test_an_iin_with_an_impossible_birth_date_or_century_is_invalid(value: str) -> None:
    assert is_valid_xin(value)
    assert not is_valid_iin(value)


def test_an_iin_born_on_29_february_2000_is_valid() -> None:
    assert is_valid_iin("000229500018")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("940 140 000 385", "940140000385", id="groups-of-three"),
        pytest.param(" 940140000385 ", "940140000385", id="surrounding-spaces"),
        pytest.param("9401 4000 0385\t", "940140000385", id="tab"),
        pytest.param("940140000385", "940140000385", id="already-normal"),
        pytest.param("940-140-000-385", "940-140-000-385", id="hyphens-kept"),
    ],
)
def test_normalize_xin_strips_spaces_and_nothing_else(raw: str, expected: str) -> None:
    assert normalize_xin(raw) == expected


def test_a_bin_typed_with_spaces_is_valid_once_normalized() -> None:
    assert not is_valid_bin("940 140 000 385")
    assert is_valid_bin(normalize_xin("940 140 000 385"))
