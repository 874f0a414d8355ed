"""The open datasets: the two public registers in the columns of their official forms.

Headers are the forms' own words (the annexes "Форма" / "Нысан" of the rules):
- organisations: annex to the rules restated by order No. 106 of 07.04.2025
  (regulations/organisations-register-rules.{kk,ru}.txt), 17 columns;
- specialists: annex to the rules of order No. 21 of 23.01.2025
  (regulations/specialists-register-rules.kk.txt), 10 columns.

What is not the forms' text verbatim, and why:
- layout artefacts of the published texts are undone: words hyphenated or letter-spaced across
  lines ("Наименова-ние", "Қ ы з м е т"), "Бизнес – идентификационный" (a line-broken
  hyphen), "қызметте р";
- the misspelling "Электорндық" of the kk form is written "Электрондық";
- the forms head some columns in two levels (contacts: phone, e-mail; licensing: issue date,
  validity; service contract: date concluded, term); a file has one header row, so such a
  header is the group and the column joined by ": ", the column's initial lowercased;
- the Russian text of the specialists' annex as published holds no table (the file ends at
  the form's title), so its Russian headers translate the Kazakh ones word for word, in the
  Russian terms of the rules and of domain.md. Replace them when the official table is found.

Cells are typed (`Cell`): a date stays a date so that XLSX can store a real date; a column of
one or more values (service conditions, client categories, education and employment entries)
is a tuple, written "a; b" in CSV and XLSX and as an array in JSON. Inside one entry the
fields are separated by ", ". Beyond the stored texts: an address (column 4 of either form)
starts with its region's name, except for a city of republican significance, which the address
already names; a licence or contract with no end date says "мерзімсіз" / "бессрочная"
("бессрочный" for a contract) instead of an empty cell, which would read as unknown; current
work ends "қазіргі уақытқа дейін" / "по настоящее время".

CSV and formulas (OWASP, "CSV Injection"): a spreadsheet opening a CSV runs a cell that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, and the register's free texts
(names, addresses, positions, institutions) are the applicants'. In CSV such a cell is written
with a leading `'` (`csv_safe`), and so is one that starts with `'` itself, so the rule can be
undone exactly: a CSV cell that starts with `'` had one added, drop it. Phone numbers (`+7...`)
get it too: Excel would read them as formulas or numbers. JSON and XLSX (whose cells are typed
strings, never formulas) carry the texts as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.labels import Label, Lang, label_of
from domain.regions import Region
from domain.register import ClientCategory, ServiceCondition
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import full_name

__all__ = [
    "CSV_FORMULA_PREFIX",
    "CSV_FORMULA_TRIGGERS",
    "DATASETS",
    "DATA_LICENCE",
    "ENTRY_SEPARATOR",
    "FIELD_SEPARATOR",
    "Cell",
    "Column",
    "Dataset",
    "DatasetInfo",
    "EducationEntry",
    "EmploymentEntry",
    "ExportFormat",
    "OpenLicence",
    "OrganizationEntry",
    "SpecialistEntry",
    "csv_safe",
    "experience_text",
    "organization_cells",
    "specialist_cells",
]

Cell = str | int | date | tuple[str, ...] | None

ENTRY_SEPARATOR = "; "  # between values of one cell: labels contain commas, never semicolons
FIELD_SEPARATOR = ", "  # between the fields of one education or employment entry

CSV_FORMULA_PREFIX = "'"
CSV_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", CSV_FORMULA_PREFIX)


def csv_safe(text: str) -> str:
    """A CSV cell's text that no spreadsheet runs as a formula (see the module docstring)."""
    return CSV_FORMULA_PREFIX + text if text.startswith(CSV_FORMULA_TRIGGERS) else text


class Dataset(StrEnum):
    ORGANIZATIONS = "organizations"
    SPECIALISTS = "specialists"


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.JSON: "application/json",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class Column:
    """`code` is the JSON key and stays stable whatever the headers' wording or language."""

    code: str
    number: int
    header: Label
    group: Label | None = None


@dataclass(frozen=True, slots=True)
class OpenLicence:
    """The terms of reuse. CC BY 4.0: an open licence in the Open Definition's sense, the one
    most open-data portals offer, and it asks only for attribution; data.egov.kz publishes
    state bodies' data for free reuse with a reference to the source."""

    code: str
    name: str
    url: str
    attribution: Label


