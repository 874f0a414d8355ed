"""Word lists for storage/seed_specialists.py: people's names, professions, schools, employers,
attestation bodies and the registrar's texts, in Kazakh and Russian; and, at the end, the pure
code that draws people from them (`People`: demo forms; `ScaleEntries`: synthetic rows).

Why they look the way they do:

- Names. A specialist's name is one value in the register (not kk/ru): Kazakhs write it with
  Kazakh letters (Сейітова Әсел Серікқызы), the patronymic either the Kazakh way (father's
  name + ұлы/қызы, written together) or the Russian way (Серикович, Сериковна), as the
  identity document says; some have none. Russian surnames in -ов/-ев/-ин take -а for women,
  -ский becomes -ская; Ukrainian, Korean and German ones (Шевченко, Ким, Шмидт) do not change.
- Professions are those of special social services (the Social Code's specialists of social
  work, care, rehabilitation, pedagogy and medicine) with the Kazakh name used in staff lists;
  each says which schools train for it (`Track`), how many of its people are women, and which
  position people hold before it (a care worker becomes a specialist in social work).
- Schools are real universities and, by city, the kinds of colleges every regional centre has;
  the regional university is the one of the region's centre.
- Employers outside the register are the local social-programme departments and private or
  non-profit providers with proper names the organisations demo never uses.
- Every person, registrar and phone number here is fictional.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from domain.calendar import ALMATY
from domain.contacts import normalize_email, normalize_phone
from domain.identifiers import check_digit
from domain.labels import label_of
from domain.regions import Region
from domain.specialist_codes import (
    EducationLevel,
    QualificationCategory,
    ReturnReason,
    SpecialistRefusalReason,
)
from domain.specialist_form import (
    Education,
    Employment,
    Qualification,
    SpecialistForm,
)
from domain.text import search_key, sort_key
from domain.tokens import applicant_subject
from domain.viewer import Role
from storage.seed import generate_bin
from storage.seed_data import CITIES, REGION_GENITIVE_RU, transliterate

__all__ = [
    "APPLICATION_DOCUMENTS",
    "CATEGORY_YEARS",
    "DEMO_REGISTRAR",
    "EMAIL_DOMAINS",
    "KK_FATHERS",
    "KK_FEMALE",
    "KK_MALE",
    "KK_SURNAMES",
    "PROFESSIONS",
    "QUALIFICATION_DOCUMENT",
    "REFUSAL_COMMENTS",
    "REGIONAL_UNIVERSITIES",
    "RETURN_COMMENTS",
    "RU_FEMALE",
    "RU_MALE",
    "RU_PATRONYMICS",
    "RU_SURNAMES",
    "SCALE_CAPACITY",
    "SCALE_SERIAL",
    "SPECIALIST_MOBILE_PREFIXES",
    "Employer",
    "People",
    "Person",
    "Profession",
    "ScaleEntries",
    "Track",
    "attestation_body",
    "bin_registered",
    "draft",
    "education_document",
    "experience",
    "female_surname",
    "name_keys",
    "person_name",
    "scale_iin",
    "whole_months",
    "years_before",
]


def female_surname(male: str) -> str:
    """The woman's form of a surname: -ов/-ев/-ин + а, -ский/-цкий -> -ская/-цкая, -ұлы ->
    -қызы; other endings (Шевченко, Ким, Шмидт) are the same for both."""
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return f"{male}а"
    if male.endswith("кий"):
        return f"{male[:-2]}ая"
    if male.endswith("ұлы"):
        return f"{male[:-3]}қызы"
    return male


# --- names --------------------------------------------------------------------------------

KK_SURNAMES: tuple[str, ...] = (
    "Ахметов", "Сейітов", "Жұмабаев", "Нұрланов", "Сәрсенов", "Омаров", "Серікбаев",
    "Әбдірахманов", "Бекмұхамбетов", "Қасымов", "Ибраев", "Тоқтаров", "Мұқанов", "Есенов",
    "Жақсылықов", "Оспанов", "Смағұлов", "Байжанов", "Төлеуов", "Әлімжанов", "Ермеков",
    "Кенжебаев", "Нұрмағанбетов", "Исмаилов", "Сұлтанов", "Дүйсенбаев", "Әбішев",
    "Құдайбергенов", "Мамыров", "Шәріпов", "Рахимов", "Тұрсынов", "Ержанов", "Бейсенов",
    "Жүсіпов", "Сатыбалдин", "Қалиев", "Мұратов", "Тәжібаев", "Ахметжанов", "Бекенов",
    "Абдуллин", "Нұрпейісов", "Садықов", "Мұхаметжанов", "Жанұзақов", "Елеусізов",
    "Қожахметов", "Құрманов", "Әміров", "Қасымұлы", "Серікұлы", "Мұратұлы",
)  # fmt: skip
"""Men's forms; `female_surname` gives the women's (the last three are the newer -ұлы form)."""

RU_SURNAMES: tuple[str, ...] = (
    "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов",
    "Новиков", "Федоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семенов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Борисов", "Яковлев", "Григорьев", "Романов", "Белов", "Ковалев",
    "Гусев", "Титов", "Вишневский", "Ковальский", "Новицкий", "Шевченко", "Бондаренко",
    "Кравченко", "Ткаченко", "Ким", "Пак", "Цой", "Шмидт", "Миллер",
)  # fmt: skip

KK_MALE: tuple[str, ...] = (
    "Айдос", "Ерлан", "Нұрлан", "Серік", "Дәурен", "Бауыржан", "Асхат", "Ержан", "Мұрат",
    "Талғат", "Қайрат", "Асқар", "Бекзат", "Дәулет", "Ернар", "Арман", "Данияр", "Олжас",
    "Ерболат", "Жандос", "Мақсат", "Әділет", "Саят", "Ақжол", "Бақытжан", "Ғалым", "Марат",
    "Азамат", "Еркебұлан", "Нұрсұлтан", "Темірлан", "Әлихан", "Ильяс", "Жасұлан", "Аслан",
)  # fmt: skip

KK_FEMALE: tuple[str, ...] = (
    "Айгүл", "Гүлнар", "Жанар", "Динара", "Сәуле", "Әсел", "Айжан", "Ақмарал", "Гүлмира",
    "Назгүл", "Мөлдір", "Жансая", "Аружан", "Дана", "Аида", "Ботагөз", "Қарлығаш", "Құралай",
    "Ләззат", "Салтанат", "Шолпан", "Арайлым", "Балнұр", "Айым", "Толқын", "Әйгерім",
    "Гүлжан", "Ұлжан", "Мадина", "Аяулым", "Индира", "Камила", "Жұлдыз", "Алия", "Меруерт",
    "Нұргүл",
)  # fmt: skip

KK_FATHERS: tuple[tuple[str, str], ...] = (
    ("Серік", "Серик"), ("Нұрлан", "Нурлан"), ("Ерлан", "Ерлан"), ("Марат", "Марат"),
    ("Болат", "Болат"), ("Асқар", "Аскар"), ("Талғат", "Талгат"), ("Мұрат", "Мурат"),
    ("Қайрат", "Кайрат"), ("Бауыржан", "Бауыржан"), ("Ержан", "Ержан"), ("Сағат", "Сагат"),
    ("Бекболат", "Бекболат"), ("Дәурен", "Даурен"), ("Қанат", "Канат"), ("Ермек", "Ермек"),
    ("Төлеген", "Тулеген"), ("Жомарт", "Жомарт"), ("Ғабит", "Габит"), ("Әскербек", "Аскербек"),
    ("Бақыт", "Бакыт"), ("Нұржан", "Нуржан"), ("Берік", "Берик"), ("Мақсат", "Максат"),
    ("Сұлтан", "Султан"), ("Ахмет", "Ахмет"), ("Жақсылық", "Жаксылык"), ("Оразбек", "Оразбек"),
    ("Темір", "Темир"), ("Есен", "Есен"),
)  # fmt: skip
"""Fathers' names: (Kazakh spelling, Russian spelling). Kazakh patronymic: Серікұлы,
Серікқызы; Russian-style: Серикович, Сериковна (all end in a consonant that takes -ович)."""

RU_MALE: tuple[str, ...] = (
    "Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Иван", "Николай", "Владимир",
    "Евгений", "Михаил", "Павел", "Виктор", "Олег", "Юрий", "Игорь", "Максим", "Денис",
    "Артём", "Константин", "Роман",
)  # fmt: skip

RU_FEMALE: tuple[str, ...] = (
    "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Анна", "Екатерина", "Марина",
    "Юлия", "Галина", "Людмила", "Оксана", "Валентина", "Виктория", "Надежда", "Любовь",
    "Анастасия", "Ксения", "Мария",
)  # fmt: skip

RU_PATRONYMICS: tuple[tuple[str, str], ...] = (
    ("Петрович", "Петровна"), ("Иванович", "Ивановна"), ("Сергеевич", "Сергеевна"),
    ("Александрович", "Александровна"), ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"), ("Викторович", "Викторовна"), ("Юрьевич", "Юрьевна"),
    ("Анатольевич", "Анатольевна"), ("Геннадьевич", "Геннадьевна"),
    ("Михайлович", "Михайловна"), ("Васильевич", "Васильевна"), ("Андреевич", "Андреевна"),
    ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"), ("Олегович", "Олеговна"),
)  # fmt: skip

# Mobile prefixes after +7 that `phonenumbers` takes as Kazakhstan mobiles (703, 704 it does not).
SPECIALIST_MOBILE_PREFIXES: tuple[str, ...] = (
    "700", "701", "702", "705", "706", "707", "708", "747", "771", "775", "776", "777", "778",
)  # fmt: skip
EMAIL_DOMAINS: tuple[str, ...] = (
    "mail.ru", "gmail.com", "mail.kz", "inbox.ru", "list.ru", "bk.ru", "yandex.kz",
)  # fmt: skip

DEMO_REGISTRAR = "Жақсылықова Ажар Төлегенқызы"
"""The register's administrator (p. 9) who decides the demo applications; fictional."""


