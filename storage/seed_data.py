"""Word lists for storage/seed.py: cities, streets, organisation kinds, names, fixed texts.

Each region's organisations sit in its administrative centre (the three cities of republican
significance are their own centre). Streets are real streets of those cities, named the way
addresses are written: Kazakh `Қарағанды қ., Бұқар жырау даңғылы, 45`, Russian
`г. Караганда, проспект Бухар-Жырау, 45`.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.regions import Region
from domain.register import ClientCategory as C
from domain.register import ServiceCondition as S

__all__ = [
    "CITIES",
    "DEMO_APPLICANTS",
    "DEMO_DOCUMENTS",
    "DEMO_HEADS",
    "DEMO_REGION_COUNTS",
    "DEMO_TEXTS",
    "KINDS",
    "LICENSOR_KK",
    "LICENSOR_RU",
    "MOBILE_PREFIXES",
    "NOTE_KK",
    "NOTE_RU",
    "PLACE_OF_ISSUE_KK",
    "PLACE_OF_ISSUE_RU",
    "PROPER_NAMES",
    "REGION_GENITIVE_RU",
    "REMOVAL_GROUNDS",
    "SIGNERS",
    "WALKTHROUGH_BIN",
    "City",
    "DemoApplicant",
    "DemoTexts",
    "OrgKind",
    "transliterate",
]


@dataclass(frozen=True, slots=True)
class City:
    """A region's administrative centre: names, Russian genitive, phone area code, streets."""

    kk: str
    ru: str
    ru_genitive: str
    area_code: str
    streets: tuple[tuple[str, str], ...]  # (kk, ru)

    @property
    def kk_genitive(self) -> str:
        return f"{self.kk} қаласының"