DATA_LICENCE = OpenLicence(
    code="CC-BY-4.0",
    name="Creative Commons Attribution 4.0 International (CC BY 4.0)",
    url="https://creativecommons.org/licenses/by/4.0/",
    attribution=Label(
        kk="Дереккөз: арнаулы әлеуметтік қызметтер көрсететін ұйымдар мен мамандардың "
        "тізілімдері, әлеуметтік көрсетілетін қызметтер порталы",
        ru="Источник: регистр организаций и реестр специалистов, оказывающих специальные "
        "социальные услуги, портал социальных услуг",
    ),
)


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    dataset: Dataset
    title: Label
    description: Label
    sheet: Label  # the XLSX sheet name: at most 31 characters, none of []:*?/\
    columns: tuple[Column, ...]

    def headers(self, lang: Lang) -> list[str]:
        return [_header(column, lang) for column in self.columns]


def _header(column: Column, lang: Lang) -> str:
    text = column.header.text(lang)
    if column.group is None:
        return text
    return f"{column.group.text(lang)}: {text[:1].lower()}{text[1:]}"


def _column(number: int, code: str, kk: str, ru: str, group: Label | None = None) -> Column:
    return Column(code=code, number=number, header=Label(kk=kk, ru=ru), group=group)


_CONTACTS = Label(kk="Байланыс мәліметтері", ru="Контактные данные")
_LICENSING = Label(kk="Лицензиялау", ru="Лицензирование")
_CONTRACT = Label(kk="Қызмет көрсету келісім шарты", ru="Договор на оказание услуг")

ORGANIZATION_COLUMNS = (
    _column(1, "rowNumber", "№", "№"),
    _column(2, "name", "Ұйымның атауы", "Наименование организации"),
    _column(3, "bin", "бизнес-сәйкестендіру нөмірі", "Бизнес-идентификационный номер"),
    _column(4, "legalAddress", "Мекенжайы", "Юридический адрес"),
    _column(5, "serviceConditions", "Қызмет көрсету шарты", "Условия предоставления услуг"),
    _column(6, "clientCategories", "Қызмет алушылар санаты", "Контингент"),
    _column(7, "totalCapacity", "Ұйымның жалпы қуаттылығы", "Общая мощность организации"),
    _column(8, "phone", "телефон", "телефон", _CONTACTS),
    _column(9, "email", "Электрондық пошта мекенжайы", "Адрес электронной почты", _CONTACTS),
    _column(10, "licenceIssuedOn", "Берілген күні", "Дата выдачи", _LICENSING),
    _column(
        11,
        "licenceValidity",
        "Лицензияның қолдану мерзімі",
        "Срок действия лицензии",
        _LICENSING,
    ),
    _column(
        12, "licenceReissuedOn", "Лицензияның қайта рәсімдеу күні", "Дата переоформления лицензии"
    ),
    _column(13, "contractConcludedOn", "Бекітілген күні", "Дата заключения", _CONTRACT),
    _column(14, "contractTerm", "Шарт мерзімі", "Срок договора", _CONTRACT),
    _column(15, "includedOn", "Енгізілген күні", "Дата включения"),
    _column(
        16,
        "licenceTerminatedOn",
        "Лицензияның қолданысы тоқтатылған күні",
        "Дата прекращения действия лицензии",
    ),
    _column(17, "removalGrounds", "Тіркеуден шығару негізі", "Основания снятия"),
)

SPECIALIST_COLUMNS = (
    _column(
        1,
        "fullName",
        "маманның тегі, аты, әкесінің аты (бар болса)",
        "фамилия, имя, отчество (при его наличии) специалиста",
    ),
    _column(2, "birthDate", "туған күні", "дата рождения"),
    _column(
        3,
        "contacts",
        "байланыс деректері (ұялы телефон, электрондық пошта мекенжайы)",
        "контактные данные (мобильный телефон, адрес электронной почты)",
    ),
    _column(
        4,
        "residence",
        "тұрғылықты мекенжайы (облыс, елді мекен, тіркелген мекенжайы)",
        "адрес проживания (область, населенный пункт, адрес регистрации)",
    ),
    _column(5, "profession", "кәсіп атауы", "наименование профессии"),
    _column(
        6,
        "experience",
        "арнаулы әлеуметтік қызметтер көрсету саласындағы жұмыс өтілі",
        "стаж работы в сфере оказания специальных социальных услуг",
    ),
    _column(
        7,
        "education",
        "білімі туралы мәліметтер (білім деңгейі, оқу орнының атауы, басталу күні, аяқталу "
        "күні, білімі туралы құжат)",
        "сведения об образовании (уровень образования, наименование учебного заведения, дата "
        "начала, дата окончания, документ об образовании)",
    ),
    _column(
        8,
        "employment",
        "еңбек қызметі жөніндегі мәліметтер (ұйымның атауы, БСН, лауазымы, жұмыс басталған "
        "күні, аяқталған күні)",
        "сведения о трудовой деятельности (наименование организации, БИН, должность, дата "
        "начала работы, дата окончания)",
    ),
    _column(
        9,
        "qualification",
        "біліктілік санатын беру туралы ақпарат (біліктілік санаты, біліктілік санатын беру "
        "күні, аттестаттау комиссиясының деректері (уәкілетті органның атауы))",
        "информация о присвоении квалификационной категории (квалификационная категория, "
        "дата присвоения квалификационной категории, данные аттестационной комиссии "
        "(наименование уполномоченного органа))",
    ),
    _column(10, "includedOn", "тізілімге енгізілген күні", "дата включения в реестр"),
)