# --- residence: district towns besides the regional centres (seed_data.CITIES) ----------------

TOWNS: dict[Region, tuple[tuple[str, str], ...]] = {
    Region.ABAI: (("Аягөз", "Аягоз"), ("Курчатов", "Курчатов")),
    Region.AKMOLA: (("Степногор", "Степногорск"), ("Щучинск", "Щучинск")),
    Region.AKTOBE: (("Хромтау", "Хромтау"),),
    Region.ALMATY_REGION: (("Талғар", "Талгар"), ("Есік", "Есик")),
    Region.ATYRAU: (("Құлсары", "Кульсары"),),
    Region.WEST_KAZAKHSTAN: (("Ақсай", "Аксай"),),
    Region.ZHAMBYL: (("Шу", "Шу"), ("Қаратау", "Каратау")),
    Region.ZHETISU: (("Текелі", "Текели"), ("Жаркент", "Жаркент")),
    Region.KARAGANDA: (("Теміртау", "Темиртау"), ("Балқаш", "Балхаш")),
    Region.KOSTANAY: (("Рудный", "Рудный"), ("Лисаков", "Лисаковск")),
    Region.KYZYLORDA: (("Арал", "Аральск"),),
    Region.MANGYSTAU: (("Жаңаөзен", "Жанаозен"),),
    Region.PAVLODAR: (("Екібастұз", "Экибастуз"), ("Ақсу", "Аксу")),
    Region.NORTH_KAZAKHSTAN: (("Булаев", "Булаево"),),
    Region.TURKISTAN: (("Кентау", "Кентау"), ("Сарыағаш", "Сарыагаш")),
    Region.ULYTAU: (("Сәтбаев", "Сатпаев"),),
    Region.EAST_KAZAKHSTAN: (("Риддер", "Риддер"),),
}
TOWN_STREETS: tuple[tuple[str, str], ...] = (
    ("Абай көшесі", "улица Абая"),
    ("Бейбітшілік көшесі", "улица Бейбитшилик"),
    ("Жамбыл көшесі", "улица Жамбыла"),
)

# "по ..." in Russian body names: adjectival regions keep their genitive form ("по
# Карагандинской области"); the three cities change.
REGION_DATIVE_RU: dict[Region, str] = {
    Region.ASTANA: "городу Астане",
    Region.ALMATY: "городу Алматы",
    Region.SHYMKENT: "городу Шымкенту",
}


# --- professions ----------------------------------------------------------------------------


class Track(Enum):
    """Which schools train for a profession (storage/seed_specialists.py picks them)."""

    SOCIAL = "social"
    CARE = "care"
    MEDICAL = "medical"
    PEDAGOGY = "pedagogy"
    PSYCHOLOGY = "psychology"
    SPORT = "sport"


@dataclass(frozen=True, slots=True)
class Profession:
    kk: str
    ru: str
    track: Track
    women: float  # the share of women in it
    weight: int  # how common it is among the register's specialists
    earlier: tuple[tuple[str, str], ...] = ()  # positions held before it (kk, ru)


_CARE_WORKER = ("күтім жөніндегі әлеуметтік қызметкер", "социальный работник по уходу")

PROFESSIONS: tuple[Profession, ...] = (
    Profession(
        "әлеуметтік жұмыс жөніндегі маман",
        "специалист по социальной работе",
        Track.SOCIAL,
        0.8,
        14,
        (_CARE_WORKER,),
    ),
    Profession(*_CARE_WORKER, Track.CARE, 0.85, 16),
    Profession(
        "арнаулы әлеуметтік қызметтерге қажеттілікті бағалау және айқындау жөніндегі "
        "әлеуметтік қызметкер",
        "социальный работник по оценке и определению потребности в специальных социальных услугах",
        Track.SOCIAL,
        0.8,
        4,
        (_CARE_WORKER,),
    ),
    Profession("психолог", "психолог", Track.PSYCHOLOGY, 0.85, 8),
    Profession("логопед", "логопед", Track.PEDAGOGY, 0.95, 6),
    Profession(
        "мұғалім-дефектолог",
        "учитель-дефектолог",
        Track.PEDAGOGY,
        0.9,
        6,
        (("тәрбиеші", "воспитатель"),),
    ),
    Profession(
        "емдік дене шынықтыру нұсқаушысы",
        "инструктор по лечебной физической культуре",
        Track.SPORT,
        0.5,
        5,
    ),
    Profession("массажист", "массажист", Track.MEDICAL, 0.45, 5),
    Profession(
        "мейіргер",
        "медицинская сестра",
        Track.MEDICAL,
        0.97,
        10,
        (("кіші мейіргер", "младшая медицинская сестра"),),
    ),
    Profession(
        "тәрбиеші",
        "воспитатель",
        Track.PEDAGOGY,
        0.9,
        7,
        (("тәрбиешінің көмекшісі", "помощник воспитателя"),),
    ),
    Profession(
        "еңбек терапиясы жөніндегі нұсқаушы",
        "инструктор по трудотерапии",
        Track.SOCIAL,
        0.6,
        4,
        (_CARE_WORKER,),
    ),
    Profession("әлеуметтік педагог", "социальный педагог", Track.PEDAGOGY, 0.85, 5),
    Profession("ымдау тілінің аудармашысы", "сурдопереводчик", Track.PEDAGOGY, 0.75, 2),
    Profession("жеке көмекші", "индивидуальный помощник", Track.CARE, 0.65, 4),
    Profession("музыка жетекшісі", "музыкальный руководитель", Track.PEDAGOGY, 0.8, 2),
)


