"""domain.specialist_form: the specialist's application form, checked as a whole (register
columns 1-9 of the specialists rules' annex; domain.md "Register of specialists" and
"Identifiers").

The specialist below is made up but realistic: born 14 July 1988, a woman of the 1900s, so her
IIN is 880714 4 0012 9 (check digit 9 by the weights 1..11); she turned 16 on 14 July 2004, so
on 20 March 2026 she has had 21 years 8 months (260 whole months) of working life.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from domain.errors import ErrorCode
from domain.labels import Lang
from domain.regions import Region
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import (
    Education,
    Employment,
    Qualification,
    SpecialistForm,
    check_specialist_form,
    form_from_json,
    form_to_json,
    full_name,
)
from domain.validation import Invalid

TODAY = date(2026, 3, 20)  # Friday 20 March 2026
BORN = date(1988, 7, 14)
IIN = "880714400129"  # 14.07.1988, digit 7 = 4: a woman born in the 1900s
EMPLOYER_BIN = "940140000385"
FORMER_EMPLOYER_BIN = "990140004654"

Problem = tuple[ErrorCode, list[str]]


def education(**overrides: Any) -> Education:
    values: dict[str, Any] = {
        "level": EducationLevel.HIGHER,
        "institution_kk": "Л.Н. Гумилев атындағы Еуразия ұлттық университеті",
        "institution_ru": "Евразийский национальный университет имени Л.Н. Гумилева",
        "started_on": date(2005, 9, 1),
        "finished_on": date(2009, 6, 30),
        "document": "Диплом ЖБ-Б № 0123456",
    }
    values.update(overrides)
    return Education(**values)


def job(**overrides: Any) -> Employment:
    values: dict[str, Any] = {
        "organization_name_kk": "«Мейірім» арнаулы әлеуметтік қызметтер көрсету орталығы",
        "organization_name_ru": "Центр оказания специальных социальных услуг «Мейірім»",
        "employer_bin": EMPLOYER_BIN,
        "position_kk": "әлеуметтік жұмыс жөніндегі маман",
        "position_ru": "специалист по социальной работе",
        "started_on": date(2019, 12, 2),
        "ended_on": None,
    }
    values.update(overrides)
    return Employment(**values)


def former_job(**overrides: Any) -> Employment:
    values: dict[str, Any] = {
        "organization_name_kk": "«Шапағат» қарттар үйі",
        "organization_name_ru": "Дом престарелых «Шапагат»",
        "employer_bin": FORMER_EMPLOYER_BIN,
        "position_kk": "әлеуметтік қызметкер",
        "position_ru": "социальный работник",
        "started_on": date(2009, 9, 1),
        "ended_on": date(2019, 11, 29),
    }
    values.update(overrides)
    return job(**values)


def qualification(**overrides: Any) -> Qualification:
    values: dict[str, Any] = {
        "category": QualificationCategory.FIRST,
        "assigned_on": date(2023, 5, 15),
        "body_kk": "Астана қаласының Жұмыспен қамту және әлеуметтік бағдарламалар басқармасы",
        "body_ru": "Управление занятости и социальных программ города Астаны",
    }
    values.update(overrides)
    return Qualification(**values)


def valid_form(**overrides: Any) -> SpecialistForm:
    values: dict[str, Any] = {
        "iin": IIN,
        "surname": "Сейтқали",
        "given_name": "Айгерім",
        "patronymic": "Нұрланқызы",
        "birth_date": BORN,
        "mobile_phone": "+77012345678",
        "email": "aigerim.seitkali@mail.kz",
        "region": Region.ASTANA,
        "settlement_kk": "Астана",
        "settlement_ru": "Астана",
        "address_kk": "Қабанбай батыр даңғылы, 11, 45-пәтер",
        "address_ru": "проспект Кабанбай батыра, 11, кв. 45",
        "profession_kk": "әлеуметтік жұмыс жөніндегі маман",
        "profession_ru": "специалист по социальной работе",
        "experience_years": 6,
        "experience_months": 3,
        "education": (education(),),
        "employment": (job(), former_job()),
        "qualification": qualification(),
        "specialist_consent": True,
        "organization_consent": True,
        "documents": ("Диплом ЖБ-Б № 0123456.pdf", "Еңбек кітапшасы.pdf"),
    }
    values.update(overrides)
    return SpecialistForm(**values)


def young_form(born: date, today: date = TODAY, **overrides: Any) -> SpecialistForm:
    """A specialist born on `born`, with no IIN, no experience and periods shortly before
    `today`: only the age is left to check."""
    start = date(today.year - 1, 9, 1)
    values: dict[str, Any] = {
        "iin": None,
        "birth_date": born,
        "experience_years": 0,
        "experience_months": 0,
        "education": (education(started_on=start, finished_on=today),),
        "employment": (job(started_on=today),),
        "qualification": None,
    }
    values.update(overrides)
    return valid_form(**values)


def problems(form: SpecialistForm, today: date = TODAY) -> list[Problem]:
    """Every problem `check_specialist_form` reports, as (code, field path); each one's message
    must render in both languages with all the parameters its template names."""
    with pytest.raises(Invalid) as refused:
        check_specialist_form(form, today)
    found = refused.value.problems
    assert refused.value.code is found[0].code
    for problem in found:
        for lang in Lang:
            text = problem.message(lang)
            assert text
            assert "{" not in text
    return [(p.code, p.field or []) for p in found]


def problems_at(form: SpecialistForm, *path: str, today: date = TODAY) -> list[ErrorCode]:
    return [code for code, field in problems(form, today) if field == ["input", *path]]


def path(*parts: str) -> list[str]:
    return ["input", *parts]


# --- a valid form -------------------------------------------------------------------------------


def test_a_valid_form_passes_unchanged() -> None:
    form = valid_form()
    assert check_specialist_form(form, TODAY) == form


def test_a_valid_form_is_cleaned_whitespace_phone_iin_and_email() -> None:
    typed = valid_form(
        iin=" 880714 400 129 ",
        surname="  Сейтқали ",
        given_name="Айгерім\t",
        patronymic="   ",
        mobile_phone="8 701 234 56 78",
        email="  Aigerim.Seitkali@Mail.KZ ",
        address_ru="проспект   Кабанбай батыра,\n 11,  кв. 45",
        profession_kk=" әлеуметтік  жұмыс жөніндегі маман ",
        education=(education(institution_ru="  Евразийский  национальный университет "),),
        employment=(job(employer_bin="940 140 000 385", position_ru="специалист  по работе"),),
        qualification=qualification(body_kk="  Басқарма  "),
        documents=("  Диплом   ЖБ-Б.pdf ",),
    )
    cleaned = check_specialist_form(typed, TODAY)
    assert cleaned.iin == IIN
    assert (cleaned.surname, cleaned.given_name, cleaned.patronymic) == (
        "Сейтқали",
        "Айгерім",
        None,
    )
    assert cleaned.mobile_phone == "+77012345678"
    assert cleaned.email == "Aigerim.Seitkali@mail.kz"  # the domain lower-cased, not the name
    assert cleaned.address_ru == "проспект Кабанбай батыра, 11, кв. 45"
    assert cleaned.profession_kk == "әлеуметтік жұмыс жөніндегі маман"
    assert cleaned.education[0].institution_ru == "Евразийский национальный университет"
    assert cleaned.employment[0].employer_bin == EMPLOYER_BIN
    assert cleaned.employment[0].position_ru == "специалист по работе"
    assert cleaned.qualification is not None
    assert cleaned.qualification.body_kk == "Басқарма"
    assert cleaned.documents == ("Диплом ЖБ-Б.pdf",)


def test_the_optional_parts_may_be_left_out() -> None:
    form = valid_form(iin=None, patronymic=None, email=None, qualification=None)
    cleaned = check_specialist_form(form, TODAY)
    assert (cleaned.iin, cleaned.patronymic, cleaned.email, cleaned.qualification) == (
        None,
        None,
        None,
        None,
    )


def test_a_blank_iin_and_a_blank_email_count_as_none() -> None:
    cleaned = check_specialist_form(valid_form(iin="  ", email=" "), TODAY)
    assert cleaned.iin is None
    assert cleaned.email is None


def test_the_full_name_leaves_out_a_missing_patronymic() -> None:
    assert full_name("Сейтқали", "Айгерім", "Нұрланқызы") == "Сейтқали Айгерім Нұрланқызы"
    assert full_name("Сейтқали", "Айгерім", None) == "Сейтқали Айгерім"


# --- the IIN (domain.md "Identifiers") ----------------------------------------------------------


@pytest.mark.parametrize(
    "iin",
    [
        pytest.param("880714400128", id="check-digit-9-changed-to-8"),
        pytest.param("88071440012", id="11-digits"),
        pytest.param("880714-400129", id="hyphen"),
        pytest.param("88071440012A", id="letter"),
        pytest.param(EMPLOYER_BIN, id="a-bin-digit-7-is-0"),
    ],
)
def test_an_iin_that_is_not_a_valid_iin_is_refused(iin: str) -> None:
    assert problems(valid_form(iin=iin)) == [(ErrorCode.INVALID_IIN, path("iin"))]


def test_a_valid_iin_of_another_birth_date_is_refused() -> None:
    other_day = "880715400124"  # 15.07.1988, a valid IIN (check digit 4)
    assert problems(valid_form(iin=other_day)) == [(ErrorCode.IIN_BIRTH_DATE_MISMATCH, path("iin"))]


def test_an_iin_whose_century_digit_contradicts_the_birth_year_is_refused() -> None:
    born_2088 = "880714500125"  # digits 1-6 = 880714, digit 7 = 5: born in the 2000s
    assert problems(valid_form(iin=born_2088)) == [(ErrorCode.IIN_BIRTH_DATE_MISMATCH, path("iin"))]


# --- the birth date: age 16 to 100 on the day of receipt ----------------------------------------


@pytest.mark.parametrize(
    "born",
    [
        pytest.param(date(2010, 3, 20), id="16-today"),
        pytest.param(date(1990, 1, 1), id="36"),
        pytest.param(date(1926, 3, 20), id="exactly-100-today"),
    ],
)
def test_a_specialist_aged_16_to_100_passes(born: date) -> None:
    check_specialist_form(young_form(born), TODAY)


@pytest.mark.parametrize(
    "born",
    [
        pytest.param(date(2010, 3, 21), id="16-tomorrow"),
        pytest.param(date(2026, 3, 20), id="born-today"),
        pytest.param(date(1925, 3, 20), id="101-today"),
        pytest.param(date(1900, 1, 1), id="126"),
    ],
)
def test_a_specialist_younger_than_16_or_older_than_100_is_refused(born: date) -> None:
    form = young_form(born, education=(education(started_on=born, finished_on=TODAY),))
    assert problems(form) == [(ErrorCode.BIRTH_DATE_IMPLAUSIBLE, path("birthDate"))]


def test_the_age_refusal_names_the_limits() -> None:
    with pytest.raises(Invalid) as refused:
        check_specialist_form(young_form(date(2010, 3, 21)), TODAY)
    assert refused.value.params == {"min": 16, "max": 100}
    assert "16" in refused.value.message(Lang.RU)
    assert "100" in refused.value.message(Lang.KK)


def test_a_specialist_aged_100_on_the_eve_of_the_101st_birthday_passes() -> None:
    check_specialist_form(young_form(date(1925, 3, 21)), TODAY)


def test_a_birth_date_in_the_future_is_in_the_future_not_implausible() -> None:
    tomorrow = date(2026, 3, 21)
    assert problems_at(young_form(tomorrow), "birthDate") == [ErrorCode.DATE_IN_FUTURE]


# --- 29 February --------------------------------------------------------------------------------


def test_a_29_february_birth_date_with_its_iin_passes() -> None:
    form = valid_form(birth_date=date(1996, 2, 29), iin="960229300450")
    assert check_specialist_form(form, TODAY).birth_date == date(1996, 2, 29)


def test_a_29_february_iin_needs_a_century_with_a_29_february() -> None:
    born = date(2000, 2, 29)
    assert check_specialist_form(valid_form(birth_date=born, iin="000229500454"), TODAY)
    # Digit 7 = 3 says the 1900s, and 1900 was not a leap year: no such day.
    assert problems(valid_form(birth_date=born, iin="000229300451")) == [
        (ErrorCode.INVALID_IIN, path("iin"))
    ]


def test_born_29_february_2012_is_16_on_29_february_2028_not_the_day_before() -> None:
    born = date(2012, 2, 29)
    check_specialist_form(young_form(born, today=date(2028, 2, 29)), date(2028, 2, 29))
    day_before = date(2028, 2, 28)
    assert problems(young_form(born, today=day_before), day_before) == [
        (ErrorCode.BIRTH_DATE_IMPLAUSIBLE, path("birthDate"))
    ]


def test_experience_of_someone_born_29_february_counts_from_the_16th_birthday() -> None:
    # Born 29.02.2008, 16 on 29.02.2024; by 20.03.2026: 2 years and 20 days, 24 whole months.
    born = date(2008, 2, 29)
    periods: dict[str, Any] = {
        "education": (education(started_on=date(2023, 9, 1), finished_on=date(2024, 6, 28)),),
        "employment": (job(started_on=date(2024, 3, 1)),),
    }
    at_limit = young_form(born, experience_years=2, experience_months=0, **periods)
    check_specialist_form(at_limit, TODAY)
    over = young_form(born, experience_years=2, experience_months=1, **periods)
    assert problems(over) == [(ErrorCode.EXPERIENCE_IMPLAUSIBLE, path("experience"))]


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "surname",
    [
        pytest.param("Әбдіқадыр-Ұлы", id="kazakh-letters-and-hyphen"),
        pytest.param("O'Neil", id="apostrophe"),
        pytest.param("Д’Артаньян", id="typographic-apostrophe"),
        pytest.param("Кенжебек ұлы", id="space"),
        pytest.param("Ж.", id="dot"),
        pytest.param("Ш" * 100, id="100-letters"),
    ],
)
def test_a_surname_of_letters_spaces_hyphens_apostrophes_and_dots_passes(surname: str) -> None:
    assert check_specialist_form(valid_form(surname=surname), TODAY).surname == surname


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("surname", "Сейтқали2", id="surname-digit"),
        pytest.param("given_name", "<Айгерім>", id="given-name-angle-brackets"),
        pytest.param("patronymic", "Нұрлан_қызы", id="patronymic-underscore"),
        pytest.param("surname", "Сейтқали, Айгерім", id="surname-comma"),
    ],
)
def test_a_name_with_other_characters_is_refused(field: str, value: str) -> None:
    key = {"surname": "surname", "given_name": "givenName", "patronymic": "patronymic"}[field]
    assert problems(valid_form(**{field: value})) == [(ErrorCode.INVALID_VALUE, path(key))]


@pytest.mark.parametrize(
    ("field", "key"), [("surname", "surname"), ("given_name", "givenName")], ids=str
)
def test_surname_and_given_name_are_required(field: str, key: str) -> None:
    assert problems(valid_form(**{field: "  "})) == [(ErrorCode.REQUIRED, path(key))]


def test_a_name_over_100_characters_is_too_long() -> None:
    assert problems(valid_form(given_name="А" * 101)) == [
        (ErrorCode.TEXT_TOO_LONG, path("givenName"))
    ]


# --- contacts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        pytest.param("+7 701 234 56 78", "+77012345678", id="e164-spaced"),
        pytest.param("87012345678", "+77012345678", id="national-8"),
        pytest.param("+7 (747) 123-45-67", "+77471234567", id="brackets-hyphens"),
    ],
)
def test_a_kazakhstan_mobile_number_is_stored_in_e164(typed: str, stored: str) -> None:
    assert check_specialist_form(valid_form(mobile_phone=typed), TODAY).mobile_phone == stored


@pytest.mark.parametrize(
    "phone",
    [
        pytest.param("+7 7172 55 12 34", id="astana-landline"),
        pytest.param("8 (727) 250-12-34", id="almaty-landline"),
        pytest.param("+7 916 123 45 67", id="russian-mobile"),
        pytest.param("701234", id="too-short"),
        pytest.param("", id="empty"),
    ],
)
def test_a_phone_that_is_not_a_kazakhstan_mobile_is_refused(phone: str) -> None:
    assert problems(valid_form(mobile_phone=phone)) == [
        (ErrorCode.INVALID_PHONE, path("mobilePhone"))
    ]


@pytest.mark.parametrize("email", ["aigerim.mail.kz", "aigerim@", "aigerim@mail", "a b@mail.kz"])
def test_an_invalid_email_is_refused(email: str) -> None:
    assert problems(valid_form(email=email)) == [(ErrorCode.INVALID_EMAIL, path("email"))]


def test_an_email_over_254_characters_is_too_long() -> None:
    email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".kz"
    assert len(email) > 254
    assert ErrorCode.TEXT_TOO_LONG in problems_at(valid_form(email=email), "email")


# --- texts are capped ---------------------------------------------------------------------------


def _long(limit: int) -> str:
    return "ж" * (limit + 1)


@pytest.mark.parametrize(
    ("overrides", "field", "limit"),
    [
        pytest.param({"settlement_kk": _long(200)}, "residence.settlement.kk", 200, id="settl"),
        pytest.param({"settlement_ru": _long(200)}, "residence.settlement.ru", 200, id="settl-ru"),
        pytest.param({"address_kk": _long(500)}, "residence.address.kk", 500, id="address-kk"),
        pytest.param({"address_ru": _long(500)}, "residence.address.ru", 500, id="address-ru"),
        pytest.param({"profession_kk": _long(200)}, "profession.kk", 200, id="profession-kk"),
        pytest.param({"profession_ru": _long(200)}, "profession.ru", 200, id="profession-ru"),
        pytest.param(
            {"education": (education(institution_kk=_long(500)),)},
            "education.0.institution.kk",
            500,
            id="institution-kk",
        ),
        pytest.param(
            {"education": (education(document=_long(500)),)},
            "education.0.document",
            500,
            id="education-document",
        ),
        pytest.param(
            {"employment": (job(), former_job(organization_name_ru=_long(500)))},
            "employment.1.organizationName.ru",
            500,
            id="organization-name-ru",
        ),
        pytest.param(
            {"employment": (job(position_kk=_long(200)),)},
            "employment.0.position.kk",
            200,
            id="position-kk",
        ),
        pytest.param(
            {"qualification": qualification(body_ru=_long(500))},
            "qualification.attestationBody.ru",
            500,
            id="attestation-body-ru",
        ),
        pytest.param(
            {"documents": ("Диплом.pdf", _long(500))}, "documents.1", 500, id="document-name"
        ),
    ],
)
def test_a_text_over_its_cap_is_too_long_and_names_the_cap(
    overrides: dict[str, Any], field: str, limit: int
) -> None:
    with pytest.raises(Invalid) as refused:
        check_specialist_form(valid_form(**overrides), TODAY)
    [problem] = refused.value.problems
    assert (problem.code, problem.field) == (ErrorCode.TEXT_TOO_LONG, path(*field.split(".")))
    assert problem.params == {"max": limit}


def test_a_text_exactly_at_its_cap_passes() -> None:
    form = valid_form(
        settlement_kk="ж" * 200,
        address_ru="ж" * 500,
        education=(education(institution_kk="ж" * 500),),
        employment=(job(position_kk="ж" * 200),),
        documents=("ж" * 500,),
    )
    check_specialist_form(form, TODAY)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"settlement_ru": " "}, "residence.settlement.ru", id="settlement"),
        pytest.param({"address_kk": ""}, "residence.address.kk", id="address"),
        pytest.param({"profession_ru": ""}, "profession.ru", id="profession"),
        pytest.param(
            {"education": (education(institution_ru=""),)},
            "education.0.institution.ru",
            id="institution",
        ),
        pytest.param(
            {"employment": (job(organization_name_kk=" "),)},
            "employment.0.organizationName.kk",
            id="organization-name",
        ),
        pytest.param(
            {"qualification": qualification(body_kk="")},
            "qualification.attestationBody.kk",
            id="attestation-body",
        ),
        pytest.param({"documents": ("  ",)}, "documents.0", id="document-name"),
    ],
)
def test_a_required_text_left_blank_is_required(overrides: dict[str, Any], field: str) -> None:
    assert problems(valid_form(**overrides)) == [(ErrorCode.REQUIRED, path(*field.split(".")))]


# --- experience ---------------------------------------------------------------------------------


def test_experience_up_to_the_time_since_the_16th_birthday_passes() -> None:
    # 16 on 14.07.2004; to 20.03.2026: 21 years 8 months 6 days.
    check_specialist_form(valid_form(experience_years=21, experience_months=8), TODAY)


def test_experience_one_month_over_the_time_since_the_16th_birthday_is_implausible() -> None:
    form = valid_form(experience_years=21, experience_months=9)
    assert problems(form) == [(ErrorCode.EXPERIENCE_IMPLAUSIBLE, path("experience"))]


def test_the_experience_refusal_names_the_age_it_counts_from() -> None:
    with pytest.raises(Invalid) as refused:
        check_specialist_form(valid_form(experience_years=22), TODAY)
    assert refused.value.params == {"min": 16}


def test_a_100_year_old_may_have_84_years_of_experience_and_no_more() -> None:
    born = date(1926, 3, 20)  # 16 on 20.03.1942: exactly 84 years (1008 months) ago
    check_specialist_form(young_form(born, experience_years=84), TODAY)
    over = young_form(born, experience_years=84, experience_months=1)
    assert problems(over) == [(ErrorCode.EXPERIENCE_IMPLAUSIBLE, path("experience"))]


def test_someone_who_turned_16_today_has_no_experience_yet() -> None:
    born = date(2010, 3, 20)
    check_specialist_form(young_form(born), TODAY)
    assert problems(young_form(born, experience_months=1)) == [
        (ErrorCode.EXPERIENCE_IMPLAUSIBLE, path("experience"))
    ]


@pytest.mark.parametrize(
    ("years", "months", "field"),
    [
        pytest.param(1, 12, "months", id="12-months"),
        pytest.param(1, -1, "months", id="negative-months"),
        pytest.param(85, 0, "years", id="85-years"),
        pytest.param(-1, 0, "years", id="negative-years"),
    ],
)
def test_experience_months_run_0_to_11_and_years_0_to_84(
    years: int, months: int, field: str
) -> None:
    form = valid_form(experience_years=years, experience_months=months)
    assert problems_at(form, "experience", field) == [ErrorCode.INVALID_VALUE]


# --- lists: education, employment, documents ----------------------------------------------------


def _educations(n: int) -> tuple[Education, ...]:
    return tuple(education(document=f"Диплом № {i}") for i in range(n))


def _jobs(n: int) -> tuple[Employment, ...]:
    return tuple(job(position_ru=f"должность {i}") for i in range(n))


def _documents(n: int) -> tuple[str, ...]:
    return tuple(f"құжат-{i}.pdf" for i in range(n))


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"education": _educations(10)}, id="10-education"),
        pytest.param({"employment": _jobs(20)}, id="20-employment"),
        pytest.param({"documents": _documents(50)}, id="50-documents"),
    ],
)
def test_lists_at_their_maximum_pass(overrides: dict[str, Any]) -> None:
    check_specialist_form(valid_form(**overrides), TODAY)


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        pytest.param({"education": ()}, "education", ErrorCode.REQUIRED, id="no-education"),
        pytest.param({"employment": ()}, "employment", ErrorCode.REQUIRED, id="no-employment"),
        pytest.param({"documents": ()}, "documents", ErrorCode.REQUIRED, id="no-documents"),
        pytest.param(
            {"education": _educations(11)}, "education", ErrorCode.TOO_MANY_VALUES, id="11-edu"
        ),
        pytest.param(
            {"employment": _jobs(21)}, "employment", ErrorCode.TOO_MANY_VALUES, id="21-jobs"
        ),
        pytest.param(
            {"documents": _documents(51)}, "documents", ErrorCode.TOO_MANY_VALUES, id="51-docs"
        ),
        pytest.param(
            {"education": (education(), education())},
            "education",
            ErrorCode.DUPLICATE_VALUES,
            id="same-education-twice",
        ),
        pytest.param(
            {"employment": (job(), former_job(), job())},
            "employment",
            ErrorCode.DUPLICATE_VALUES,
            id="same-job-twice",
        ),
        pytest.param(
            {"documents": ("Диплом.pdf", "Диплом.pdf")},
            "documents",
            ErrorCode.DUPLICATE_VALUES,
            id="same-document-twice",
        ),
    ],
)
def test_lists_need_one_entry_at_least_no_more_than_their_cap_and_no_duplicates(
    overrides: dict[str, Any], field: str, code: ErrorCode
) -> None:
    assert problems(valid_form(**overrides)) == [(code, path(field))]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param(
            {"documents": ("Диплом.pdf", " Диплом.pdf")}, "documents", id="document-spacing"
        ),
        pytest.param(
            {"employment": (job(), job(employer_bin="940 140 000 385"))},
            "employment",
            id="job-bin-spacing",
        ),
    ],
)
def test_entries_equal_once_cleaned_are_duplicates(overrides: dict[str, Any], field: str) -> None:
    assert problems(valid_form(**overrides)) == [(ErrorCode.DUPLICATE_VALUES, path(field))]


@pytest.mark.parametrize(
    ("field", "limit", "values"),
    [
        ("education", 10, _educations(11)),
        ("employment", 20, _jobs(21)),
        ("documents", 50, _documents(51)),
    ],
    ids=str,
)
def test_too_many_values_names_the_cap(field: str, limit: int, values: Sequence[object]) -> None:
    with pytest.raises(Invalid) as refused:
        check_specialist_form(valid_form(**{field: tuple(values)}), TODAY)
    assert refused.value.params == {"max": limit}


# --- periods of study and work ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"education": (education(started_on=date(2009, 9, 1), finished_on=date(2009, 6, 30)),)},
            [(ErrorCode.INVALID_DATE_RANGE, path("education", "0", "finishedOn"))],
            id="education-starts-after-it-ends",
        ),
        pytest.param(
            {"employment": (job(), former_job(ended_on=date(2009, 8, 31)))},
            [(ErrorCode.INVALID_DATE_RANGE, path("employment", "1", "endedOn"))],
            id="job-ends-before-it-starts",
        ),
        pytest.param(
            {"employment": (job(started_on=date(2026, 3, 23)),)},
            [(ErrorCode.DATE_IN_FUTURE, path("employment", "0", "startedOn"))],
            id="job-starts-next-monday",
        ),
        pytest.param(
            {"employment": (job(ended_on=date(2026, 3, 21)),)},
            [(ErrorCode.DATE_IN_FUTURE, path("employment", "0", "endedOn"))],
            id="job-ends-tomorrow",
        ),
        pytest.param(
            {"education": (education(finished_on=date(2026, 6, 30)),)},
            [(ErrorCode.DATE_IN_FUTURE, path("education", "0", "finishedOn"))],
            id="education-finishes-in-june",
        ),
        pytest.param(
            {"education": (education(started_on=date(1988, 7, 13)),)},
            [(ErrorCode.DATE_TOO_EARLY, path("education", "0", "startedOn"))],
            id="education-starts-the-day-before-birth",
        ),
        pytest.param(
            {"employment": (job(), former_job(started_on=date(1980, 1, 1)))},
            [(ErrorCode.DATE_TOO_EARLY, path("employment", "1", "startedOn"))],
            id="job-starts-before-birth",
        ),
    ],
)
def test_a_period_runs_forward_from_after_birth_to_no_later_than_today(
    overrides: dict[str, Any], expected: list[Problem]
) -> None:
    assert problems(valid_form(**overrides)) == expected


def test_a_period_may_start_on_the_birth_date_and_end_today_or_on_the_day_it_starts() -> None:
    form = valid_form(
        education=(education(started_on=BORN, finished_on=BORN),),
        employment=(job(started_on=TODAY, ended_on=TODAY),),
    )
    check_specialist_form(form, TODAY)


def test_a_period_before_birth_names_the_birth_date() -> None:
    with pytest.raises(Invalid) as refused:
        check_specialist_form(
            valid_form(education=(education(started_on=date(1980, 9, 1)),)), TODAY
        )
    assert refused.value.params == {"earliest": "1988-07-14"}
    assert "1988-07-14" in refused.value.message(Lang.RU)


@pytest.mark.parametrize(
    "employer_bin",
    [
        pytest.param("940140000384", id="check-digit-changed"),
        pytest.param("94014000038", id="11-digits"),
        pytest.param("", id="empty"),
    ],
)
def test_an_employer_bin_must_be_a_valid_bin(employer_bin: str) -> None:
    form = valid_form(employment=(job(), former_job(employer_bin=employer_bin)))
    assert problems(form) == [(ErrorCode.INVALID_BIN, path("employment", "1", "employerBin"))]


# --- the qualification category (column 9) ------------------------------------------------------


@pytest.mark.parametrize(
    ("assigned_on", "code"),
    [
        pytest.param(date(2026, 3, 21), ErrorCode.DATE_IN_FUTURE, id="tomorrow"),
        pytest.param(date(1988, 7, 13), ErrorCode.DATE_TOO_EARLY, id="before-birth"),
    ],
)
def test_a_qualification_is_assigned_after_birth_and_not_in_the_future(
    assigned_on: date, code: ErrorCode
) -> None:
    form = valid_form(qualification=qualification(assigned_on=assigned_on))
    assert problems(form) == [(code, path("qualification", "assignedOn"))]


def test_a_qualification_assigned_today_passes() -> None:
    check_specialist_form(valid_form(qualification=qualification(assigned_on=TODAY)), TODAY)


# --- every problem at once ----------------------------------------------------------------------


def test_every_problem_of_a_form_is_reported_together() -> None:
    form = valid_form(
        iin="880714400128",
        surname="",
        mobile_phone="+7 7172 55 12 34",
        email="aigerim@",
        experience_months=12,
        employment=(job(), former_job(employer_bin="940140000384")),
        documents=(),
    )
    found = problems(form)
    assert sorted(found) == sorted(
        [
            (ErrorCode.INVALID_IIN, path("iin")),
            (ErrorCode.REQUIRED, path("surname")),
            (ErrorCode.INVALID_PHONE, path("mobilePhone")),
            (ErrorCode.INVALID_EMAIL, path("email")),
            (ErrorCode.INVALID_VALUE, path("experience", "months")),
            (ErrorCode.INVALID_BIN, path("employment", "1", "employerBin")),
            (ErrorCode.REQUIRED, path("documents")),
        ]
    )


# --- JSON, for the history of rounds ------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        pytest.param(valid_form(), id="full"),
        pytest.param(
            valid_form(iin=None, patronymic=None, email=None, qualification=None),
            id="optional-parts-missing",
        ),
    ],
)
def test_the_json_form_round_trips_to_the_same_form(form: SpecialistForm) -> None:
    cleaned = check_specialist_form(form, TODAY)
    text = json.dumps(form_to_json(cleaned), ensure_ascii=False)
    assert form_from_json(json.loads(text)) == cleaned


def test_the_json_form_holds_dates_as_iso_text_and_enums_as_their_values() -> None:
    data = form_to_json(valid_form())
    assert data["birth_date"] == "1988-07-14"
    assert data["region"] == "ASTANA"
    assert data["education"][0]["level"] == "HIGHER"
    assert data["employment"][0]["ended_on"] is None
    assert data["employment"][1]["ended_on"] == "2019-11-29"
    assert data["qualification"]["category"] == "FIRST"
    assert data["documents"] == ["Диплом ЖБ-Б № 0123456.pdf", "Еңбек кітапшасы.pdf"]
    assert data["iin"] == IIN
    assert {f.name for f in dataclasses.fields(SpecialistForm)} == set(data)


def test_an_e_mail_too_long_is_reported_once_as_too_long() -> None:
    assert problems(valid_form(email="a" * 250 + "@x.kz")) == [
        (ErrorCode.TEXT_TOO_LONG, path("email"))
    ]