CITIES: dict[Region, City] = {
    Region.ABAI: City(
        "Семей",
        "Семей",
        "Семея",
        "7222",
        (
            ("Абай көшесі", "улица Абая"),
            ("Шәкәрім даңғылы", "проспект Шакарима"),
            ("Қабанбай батыр көшесі", "улица Кабанбай батыра"),
            ("Найманбаев көшесі", "улица Найманбаева"),
        ),
    ),
    Region.AKMOLA: City(
        "Көкшетау",
        "Кокшетау",
        "Кокшетау",
        "7162",
        (
            ("Абай көшесі", "улица Абая"),
            ("Әуезов көшесі", "улица Ауэзова"),
            ("Ақан сері көшесі", "улица Акана серэ"),
            ("Қажымұқан көшесі", "улица Кажымукана"),
        ),
    ),
    Region.AKTOBE: City(
        "Ақтөбе",
        "Актобе",
        "Актобе",
        "7132",
        (
            ("Әбілқайыр хан даңғылы", "проспект Абилкайыр хана"),
            ("Санкибай батыр даңғылы", "проспект Санкибай батыра"),
            ("Алтынсарин көшесі", "улица Алтынсарина"),
            ("Маресьев көшесі", "улица Маресьева"),
        ),
    ),
    Region.ALMATY_REGION: City(
        "Қонаев",
        "Конаев",
        "Конаева",
        "72772",
        (
            ("Қонаев көшесі", "улица Кунаева"),
            ("Абай көшесі", "улица Абая"),
            ("Жамбыл көшесі", "улица Жамбыла"),
            ("Төле би көшесі", "улица Толе би"),
        ),
    ),
    Region.ATYRAU: City(
        "Атырау",
        "Атырау",
        "Атырау",
        "7122",
        (
            ("Сәтбаев даңғылы", "проспект Сатпаева"),
            ("Азаттық даңғылы", "проспект Азаттык"),
            ("Құрманғазы көшесі", "улица Курмангазы"),
            ("Студенттер даңғылы", "проспект Студенческий"),
        ),
    ),
    Region.WEST_KAZAKHSTAN: City(
        "Орал",
        "Уральск",
        "Уральска",
        "7112",
        (
            ("Достық даңғылы", "проспект Достык"),
            ("Евразия даңғылы", "проспект Евразия"),
            ("Сырым Датұлы көшесі", "улица Сырыма Датова"),
            ("Құрманғазы көшесі", "улица Курмангазы"),
        ),
    ),
    Region.ZHAMBYL: City(
        "Тараз",
        "Тараз",
        "Тараза",
        "7262",
        (
            ("Төле би даңғылы", "проспект Толе би"),
            ("Абай даңғылы", "проспект Абая"),
            ("Жамбыл даңғылы", "проспект Жамбыла"),
            ("Қазыбек би көшесі", "улица Казыбек би"),
        ),
    ),
    Region.ZHETISU: City(
        "Талдықорған",
        "Талдыкорган",
        "Талдыкоргана",
        "7282",
        (
            ("Абай көшесі", "улица Абая"),
            ("Тәуелсіздік көшесі", "улица Тауелсиздик"),
            ("Қабанбай батыр көшесі", "улица Кабанбай батыра"),
            ("Жансүгіров көшесі", "улица Жансугурова"),
        ),
    ),
    Region.KARAGANDA: City(
        "Қарағанды",
        "Караганда",
        "Караганды",
        "7212",
        (
            ("Бұқар жырау даңғылы", "проспект Бухар-Жырау"),
            ("Нұркен Әбдіров даңғылы", "проспект Нуркена Абдирова"),
            ("Ерубаев көшесі", "улица Ерубаева"),
            ("Гоголь көшесі", "улица Гоголя"),
            ("Мұқанов көшесі", "улица Муканова"),
        ),
    ),
    Region.KOSTANAY: City(
        "Қостанай",
        "Костанай",
        "Костаная",
        "7142",
        (
            ("Әл-Фараби даңғылы", "проспект Аль-Фараби"),
            ("Байтұрсынов көшесі", "улица Байтурсынова"),
            ("Абай даңғылы", "проспект Абая"),
            ("Тәуелсіздік көшесі", "улица Тауелсиздик"),
        ),
    ),
    Region.KYZYLORDA: City(
        "Қызылорда",
        "Кызылорда",
        "Кызылорды",
        "7242",
        (
            ("Әйтеке би көшесі", "улица Айтеке би"),
            ("Абай даңғылы", "проспект Абая"),
            ("Желтоқсан көшесі", "улица Желтоксан"),
            ("Қорқыт ата көшесі", "улица Коркыт ата"),
        ),
    ),
    Region.MANGYSTAU: City(
        "Ақтау",
        "Актау",
        "Актау",
        "7292",
        (
            ("4-шағын аудан", "4 микрорайон"),
            ("12-шағын аудан", "12 микрорайон"),
            ("14-шағын аудан", "14 микрорайон"),
            ("27-шағын аудан", "27 микрорайон"),
        ),
    ),
    Region.PAVLODAR: City(
        "Павлодар",
        "Павлодар",
        "Павлодара",
        "7182",
        (
            ("Торайғыров көшесі", "улица Торайгырова"),
            ("Естай көшесі", "улица Естая"),
            ("Лермонтов көшесі", "улица Лермонтова"),
            ("Ломов көшесі", "улица Ломова"),
        ),
    ),
    Region.NORTH_KAZAKHSTAN: City(
        "Петропавл",
        "Петропавловск",
        "Петропавловска",
        "7152",
        (
            ("Жамбыл көшесі", "улица Жамбыла"),
            ("Абай көшесі", "улица Абая"),
            ("Мағжан Жұмабаев көшесі", "улица Магжана Жумабаева"),
            ("Ғабит Мүсірепов көшесі", "улица Габита Мусрепова"),
        ),
    ),
    Region.TURKISTAN: City(
        "Түркістан",
        "Туркестан",
        "Туркестана",
        "72533",
        (
            ("Тәуке хан даңғылы", "проспект Тауке хана"),
            ("Бекзат Саттарханов даңғылы", "проспект Бекзата Саттарханова"),
            ("Есім хан көшесі", "улица Есим хана"),
            ("Ерәлиев көшесі", "улица Ералиева"),
        ),
    ),
    Region.ULYTAU: City(
        "Жезқазған",
        "Жезказган",
        "Жезказгана",
        "7102",
        (
            ("Алашахан даңғылы", "проспект Алашахана"),
            ("Сәтбаев көшесі", "улица Сатпаева"),
            ("Абай көшесі", "улица Абая"),
            ("Ғарышкерлер бульвары", "бульвар Космонавтов"),
        ),
    ),
    Region.EAST_KAZAKHSTAN: City(
        "Өскемен",
        "Усть-Каменогорск",
        "Усть-Каменогорска",
        "7232",
        (
            ("Қазақстан көшесі", "улица Казахстан"),
            ("Қабанбай батыр көшесі", "улица Кабанбай батыра"),
            ("Тәуелсіздік даңғылы", "проспект Независимости"),
            ("Ушанов көшесі", "улица Ушанова"),
            ("Протозанов көшесі", "улица Протозанова"),
        ),
    ),
    Region.ASTANA: City(
        "Астана",
        "Астана",
        "Астаны",
        "7172",
        (
            ("Абай даңғылы", "проспект Абая"),
            ("Сарыарқа даңғылы", "проспект Сарыарка"),
            ("Кенесары көшесі", "улица Кенесары"),
            ("Бейбітшілік көшесі", "улица Бейбитшилик"),
            ("Тұран даңғылы", "проспект Туран"),
            ("Республика даңғылы", "проспект Республики"),
        ),
    ),
    Region.ALMATY: City(
        "Алматы",
        "Алматы",
        "Алматы",
        "727",
        (
            ("Абай даңғылы", "проспект Абая"),
            ("Төле би көшесі", "улица Толе би"),
            ("Райымбек даңғылы", "проспект Райымбека"),
            ("Сейфуллин даңғылы", "проспект Сейфуллина"),
            ("Жандосов көшесі", "улица Жандосова"),
            ("Розыбакиев көшесі", "улица Розыбакиева"),
        ),
    ),
    Region.SHYMKENT: City(
        "Шымкент",
        "Шымкент",
        "Шымкента",
        "7252",
        (
            ("Тәуке хан даңғылы", "проспект Тауке хана"),
            ("Республика даңғылы", "проспект Республики"),
            ("Байтұрсынов көшесі", "улица Байтурсынова"),
            ("Жібек жолы көшесі", "улица Жибек жолы"),
            ("Қазыбек би көшесі", "улица Казыбек би"),
        ),
    ),
}