# --- schools --------------------------------------------------------------------------------

NATIONAL_UNIVERSITIES: dict[Track, tuple[tuple[str, str], ...]] = {
    Track.SOCIAL: (
        (
            "Әл-Фараби атындағы Қазақ ұлттық университеті",
            "Казахский национальный университет имени аль-Фараби",
        ),
        (
            "Л.Н. Гумилев атындағы Еуразия ұлттық университеті",
            "Евразийский национальный университет имени Л.Н. Гумилева",
        ),
    ),
    Track.PSYCHOLOGY: (
        (
            "Әл-Фараби атындағы Қазақ ұлттық университеті",
            "Казахский национальный университет имени аль-Фараби",
        ),
        (
            "Абай атындағы Қазақ ұлттық педагогикалық университеті",
            "Казахский национальный педагогический университет имени Абая",
        ),
    ),
    Track.PEDAGOGY: (
        (
            "Абай атындағы Қазақ ұлттық педагогикалық университеті",
            "Казахский национальный педагогический университет имени Абая",
        ),
        (
            "Қазақ ұлттық қыздар педагогикалық университеті",
            "Казахский национальный женский педагогический университет",
        ),
        (
            "Әлкей Марғұлан атындағы Павлодар педагогикалық университеті",
            "Павлодарский педагогический университет имени Әлкей Маргулан",
        ),
    ),
}
MEDICAL_UNIVERSITIES: tuple[tuple[str, str], ...] = (
    (
        "С.Ж. Асфендияров атындағы Қазақ ұлттық медицина университеті",
        "Казахский национальный медицинский университет имени С.Д. Асфендиярова",
    ),
    ("Астана медицина университеті", "Медицинский университет Астана"),
    ("Қарағанды медицина университеті", "Медицинский университет Караганды"),
    ("Семей медицина университеті", "Медицинский университет Семей"),
    (
        "Марат Оспанов атындағы Батыс Қазақстан медицина университеті",
        "Западно-Казахстанский медицинский университет имени Марата Оспанова",
    ),
    ("Оңтүстік Қазақстан медицина академиясы", "Южно-Казахстанская медицинская академия"),
)
SPORT_ACADEMY = ("Қазақ спорт және туризм академиясы", "Казахская академия спорта и туризма")

REGIONAL_UNIVERSITIES: dict[Region, tuple[str, str]] = {
    Region.ABAI: ("Шәкәрім университеті", "Университет Шакарима"),
    Region.AKMOLA: (
        "Ш. Уәлиханов атындағы Көкшетау университеті",
        "Кокшетауский университет имени Ш. Уалиханова",
    ),
    Region.AKTOBE: (
        "Қ. Жұбанов атындағы Ақтөбе өңірлік университеті",
        "Актюбинский региональный университет имени К. Жубанова",
    ),
    Region.ATYRAU: (
        "Х. Досмұхамедов атындағы Атырау университеті",
        "Атырауский университет имени Х. Досмухамедова",
    ),
    Region.WEST_KAZAKHSTAN: (
        "М. Өтемісов атындағы Батыс Қазақстан университеті",
        "Западно-Казахстанский университет имени М. Утемисова",
    ),
    Region.ZHAMBYL: (
        "М.Х. Дулати атындағы Тараз өңірлік университеті",
        "Таразский региональный университет имени М.Х. Дулати",
    ),
    Region.ZHETISU: (
        "І. Жансүгіров атындағы Жетісу университеті",
        "Жетысуский университет имени И. Жансугурова",
    ),
    Region.KARAGANDA: (
        "Академик Е.А. Бөкетов атындағы Қарағанды университеті",
        "Карагандинский университет имени академика Е.А. Букетова",
    ),
    Region.KOSTANAY: (
        "Ахмет Байтұрсынұлы атындағы Қостанай өңірлік университеті",
        "Костанайский региональный университет имени Ахмета Байтурсынулы",
    ),
    Region.KYZYLORDA: (
        "Қорқыт Ата атындағы Қызылорда университеті",
        "Кызылординский университет имени Коркыт Ата",
    ),
    Region.MANGYSTAU: (
        "Ш. Есенов атындағы Каспий технологиялар және инжиниринг университеті",
        "Каспийский университет технологий и инжиниринга имени Ш. Есенова",
    ),
    Region.PAVLODAR: ("Торайғыров университеті", "Торайгыров университет"),
    Region.NORTH_KAZAKHSTAN: (
        "Манаш Қозыбаев атындағы Солтүстік Қазақстан университеті",
        "Северо-Казахстанский университет имени Манаша Козыбаева",
    ),
    Region.TURKISTAN: (
        "Қожа Ахмет Ясауи атындағы Халықаралық қазақ-түрік университеті",
        "Международный казахско-турецкий университет имени Ходжи Ахмеда Ясави",
    ),
    Region.ULYTAU: (
        "Ө.А. Байқоңыров атындағы Жезқазған университеті",
        "Жезказганский университет имени О.А. Байконурова",
    ),
    Region.EAST_KAZAKHSTAN: (
        "Сәрсен Аманжолов атындағы Шығыс Қазақстан университеті",
        "Восточно-Казахстанский университет имени Сарсена Аманжолова",
    ),
    Region.ASTANA: (
        "Л.Н. Гумилев атындағы Еуразия ұлттық университеті",
        "Евразийский национальный университет имени Л.Н. Гумилева",
    ),
    Region.ALMATY: (
        "Әл-Фараби атындағы Қазақ ұлттық университеті",
        "Казахский национальный университет имени аль-Фараби",
    ),
    Region.SHYMKENT: (
        "М. Әуезов атындағы Оңтүстік Қазақстан университеті",
        "Южно-Казахстанский университет имени М. Ауэзова",
    ),
}
"""The university of each region's centre; Almaty region studies in Almaty."""

# Colleges by track, named after their city: {city_kk} is "Қарағанды", {city_ru} the Russian
# genitive ("Караганды"). Post-secondary (applied bachelor) degrees come from the higher
# medical colleges, from 2019 on.
_MEDICAL_COLLEGE = (
    "{city_kk} жоғары медициналық колледжі",
    "Высший медицинский колледж города {city_ru}",
)
_PEDAGOGICAL_COLLEGE = (
    "{city_kk} педагогикалық колледжі",
    "Педагогический колледж города {city_ru}",
)
_HUMANITIES_COLLEGE = (
    "{city_kk} гуманитарлық-техникалық колледжі",
    "Гуманитарно-технический колледж города {city_ru}",
)
COLLEGES: dict[Track, tuple[str, str]] = {
    Track.MEDICAL: _MEDICAL_COLLEGE,
    Track.SPORT: _MEDICAL_COLLEGE,
    Track.PEDAGOGY: _PEDAGOGICAL_COLLEGE,
    Track.PSYCHOLOGY: _PEDAGOGICAL_COLLEGE,
    Track.SOCIAL: _HUMANITIES_COLLEGE,
    Track.CARE: _HUMANITIES_COLLEGE,
}
SCHOOL = (
    "{city_kk} қаласының № {n} жалпы білім беретін мектебі",
    "Общеобразовательная школа № {n} города {city_ru}",
)

# Series of education documents: Soviet diplomas before 1992; then ЖБ (higher), ЖБ-Б
# (bachelor, from 2005), ЖООК-М (master), ТКБ (college), ЖОБ (school-leaving certificate).
SOVIET_HIGHER_SERIES: tuple[str, ...] = ("ТВ", "ФВ", "ЭВ", "НВ")
SOVIET_COLLEGE_SERIES: tuple[str, ...] = ("ПТ", "МТ", "СТ")

