"""The public organisations register, executed through the schema without HTTP."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.labels import Lang
from domain.regions import Region
from domain.register import ClientCategory, ServiceCondition
from resolvers.ids import encode_id
from tests.conftest import execute
from tests.factories import add_organization, make_bin

LIST = """
query($first: Int, $after: String, $filter: OrganizationFilter, $order: OrganizationOrder) {
  organizations(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount
    edges { cursor node { bin name { kk ru text } } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""


def bins(data: dict[str, object]) -> list[str]:
    connection = data["organizations"]
    assert isinstance(connection, dict)
    return [edge["node"]["bin"] for edge in connection["edges"]]


async def test_a_page_lists_consenting_active_organisations_by_russian_name(
    engine: AsyncEngine,
) -> None:
    b = await add_organization(engine, name_ru="Б-центр", name_kk="Б")
    a = await add_organization(engine, name_ru="А-центр", name_kk="Ә")
    del a, b
    result = await execute(engine, LIST)
    assert result.errors == []
    assert result.data is not None
    names = [e["node"]["name"]["ru"] for e in result.data["organizations"]["edges"]]
    assert names == ["А-центр", "Б-центр"]
    assert result.data["organizations"]["totalCount"] == 2


async def test_keyset_pages_walk_the_whole_list_without_repeats(engine: AsyncEngine) -> None:
    for n in range(7):
        await add_organization(engine, name_ru=f"Центр {n}", name_kk=f"Орталық {n}")
    seen: list[str] = []
    after = None
    while True:
        result = await execute(engine, LIST, {"first": 3, "after": after})
        assert result.data is not None
        connection = result.data["organizations"]
        seen += bins(result.data)
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert len(seen) == 7
    assert len(set(seen)) == 7


async def test_a_cursor_stays_valid_when_records_are_inserted_before_it(
    engine: AsyncEngine,
) -> None:
    for name in ("В", "Г", "Д"):
        await add_organization(engine, name_ru=name)
    first = await execute(engine, LIST, {"first": 1})
    assert first.data is not None
    cursor = first.data["organizations"]["pageInfo"]["endCursor"]
    await add_organization(engine, name_ru="А")
    second = await execute(engine, LIST, {"first": 10, "after": cursor})
    assert second.data is not None
    names = [e["node"]["name"]["ru"] for e in second.data["organizations"]["edges"]]
    assert names == ["Г", "Д"]


@pytest.mark.parametrize(
    ("order", "lang", "expected"),
    [
        ("NAME_ASC", Lang.RU, ["Альфа", "Бета", "Гамма"]),
        ("NAME_DESC", Lang.RU, ["Гамма", "Бета", "Альфа"]),
        ("NAME_ASC", Lang.KK, ["Бета", "Гамма", "Альфа"]),
        ("INCLUDED_ON_ASC", Lang.RU, ["Бета", "Альфа", "Гамма"]),
        ("INCLUDED_ON_DESC", Lang.RU, ["Гамма", "Альфа", "Бета"]),
    ],
    ids=["name-ru", "name-ru-desc", "name-kk", "included", "included-desc"],
)
async def test_orderings(engine: AsyncEngine, order: str, lang: Lang, expected: list[str]) -> None:
    await add_organization(engine, name_ru="Альфа", name_kk="В", included_on=date(2023, 5, 1))
    await add_organization(engine, name_ru="Бета", name_kk="А", included_on=date(2022, 5, 1))
    await add_organization(engine, name_ru="Гамма", name_kk="Б", included_on=date(2024, 5, 1))
    result = await execute(engine, LIST, {"order": order, "first": 2}, lang=lang)
    assert result.data is not None
    page1 = [e["node"]["name"]["ru"] for e in result.data["organizations"]["edges"]]
    cursor = result.data["organizations"]["pageInfo"]["endCursor"]
    rest = await execute(engine, LIST, {"order": order, "after": cursor}, lang=lang)
    assert rest.data is not None
    page2 = [e["node"]["name"]["ru"] for e in rest.data["organizations"]["edges"]]
    assert page1 + page2 == expected


async def test_a_cursor_from_another_ordering_or_language_is_refused(engine: AsyncEngine) -> None:
    await add_organization(engine, name_ru="А")
    await add_organization(engine, name_ru="Б")
    result = await execute(engine, LIST, {"first": 1})
    assert result.data is not None
    cursor = result.data["organizations"]["pageInfo"]["endCursor"]
    other_order = await execute(engine, LIST, {"after": cursor, "order": "INCLUDED_ON_ASC"})
    other_lang = await execute(engine, LIST, {"after": cursor}, lang=Lang.KK)
    assert other_order.codes == ["INVALID_CURSOR"]
    assert other_lang.codes == ["INVALID_CURSOR"]


@pytest.mark.parametrize(
    "cursor",
    ["", "not-base64!", "bm9uc2Vuc2U", "WyJvcmdhbml6YXRpb25zIiwxLDJd", "x" * 2000],
    ids=["empty", "garbage", "not-json", "wrong-shape", "huge"],
)
async def test_a_malformed_cursor_is_a_coded_error(engine: AsyncEngine, cursor: str) -> None:
    result = await execute(engine, LIST, {"after": cursor})
    assert result.codes == ["INVALID_CURSOR"]
    assert result.data is None


@pytest.mark.parametrize("first", [0, -1, 101, 1_000_000])
async def test_first_outside_1_to_100_is_refused(engine: AsyncEngine, first: int) -> None:
    result = await execute(engine, LIST, {"first": first})
    assert result.codes == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert "100" in result.errors[0]["message"]


async def test_first_100_is_allowed(engine: AsyncEngine) -> None:
    result = await execute(engine, LIST, {"first": 100})
    assert result.errors == []


async def test_search_finds_either_language_whatever_the_case(engine: AsyncEngine) -> None:
    await add_organization(engine, name_ru="ТОО «Шапағат»", name_kk="«ШАПАҒАТ» ЖШС")
    await add_organization(engine, name_ru="ТОО «Ёлка»", name_kk="«Шырша» ЖШС")
    await add_organization(engine, name_ru="ТОО «Другое»", name_kk="«Басқа» ЖШС")
    for term, expected in [("шапағат", 1), ("ЁЛКА", 1), ("елка", 1), ("шырша", 1), ("тоо", 3)]:
        result = await execute(engine, LIST, {"filter": {"search": term}})
        assert result.data is not None
        assert result.data["organizations"]["totalCount"] == expected, term


async def test_search_treats_like_wildcards_literally(engine: AsyncEngine) -> None:
    await add_organization(engine, name_ru="Центр 100%", name_kk="Орталық")
    await add_organization(engine, name_ru="Центр 1000", name_kk="Орталық")
    for term, expected in [("100%", 1), ("%", 1), ("_", 0)]:
        result = await execute(engine, LIST, {"filter": {"search": term}})
        assert result.data is not None
        assert result.data["organizations"]["totalCount"] == expected, term


async def test_filters_by_bin_region_conditions_categories_and_dates(engine: AsyncEngine) -> None:
    target_bin = make_bin()
    await add_organization(
        engine,
        bin=target_bin,
        region=Region.KARAGANDA,
        conditions=[ServiceCondition.HOME],
        categories=[ClientCategory.HOMELESS, ClientCategory.TRAFFICKING_VICTIMS],
        included_on=date(2025, 6, 1),
    )
    await add_organization(
        engine,
        region=Region.ASTANA,
        conditions=[ServiceCondition.INPATIENT],
        categories=[ClientCategory.ELDERLY_NO_SELF_CARE],
        included_on=date(2020, 6, 1),
    )
    cases: list[tuple[dict[str, object], list[str] | int]] = [
        ({"bin": target_bin}, [target_bin]),
        ({"regions": ["KARAGANDA"]}, [target_bin]),
        ({"regions": ["KARAGANDA", "ASTANA"]}, 2),
        ({"serviceConditions": ["HOME", "SEMI_INPATIENT"]}, [target_bin]),
        ({"clientCategories": ["TRAFFICKING_VICTIMS"]}, [target_bin]),
        ({"clientCategories": ["CHILDREN_MUSCULOSKELETAL"]}, 0),
        ({"includedFrom": "2025-01-01"}, [target_bin]),
        ({"includedTo": "2025-05-31"}, 1),
        ({"includedFrom": "2025-06-01", "includedTo": "2025-06-01"}, [target_bin]),
    ]
    for f, expected in cases:
        result = await execute(engine, LIST, {"filter": f})
        assert result.errors == [], f
        assert result.data is not None
        if isinstance(expected, int):
            assert result.data["organizations"]["totalCount"] == expected, f
        else:
            assert bins(result.data) == expected, f


async def test_status_filter_separates_removed_records(engine: AsyncEngine) -> None:
    active = await add_organization(engine, name_ru="Действующая")
    removed_bin = make_bin()
    await add_organization(engine, bin=removed_bin, removed_on=date(2025, 2, 3))
    del active
    query = """query($s: RegisterStatusFilter) { organizations(filter: {status: $s}) {
        totalCount nodes { bin status statusLabel { ru } licenceTerminatedOn
        removalGrounds { kk ru } licence { status terminatedOn } } } }"""
    default = await execute(engine, LIST)
    removed = await execute(engine, query, {"s": "REMOVED"})
    both = await execute(engine, query, {"s": "ALL"})
    null = await execute(engine, query, {"s": None})
    assert null.data is not None
    assert null.data["organizations"]["totalCount"] == 1
    assert default.data is not None
    assert removed.data is not None
    assert both.data is not None
    assert default.data["organizations"]["totalCount"] == 1
    assert both.data["organizations"]["totalCount"] == 2
    [node] = removed.data["organizations"]["nodes"]
    assert node["bin"] == removed_bin
    assert node["status"] == "REMOVED"
    assert node["statusLabel"]["ru"] == "снята с регистра"
    assert node["licenceTerminatedOn"] == "2025-02-03"
    assert node["removalGrounds"] == {"kk": "Лицензиаттың өтініші", "ru": "По заявлению лицензиата"}
    assert node["licence"] == {"status": "TERMINATED", "terminatedOn": "2025-02-03"}


@pytest.mark.parametrize(
    ("f", "code"),
    [
        ({"bin": "940140000386"}, "INVALID_BIN"),
        ({"bin": "12345"}, "INVALID_BIN"),
        ({"includedFrom": "2025-02-01", "includedTo": "2025-01-01"}, "INVALID_DATE_RANGE"),
        ({"search": "x" * 201}, "TEXT_TOO_LONG"),
        ({"regions": ["ASTANA"] * 21}, "TOO_MANY_VALUES"),
        ({"regions": ["ATLANTIS"]}, "BAD_USER_INPUT"),
        ({"serviceConditions": ["ON_THE_MOON"]}, "BAD_USER_INPUT"),
    ],
)
async def test_bad_filters_get_coded_errors(
    engine: AsyncEngine, f: dict[str, object], code: str
) -> None:
    result = await execute(engine, LIST, {"filter": f})
    assert result.codes == [code]
    assert result.data is None


async def test_an_unknown_enum_literal_in_the_query_is_a_validation_error(
    engine: AsyncEngine,
) -> None:
    result = await execute(engine, "{ organizations(orderBy: SIDEWAYS) { totalCount } }")
    assert result.codes == ["GRAPHQL_VALIDATION_FAILED"]


async def test_a_syntax_error_is_a_coded_parse_error(engine: AsyncEngine) -> None:
    result = await execute(engine, "{ organizations( ")
    assert result.codes == ["GRAPHQL_PARSE_FAILED"]


async def test_error_messages_follow_the_language(engine: AsyncEngine) -> None:
    query = '{ organizations(filter: {bin: "1"}) { totalCount } }'
    ru = await execute(engine, query, lang=Lang.RU)
    kk = await execute(engine, query, lang=Lang.KK)
    assert ru.errors[0]["message"].startswith("Неверный БИН")
    assert kk.errors[0]["message"].startswith("БСН дұрыс емес")
    assert ru.errors[0]["extensions"]["field"] == ["filter", "bin"]


async def test_every_register_column_is_served_with_labels(engine: AsyncEngine) -> None:
    bin_ = make_bin()
    await add_organization(
        engine,
        bin=bin_,
        conditions=[ServiceCondition.HOME, ServiceCondition.INPATIENT],
        categories=[ClientCategory.HOMELESS],
        licences=2,
        contracts=2,
    )
    query = """query($bin: String) { organization(bin: $bin) {
      id name { text } bin legalAddress { ru } region { code name { kk ru text } }
      serviceConditions { code label { kk ru text } } clientCategories { code label { text } }
      totalCapacity phone email includedOn licenceTerminatedOn removalGrounds { ru }
      status statusLabel { text }
      licence { number issuedOn validUntil reissuedOn initialIssuedOn status
                licensee { bin name { ru } } placeOfIssue { kk } signerName }
      licences { number }
      serviceContract { concludedOn validUntil }
    } }"""
    result = await execute(engine, query, {"bin": bin_}, lang=Lang.KK)
    assert result.errors == []
    assert result.data is not None
    org = result.data["organization"]
    assert org["region"] == {
        "code": "ASTANA",
        "name": {"kk": "Астана қаласы", "ru": "город Астана", "text": "Астана қаласы"},
    }
    assert [c["code"] for c in org["serviceConditions"]] == ["INPATIENT", "HOME"]
    assert org["serviceConditions"][1]["label"] == {"kk": "үйде", "ru": "на дому", "text": "үйде"}
    assert org["clientCategories"] == [
        {"code": "HOMELESS", "label": {"text": "белгілі бір тұрғылықты жері жоқ адамдар"}}
    ]
    assert org["statusLabel"] == {"text": "тіркелімде"}
    assert org["licence"]["number"] == f"KZ{bin_}-2"
    assert org["licence"]["licensee"]["bin"] == bin_
    assert [lic["number"] for lic in org["licences"]] == [f"KZ{bin_}-2", f"KZ{bin_}-1"]
    assert org["serviceContract"] == {"concludedOn": "2025-02-10", "validUntil": "2026-02-10"}
    assert org["removalGrounds"] is None


async def test_text_takes_an_explicit_language_over_the_request_one(engine: AsyncEngine) -> None:
    bin_ = make_bin()
    await add_organization(engine, bin=bin_, name_ru="Центр", name_kk="Орталық")
    query = """query($bin: String) { organization(bin: $bin) {
        name { text ru: text(lang: RU) kk: text(lang: KK) } } }"""
    result = await execute(engine, query, {"bin": bin_}, lang=Lang.RU)
    assert result.data == {
        "organization": {"name": {"text": "Центр", "ru": "Центр", "kk": "Орталық"}}
    }


async def test_organization_by_id_and_by_bin_and_licence_by_number(engine: AsyncEngine) -> None:
    bin_ = make_bin()
    org_id = await add_organization(engine, bin=bin_)
    gid = encode_id("Organization", org_id)
    query = """query($id: ID, $bin: String, $n: String!) {
        byId: organization(id: $id) { bin }
        byBin: organization(bin: $bin) { id }
        licence(number: $n) { number organization { bin } } }"""
    result = await execute(engine, query, {"id": gid, "bin": bin_, "n": f"KZ{bin_}-1"})
    assert result.data == {
        "byId": {"bin": bin_},
        "byBin": {"id": gid},
        "licence": {"number": f"KZ{bin_}-1", "organization": {"bin": bin_}},
    }


async def test_organization_needs_exactly_one_of_id_and_bin(engine: AsyncEngine) -> None:
    neither = await execute(engine, "{ organization { bin } }")
    both = await execute(engine, '{ organization(id: "x", bin: "940140000385") { bin } }')
    assert neither.codes == ["ONE_OF_REQUIRED"]
    assert both.codes == ["ONE_OF_REQUIRED"]
    assert "id, bin" in neither.errors[0]["message"]


@pytest.mark.parametrize(
    "gid",
    ["garbage!", encode_id("Licence", 5), encode_id("Specialist", 5), "T3JnYW5pemF0aW9uOmFiYw"],
    ids=["garbage", "licence-id", "unknown-type", "non-numeric"],
)
async def test_organization_by_a_foreign_or_malformed_id_is_invalid(
    engine: AsyncEngine, gid: str
) -> None:
    result = await execute(engine, "query($id: ID) { organization(id: $id) { bin } }", {"id": gid})
    assert result.codes == ["INVALID_ID"]


async def test_node_resolves_organisations_and_licences(engine: AsyncEngine) -> None:
    bin_ = make_bin()
    org_id = await add_organization(engine, bin=bin_)
    query = """query($id: ID!, $n: String!) {
        node(id: $id) { __typename id ... on Organization { bin } }
        licence(number: $n) { id } }"""
    result = await execute(
        engine, query, {"id": encode_id("Organization", org_id), "n": f"KZ{bin_}-1"}
    )
    assert result.data is not None
    assert result.data["node"]["bin"] == bin_
    licence_id = result.data["licence"]["id"]
    again = await execute(
        engine, "query($id: ID!) { node(id: $id) { __typename } }", {"id": licence_id}
    )
    assert again.data == {"node": {"__typename": "Licence"}}


async def test_node_of_an_id_that_does_not_exist_is_null(engine: AsyncEngine) -> None:
    result = await execute(
        engine, "query($id: ID!) { node(id: $id) { id } }", {"id": encode_id("Organization", 42)}
    )
    assert result.data == {"node": None}
    assert result.errors == []


async def test_null_page_size_and_ordering_mean_the_defaults(engine: AsyncEngine) -> None:
    for n in range(3):
        await add_organization(engine, name_ru=f"Центр {n}")
    result = await execute(engine, LIST, {"first": None, "order": None})
    assert result.errors == []
    assert result.data is not None
    assert len(result.data["organizations"]["edges"]) == 3


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (Lang.KK, ["абай", "«Әлем» ЖШС", "Бақыт", "Ерлан", "Ёлка", "Өрлеу", "Яблоко"]),
        (Lang.RU, ["абай", "Бақыт", "Ерлан", "Ёлка", "Яблоко", "«Әлем» ЖШС", "Өрлеу"]),
    ],
)
async def test_names_sort_in_alphabetical_order_of_the_language(
    engine: AsyncEngine, lang: Lang, expected: list[str]
) -> None:
    for name in ("Яблоко", "Өрлеу", "«Әлем» ЖШС", "Бақыт", "абай", "Ёлка", "Ерлан"):
        await add_organization(engine, name_ru=name, name_kk=name)
    query = "query($l: Lang) { organizations(lang: $l) { nodes { name { ru } } } }"
    result = await execute(engine, query, {"l": lang.name})
    assert result.data is not None
    assert [n["name"]["ru"] for n in result.data["organizations"]["nodes"]] == expected


async def test_records_with_equal_sort_keys_are_paged_once_each(engine: AsyncEngine) -> None:
    for _ in range(5):
        await add_organization(
            engine, name_ru="Тёзка", name_kk="Аттас", included_on=date(2024, 1, 1)
        )
    for order in ("NAME_ASC", "NAME_DESC", "INCLUDED_ON_ASC", "INCLUDED_ON_DESC"):
        seen: list[str] = []
        after = None
        for _ in range(5):
            result = await execute(engine, LIST, {"first": 2, "after": after, "order": order})
            assert result.data is not None
            seen += bins(result.data)
            after = result.data["organizations"]["pageInfo"]["endCursor"]
            if not result.data["organizations"]["pageInfo"]["hasNextPage"]:
                break
        assert sorted(seen) == sorted(set(seen))
        assert len(seen) == 5, order


@pytest.mark.parametrize(
    "gid",
    [encode_id("Organization", 2**63), encode_id("Organization", 10**19 - 1)],
    ids=["2^63", "19-nines"],
)
async def test_an_id_beyond_64_bits_is_invalid_and_does_not_spoil_the_request(
    engine: AsyncEngine, gid: str
) -> None:
    bin_ = make_bin()
    org = encode_id("Organization", await add_organization(engine, bin=bin_))
    query = "query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }"
    result = await execute(engine, query, {"a": gid, "b": org})
    assert result.codes == ["INVALID_ID"]
    assert result.data == {"a": None, "b": {"id": org}}


async def test_a_cursor_beyond_64_bits_is_invalid(engine: AsyncEngine) -> None:
    import base64

    import orjson

    raw = orjson.dumps(["organizations:NAME_ASC:ru", "x", 2**63])
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    result = await execute(engine, LIST, {"after": cursor})
    assert result.codes == ["INVALID_CURSOR"]


@pytest.mark.parametrize(
    "query",
    [
        "{ " + " ".join(f"a{i}: organizations {{ totalCount }}" for i in range(16)) + " }",
        "{ organizations { nodes "
        + "{ licence { organization " * 6
        + "{ bin }"
        + " } }" * 6
        + " } }",
        "{ organizations { totalCount " + "__typename " * 1000 + "} }",
    ],
    ids=["16-aliases", "depth-15", "1000-tokens"],
)
async def test_documents_too_wide_deep_or_long_are_refused_before_execution(
    engine: AsyncEngine, query: str, sql_counter: object
) -> None:
    from tests.conftest import StatementCounter

    assert isinstance(sql_counter, StatementCounter)
    result = await execute(engine, query)
    assert result.codes == ["QUERY_TOO_COMPLEX"]
    assert result.data is None
    assert sql_counter.count == 0


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($f: Int) { organizations(first: $g) { totalCount } }", {}),
        ("query($f: String) { organizations(first: $f) { totalCount } }", {"f": "1"}),
    ],
    ids=["undefined-variable", "wrong-variable-type"],
)
async def test_variable_mistakes_in_the_document_are_validation_errors(
    engine: AsyncEngine, query: str, variables: dict[str, object]
) -> None:
    result = await execute(engine, query, variables)
    assert set(result.codes) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_a_failing_field_does_not_take_down_others_awaiting_the_same_load(
    engine: AsyncEngine,
) -> None:
    """`node`'s `specialists` fails (a cursor of another list) while `licences` under it awaits
    the organisation's licences, which the list asks for too: graphql-core cancels what is
    pending under the failed `node`, and the load shared with the list must survive that
    (it once raised CancelledError out of the request; found by tests/fuzz)."""
    org = await add_organization(engine)
    foreign = (  # ["organizations:INCLUDED_ON_DESC:ru", "2024-01-15", 18446744073709551616]
        "WyJvcmdhbml6YXRpb25zOklOQ0xVREVEX09OX0RFU0M6cnUiLCAiMjAyNC0wMS0xNSIsIDE4NDQ2NzQ0MDcz"
        "NzA5NTUxNjE2XQ"
    )
    query = """query($id: ID!, $after: String) {
      organizations { nodes { licences { number } } }
      node(id: $id) {
        ... on Organization { licences { number } specialists(after: $after) { totalCount } }
      }
    }"""
    result = await execute(engine, query, {"id": encode_id("Organization", org), "after": foreign})
    assert result.data is not None
    assert result.data["node"] is None
    [listed] = result.data["organizations"]["nodes"]
    assert len(listed["licences"]) == 1
    assert [e["extensions"]["code"] for e in result.errors] == ["INVALID_CURSOR"]