# The Russian genitive of each region, for state institutions' names ("... Карагандинской
# области"); the Kazakh genitive is the region's label + "-ның" (Қарағанды облысының).
REGION_GENITIVE_RU: dict[Region, str] = {
    Region.ABAI: "области Абай",
    Region.AKMOLA: "Акмолинской области",
    Region.AKTOBE: "Актюбинской области",
    Region.ALMATY_REGION: "Алматинской области",
    Region.ATYRAU: "Атырауской области",
    Region.WEST_KAZAKHSTAN: "Западно-Казахстанской области",
    Region.ZHAMBYL: "Жамбылской области",
    Region.ZHETISU: "области Жетісу",
    Region.KARAGANDA: "Карагандинской области",
    Region.KOSTANAY: "Костанайской области",
    Region.KYZYLORDA: "Кызылординской области",
    Region.MANGYSTAU: "Мангистауской области",
    Region.PAVLODAR: "Павлодарской области",
    Region.NORTH_KAZAKHSTAN: "Северо-Казахстанской области",
    Region.TURKISTAN: "Туркестанской области",
    Region.ULYTAU: "области Ұлытау",
    Region.EAST_KAZAKHSTAN: "Восточно-Казахстанской области",
    Region.ASTANA: "города Астаны",
    Region.ALMATY: "города Алматы",
    Region.SHYMKENT: "города Шымкента",
}