# The attachments an applicant lists (kk / ru); the qualification order only with a category.
APPLICATION_DOCUMENTS: tuple[str, ...] = (
    "Жеке басын куәландыратын құжаттың көшірмесі / Копия документа, удостоверяющего личность",
    "Білімі туралы құжаттардың көшірмелері / Копии документов об образовании",
    "Еңбек қызметін растайтын құжаттың көшірмесі / "
    "Копия документа, подтверждающего трудовую деятельность",
    "Соттылығының жоқ екені туралы анықтама / Справка об отсутствии судимости",
)
QUALIFICATION_DOCUMENT = (
    "Біліктілік санатын беру туралы бұйрықтың көшірмесі / "
    "Копия приказа о присвоении квалификационной категории"
)


# --- employers outside the register, attestation bodies -------------------------------------

OTHER_EMPLOYER_NAMES: tuple[str, ...] = (
    "Көмек", "Игілік", "Ырыс", "Мейірбан", "Қолдау", "Жүрек жылуы", "Ниет", "Әлем", "Азат",
)  # fmt: skip
"""Proper names of providers not in the register (none is in seed_data.PROPER_NAMES)."""

OTHER_EMPLOYERS: tuple[tuple[str, str], ...] = (
    (
        "«{city_kk_gen} жұмыспен қамту және әлеуметтік бағдарламалар бөлімі» ММ",
        "ГУ «Отдел занятости и социальных программ города {city_ru}»",
    ),
    ("«{name}» әлеуметтік қолдау орталығы ЖШС", "ТОО «Центр социальной поддержки «{name}»»"),
    (
        "«{name}» мүгедектігі бар адамдарға көмек көрсету қоғамдық қоры",
        "Общественный фонд помощи лицам с инвалидностью «{name}»",
    ),
    ("«{name}» үйде күтім көрсету қызметі ЖШС", "ТОО «Служба ухода на дому «{name}»»"),
)
"""{city_kk_gen}: "Қарағанды қаласының"; {city_ru}: the Russian genitive; {name}: a proper
name from `OTHER_EMPLOYER_NAMES`."""

ATTESTATION_BODIES: tuple[tuple[str, str], ...] = (
    (
        "Әлеуметтік қорғау саласындағы реттеу және бақылау комитетінің {region_kk} бойынша "
        "департаментінің аттестаттау комиссиясы",
        "Аттестационная комиссия Департамента Комитета регулирования и контроля в сфере "
        "социальной защиты населения по {region_ru_dative}",
    ),
    (
        "{region_kk} әкімдігінің аттестаттау комиссиясы",
        "Аттестационная комиссия акимата {region_ru_genitive}",
    ),
)
MEDICAL_ATTESTATION_BODY = (
    "{region_kk} денсаулық сақтау басқармасының аттестаттау комиссиясы",
    "Аттестационная комиссия управления здравоохранения {region_ru_genitive}",
)


# --- the registrar's texts (kk / ru) --------------------------------------------------------

RETURN_COMMENTS: dict[ReturnReason, str] = {
    ReturnReason.PROFESSION_MISMATCH: (
        "Кәсіп атауы білімі туралы дипломдағы біліктілікке сәйкес келмейді / "
        "Наименование профессии не соответствует квалификации по диплому об образовании"
    ),
    ReturnReason.FALSE_QUALIFICATION_DATA: (
        "Біліктілік санаты туралы мәліметтер аттестаттау комиссиясының шешімімен расталмады / "
        "Сведения о квалификационной категории не подтверждены решением аттестационной "
        "комиссии"
    ),
    ReturnReason.INCOMPLETE_OR_EXPIRED_DOCUMENTS: (
        "Білімі туралы құжаттардың көшірмелері қоса берілмеген / "
        "Не приложены копии документов об образовании"
    ),
    ReturnReason.EMPLOYMENT_DATA_MISMATCH: (
        "Көрсетілген лауазым ұйымның штат кестесіндегі лауазымға сәйкес келмейді / "
        "Указанная должность не соответствует должности в штатном расписании организации"
    ),
}
REFUSAL_COMMENTS: dict[SpecialistRefusalReason, str] = {
    SpecialistRefusalReason.DEPRIVED_OF_RIGHT_TO_PRACTISE: (
        "Соттың үкімімен кәсіптік қызметпен айналысу құқығынан айырылғаны анықталды / "
        "Установлено лишение права заниматься профессиональной деятельностью приговором суда"
    ),
    SpecialistRefusalReason.COURT_BAN_ON_MEDICAL_ACTIVITY: (
        "Медициналық қызметпен айналысуға тыйым салу туралы сот шешімі бар / "
        "Имеется решение суда о запрете на занятие медицинской деятельностью"
    ),
    SpecialistRefusalReason.LEGALLY_INCAPACITATED: (
        "Маман сот шешімімен әрекет қабілеттілігі шектеулі деп танылған / "
        "Специалист признан ограниченно дееспособным решением суда"
    ),
    SpecialistRefusalReason.EMIGRATED: (
        "Маманның тұрақты тұру үшін Қазақстан Республикасынан тыс жерге шыққаны расталды / "
        "Подтвержден выезд специалиста за пределы Республики Казахстан на постоянное место "
        "жительства"
    ),
}


# --- drawing people from the lists ----------------------------------------------------------
#
# Pure: everything below draws from the lists with the `random.Random` it is given and builds
# forms and rows; storage/seed_specialists.py plans the histories and writes.


def person_name(rng: random.Random, female: bool) -> tuple[str, str, str | None]:
    """Surname, given name and patronymic (None for some): two in three Kazakh, one in three
    Russian (with the Ukrainian, Korean and German surnames of Kazakhstan's Russian speakers)."""
    if rng.random() < 0.68:
        surname = rng.choice(KK_SURNAMES)
        given = rng.choice(KK_FEMALE if female else KK_MALE)
        father_kk, father_ru = rng.choice(KK_FATHERS)
        u = rng.random()
        patronymic: str | None = None
        if u < 0.72:
            patronymic = f"{father_kk}{'қызы' if female else 'ұлы'}"
        elif u < 0.94:
            patronymic = f"{father_ru}{'овна' if female else 'ович'}"
    else:
        surname = rng.choice(RU_SURNAMES)
        given = rng.choice(RU_FEMALE if female else RU_MALE)
        patronymic = rng.choice(RU_PATRONYMICS)[female] if rng.random() < 0.93 else None
    return (female_surname(surname) if female else surname), given, patronymic


def years_before(day: date, years: int) -> date:
    """`day` that many years earlier (later, for a negative number); 29 February -> 28."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def whole_months(start: date, end: date) -> int:
    """As domain.specialist_form counts experience: whole calendar months from start to end."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def experience(employment: Sequence[Employment], today: date) -> tuple[int, int]:
    """Years and months of work in special social services: every listed job is one."""
    months = sum(whole_months(e.started_on, e.ended_on or today) for e in employment)
    return divmod(months, 12)


def bin_registered(bin_: str) -> date:
    """The month a BIN was registered in (its YYMM); a job there starts no earlier."""
    year, month = int(bin_[:2]), int(bin_[2:4])
    return date(year + (2000 if year < 50 else 1900), month, 1)


@dataclass(frozen=True, slots=True)
class Employer:
    bin: str
    name_kk: str
    name_ru: str
    region: Region
    current: bool  # in the register and not removed: somewhere people work today
    since: date = field(init=False, compare=False)  # its BIN's registration month

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", bin_registered(self.bin))