DATASETS = {
    Dataset.ORGANIZATIONS: DatasetInfo(
        dataset=Dataset.ORGANIZATIONS,
        title=Label(
            kk="Арнаулы әлеуметтік қызметтер көрсететін ұйымдардың тіркелімі",
            ru="Регистр организаций, предоставляющих специальные социальные услуги",
        ),
        description=Label(
            kk="Арнаулы әлеуметтік қызметтер көрсетуге лицензия алған ұйымдар, тіркелім "
            "нысанының 17 бағаны бойынша (Қазақстан Республикасы Еңбек және халықты "
            "әлеуметтік қорғау министрінің 2025 жылғы 7 сәуірдегі № 106 бұйрығы). Өнім "
            "берушінің келісімімен жалпыға қолжетімді жазбалар ғана (7-тармақ). Тіркелімнен "
            "шығарылған ұйымдар лицензияның қолданысы тоқтатылған күнімен және шығару "
            "негізімен қалады.",
            ru="Организации, получившие лицензию на предоставление специальных социальных "
            "услуг, в 17 графах формы регистра (приказ Министра труда и социальной защиты "
            "населения Республики Казахстан от 7 апреля 2025 года № 106). Только сведения, "
            "общедоступные при согласии поставщика (п. 7). Снятые с регистра организации "
            "остаются с датой прекращения действия лицензии и основаниями снятия.",
        ),
        sheet=Label(kk="Ұйымдар", ru="Организации"),
        columns=ORGANIZATION_COLUMNS,
    ),
    Dataset.SPECIALISTS: DatasetInfo(
        dataset=Dataset.SPECIALISTS,
        title=Label(
            kk="Арнаулы әлеуметтік қызметтер көрсететін мамандардың тізілімі",
            ru="Реестр специалистов, оказывающих специальные социальные услуги",
        ),
        description=Label(
            kk="Әлеуметтік көрсетілетін қызметтер порталы арқылы берілген өтініштер негізінде "
            "тізілімге енгізілген мамандар, тізілім нысанының 10 бағаны бойынша (Қазақстан "
            "Республикасы Еңбек және халықты әлеуметтік қорғау министрінің 2025 жылғы "
            "23 қаңтардағы № 21 бұйрығы). Ұйым мен маманның келісімімен жалпыға қолжетімді "
            "жазбалар ғана (5-тармақ).",
            ru="Специалисты, включенные в реестр по заявкам через портал социальных услуг, в "
            "10 графах формы реестра (приказ Министра труда и социальной защиты населения "
            "Республики Казахстан от 23 января 2025 года № 21). Только сведения, "
            "общедоступные при согласии и организации, и специалиста (п. 5).",
        ),
        sheet=Label(kk="Мамандар", ru="Специалисты"),
        columns=SPECIALIST_COLUMNS,
    ),
}

_UNLIMITED_LICENCE = Label(kk="мерзімсіз", ru="бессрочная")
_UNLIMITED_CONTRACT = Label(kk="мерзімсіз", ru="бессрочный")
_UNTIL_NOW = Label(kk="қазіргі уақытқа дейін", ru="по настоящее время")


# --- organisations ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrganizationEntry:
    """One public record with its current licence and latest service contract; its texts are
    already in the export's language."""

    name: str
    bin: str
    legal_address: str
    region: Region
    service_conditions: tuple[ServiceCondition, ...]
    client_categories: tuple[ClientCategory, ...]
    total_capacity: int | None
    phone: str | None
    email: str | None
    licence_issued_on: date | None  # None: no current licence
    licence_valid_until: date | None
    licence_reissued_on: date | None
    contract_concluded_on: date | None  # None: no service contract
    contract_valid_until: date | None
    included_on: date
    licence_terminated_on: date | None
    removal_grounds: str | None