# 200 demo organisations, roughly by population; every region has at least five.
DEMO_REGION_COUNTS: dict[Region, int] = {
    Region.ABAI: 8,
    Region.AKMOLA: 9,
    Region.AKTOBE: 9,
    Region.ALMATY_REGION: 11,
    Region.ATYRAU: 7,
    Region.WEST_KAZAKHSTAN: 7,
    Region.ZHAMBYL: 9,
    Region.ZHETISU: 7,
    Region.KARAGANDA: 12,
    Region.KOSTANAY: 9,
    Region.KYZYLORDA: 8,
    Region.MANGYSTAU: 7,
    Region.PAVLODAR: 9,
    Region.NORTH_KAZAKHSTAN: 7,
    Region.TURKISTAN: 12,
    Region.ULYTAU: 5,
    Region.EAST_KAZAKHSTAN: 10,
    Region.ASTANA: 18,
    Region.ALMATY: 22,
    Region.SHYMKENT: 14,
}

# The proper names private providers choose; Russian names keep them as written.
PROPER_NAMES: tuple[str, ...] = (
    "Мейірім",
    "Шапағат",
    "Қамқор",
    "Жанұя",
    "Үміт",
    "Ақ ниет",
    "Бақыт",
    "Нұр",
    "Сенім",
    "Ақ жүрек",
    "Жылы ұя",
    "Қайырым",
    "Достық",
    "Береке",
    "Шұғыла",
    "Ақбота",
    "Балапан",
    "Арман",
    "Жұлдыз",
    "Болашақ",
    "Жарқын",
    "Күн нұры",
    "Ізгілік",
    "Бірлік",
    "Шаңырақ",
    "Ана мейірімі",
    "Сәуле",
    "Демеу",
    "Асыл",
    "Ақжол",
    "Забота",
    "Надежда",
    "Милосердие",
    "Радуга",
)


@dataclass(frozen=True, slots=True)
class OrgKind:
    """A kind of provider: how it is named, what it offers, to whom, and how many places.

    Name templates take `{name}` (a proper name) for private providers and `{region_kk}`,
    `{region_ru}`, `{city_kk}`, `{city_ru}` (genitives) for state institutions. The first
    condition and the first category are always offered; others are drawn from the rest.
    `capacity` is None for providers that serve only at home.
    """

    slug: str
    state: bool
    name_kk: str
    name_ru: str
    conditions: tuple[S, ...]
    categories: tuple[C, ...]
    capacity: tuple[int, int] | None


_CHILDREN = (C.CHILDREN_PSYCHONEUROLOGICAL, C.CHILDREN_MUSCULOSKELETAL)