@dataclass(frozen=True, slots=True)
class Person:
    """A demo specialist before the form: who, where, and who applies for them."""

    profession: Profession
    female: bool
    surname: str
    given_name: str
    patronymic: str | None
    birth_date: date
    iin: str | None
    mobile_phone: str
    email: str | None
    region: Region
    settlement: tuple[str, str]
    address: tuple[str, str]
    employer: Employer
    applicant: str


L = EducationLevel
_PLANS: dict[Track, tuple[tuple[tuple[EducationLevel, ...], int], ...]] = {
    Track.CARE: (((L.GENERAL_SECONDARY,), 35), ((L.TECHNICAL_VOCATIONAL,), 50),
                 ((L.TECHNICAL_VOCATIONAL, L.HIGHER), 15)),
    Track.SOCIAL: (((L.TECHNICAL_VOCATIONAL,), 25), ((L.HIGHER,), 40),
                   ((L.TECHNICAL_VOCATIONAL, L.HIGHER), 20), ((L.HIGHER, L.POSTGRADUATE), 15)),
    Track.MEDICAL: (((L.TECHNICAL_VOCATIONAL,), 60),
                    ((L.TECHNICAL_VOCATIONAL, L.POST_SECONDARY), 15), ((L.HIGHER,), 15),
                    ((L.TECHNICAL_VOCATIONAL, L.HIGHER), 10)),
    Track.PEDAGOGY: (((L.TECHNICAL_VOCATIONAL,), 25), ((L.HIGHER,), 45),
                     ((L.TECHNICAL_VOCATIONAL, L.HIGHER), 20), ((L.HIGHER, L.POSTGRADUATE), 10)),
    Track.PSYCHOLOGY: (((L.HIGHER,), 65), ((L.HIGHER, L.POSTGRADUATE), 35)),
    Track.SPORT: (((L.TECHNICAL_VOCATIONAL,), 40), ((L.HIGHER,), 60)),
}  # fmt: skip
"""Which education a profession's people have, in order, and how often."""

CATEGORY_YEARS = {
    QualificationCategory.SECOND: 2,
    QualificationCategory.FIRST: 4,
    QualificationCategory.HIGHEST: 7,
}
"""Years of experience before attestation for a category (the demo's rule of thumb)."""