def _address(region: Region, address: str, lang: Lang) -> str:
    """The region's name, then the address. A city of republican significance is its own
    region and the address (or the settlement) already names it, so it is not repeated."""
    if region.is_city:
        return address
    return f"{label_of(region).text(lang)}{FIELD_SEPARATOR}{address}"


def organization_cells(entry: OrganizationEntry, number: int, lang: Lang) -> tuple[Cell, ...]:
    licence_validity: Cell = entry.licence_valid_until
    if entry.licence_issued_on is not None and entry.licence_valid_until is None:
        licence_validity = _UNLIMITED_LICENCE.text(lang)
    contract_term: Cell = entry.contract_valid_until
    if entry.contract_concluded_on is not None and entry.contract_valid_until is None:
        contract_term = _UNLIMITED_CONTRACT.text(lang)
    return (
        number,
        entry.name,
        entry.bin,
        _address(entry.region, entry.legal_address, lang),
        tuple(label_of(member).text(lang) for member in entry.service_conditions),
        tuple(label_of(member).text(lang) for member in entry.client_categories),
        entry.total_capacity,
        entry.phone,
        entry.email,
        entry.licence_issued_on,
        licence_validity,
        entry.licence_reissued_on,
        entry.contract_concluded_on,
        contract_term,
        entry.included_on,
        entry.licence_terminated_on,
        entry.removal_grounds,
    )


# --- specialists -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EducationEntry:
    level: EducationLevel
    institution: str
    started_on: date
    finished_on: date
    document: str


@dataclass(frozen=True, slots=True)
class EmploymentEntry:
    organization_name: str
    employer_bin: str
    position: str
    started_on: date
    ended_on: date | None


@dataclass(frozen=True, slots=True)
class SpecialistEntry:
    """One public entry of the register of specialists, its texts in the export's language."""

    surname: str
    given_name: str
    patronymic: str | None
    birth_date: date
    mobile_phone: str | None
    email: str | None
    region: Region
    settlement: str
    address: str
    profession: str
    experience_years: int
    experience_months: int
    education: tuple[EducationEntry, ...]
    employment: tuple[EmploymentEntry, ...]
    qualification_category: QualificationCategory | None
    qualification_assigned_on: date | None
    qualification_body: str | None
    included_on: date


def _russian_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def experience_text(years: int, months: int, lang: Lang) -> str:
    """Column 6: "8 жыл 4 ай", "8 лет 4 месяца"; a zero part left out ("0 ай" if both are)."""
    if lang is Lang.KK:
        parts = [f"{years} жыл" if years else "", f"{months} ай" if months or not years else ""]
    else:
        parts = [
            f"{years} {_russian_plural(years, 'год', 'года', 'лет')}" if years else "",
            f"{months} {_russian_plural(months, 'месяц', 'месяца', 'месяцев')}"
            if months or not years
            else "",
        ]
    return " ".join(part for part in parts if part)


def _joined(*fields: str | None) -> str:
    return FIELD_SEPARATOR.join(field for field in fields if field)


def _education(entry: EducationEntry, lang: Lang) -> str:
    return _joined(
        label_of(entry.level).text(lang),
        entry.institution,
        entry.started_on.isoformat(),
        entry.finished_on.isoformat(),
        entry.document,
    )


def _employment(entry: EmploymentEntry, lang: Lang) -> str:
    ended = entry.ended_on.isoformat() if entry.ended_on else _UNTIL_NOW.text(lang)
    return _joined(
        entry.organization_name,
        entry.employer_bin,
        entry.position,
        entry.started_on.isoformat(),
        ended,
    )


def _qualification(entry: SpecialistEntry, lang: Lang) -> str | None:
    if entry.qualification_category is None:
        return None
    assigned = entry.qualification_assigned_on
    return _joined(
        label_of(entry.qualification_category).text(lang),
        assigned.isoformat() if assigned else None,
        entry.qualification_body,
    )


def specialist_cells(entry: SpecialistEntry, lang: Lang) -> tuple[Cell, ...]:
    """The form has no row-number column: its 10 columns, in order."""
    return (
        full_name(entry.surname, entry.given_name, entry.patronymic),
        entry.birth_date,
        _joined(entry.mobile_phone, entry.email) or None,
        _address(entry.region, _joined(entry.settlement, entry.address), lang),
        entry.profession,
        experience_text(entry.experience_years, entry.experience_months, lang),
        tuple(_education(e, lang) for e in entry.education),
        tuple(_employment(e, lang) for e in entry.employment),
        _qualification(entry, lang),
        entry.included_on,
    )