KINDS: tuple[OrgKind, ...] = (
    OrgKind(
        "ortalyk",
        False,
        "«{name}» арнаулы әлеуметтік қызметтер көрсету орталығы ЖШС",
        "ТОО «Центр оказания специальных социальных услуг «{name}»»",
        (S.SEMI_INPATIENT, S.HOME, S.TEMPORARY_STAY),
        (C.DISABILITY_GROUPS_1_2, *_CHILDREN, C.ADULTS_PSYCHONEUROLOGICAL, C.ELDERLY_NO_SELF_CARE),
        (20, 120),
    ),
    OrgKind(
        "onaltu",
        False,
        "«{name}» оңалту орталығы ЖШС",
        "ТОО «Реабилитационный центр «{name}»»",
        (S.SEMI_INPATIENT, S.TEMPORARY_STAY),
        (*_CHILDREN, C.DISABILITY_GROUPS_1_2),
        (15, 80),
    ),
    OrgKind(
        "kutim",
        False,
        "«{name}» үйде күтім көрсету орталығы ЖШС",
        "ТОО «Центр ухода на дому «{name}»»",
        (S.HOME,),
        (C.ELDERLY_NO_SELF_CARE, C.DISABILITY_GROUPS_1_2, *_CHILDREN, C.ADULTS_PSYCHONEUROLOGICAL),
        None,
    ),
    OrgKind(
        "pansionat",
        False,
        "«{name}» қарттар пансионаты ЖШС",
        "ТОО «Пансионат для пожилых «{name}»»",
        (S.INPATIENT, S.TEMPORARY_STAY),
        (C.ELDERLY_NO_SELF_CARE, C.DISABILITY_GROUPS_1_2, C.ADULTS_PSYCHONEUROLOGICAL),
        (10, 60),
    ),
    OrgKind(
        "internat",
        False,
        "«{name}» қарттар үйі ЖШС",
        "ТОО «Дом-интернат для престарелых «{name}»»",
        (S.INPATIENT,),
        (C.ELDERLY_NO_SELF_CARE, C.DISABILITY_GROUPS_1_2),
        (20, 150),
    ),
    OrgKind(
        "dagdarys",
        False,
        "«{name}» дағдарыс орталығы ҚҚ",
        "ОФ «Кризисный центр «{name}»»",
        (S.TEMPORARY_STAY,),
        (C.DOMESTIC_VIOLENCE_VICTIMS, C.TRAFFICKING_VICTIMS),
        (10, 40),
    ),
    OrgKind(
        "kunduzgi",
        False,
        "«{name}» күндізгі болу орталығы ҚБ",
        "ОО «Центр дневного пребывания «{name}»»",
        (S.SEMI_INPATIENT, S.HOME),
        _CHILDREN,
        (10, 60),
    ),
    OrgKind(
        "pnmsu",
        True,
        "«{region_kk} психоневрологиялық медициналық-әлеуметтік мекемесі» КММ",
        "КГУ «Психоневрологическое медико-социальное учреждение {region_ru}»",
        (S.INPATIENT, S.SEMI_INPATIENT),
        (C.ADULTS_PSYCHONEUROLOGICAL, C.DISABILITY_GROUPS_1_2),
        (150, 500),
    ),
    OrgKind(
        "dpnmsu",
        True,
        "«{region_kk} балаларға арналған психоневрологиялық медициналық-әлеуметтік мекемесі» КММ",
        "КГУ «Детское психоневрологическое медико-социальное учреждение {region_ru}»",
        (S.INPATIENT, S.SEMI_INPATIENT, S.TEMPORARY_STAY),
        _CHILDREN,
        (80, 300),
    ),
    OrgKind(
        "msu",
        True,
        "«{region_kk} қарттар мен мүгедектігі бар адамдарға арналған жалпы үлгідегі "
        "медициналық-әлеуметтік мекемесі» КММ",
        "КГУ «Медико-социальное учреждение общего типа для престарелых и лиц с инвалидностью "
        "{region_ru}»",
        (S.INPATIENT, S.TEMPORARY_STAY, S.SEMI_INPATIENT),
        (C.ELDERLY_NO_SELF_CARE, C.DISABILITY_GROUPS_1_2),
        (100, 400),
    ),
    OrgKind(
        "rc",
        True,
        "«{region_kk} мүгедектігі бар балаларды оңалту орталығы» КММ",
        "КГУ «Реабилитационный центр для детей с инвалидностью {region_ru}»",
        (S.SEMI_INPATIENT, S.HOME),
        (*_CHILDREN, C.DISABILITY_GROUPS_1_2),
        (30, 150),
    ),
    OrgKind(
        "csa",
        True,
        "«{city_kk} белгілі бір тұрғылықты жері жоқ адамдарға арналған әлеуметтік бейімдеу "
        "орталығы» КММ",
        "КГУ «Центр социальной адаптации для лиц без определенного места жительства {city_ru}»",
        (S.TEMPORARY_STAY, S.SEMI_INPATIENT),
        (C.HOMELESS, C.RELEASED_OR_PROBATION),
        (20, 120),
    ),
    OrgKind(
        "tco",
        True,
        "«{city_kk} үйде арнаулы әлеуметтік қызметтер көрсету аумақтық орталығы» КММ",
        "КГУ «Территориальный центр оказания специальных социальных услуг на дому {city_ru}»",
        (S.HOME,),
        (C.ELDERLY_NO_SELF_CARE, C.DISABILITY_GROUPS_1_2, C.CHILDREN_PSYCHONEUROLOGICAL),
        None,
    ),
)