class People:
    """Draws demo specialists (`person`), then their form as of a day (`form`)."""

    def __init__(self, rng: random.Random, employers: Sequence[Employer], today: date) -> None:
        self.rng, self.today = rng, today
        # Applications are up to ~18 months old: their employers were registered by then.
        settled = years_before(today, 2)
        self.current = [e for e in employers if e.current and e.since <= settled]
        self.current = self.current or list(employers)
        self.by_region: dict[Region, list[Employer]] = {}
        for employer in self.current:
            self.by_region.setdefault(employer.region, []).append(employer)
        self.bins = {e.bin for e in employers}
        self.outside: dict[tuple[int, str, Region], Employer] = {}
        self.iins: set[str] = set()
        self.phones: set[str] = set()
        self.emails: set[str] = set()
        self.weights = list(itertools.accumulate(p.weight for p in PROFESSIONS))

    def person(self) -> Person:
        rng = self.rng
        profession = rng.choices(PROFESSIONS, cum_weights=self.weights)[0]
        female = rng.random() < profession.women
        surname, given, patronymic = person_name(rng, female)
        age = round(rng.triangular(20, 64, 40))
        born = years_before(self.today, age) - timedelta(days=rng.randint(1, 364))
        employer = rng.choice(self.current)
        if rng.random() < 0.1:
            employer = self.outside_employer(employer.region)
        region = employer.region if rng.random() < 0.92 else rng.choice(list(Region))
        phone, email = self.phone(), self.email(given, surname, born)
        iin = self.iin(born, female) if rng.random() < 0.92 else None
        u = rng.random()
        subject = applicant_subject(
            employer.bin if u < 0.85 else email if u < 0.93 and email else phone
        )
        assert subject is not None
        return Person(
            profession=profession,
            female=female,
            surname=surname,
            given_name=given,
            patronymic=patronymic,
            birth_date=born,
            iin=iin,
            mobile_phone=phone,
            email=email,
            region=region,
            **self.residence(region),
            employer=employer,
            applicant=subject,
        )

    def iin(self, born: date, female: bool) -> str:
        """YYMMDD, century and sex (3/4 for the 1900s, 5/6 for the 2000s), a serial below 9000
        (scale IINs use 9000 and up), the check digit."""
        digit = (3 if born.year < 2000 else 5) + female
        while True:
            head = f"{born:%y%m%d}{digit}{self.rng.randrange(9000):04d}"
            check = check_digit(head)
            iin = f"{head}{check}"
            if check is not None and iin not in self.iins:
                self.iins.add(iin)
                return iin

    def phone(self) -> str:
        while True:
            prefix = self.rng.choice(SPECIALIST_MOBILE_PREFIXES)
            phone = f"+7{prefix}{self.rng.randrange(10**7):07d}"
            if phone not in self.phones and normalize_phone(phone, mobile_only=True) == phone:
                self.phones.add(phone)
                return phone

    def email(self, given: str, surname: str, born: date) -> str | None:
        """given.surname@..., with the birth year or a number if taken; one in eight has none."""
        if self.rng.random() < 0.12:
            return None
        stem = f"{transliterate(given)}.{transliterate(surname)}".replace("-", "")
        domain = self.rng.choice(EMAIL_DOMAINS)
        suffixes = itertools.chain(("", f"{born:%y}"), (str(n) for n in itertools.count(2)))
        email = next(e for s in suffixes if (e := f"{stem}{s}@{domain}") not in self.emails)
        self.emails.add(email)
        assert normalize_email(email) == email, email
        return email

    def residence(self, region: Region) -> dict[str, tuple[str, str]]:
        """The regional centre for four in five, a district town for the rest (where listed)."""
        rng = self.rng
        city = CITIES[region]
        towns = TOWNS.get(region, ())
        if towns and rng.random() < 0.2:
            town_kk, town_ru = rng.choice(towns)
            settlement = (f"{town_kk} қаласы", f"город {town_ru}")
            street = rng.choice(TOWN_STREETS)
        else:
            settlement = (f"{city.kk} қаласы", f"город {city.ru}")
            street = rng.choice(city.streets)
        house = rng.randint(1, 180)
        address = (f"{street[0]}, {house}-үй", f"{street[1]}, д. {house}")
        if rng.random() < 0.7:
            flat = rng.randint(1, 240)
            address = (f"{address[0]}, {flat}-пәтер", f"{address[1]}, кв. {flat}")
        return {"settlement": settlement, "address": address}

    def outside_employer(self, region: Region, *, before: date | None = None) -> Employer:
        """A provider not in the register, one BIN per name and region. The city's
        social-programme department dates from 1992-95, older than any job listed here; the
        private and non-profit ones from 1996-2012, so a job `before` one of those goes to
        the department."""
        rng = self.rng
        kind = rng.randrange(len(OTHER_EMPLOYERS))
        name = "" if kind == 0 else rng.choice(OTHER_EMPLOYER_NAMES)
        employer = self.outside.get((kind, name, region))
        if employer is None:
            year = rng.randint(1992, 1995) if kind == 0 else rng.randint(1996, 2012)
            employer = self._register(kind, name, region, date(year, rng.randint(1, 12), 1))
        if before is not None and employer.since > before:
            department = self.outside.get((0, "", region))
            return department or self._register(0, "", region, date(1992, 1, 1))
        return employer

    def _register(self, kind: int, name: str, region: Region, registered: date) -> Employer:
        bin_ = generate_bin(self.rng, registered=registered)
        while bin_ in self.bins:
            bin_ = generate_bin(self.rng, registered=registered)
        self.bins.add(bin_)
        city = CITIES[region]
        values = {"city_kk_gen": city.kk_genitive, "city_ru": city.ru_genitive, "name": name}
        kk, ru = OTHER_EMPLOYERS[kind]
        employer = Employer(bin_, kk.format(**values), ru.format(**values), region, False)
        self.outside[(kind, name, region)] = employer
        return employer

    # --- the form, as of `today` (the local day of its receipt) ---

    def form(self, p: Person, today: date) -> SpecialistForm:
        education = self.education(p, today)
        employment = self.employment(p, education[0].finished_on, today)
        years, months = experience(employment, today)
        qualification = self.qualification(p, employment[0].started_on, years, today)
        documents = APPLICATION_DOCUMENTS
        if qualification is not None:
            documents = (*documents, QUALIFICATION_DOCUMENT)
        return SpecialistForm(
            iin=p.iin,
            surname=p.surname,
            given_name=p.given_name,
            patronymic=p.patronymic,
            birth_date=p.birth_date,
            mobile_phone=p.mobile_phone,
            email=p.email,
            region=p.region,
            settlement_kk=p.settlement[0],
            settlement_ru=p.settlement[1],
            address_kk=p.address[0],
            address_ru=p.address[1],
            profession_kk=p.profession.kk,
            profession_ru=p.profession.ru,
            experience_years=years,
            experience_months=months,
            education=education,
            employment=employment,
            qualification=qualification,
            specialist_consent=True,
            organization_consent=True,
            documents=documents,
        )

    def education(self, p: Person, today: date) -> tuple[Education, ...]:
        """The plan's stages in order (college after the 9th or 11th grade, university after
        school or college, a master's later) up to the last finished two weeks ago; school
        if none was."""
        rng = self.rng
        plans = _PLANS[p.profession.track]
        levels = rng.choices([levels for levels, _ in plans], [w for _, w in plans])[0]
        school_end = p.birth_date.year + 17 + (p.birth_date.month > 8)
        region = p.region if rng.random() < 0.8 else rng.choice(list(Region))
        year, entries = school_end, list[Education]()
        for i, level in enumerate(levels):
            if level is L.GENERAL_SECONDARY:
                begin, length = year - 11, 11
            elif level is L.TECHNICAL_VOCATIONAL:
                after_ninth = i == 0 and rng.random() < 0.5
                begin, length = (year - 2, 4) if after_ninth else (year, 3)
            elif level is L.POST_SECONDARY:  # applied bachelor, from 2019
                begin, length = max(year, 2019), 1
            elif level is L.HIGHER:
                begin = year + (0 if rng.random() < 0.75 else rng.randint(1, 3))
                length = 5 if begin < 2004 else 3 if i > 0 and begin >= 2010 else 4
            else:
                begin, length = year + rng.choice((0, 0, 1, 2, 4, 6)), 2
            end = date(begin + length, 6, rng.randint(15, 30))
            if end > today - timedelta(days=14):
                break
            kk, ru = self.institution(level, p.profession.track, region)
            document = self.document(level, end)
            entries.append(Education(level, kk, ru, date(begin, 9, 1), end, document))
            year = end.year
        if not entries:
            kk, ru = self.institution(L.GENERAL_SECONDARY, p.profession.track, region)
            start, end = date(school_end - 11, 9, 1), date(school_end, 5, 25)
            document = self.document(L.GENERAL_SECONDARY, end)
            entries.append(Education(L.GENERAL_SECONDARY, kk, ru, start, end, document))
        return tuple(entries)

    def institution(self, level: EducationLevel, track: Track, region: Region) -> tuple[str, str]:
        rng = self.rng
        city = CITIES[region]
        values = {"city_kk": city.kk, "city_ru": city.ru_genitive, "n": rng.randint(1, 90)}
        if level is L.GENERAL_SECONDARY:
            template = SCHOOL
        elif level in (L.TECHNICAL_VOCATIONAL, L.POST_SECONDARY):
            template = COLLEGES[Track.MEDICAL if level is L.POST_SECONDARY else track]
        elif track is Track.MEDICAL:
            return rng.choice(MEDICAL_UNIVERSITIES)
        elif track is Track.SPORT and rng.random() < 0.6:
            return SPORT_ACADEMY
        elif level is L.HIGHER and region in REGIONAL_UNIVERSITIES and rng.random() < 0.55:
            return REGIONAL_UNIVERSITIES[region]
        else:
            return rng.choice(NATIONAL_UNIVERSITIES.get(track, NATIONAL_UNIVERSITIES[Track.SOCIAL]))
        return template[0].format(**values), template[1].format(**values)

    def document(self, level: EducationLevel, finished: date) -> str:
        return education_document(self.rng.randrange(10**7), level, finished, self.rng)

    def employment(self, p: Person, educated: date, today: date) -> tuple[Employment, ...]:
        """One to three jobs in order, after the first education and the 16th birthday, each
        after its employer's registration; the last, at the person's employer, is current."""
        rng = self.rng
        floor = max(years_before(p.birth_date, -16), educated + timedelta(days=1))
        latest = today - timedelta(days=30)
        first = floor
        if floor < latest:
            span = min((latest - floor).days, 30 * 365)
            first = latest - timedelta(days=int(span * rng.random() ** 0.8))
        count = 1
        if (latest - first).days > 2 * 365:
            count = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
        cuts: list[int] = []
        if count > 1:
            cuts = sorted(rng.sample(range(first.toordinal() + 180, latest.toordinal()), count - 1))
        jobs: list[Employment] = []
        start = first
        for cut in cuts:
            end = date.fromordinal(cut)
            if (end - start).days < 90:
                continue
            employer = self.earlier_employer(p, start)
            kk, ru = self.position(p.profession)
            jobs.append(
                Employment(employer.name_kk, employer.name_ru, employer.bin, kk, ru, start, end)
            )
            start = end + timedelta(days=rng.randint(1, 30))
        e = p.employer
        if start < e.since:  # hired after a job elsewhere ended, once the employer existed
            start = min(e.since + timedelta(days=rng.randint(0, 60)), latest)
        kk, ru = p.profession.kk, p.profession.ru
        jobs.append(Employment(e.name_kk, e.name_ru, e.bin, kk, ru, start, None))
        return tuple(jobs)

    def position(self, profession: Profession) -> tuple[str, str]:
        if profession.earlier and self.rng.random() < 0.6:
            return self.rng.choice(profession.earlier)
        return profession.kk, profession.ru

    def earlier_employer(self, p: Person, started: date) -> Employer:
        """Another organisation of the region that existed then, in the register or not."""
        region = p.employer.region
        others = [
            e for e in self.by_region.get(region, ()) if e != p.employer and e.since <= started
        ]
        if others and self.rng.random() < 0.6:
            return self.rng.choice(others)
        employer = self.outside_employer(region, before=started)
        return employer if employer != p.employer else self.outside_employer(region, before=started)

    def qualification(
        self, p: Person, started: date, years: int, today: date
    ) -> Qualification | None:
        """Two in three of those with two years or more have a category their experience
        allows, assigned in the last five years, once they had the years for it."""
        rng = self.rng
        allowed = [c for c, need in CATEGORY_YEARS.items() if years >= need]
        if not allowed or rng.random() < 0.33:
            return None
        category = rng.choices(allowed, weights=(3, 3, 2)[: len(allowed)])[0]
        earliest = max(years_before(started, -CATEGORY_YEARS[category]), years_before(today, 5))
        latest = today - timedelta(days=14)
        if earliest > latest:
            return None
        assigned = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        # The Committee's regional department or the akimat's commission; health for medics.
        template = MEDICAL_ATTESTATION_BODY
        if p.profession.track is not Track.MEDICAL:
            template = rng.choice(ATTESTATION_BODIES)
        kk, ru = attestation_body(p.employer.region, template)
        return Qualification(category, assigned, kk, ru)


