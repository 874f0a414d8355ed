"""The specialist's application form: the 10 register columns (specialists rules, annex), the
two publication consents (p. 5) and the documents, checked as a whole before anything is
stored, and its plain-JSON form for the application's history of rounds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from domain.errors import ErrorCode
from domain.identifiers import is_valid_iin, normalize_xin
from domain.regions import Region
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.validation import Problems

__all__ = [
    "Education",
    "Employment",
    "Qualification",
    "SpecialistForm",
    "check_specialist_form",
    "form_from_json",
    "form_to_json",
    "full_name",
]

PERSON_NAME, PLACE, ADDRESS, TITLE, DOCUMENT = 100, 200, 500, 500, 500
MAX_EDUCATION, MAX_EMPLOYMENT, MAX_DOCUMENTS = 10, 20, 50
MIN_AGE, MAX_AGE = 16, 100  # Labour Code art. 31: a work contract from 16
MAX_EXPERIENCE_YEARS = MAX_AGE - MIN_AGE


@dataclass(frozen=True, slots=True)
class Education:
    level: EducationLevel
    institution_kk: str
    institution_ru: str
    started_on: date
    finished_on: date
    document: str


@dataclass(frozen=True, slots=True)
class Employment:
    organization_name_kk: str
    organization_name_ru: str
    employer_bin: str
    position_kk: str
    position_ru: str
    started_on: date
    ended_on: date | None


@dataclass(frozen=True, slots=True)
class Qualification:
    category: QualificationCategory
    assigned_on: date
    body_kk: str
    body_ru: str


@dataclass(frozen=True, slots=True)
class SpecialistForm:
    iin: str | None
    surname: str
    given_name: str
    patronymic: str | None
    birth_date: date
    mobile_phone: str
    email: str | None
    region: Region
    settlement_kk: str
    settlement_ru: str
    address_kk: str
    address_ru: str
    profession_kk: str
    profession_ru: str
    experience_years: int
    experience_months: int
    education: tuple[Education, ...]
    employment: tuple[Employment, ...]
    qualification: Qualification | None
    specialist_consent: bool
    organization_consent: bool
    documents: tuple[str, ...]


def full_name(surname: str, given_name: str, patronymic: str | None) -> str:
    return " ".join(part for part in (surname, given_name, patronymic) if part)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def iin_birth_date(iin: str) -> date:
    """Digits 1-6 are YYMMDD; digit 7 gives the century (1-2: 1800s, 3-4: 1900s, 5-6: 2000s).
    The IIN must already be valid (domain.identifiers.is_valid_iin)."""
    century = 1800 + 100 * ((int(iin[6]) - 1) // 2)
    return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))


def _person_name(p: Problems, value: str | None, field: str, *, required: bool) -> str:
    cleaned = p.text(value, field, limit=PERSON_NAME, required=required)
    if cleaned and not all(ch.isalpha() or ch in " -'’." for ch in cleaned):
        p.add(ErrorCode.INVALID_VALUE, field)
    return cleaned


def _period(
    p: Problems,
    start: date,
    end: date | None,
    field: str,
    end_name: str,
    *,
    born: date,
    today: date,
) -> None:
    """A period of study or work: after birth, not in the future, start before end."""
    p.not_after(start, today, f"{field}.startedOn")
    p.not_after(end, today, f"{field}.{end_name}")
    p.in_order(start, end, f"{field}.{end_name}")
    if start < born:
        p.add(ErrorCode.DATE_TOO_EARLY, f"{field}.startedOn", earliest=born.isoformat())


def _no_duplicates(p: Problems, cleaned: tuple[object, ...], field: str) -> None:
    """Entries that differ only in spacing are the same entry."""
    if len(set(cleaned)) != len(cleaned) and not any(
        problem.code is ErrorCode.DUPLICATE_VALUES and problem.field == ["input", field]
        for problem in p.found
    ):
        p.add(ErrorCode.DUPLICATE_VALUES, field)


def _whole_months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def check_specialist_form(form: SpecialistForm, today: date) -> SpecialistForm:
    """The cleaned form, or `Invalid` listing every problem (kk/ru messages, field paths).

    `today` is the local date of receipt: dates may not lie after it, and the birth date must
    give an age of 16 to 100 on it.
    """
    p = Problems("input")
    iin = None
    if form.iin is not None and form.iin.strip():
        iin = normalize_xin(form.iin)
        if not is_valid_iin(iin):
            p.add(ErrorCode.INVALID_IIN, "iin")
        elif iin_birth_date(iin) != form.birth_date:
            p.add(ErrorCode.IIN_BIRTH_DATE_MISMATCH, "iin")
    born = form.birth_date
    if born > today:
        p.add(ErrorCode.DATE_IN_FUTURE, "birthDate")
    elif not _years_before(today, MAX_AGE + 1) < born <= _years_before(today, MIN_AGE):
        p.add(ErrorCode.BIRTH_DATE_IMPLAUSIBLE, "birthDate", min=MIN_AGE, max=MAX_AGE)
    email = p.text(form.email, "email", limit=254, required=False)
    if not 0 <= form.experience_months <= 11:
        p.add(ErrorCode.INVALID_VALUE, "experience.months")
    if not 0 <= form.experience_years <= MAX_EXPERIENCE_YEARS:
        p.add(ErrorCode.INVALID_VALUE, "experience.years")
    elif born <= today:
        # Experience counts from the age of 16 at the earliest.
        working_life = _whole_months(_years_before(born, -MIN_AGE), today)
        if form.experience_years * 12 + form.experience_months > max(working_life, 0):
            p.add(ErrorCode.EXPERIENCE_IMPLAUSIBLE, "experience", min=MIN_AGE)
    education = tuple(
        Education(
            level=e.level,
            institution_kk=p.text(e.institution_kk, f"education.{i}.institution.kk", limit=TITLE),
            institution_ru=p.text(e.institution_ru, f"education.{i}.institution.ru", limit=TITLE),
            started_on=e.started_on,
            finished_on=e.finished_on,
            document=p.text(e.document, f"education.{i}.document", limit=DOCUMENT),
        )
        for i, e in enumerate(form.education[:MAX_EDUCATION])
    )
    for i, e in enumerate(education):
        _period(
            p, e.started_on, e.finished_on, f"education.{i}", "finishedOn", born=born, today=today
        )
    employment = tuple(
        Employment(
            organization_name_kk=p.text(
                e.organization_name_kk, f"employment.{i}.organizationName.kk", limit=TITLE
            ),
            organization_name_ru=p.text(
                e.organization_name_ru, f"employment.{i}.organizationName.ru", limit=TITLE
            ),
            employer_bin=p.xin(e.employer_bin, f"employment.{i}.employerBin"),
            position_kk=p.text(e.position_kk, f"employment.{i}.position.kk", limit=PLACE),
            position_ru=p.text(e.position_ru, f"employment.{i}.position.ru", limit=PLACE),
            started_on=e.started_on,
            ended_on=e.ended_on,
        )
        for i, e in enumerate(form.employment[:MAX_EMPLOYMENT])
    )
    for i, job in enumerate(employment):
        _period(
            p, job.started_on, job.ended_on, f"employment.{i}", "endedOn", born=born, today=today
        )
    # Counted on what was sent, compared for duplicates on what was cleaned.
    p.items(form.education, "education", most=MAX_EDUCATION, least=1)
    p.items(form.employment, "employment", most=MAX_EMPLOYMENT, least=1)
    _no_duplicates(p, education, "education")
    _no_duplicates(p, employment, "employment")
    qualification = None
    if form.qualification is not None:
        q = form.qualification
        qualification = Qualification(
            category=q.category,
            assigned_on=q.assigned_on,
            body_kk=p.text(q.body_kk, "qualification.attestationBody.kk", limit=TITLE),
            body_ru=p.text(q.body_ru, "qualification.attestationBody.ru", limit=TITLE),
        )
        p.not_after(q.assigned_on, today, "qualification.assignedOn")
        if q.assigned_on < born:
            p.add(ErrorCode.DATE_TOO_EARLY, "qualification.assignedOn", earliest=born.isoformat())
    documents = tuple(
        p.text(d, f"documents.{i}", limit=DOCUMENT)
        for i, d in enumerate(form.documents[:MAX_DOCUMENTS])
    )
    p.items(form.documents, "documents", most=MAX_DOCUMENTS, least=1)
    _no_duplicates(p, documents, "documents")
    cleaned = replace(
        form,
        iin=iin,
        surname=_person_name(p, form.surname, "surname", required=True),
        given_name=_person_name(p, form.given_name, "givenName", required=True),
        patronymic=_person_name(p, form.patronymic, "patronymic", required=False) or None,
        mobile_phone=p.phone(form.mobile_phone, "mobilePhone", mobile_only=True),
        email=p.email(email, "email") if email and len(email) <= 254 else email or None,
        settlement_kk=p.text(form.settlement_kk, "residence.settlement.kk", limit=PLACE),
        settlement_ru=p.text(form.settlement_ru, "residence.settlement.ru", limit=PLACE),
        address_kk=p.text(form.address_kk, "residence.address.kk", limit=ADDRESS),
        address_ru=p.text(form.address_ru, "residence.address.ru", limit=ADDRESS),
        profession_kk=p.text(form.profession_kk, "profession.kk", limit=PLACE),
        profession_ru=p.text(form.profession_ru, "profession.ru", limit=PLACE),
        education=education,
        employment=employment,
        qualification=qualification,
        documents=documents,
    )
    p.raise_if_any()
    return cleaned


# --- plain JSON, for the history of rounds --------------------------------------------------


def form_to_json(form: SpecialistForm) -> dict[str, Any]:
    """Dates as ISO strings, enums as their values: what `orjson` and `form_from_json` take."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, date):
            return value.isoformat()
        return value.value if hasattr(value, "value") else value

    return plain(asdict(form))  # type: ignore[no-any-return]


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def form_from_json(data: dict[str, Any]) -> SpecialistForm:
    q = data["qualification"]
    return SpecialistForm(
        **{
            **data,
            "birth_date": date.fromisoformat(data["birth_date"]),
            "region": Region(data["region"]),
            "education": tuple(
                Education(
                    **{
                        **e,
                        "level": EducationLevel(e["level"]),
                        "started_on": date.fromisoformat(e["started_on"]),
                        "finished_on": date.fromisoformat(e["finished_on"]),
                    }
                )
                for e in data["education"]
            ),
            "employment": tuple(
                Employment(
                    **{
                        **e,
                        "started_on": date.fromisoformat(e["started_on"]),
                        "ended_on": _day(e["ended_on"]),
                    }
                )
                for e in data["employment"]
            ),
            "qualification": None
            if q is None
            else Qualification(
                **{
                    **q,
                    "category": QualificationCategory(q["category"]),
                    "assigned_on": date.fromisoformat(q["assigned_on"]),
                }
            ),
            "documents": tuple(data["documents"]),
        }
    )