# Licence fields fixed by annex 3 for every licence the Committee issues.
LICENSOR_KK = (
    "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігінің "
    "Әлеуметтік қорғау саласындағы реттеу және бақылау комитеті"
)
LICENSOR_RU = (
    "Комитет регулирования и контроля в сфере социальной защиты населения "
    "Министерства труда и социальной защиты населения Республики Казахстан"
)
NOTE_KK = "Лицензия иеліктен шығарылмайтын, класы: бірінші санаттағы рұқсат"
NOTE_RU = "Лицензия неотчуждаемая, класс: разрешение первой категории"
PLACE_OF_ISSUE_KK = "Астана қ."
PLACE_OF_ISSUE_RU = "г. Астана"

# The Committee's heads who signed, by period: (first year, name). Fictional people.
SIGNERS: tuple[tuple[int, str], ...] = (
    (2019, "Әбдірахманов Бауыржан Қайратұлы"),
    (2021, "Сейітқалиева Гүлнар Маратқызы"),
    (2023, "Нұрмағанбетов Ерлан Әскербекұлы"),
    (2025, "Омарова Әсел Бақытжанқызы"),
)

# Removal grounds (column 17): termination under art. 35 of the Law "On permits and
# notifications" (organisations register rules, p. 6). (kk, ru)
_LAW_KK = "«Рұқсаттар және хабарламалар туралы» Заңның 35-бабы"
_LAW_RU = "ст. 35 Закона «О разрешениях и уведомлениях»"
REMOVAL_GROUNDS: tuple[tuple[str, str], ...] = (
    (
        f"Лицензиаттың өтініші бойынша лицензияның қолданысын тоқтату ({_LAW_KK})",
        f"Прекращение действия лицензии по заявлению лицензиата ({_LAW_RU})",
    ),
    (
        f"Лицензиат заңды тұлғаның таратылуы ({_LAW_KK})",
        f"Ликвидация юридического лица — лицензиата ({_LAW_RU})",
    ),
    (
        f"Лицензиат заңды тұлғаның қосылу нысанында қайта ұйымдастырылуы ({_LAW_KK})",
        f"Реорганизация юридического лица — лицензиата в форме слияния ({_LAW_RU})",
    ),
)

# Kazakhstan mobile operators' prefixes (after +7), all valid for `phonenumbers`.
MOBILE_PREFIXES: tuple[str, ...] = ("700", "701", "702", "705", "707", "747", "771", "775", "777")

_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


def transliterate(text: str) -> str:
    """A lower-case ASCII slug for e-mail domains: `Ақ ниет` -> `ak-niet`."""
    out = "".join(_LATIN.get(ch, ch) for ch in text.lower())
    return "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in out).split())


# --- demo licence applications (storage/seed.py `plan_demo_lifecycle`) ---------------------


WALKTHROUGH_BIN = "940140000385"
"""The BIN of the demo organisation the README's walkthrough applies as (a partnership
registered in January 1994): fixed, so that the walkthrough's operations can be copied as they
are. `seed_demo` gives it to the first consenting, licensed private provider in Astana."""


@dataclass(frozen=True, slots=True)
class DemoApplicant:
    """A provider applying for its first licence: not in the register until one is issued.

    `kind` is an `OrgKind.slug` of a private provider; the proper names are not in
    `PROPER_NAMES`, so a licence issued to one adds a new name to the register.
    """

    proper_name: str
    kind: str
    region: Region