def education_document(
    number: int, level: EducationLevel, finished: date, rng: random.Random
) -> str:
    """ "Диплом ЖБ-Б № 1234567" and the like: the series of the level and period."""
    digits, soviet = f"{number % 10**7:07d}", finished.year < 1992
    if soviet:
        digits = digits[1:]
    if level is L.GENERAL_SECONDARY:
        return f"Аттестат № {digits}" if soviet else f"Аттестат ЖОБ № {digits}"
    if level in (L.TECHNICAL_VOCATIONAL, L.POST_SECONDARY):
        series = rng.choice(SOVIET_COLLEGE_SERIES) if soviet else "ТКБ"
    elif level is L.HIGHER:
        modern = "ЖБ-Б" if finished.year >= 2005 else "ЖБ"
        series = rng.choice(SOVIET_HIGHER_SERIES) if soviet else modern
    else:
        series = "ЖООК-М"
    return f"Диплом {series} № {digits}"


def attestation_body(region: Region, template: tuple[str, str]) -> tuple[str, str]:
    """One of `ATTESTATION_BODIES` (or the medical one) for `region`, kk and ru."""
    values = {
        "region_kk": label_of(region).kk,
        "region_ru_genitive": REGION_GENITIVE_RU[region],
        "region_ru_dative": REGION_DATIVE_RU.get(region, REGION_GENITIVE_RU[region]),
    }
    return template[0].format(**values), template[1].format(**values)


_HIGHER_CATEGORY = {
    QualificationCategory.SECOND: QualificationCategory.FIRST,
    QualificationCategory.FIRST: QualificationCategory.HIGHEST,
}


def draft(
    rng: random.Random, final: SpecialistForm, reasons: Sequence[ReturnReason]
) -> SpecialistForm:
    """The first round of a returned application: `final` with the faults `reasons` name."""
    form = final
    for reason in reasons:
        if reason is ReturnReason.INCOMPLETE_OR_EXPIRED_DOCUMENTS:
            documents = tuple(d for d in form.documents if d != APPLICATION_DOCUMENTS[1])
            form = replace(form, documents=documents)
        elif reason is ReturnReason.PROFESSION_MISMATCH:
            form = replace(
                form, profession_kk="әлеуметтік қызметкер", profession_ru="социальный работник"
            )
        elif reason is ReturnReason.EMPLOYMENT_DATA_MISMATCH:
            current = replace(form.employment[-1], position_kk="маман", position_ru="специалист")
            form = replace(form, employment=(*form.employment[:-1], current))
        else:  # a category claimed too high, or from a commission that never gave it
            q = final.qualification
            if q is None:
                kk, ru = attestation_body(final.region, rng.choice(ATTESTATION_BODIES))
                started = final.employment[-1].started_on
                q = Qualification(QualificationCategory.SECOND, started, kk, ru)
            elif q.category in _HIGHER_CATEGORY:
                q = replace(q, category=_HIGHER_CATEGORY[q.category])
            else:
                bodies = (attestation_body(final.region, t) for t in ATTESTATION_BODIES)
                kk, ru = next(body for body in bodies if body[0] != q.body_kk)
                q = replace(q, body_kk=kk, body_ru=ru)
            documents = form.documents
            if QUALIFICATION_DOCUMENT not in documents:
                documents = (*documents, QUALIFICATION_DOCUMENT)
            form = replace(form, qualification=q, documents=documents)
    return form


# --- synthetic register entries for benchmarks -------------------------------------------------

Row = dict[str, Any]

_SCALE_BIRTHS_FROM = date(1961, 1, 1)
_SCALE_BIRTH_DAYS = 16_071  # to 2004-12-31
_SCALE_STRIDE = 7_919  # a prime not dividing the days: i -> birth day is a permutation
SCALE_SERIAL = 9_000
"""Scale IINs have serials (digits 8-11) from 9000; demo ones below."""
SCALE_CAPACITY = _SCALE_BIRTH_DAYS * 500


def scale_iin(index: int, female: bool) -> tuple[str, date]:
    """The index-th scale IIN and its birth date.

    Index i gives birth day (i mod D) * 7919 mod D of the D days from 1961 to 2004, and serial
    9000 + i // D: unique per i. When that serial has no check digit, 9500 + i // D has one:
    adding 5 to the ninth digit adds 45 = 1 (mod 11) to the first weighted sum, which was 10.
    """
    if index >= SCALE_CAPACITY:
        raise RuntimeError("the scale IIN sequence is exhausted")
    quotient, rest = divmod(index, _SCALE_BIRTH_DAYS)
    born, birth_head = _scale_birth(rest, female)
    head = f"{birth_head}{SCALE_SERIAL + quotient}"
    check = check_digit(head)
    if check is None:
        head = f"{birth_head}{SCALE_SERIAL + 500 + quotient}"
        check = check_digit(head)
        assert check is not None
    return f"{head}{check}", born


@functools.cache
def _scale_birth(rest: int, female: bool) -> tuple[date, str]:
    """The birth day of `scale_iin` and the IIN's first seven digits: YYMMDD, century-sex."""
    born = _SCALE_BIRTHS_FROM + timedelta(days=rest * _SCALE_STRIDE % _SCALE_BIRTH_DAYS)
    return born, f"{born:%y%m%d}{(3 if born.year < 2000 else 5) + female}"


@dataclass(frozen=True, slots=True)
class _Place:
    """A region's texts for scale entries, made once per run."""

    region: str
    settlement: tuple[str, str]
    streets: tuple[tuple[str, str], ...]
    college: tuple[str, str]
    university: tuple[str, str]
    body: tuple[str, str]
    city: tuple[str, str]  # name, and the Russian genitive

    @classmethod
    def of(cls, region: Region) -> _Place:
        city = CITIES[region]
        values = {"city_kk": city.kk, "city_ru": city.ru_genitive}
        return cls(
            region.value,
            (f"{city.kk} қаласы", f"город {city.ru}"),
            city.streets,
            (_HUMANITIES_COLLEGE[0].format(**values), _HUMANITIES_COLLEGE[1].format(**values)),
            REGIONAL_UNIVERSITIES.get(region, REGIONAL_UNIVERSITIES[Region.ALMATY]),
            attestation_body(region, ATTESTATION_BODIES[1]),
            (city.kk, city.ru_genitive),
        )


