"""Reading the register of specialists: every filter, both name orders, keyset pages, the
texts in Kazakh and Russian, the employer's register record, an organisation's specialists,
and a constant number of SQL statements per page at any size."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.labels import Lang, label_of
from domain.regions import Region
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import Education, Employment, Qualification
from domain.viewer import PUBLIC, Viewer
from storage.engine import write_transaction
from storage.ids import new_id
from storage.specialist_writes import include_specialist
from tests.conftest import OFFICER, Result, StatementCounter, execute
from tests.factories import add_organization, make_bin
from tests.specialists.flow import APPLICANT_EMAIL, REGISTRAR, add_specialist, specialist_form

PAGE = """totalCount edges { cursor node { id fullName } }
  pageInfo { hasNextPage hasPreviousPage endCursor }"""
LIST = f"""query($first: Int, $after: String, $filter: SpecialistFilter,
               $order: SpecialistOrder, $lang: Lang) {{
  specialists(first: $first, after: $after, filter: $filter, orderBy: $order, lang: $lang) {{
    {PAGE} }} }}"""

AT_ORGANIZATION = f"""query($bin: String!, $first: Int, $after: String,
                           $order: SpecialistOrder, $lang: Lang) {{
  organization(bin: $bin) {{
    specialists(first: $first, after: $after, orderBy: $order, lang: $lang) {{ {PAGE} }} }} }}"""


def connection(result: Result, *path: str) -> dict[str, Any]:
    assert result.errors == [], result.errors
    value: Any = result.data
    for key in path:
        assert isinstance(value, dict)
        value = value[key]
    assert isinstance(value, dict)
    return value


def full_names(page: dict[str, Any]) -> list[str]:
    return [edge["node"]["fullName"] for edge in page["edges"]]


def job(
    bin_: str, *, ended_on: date | None = None, position: str = "психолог", started: int = 2015
) -> Employment:
    return Employment(
        "«Жан» ЖШС", "ТОО «Жан»", bin_, position, position, date(started, 1, 1), ended_on
    )


def category(value: QualificationCategory) -> Qualification:
    return Qualification(value, date(2020, 1, 1), "Комиссия", "Комиссия")


async def add_named(engine: AsyncEngine, surname: str, given_name: str = "Тест", **kw: Any) -> str:
    kw.setdefault("patronymic", None)
    return await add_specialist(engine, surname=surname, given_name=given_name, **kw)


# --- filters ----------------------------------------------------------------------------------

FIRST_BIN, SECOND_BIN = make_bin(), make_bin()
ABENOVA = "Әбенова Әлия Серікқызы"
IVANOVA = "Иванова Мария Петровна"
YOLKIN = "Ёлкин Сергей"
SERIKBAEV = "Серікбаев Нұрлан Әлиұлы"
BAD_CHECK_DIGIT = FIRST_BIN[:-1] + str((int(FIRST_BIN[-1]) + 1) % 10)


async def add_person(
    engine: AsyncEngine,
    name: str,
    region: Region,
    profession: tuple[str, str],
    employment: tuple[Employment, ...],
    qualification: QualificationCategory | None,
) -> None:
    surname, given_name, *patronymic = name.split()
    await add_specialist(
        engine, surname=surname, given_name=given_name, patronymic=next(iter(patronymic), None),
        region=region, profession_kk=profession[0], profession_ru=profession[1],
        employment=employment, qualification=category(qualification) if qualification else None,
    )  # fmt: skip


async def four_specialists(engine: AsyncEngine) -> None:
    await add_person(
        engine, ABENOVA, Region.ASTANA, ("психолог", "психолог"), (job(FIRST_BIN),),
        QualificationCategory.HIGHEST,
    )  # fmt: skip
    await add_person(  # left the first employer for the second
        engine, IVANOVA, Region.ALMATY, ("әлеуметтік қызметкер", "социальный работник"),
        (job(FIRST_BIN, ended_on=date(2019, 12, 31)), job(SECOND_BIN, started=2020)),
        QualificationCategory.SECOND,
    )  # fmt: skip
    await add_person(  # two entries at the first employer, the later one current
        engine, YOLKIN, Region.SHYMKENT, ("логопед", "логопед"),
        (
            job(FIRST_BIN, ended_on=date(2018, 5, 31), position="тәрбиеші"),
            job(FIRST_BIN, started=2019, position="логопед"),
        ),
        QualificationCategory.FIRST,
    )  # fmt: skip
    await add_person(
        engine, SERIKBAEV, Region.ASTANA,
        ("әлеуметтік жұмыс жөніндегі маман", "специалист по социальной работе"),
        (job(SECOND_BIN),), None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"name": "әлия"}, [ABENOVA]),
        ({"name": "ӘЛИЯ"}, [ABENOVA]),
        ({"name": "ова"}, [ABENOVA, IVANOVA]),
        ({"name": "петровна"}, [IVANOVA]),
        ({"name": "серік"}, [ABENOVA, SERIKBAEV]),
        ({"name": "ұлы"}, [SERIKBAEV]),
        ({"name": "елкин"}, [YOLKIN]),
        ({"name": "  сергей  "}, [YOLKIN]),
        ({"name": "ёлкин   СЕРГЕЙ"}, [YOLKIN]),
        ({"name": "нет такого"}, []),
        ({"name": "%"}, []),
        ({"name": "_"}, []),
        ({"profession": "ПСИХОЛОГ"}, [ABENOVA]),
        ({"profession": "қызметкер"}, [IVANOVA]),
        ({"profession": "работник"}, [IVANOVA]),
        ({"profession": "маман"}, [SERIKBAEV]),
        ({"profession": "социальн"}, [IVANOVA, SERIKBAEV]),
        ({"regions": ["ASTANA"]}, [ABENOVA, SERIKBAEV]),
        ({"regions": ["ALMATY", "SHYMKENT"]}, [IVANOVA, YOLKIN]),
        ({"employerBin": FIRST_BIN}, [ABENOVA, YOLKIN]),
        ({"employerBin": SECOND_BIN}, [IVANOVA, SERIKBAEV]),
        ({"employerBin": f" {FIRST_BIN[:4]} {FIRST_BIN[4:8]} {FIRST_BIN[8:]} "}, [ABENOVA, YOLKIN]),
        ({"employerBin": make_bin()}, []),
        ({"qualificationCategories": ["HIGHEST", "FIRST"]}, [ABENOVA, YOLKIN]),
        ({"qualificationCategories": ["SECOND"]}, [IVANOVA]),
        ({"regions": ["ASTANA"], "employerBin": SECOND_BIN}, [SERIKBAEV]),
        ({"name": "ова", "qualificationCategories": ["SECOND"]}, [IVANOVA]),
        ({"profession": "психолог", "regions": ["ALMATY"]}, []),
        (
            {"name": "", "regions": [], "qualificationCategories": []},
            [ABENOVA, IVANOVA, YOLKIN, SERIKBAEV],
        ),
    ],
)
async def test_a_filter_returns_exactly_the_matching_specialists_and_counts_them(
    engine: AsyncEngine, filter_: dict[str, Any], expected: list[str]
) -> None:
    await four_specialists(engine)
    page = connection(await execute(engine, LIST, {"filter": filter_, "first": 100}), "specialists")
    found = full_names(page)
    assert sorted(found) == sorted(expected)
    assert len(found) == len(set(found))  # nobody twice, whatever the number of jobs
    assert page["totalCount"] == len(expected)


# --- orderings --------------------------------------------------------------------------------

KAZAKH_ORDER = [
    "Аханов", "Әлиев", "Бекова", "Гусев", "Ғабитов", "Ежов", "Ёлкин", "Жуков", "Кузнецов",
    "Қасымов", "Мансуров", "Маңғазов", "Маратов", "Омаров", "Өтепов", "Усов", "Ұлықбеков",
    "Үсенов", "Харитонов", "Һашимов", "Ыбыраев", "Ілиясов", "Эминов", "Яковлев",
]  # fmt: skip
# domain.text: letters the Russian alphabet lacks sort after all of its own, in Kazakh order.
RUSSIAN_ORDER = [
    "Аханов", "Бекова", "Гусев", "Ежов", "Ёлкин", "Жуков", "Кузнецов", "Мансуров", "Маратов",
    "Маңғазов", "Омаров", "Усов", "Харитонов", "Ыбыраев", "Эминов", "Яковлев",
    "Әлиев", "Ғабитов", "Қасымов", "Өтепов", "Ұлықбеков", "Үсенов", "Һашимов", "Ілиясов",
]  # fmt: skip


async def surnames_in_order(
    engine: AsyncEngine, order: str, lang: Lang | None, *, context_lang: Lang = Lang.RU
) -> list[str]:
    variables = {"order": order, "first": 100, "lang": lang.name if lang else None}
    page = connection(await execute(engine, LIST, variables, lang=context_lang), "specialists")
    return [name.split()[0] for name in full_names(page)]


@pytest.mark.parametrize(
    ("order", "lang", "expected"),
    [
        ("NAME_ASC", Lang.KK, KAZAKH_ORDER),
        ("NAME_ASC", Lang.RU, RUSSIAN_ORDER),
        ("NAME_DESC", Lang.KK, KAZAKH_ORDER[::-1]),
        ("NAME_DESC", Lang.RU, RUSSIAN_ORDER[::-1]),
    ],
    ids=["asc-kk", "asc-ru", "desc-kk", "desc-ru"],
)
async def test_names_sort_in_the_alphabet_of_the_language(
    engine: AsyncEngine, order: str, lang: Lang, expected: list[str]
) -> None:
    for surname in sorted(KAZAKH_ORDER):  # inserted in neither order
        await add_named(engine, surname.upper() if surname == "Ёлкин" else surname)
    found = await surnames_in_order(engine, order, lang)
    assert [s.capitalize() for s in found] == expected


async def test_the_name_order_follows_the_request_language_unless_lang_is_given(
    engine: AsyncEngine,
) -> None:
    for surname in ("Әлиев", "Бекова", "Яковлев"):
        await add_named(engine, surname)
    kazakh, russian = ["Әлиев", "Бекова", "Яковлев"], ["Бекова", "Яковлев", "Әлиев"]
    assert await surnames_in_order(engine, "NAME_ASC", None, context_lang=Lang.KK) == kazakh
    assert await surnames_in_order(engine, "NAME_ASC", None, context_lang=Lang.RU) == russian
    assert await surnames_in_order(engine, "NAME_ASC", Lang.KK, context_lang=Lang.RU) == kazakh
    assert await surnames_in_order(engine, "NAME_ASC", Lang.RU, context_lang=Lang.KK) == russian


async def test_a_given_name_and_patronymic_decide_between_equal_surnames(
    engine: AsyncEngine,
) -> None:
    await add_named(engine, "Омаров", "Нұрлан", patronymic="Бекұлы")
    await add_named(engine, "Омаров", "Нұрлан", patronymic="Әлиұлы")
    await add_named(engine, "Омаров", "Асқар")
    await add_named(engine, "Омар", "Өмір")
    page = await execute(engine, LIST, {"order": "NAME_ASC", "lang": "KK"})
    assert full_names(connection(page, "specialists")) == [
        "Омар Өмір", "Омаров Асқар", "Омаров Нұрлан Әлиұлы", "Омаров Нұрлан Бекұлы",
    ]  # fmt: skip


# --- pagination -------------------------------------------------------------------------------


async def walk(engine: AsyncEngine, query: str, variables: dict[str, Any], *path: str) -> Any:
    """Follows `endCursor` two at a time to the end: the surnames seen and each totalCount;
    no specialist may come twice."""
    seen: list[str] = []
    ids: set[str] = set()
    counts: set[int] = set()
    after = None
    while True:
        result = await execute(engine, query, {**variables, "first": 2, "after": after})
        page = connection(result, *path)
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert page["pageInfo"]["endCursor"] == (page["edges"] or [{"cursor": None}])[-1]["cursor"]
        assert 1 <= len(page["edges"]) <= 2
        seen += [name.split()[0] for name in full_names(page)]
        ids |= {edge["node"]["id"] for edge in page["edges"]}
        assert len(ids) == len(seen)
        counts.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            return seen, counts
        after = page["pageInfo"]["endCursor"]


SEVEN = ["Аханов", "Әлиев", "Бекова", "Ғабитов", "Ёлкин", "Қасымов", "Өтепов"]  # kk order
SEVEN_RU = ["Аханов", "Бекова", "Ёлкин", "Әлиев", "Ғабитов", "Қасымов", "Өтепов"]


@pytest.mark.parametrize(
    ("order", "lang", "expected"),
    [
        ("NAME_ASC", "KK", SEVEN),
        ("NAME_DESC", "RU", SEVEN_RU[::-1]),
        ("INCLUDED_ON_ASC", "KK", SEVEN[::-1]),
        ("INCLUDED_ON_DESC", "RU", SEVEN),
    ],
)
async def test_pages_of_two_visit_every_specialist_once_in_order(
    engine: AsyncEngine, order: str, lang: str, expected: list[str]
) -> None:
    for day, surname in enumerate(SEVEN[::-1], start=1):  # included in reverse name order
        await add_named(engine, surname, included_on=date(2025, 1, day))
    seen, counts = await walk(engine, LIST, {"order": order, "lang": lang}, "specialists")
    assert seen == expected
    assert counts == {7}


async def test_equal_names_and_dates_are_split_across_pages_without_loss(
    engine: AsyncEngine,
) -> None:
    here = make_bin()
    await add_organization(engine, bin=here)
    for _ in range(5):
        await add_named(engine, "Омаров", employment=(job(here),))
    for order in ("NAME_ASC", "NAME_DESC", "INCLUDED_ON_ASC", "INCLUDED_ON_DESC"):
        everyone = await walk(engine, LIST, {"order": order}, "specialists")
        working_here = {"bin": here, "order": order}
        staff = await walk(engine, AT_ORGANIZATION, working_here, "organization", "specialists")
        assert everyone == staff == (["Омаров"] * 5, {5})


async def test_a_cursor_of_another_ordering_or_language_is_refused(engine: AsyncEngine) -> None:
    for surname in ("Әлиев", "Бекова", "Яковлев"):
        await add_named(engine, surname)
    first = await execute(engine, LIST, {"first": 1, "order": "NAME_ASC", "lang": "KK"})
    cursor = connection(first, "specialists")["pageInfo"]["endCursor"]
    same = await execute(engine, LIST, {"after": cursor, "order": "NAME_ASC", "lang": "KK"})
    assert full_names(connection(same, "specialists")) == ["Бекова Тест", "Яковлев Тест"]
    other_order = {"after": cursor, "order": "INCLUDED_ON_DESC", "lang": "KK"}
    other_lang = {"after": cursor, "order": "NAME_ASC", "lang": "RU"}
    for variables in (other_order, other_lang, {"after": cursor}):  # the last: lang from context
        assert (await execute(engine, LIST, variables, lang=Lang.RU)).codes == ["INVALID_CURSOR"]
    await add_organization(engine)
    organisations = await execute(engine, "{ organizations(first: 1) { pageInfo { endCursor } } }")
    foreign = connection(organisations, "organizations")["pageInfo"]["endCursor"]
    assert (await execute(engine, LIST, {"after": foreign})).codes == ["INVALID_CURSOR"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"first": 0}, "PAGE_SIZE_OUT_OF_RANGE"),
        ({"first": 101}, "PAGE_SIZE_OUT_OF_RANGE"),
        ({"first": -1}, "PAGE_SIZE_OUT_OF_RANGE"),
        ({"filter": {"name": "а" * 201}}, "TEXT_TOO_LONG"),
        ({"filter": {"profession": "а" * 201}}, "TEXT_TOO_LONG"),
        ({"filter": {"regions": [r.value for r in Region] + ["ASTANA"]}}, "TOO_MANY_VALUES"),
        ({"filter": {"qualificationCategories": ["FIRST"] * 21}}, "TOO_MANY_VALUES"),
        ({"filter": {"employerBin": BAD_CHECK_DIGIT}}, "INVALID_BIN"),
        ({"filter": {"employerBin": "12345"}}, "INVALID_BIN"),
    ],
    ids=[
        "first-0", "first-101", "first-negative", "name-201", "profession-201", "regions-21",
        "categories-21", "bin-check-digit", "bin-short",
    ],
)  # fmt: skip
async def test_bad_input_is_refused_with_its_code(
    engine: AsyncEngine, variables: dict[str, Any], code: str
) -> None:
    await add_named(engine, "Бекова")
    result = await execute(engine, LIST, variables)
    assert result.codes == [code]
    assert result.data is None


async def test_limits_themselves_are_accepted(engine: AsyncEngine) -> None:
    await add_named(engine, "Бекова")
    for variables in (
        {"first": 1},
        {"first": 100},
        {"filter": {"name": "а" * 200, "profession": "а" * 200}},
        {"filter": {"regions": [r.value for r in Region]}},
        {"filter": {"qualificationCategories": ["FIRST"] * 20}},
    ):
        assert (await execute(engine, LIST, variables)).errors == [], variables


# --- texts in both languages ------------------------------------------------------------------

BILINGUAL = """query($id: ID!) { specialist(id: $id) {
  profession { kk ru text }
  residence { region { code name { kk ru text } } settlement { kk ru text }
              address { kk ru text } }
  education { levelLabel { kk ru text } institution { kk ru text } }
  employment { organizationName { kk ru text } position { kk ru text(lang: KK) } }
  qualification { categoryLabel { kk ru text } attestationBody { kk ru text } }
} }"""


@pytest.mark.parametrize("lang", [Lang.KK, Lang.RU])
async def test_every_text_and_label_is_in_kazakh_and_russian_with_text_in_the_request_language(
    engine: AsyncEngine, lang: Lang
) -> None:
    pk = await add_specialist(
        engine,
        region=Region.ASTANA,
        settlement_kk="Астана қ.", settlement_ru="г. Астана",
        address_kk="Абай д-лы, 10", address_ru="пр. Абая, 10",
        profession_kk="әлеуметтік қызметкер", profession_ru="социальный работник",
        education=(
            Education(EducationLevel.HIGHER, "ЕҰУ", "ЕНУ", date(2003, 9, 1), date(2007, 6, 1), "Д"),
        ),
        employment=(
            Employment("«Мейірім» ЖШС", "ТОО «Мейірім»", make_bin(), "күтуші", "сиделка",
                       date(2015, 1, 1), None),
        ),
        qualification=Qualification(QualificationCategory.FIRST, date(2022, 5, 20),
                                    "Аттестаттау комиссиясы", "Аттестационная комиссия"),
    )  # fmt: skip
    result = await execute(engine, BILINGUAL, {"id": pk}, lang=lang)
    s = connection(result, "specialist")

    def both(kk: str, ru: str) -> dict[str, str]:
        return {"kk": kk, "ru": ru, "text": kk if lang is Lang.KK else ru}

    region = label_of(Region.ASTANA)
    higher = label_of(EducationLevel.HIGHER)
    first = label_of(QualificationCategory.FIRST)
    assert s["profession"] == both("әлеуметтік қызметкер", "социальный работник")
    assert s["residence"] == {
        "region": {"code": "ASTANA", "name": both(region.kk, region.ru)},
        "settlement": both("Астана қ.", "г. Астана"),
        "address": both("Абай д-лы, 10", "пр. Абая, 10"),
    }
    assert s["education"] == [
        {"levelLabel": both(higher.kk, higher.ru), "institution": both("ЕҰУ", "ЕНУ")}
    ]
    assert s["employment"] == [
        {
            "organizationName": both("«Мейірім» ЖШС", "ТОО «Мейірім»"),
            "position": {"kk": "күтуші", "ru": "сиделка", "text": "күтуші"},  # text(lang: KK)
        }
    ]
    assert s["qualification"] == {
        "categoryLabel": both(first.kk, first.ru),
        "attestationBody": both("Аттестаттау комиссиясы", "Аттестационная комиссия"),
    }


# --- the employer's register record -----------------------------------------------------------

EMPLOYERS = """query($id: ID!) {
  specialists(first: 10) { totalCount nodes { id } }
  specialist(id: $id) {
    fullName
    employment { employerBin current organization { bin name { ru } } }
  }
  node(id: $id) { ... on Specialist { employment { organization { bin } } } }
}"""


@pytest.mark.parametrize("viewer", [PUBLIC, OFFICER], ids=["public", "officer"])
async def test_an_employment_names_the_registered_organisation_only_when_the_reader_sees_it(
    engine: AsyncEngine, viewer: Viewer
) -> None:
    consenting, silent, unregistered = make_bin(), make_bin(), make_bin()
    await add_organization(engine, bin=consenting, name_ru="ТОО «Открытое»")
    await add_organization(engine, bin=silent, name_ru="ТОО «Закрытое»", consent=False)
    pk = await add_specialist(
        engine,
        employment=(
            job(consenting),
            job(silent, ended_on=date(2014, 12, 31), started=2010),
            job(unregistered, ended_on=date(2009, 12, 31), started=2005),
        ),
    )
    result = await execute(engine, EMPLOYERS, {"id": pk}, viewer=viewer)
    assert result.errors == []
    assert result.data is not None
    sees_all = viewer is OFFICER
    assert result.data["specialists"] == {"totalCount": 1, "nodes": [{"id": pk}]}
    shown = {"bin": silent, "name": {"ru": "ТОО «Закрытое»"}} if sees_all else None
    assert result.data["specialist"] == {
        "fullName": "Иванова Мария Петровна",
        "employment": [
            {
                "employerBin": consenting,
                "current": True,
                "organization": {"bin": consenting, "name": {"ru": "ТОО «Открытое»"}},
            },
            {"employerBin": silent, "current": False, "organization": shown},
            {"employerBin": unregistered, "current": False, "organization": None},
        ],
    }
    assert result.data["node"] == {
        "employment": [
            {"organization": {"bin": consenting}},
            {"organization": {"bin": silent} if sees_all else None},
            {"organization": None},
        ]
    }


# --- an organisation's specialists ------------------------------------------------------------


async def test_an_organisation_lists_who_works_there_now_in_pages(engine: AsyncEngine) -> None:
    here, elsewhere = make_bin(), make_bin()
    await add_organization(engine, bin=here)
    await add_named(engine, "Бекова", employment=(job(here),))
    await add_named(engine, "Әлиев", employment=(job(here),))
    await add_named(engine, "Яковлев", employment=(job(elsewhere), job(here, started=2016)))
    await add_named(  # two current positions here: listed once
        engine, "Қасымов", employment=(job(here, position="психолог"), job(here, position="ЛФК"))
    )
    await add_named(engine, "Өтепов", employment=(job(here, ended_on=date(2020, 1, 1)),))
    await add_named(engine, "Ежов", employment=(job(elsewhere),))
    came_back = (job(here, ended_on=date(2016, 1, 1), started=2010), job(here, started=2018))
    await add_named(engine, "Ұлықбеков", employment=came_back)
    kazakh = ["Әлиев", "Бекова", "Қасымов", "Ұлықбеков", "Яковлев"]
    for order, lang, expected in (
        ("NAME_ASC", "KK", kazakh),
        ("NAME_DESC", "KK", kazakh[::-1]),
        ("NAME_ASC", "RU", ["Бекова", "Яковлев", "Әлиев", "Қасымов", "Ұлықбеков"]),
    ):
        variables = {"bin": here, "order": order, "lang": lang}
        path = ("organization", "specialists")
        assert await walk(engine, AT_ORGANIZATION, variables, *path) == (expected, {5})
    # The register's own filter agrees with the organisation's list.
    filtered = {"filter": {"employerBin": here}, "order": "NAME_ASC", "lang": "KK"}
    assert await walk(engine, LIST, filtered, "specialists") == (kazakh, {5})
    # Its cursors and sizes are checked as the register's are.
    page = await execute(engine, AT_ORGANIZATION, {"bin": here, "first": 1, "lang": "KK"})
    cursor = connection(page, "organization", "specialists")["pageInfo"]["endCursor"]
    for variables in (
        {"bin": here, "after": cursor, "lang": "RU"},
        {"bin": here, "after": cursor, "lang": "KK", "order": "INCLUDED_ON_ASC"},
    ):
        assert (await execute(engine, AT_ORGANIZATION, variables)).codes == ["INVALID_CURSOR"]
    for first in (0, 101):
        result = await execute(engine, AT_ORGANIZATION, {"bin": here, "first": first})
        assert result.codes == ["PAGE_SIZE_OUT_OF_RANGE"]


ALL_EMPLOYERS = """{ organizations(first: 100, lang: RU) { nodes { bin
  specialists(lang: KK) { totalCount edges { node { fullName } } } } } }"""


async def test_several_organisations_list_their_own_specialists_in_one_query(
    engine: AsyncEngine,
) -> None:
    a, b, c = make_bin(), make_bin(), make_bin()
    await add_organization(engine, bin=a, name_ru="А")
    await add_organization(engine, bin=b, name_ru="Б")
    await add_organization(engine, bin=c, name_ru="В")
    await add_named(engine, "Бекова", employment=(job(a),))
    await add_named(engine, "Әлиев", employment=(job(a), job(b, started=2016)))
    await add_named(engine, "Яковлев", employment=(job(b), job(a, ended_on=date(2014, 1, 1))))
    await add_named(engine, "Өтепов", employment=(job(c, ended_on=date(2014, 1, 1)),))
    result = await execute(engine, ALL_EMPLOYERS)
    found = {
        org["bin"]: (org["specialists"]["totalCount"], full_names(org["specialists"]))
        for org in connection(result, "organizations")["nodes"]
    }
    assert found == {
        a: (2, ["Әлиев Тест", "Бекова Тест"]),
        b: (2, ["Әлиев Тест", "Яковлев Тест"]),
        c: (0, []),
    }


# --- statement counts -------------------------------------------------------------------------

SPECIALIST_PAGE = """query($first: Int) { specialists(first: $first) {
  totalCount
  edges { node {
    fullName qualification { category } residence { region { code } }
    education { level institution { ru } }
    employment { position { ru } organization { name { ru } licence { number } } }
  } }
} }"""

ORGANIZATION_PAGE = """query($first: Int) { organizations(first: $first) { nodes {
  specialists(first: 5) { totalCount nodes { fullName education { level } } }
} } }"""


async def a_large_register(engine: AsyncEngine) -> None:
    """30 consenting organisations; 120 specialists with 2 education and 2 employment entries
    each (a current job at one organisation, an ended one at the next)."""
    bins = [make_bin() for _ in range(30)]
    for n, bin_ in enumerate(bins):
        await add_organization(engine, bin=bin_, name_ru=f"Организация {n:02d}")
    school = (
        Education(EducationLevel.TECHNICAL_VOCATIONAL, "Колледж", "Колледж",
                  date(1997, 9, 1), date(2000, 6, 30), "К-1"),
        Education(EducationLevel.HIGHER, "ҚазҰУ", "КазНУ",
                  date(2000, 9, 1), date(2004, 6, 30), "Д-1"),
    )  # fmt: skip
    async with write_transaction(engine) as conn:
        for n in range(120):
            form = specialist_form(
                surname=f"Маман{'абвгдежзик'[n % 10]}",
                given_name=f"Тест{'абвгдежзиклм'[n // 10]}",
                education=school,
                employment=(
                    job(bins[(n + 1) % 30], ended_on=date(2014, 12, 31), started=2010),
                    job(bins[n % 30]),
                ),
            )
            await include_specialist(
                conn, application_id=new_id(), applicant=APPLICANT_EMAIL, form=form,
                included_on=date(2025, 6, 2), at=datetime(2025, 6, 2, 5, tzinfo=UTC),
                consent_by=REGISTRAR,
            )  # fmt: skip


async def statements_for(
    engine: AsyncEngine, counter: StatementCounter, query: str, first: int, path: str
) -> int:
    counter.statements.clear()
    result = await execute(engine, query, {"first": first})
    page = connection(result, path)
    rows = page["edges"] if "edges" in page else page["nodes"]
    assert len(rows) == first
    if path == "specialists":
        node = rows[-1]["node"]
        assert len(node["education"]) == 2
        assert [job["organization"] is not None for job in node["employment"]] == [True, True]
        assert node["employment"][0]["organization"]["licence"]["number"].startswith("KZ")
    else:
        assert all(org["specialists"]["totalCount"] == 4 for org in rows)
        assert all(len(org["specialists"]["nodes"]) == 4 for org in rows)
    return counter.count


@pytest.mark.parametrize(
    ("query", "path", "sizes", "statements"),
    [
        # page + count + education + employment + employers (with their current licence)
        (SPECIALIST_PAGE, "specialists", (10, 100), 5),
        # organisations + their specialists (one window query) + their counts + education
        (ORGANIZATION_PAGE, "organizations", (5, 30), 4),
    ],
    ids=["specialists", "organisations"],
)
async def test_a_page_with_everything_nested_costs_the_same_statements_at_any_size(
    engine: AsyncEngine,
    sql_counter: StatementCounter,
    query: str,
    path: str,
    sizes: tuple[int, int],
    statements: int,
) -> None:
    await a_large_register(engine)
    small = await statements_for(engine, sql_counter, query, sizes[0], path)
    large = await statements_for(engine, sql_counter, query, sizes[1], path)
    assert small == large
    assert large == statements, sql_counter.statements