DEMO_APPLICANTS: tuple[DemoApplicant, ...] = (
    DemoApplicant("Жанашыр", "kutim", Region.KARAGANDA),
    DemoApplicant("Ақ сұңқар", "pansionat", Region.PAVLODAR),
    DemoApplicant("Тірек", "onaltu", Region.SHYMKENT),
    DemoApplicant("Мерей", "ortalyk", Region.ALMATY),
    DemoApplicant("Алтын ұя", "internat", Region.KOSTANAY),
    DemoApplicant("Аялы алақан", "kunduzgi", Region.AKTOBE),
    DemoApplicant("Жанашыр жүрек", "ortalyk", Region.ASTANA),
    DemoApplicant("Қорған", "dagdarys", Region.TURKISTAN),
)

# Heads who sign the applications (annex 2, "head's name"). Fictional people.
DEMO_HEADS: tuple[str, ...] = (
    "Сәрсенова Гүлмира Қанатқызы",
    "Ержанов Талғат Серікұлы",
    "Қасымова Айгүл Бекболатқызы",
    "Мұхамедиев Данияр Асқарұлы",
    "Төлеуова Жанар Ерланқызы",
    "Ибраев Нұрлан Маратұлы",
    "Әлімжанова Сәуле Дәуренқызы",
    "Бекмұхамбетов Асхат Қайратұлы",
    "Жұмабаева Динара Сағатқызы",
)

# The attachments of annex 2, as an applicant lists them (kk / ru).
DEMO_DOCUMENTS: tuple[str, ...] = (
    "Жарғы / Устав",
    "Ғимаратқа құқық белгілейтін құжат / Правоустанавливающий документ на помещение",
    "Штаттық кесте / Штатное расписание",
    "Мамандардың біліктілігін растайтын құжаттар / Документы о квалификации специалистов",
    "Санитариялық-эпидемиологиялық қорытынды / Санитарно-эпидемиологическое заключение",
)


@dataclass(frozen=True, slots=True)
class DemoTexts:
    """The free texts officers and applicants write along the demo lifecycle (kk / ru)."""

    requirements: tuple[str, ...]
    nonconformity: str
    missing_documents: tuple[str, ...]
    hearing_place: str
    ground_note: str
    objection: str
    minutes_refuse: str
    refusal_note: str
    withdrawal: str


DEMO_TEXTS = DemoTexts(
    requirements=(
        "Үй-жай / Помещение",
        "Мамандар штаты / Штат специалистов",
        "Жабдықтар мен мүкәммал / Оборудование и инвентарь",
    ),
    nonconformity=("Үй-жайда пандус пен тұтқалар жоқ / В помещении нет пандуса и поручней"),
    missing_documents=(
        "Санитариялық-эпидемиологиялық қорытындының мерзімі өткен / "
        "Истек срок санитарно-эпидемиологического заключения",
        "Мамандардың біліктілігін растайтын құжаттар жоқ / "
        "Нет документов о квалификации специалистов",
    ),
    hearing_place=(
        "Астана қ., Мәңгілік Ел даңғылы, 8, 4-кіреберіс, 412 каб. / "
        "г. Астана, проспект Мангилик Ел, 8, подъезд 4, каб. 412"
    ),
    ground_note=(
        "Мүмкіндігі шектеулі адамдар үшін үй-жайға кедергісіз кіру қамтамасыз етілмеген / "
        "Не обеспечен беспрепятственный доступ в помещение для лиц с инвалидностью"
    ),
    objection=("Пандус орнатылды, акт қоса беріледі / Пандус установлен, акт приемки прилагается"),
    minutes_refuse=(
        "Өтініш беруші сәйкессіздікті жоюды растамады / "
        "Заявитель не подтвердил устранение несоответствия"
    ),
    refusal_note=(
        "Тыңдау нәтижесі бойынша сәйкессіздік жойылмаған / "
        "По итогам заслушивания несоответствие не устранено"
    ),
    withdrawal="Үй-жайдың жалға алу шарты бұзылды / Договор аренды помещения расторгнут",
)