class ScaleEntries:
    """Register entries as rows (specialist, education, employment, consent event), fast:
    names from the lists, the rest from the row's number, the IIN from `scale_iin`."""

    def __init__(self, rng: random.Random, employers: Sequence[Employer], now: datetime) -> None:
        self.rng, self.employers, self.now = rng, employers, now
        self.today = now.astimezone(ALMATY).date()
        self.finished_by = self.today - timedelta(days=14)
        self.hired_by = self.today - timedelta(days=30)
        self.places = {region: _Place.of(region) for region in Region}
        self.weights = list(itertools.accumulate(p.weight for p in PROFESSIONS))
        self.professions = [(p, search_key(p.kk, p.ru)) for p in PROFESSIONS]
        self.recorded: dict[date, datetime] = {}

    def entry(
        self, pk: int, number: int, iin_index: int, included_on: date
    ) -> tuple[Row, list[Row], list[Row], Row]:
        rng, today = self.rng, self.today
        female = rng.random() < 0.75
        surname, given, patronymic = person_name(rng, female)
        iin, born = scale_iin(iin_index, female)
        profession, profession_search = self.professions[
            bisect.bisect(self.weights, rng.randrange(self.weights[-1]))
        ]
        employer = self.employers[rng.randrange(len(self.employers))]
        place = self.places[employer.region]
        education = self._education(place, born, pk, number)
        jobs = self._jobs(employer, profession, born, education[0]["finished_on"], pk)
        months = 0
        for job in jobs:
            months += whole_months(job["started_on"], job["ended_on"] or today)
        category, assigned = self._category(months // 12, jobs[0]["started_on"])
        u = rng.random()
        specialist_consent = u >= 0.05
        organization_consent = not 0.05 <= u < 0.10  # one in ten lacks one of the consents
        name_search, sort_kk, sort_ru = name_keys(surname, given, patronymic)
        street_kk, street_ru = place.streets[number % len(place.streets)]
        house, flat = number % 180 + 1, number % 240 + 1
        email = None
        if u < 0.9:
            email = f"{_slug(given)}.{_slug(surname)}{number}@{EMAIL_DOMAINS[number % 7]}"
        prefix = SPECIALIST_MOBILE_PREFIXES[number % len(SPECIALIST_MOBILE_PREFIXES)]
        specialist = {
            "id": pk,
            "application_id": None,
            "applicant": employer.bin,
            "iin": iin,
            "surname": surname,
            "given_name": given,
            "patronymic": patronymic,
            "birth_date": born,
            "mobile_phone": f"+7{prefix}{number % 10**7:07d}",
            "email": email,
            "region": place.region,
            "settlement_kk": place.settlement[0],
            "settlement_ru": place.settlement[1],
            "address_kk": f"{street_kk}, {house}-үй, {flat}-пәтер",
            "address_ru": f"{street_ru}, д. {house}, кв. {flat}",
            "profession_kk": profession.kk,
            "profession_ru": profession.ru,
            "experience_years": months // 12,
            "experience_months": months % 12,
            "qualification_category": category.value if category else None,
            "qualification_assigned_on": assigned,
            "qualification_body_kk": place.body[0] if category else None,
            "qualification_body_ru": place.body[1] if category else None,
            "included_on": included_on,
            "specialist_consent": specialist_consent,
            "organization_consent": organization_consent,
            "name_search": name_search,
            "profession_search": profession_search,
            "sort_kk": sort_kk,
            "sort_ru": sort_ru,
            "created_at": self.now,
            "updated_at": self.now,
        }
        recorded = self.recorded.get(included_on)
        if recorded is None:
            recorded = datetime.combine(included_on, time(10), tzinfo=ALMATY)
            self.recorded[included_on] = recorded
        consent = {
            "specialist_id": pk,
            "specialist_consent": specialist_consent,
            "organization_consent": organization_consent,
            "changed_at": recorded,
            "actor_role": Role.APPLICANT.value,  # the employer applied for its staff
            "actor_subject": employer.bin,
        }
        return specialist, education, jobs, consent

    def _education(self, place: _Place, born: date, pk: int, number: int) -> list[Row]:
        """A college, a university, or both, up to what was finished two weeks ago; school
        if nothing was."""
        u = self.rng.random()
        stages = [(L.TECHNICAL_VOCATIONAL, 3)] if u < 0.5 else [(L.HIGHER, 4)]
        if u >= 0.8:
            stages = [(L.TECHNICAL_VOCATIONAL, 3), (L.HIGHER, 3)]
        year, rows = born.year + 18, list[Row]()
        for level, length in stages:
            started, finished = date(year, 9, 1), date(year + length, 6, 28)
            if finished > self.finished_by:
                break
            kk, ru = place.college if level is L.TECHNICAL_VOCATIONAL else place.university
            document = education_document(number, level, finished, self.rng)
            rows.append(_education(pk, len(rows), level, (kk, ru), started, finished, document))
            year = finished.year
        if not rows:
            values = {"city_kk": place.city[0], "city_ru": place.city[1], "n": number % 90 + 1}
            school = SCHOOL[0].format(**values), SCHOOL[1].format(**values)
            started, finished = date(born.year + 7, 9, 1), date(born.year + 18, 5, 25)
            document = education_document(number, L.GENERAL_SECONDARY, finished, self.rng)
            rows.append(_education(pk, 0, L.GENERAL_SECONDARY, school, started, finished, document))
        return rows

    def _jobs(
        self, employer: Employer, profession: Profession, born: date, educated: date, pk: int
    ) -> list[Row]:
        """The current job, after the 16th birthday, the first education and the employer's
        registration; for half of those with a long career, an earlier one elsewhere."""
        rng, latest = self.rng, self.hired_by
        floor = max(years_before(born, -16), educated + timedelta(days=1))
        current = floor
        if floor < latest:
            current = floor + timedelta(days=rng.randrange((latest - floor).days))
        current = max(current, min(employer.since, latest))
        rows: list[Row] = []
        other = self.employers[rng.randrange(len(self.employers))]
        start = max(floor, other.since)
        if (current - start).days > 400 and other.bin != employer.bin and rng.random() < 0.5:
            started = start + timedelta(days=rng.randrange((current - start).days // 2))
            ended = current - timedelta(days=rng.randint(1, 30))
            rows.append(_job(pk, 0, other, profession, started, ended))
        rows.append(_job(pk, len(rows), employer, profession, current, None))
        return rows

    def _category(
        self, years: int, started: date
    ) -> tuple[QualificationCategory | None, date | None]:
        """Three in four with two years or more: a category their experience allows, assigned
        in the last five years after they had the years for it."""
        if years < 2 or self.rng.random() >= 0.75:
            return None, None
        allowed = [c for c, need in CATEGORY_YEARS.items() if years >= need]
        category = allowed[self.rng.randrange(len(allowed))]
        earliest = max(
            years_before(started, -CATEGORY_YEARS[category]), years_before(self.today, 5)
        )
        if earliest > self.finished_by:
            return None, None
        days = (self.finished_by - earliest).days
        return category, earliest + timedelta(days=self.rng.randint(0, days))


def name_keys(surname: str, given: str, patronymic: str | None) -> tuple[str, str, str]:
    """search_key and the kk and ru sort_key of the full name, joined from each part's keys:
    the keys fold letter by letter and collapse spaces, and names from the lists have no
    spaces or quotation marks, so the parts' keys joined are the name's (tests check it)."""
    parts = [_part_keys(part) for part in (surname, given, patronymic) if part]
    search, kk, ru = (" ".join(keys) for keys in zip(*parts, strict=True))
    return search, kk, ru


@functools.cache
def _part_keys(part: str) -> tuple[str, str, str]:
    return search_key(part), sort_key(part, "kk"), sort_key(part, "ru")


@functools.cache
def _slug(name: str) -> str:
    return transliterate(name).replace("-", "")


def _education(
    pk: int,
    ordinal: int,
    level: EducationLevel,
    institution: tuple[str, str],
    started: date,
    finished: date,
    document: str,
) -> Row:
    return {
        "specialist_id": pk,
        "ordinal": ordinal,
        "level": level.value,
        "institution_kk": institution[0],
        "institution_ru": institution[1],
        "started_on": started,
        "finished_on": finished,
        "document": document,
    }


def _job(
    pk: int,
    ordinal: int,
    employer: Employer,
    profession: Profession,
    started: date,
    ended: date | None,
) -> Row:
    return {
        "specialist_id": pk,
        "ordinal": ordinal,
        "organization_name_kk": employer.name_kk,
        "organization_name_ru": employer.name_ru,
        "employer_bin": employer.bin,
        "position_kk": profession.kk,
        "position_ru": profession.ru,
        "started_on": started,
        "ended_on": ended,
    }
