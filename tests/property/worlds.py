"""The registers the leak-proofing tests read: a visible world the public may see, and hidden
records whose every text is a unique canary.

Visible records use dates on days 1-14 of a month and phones, e-mails, BINs and licence
numbers of their own shapes; hidden records use days 15-28, each date at most once, and
unique values of other shapes, so each of their values can be searched for in an answer.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from domain.licence_events import LicenceEventKind
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, ServiceCondition
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import Education, Employment, Qualification, SpecialistForm
from tests.property.records import (
    LICENCE_TEXTS,
    ORGANIZATION_TEXTS,
    LicenceRecord,
    OrganizationRecord,
    SpecialistRecord,
    valid_xin,
)

__all__ = [
    "CANARY",
    "CANARY_LATIN",
    "CanaryWorld",
    "World",
    "canary_world",
    "visible_world",
]

CANARY = "КАНАРЕЙКА"  # in every text of a hidden record, with a number of its own
CANARY_LATIN = "kanareika"  # in hidden e-mails

ORGANIZATION_NAMES = (
    ("«Мейірім» ЖШС", "ТОО «Мейірім»"),
    ("«Шапағат» ЖШС", "ТОО «Шапагат»"),
    ("«Әлем» қоғамдық қоры", "Общественный фонд «Алем»"),
    ("«Ұрпақ» ЖШС", "ТОО «Урпак»"),
    ("«Жанұя» орталығы", "Центр «Жануя»"),
    ("«Қамқор» КММ", "КГУ «Камкор»"),
    ("«Бота» ЖШС", "ТОО «Бота»"),
    ("«Нұр» ЖШС", "ТОО «Нур»"),
    ("«Ясын» ЖШС", "ТОО «Ясын»"),
    ("«Айгөлек» ЖШС", "ТОО «Айголек»"),
)
SURNAMES = (
    "Абенова",
    "Әлиев",
    "Бекова",
    "Жанова",
    "Иванова",
    "Ким",
    "Қасымова",
    "Нұрланов",
    "Оспанова",
    "Өмірзақов",
    "Сейітов",
    "Ұлықбекова",
    "Шайхина",
    "Ясинская",
)
GIVEN_NAMES = ("Айгүл", "Мария", "Нұрлан", "Дина", "Ерлан", "Сәуле", "Олег")
PROFESSIONS = (
    ("психолог", "психолог"),
    ("әлеуметтік жұмыс жөніндегі маман", "специалист по социальной работе"),
    ("әлеуметтік қызметкер", "социальный работник"),
    ("логопед", "логопед"),
)


def _visible_date(rng: random.Random, start: int, end: int) -> date:
    return date(rng.randint(start, end), rng.randint(1, 12), rng.randint(1, 14))


def _pk(rng: random.Random) -> int:
    return rng.randrange(10**17, 2**63)


class World:
    """Records, and the values a test asks about. Not a dataclass: hypothesis prints the
    strategies built from a world, and would print a dataclass field by field."""

    def __init__(self) -> None:
        self.organizations: list[OrganizationRecord] = []
        self.specialists: list[SpecialistRecord] = []
        # Employers named in specialists' employment that are not in the register.
        self.unregistered_bins: list[str] = []

    def __repr__(self) -> str:
        return (
            f"World({len(self.organizations)} organisations, {len(self.specialists)} specialists)"
        )

    @property
    def licences(self) -> list[LicenceRecord]:
        return [lic for o in self.organizations for lic in o.licences]

    @property
    def bins(self) -> list[str]:
        return [o.bin for o in self.organizations]

    @property
    def dates(self) -> list[date]:
        found = {o.included_on for o in self.organizations}
        found |= {s.included_on for s in self.specialists}
        found |= {s.form.birth_date for s in self.specialists}
        return sorted(found)


def _bins(prefix: str) -> Iterator[str]:
    """Valid BINs `<prefix>40<serial>`; prefix YYMM."""
    for serial in itertools.count(1):
        xin = valid_xin(f"{prefix}40{serial:05d}")
        if xin is not None:
            yield xin


def visible_world(seed: int = 2026) -> World:
    """Ten consenting organisations (two removed), three employers outside the register, and
    fourteen consenting specialists, deterministic for a seed."""
    rng = random.Random(seed)
    world = World()
    bins = _bins("2401")
    licence_numbers = itertools.count(100)
    for i, (name_kk, name_ru) in enumerate(ORGANIZATION_NAMES):
        included = _visible_date(rng, 2005, 2024)
        removed = _visible_date(rng, 2025, 2025) if i in (3, 7) else None
        licences = []
        count = 1 + i % 2
        for n in range(count):
            current = n == count - 1
            issued = included.replace(year=included.year + n)
            licences.append(
                LicenceRecord(
                    id=_pk(rng),
                    number=f"KZ24LSS{next(licence_numbers):06d}",
                    status=(
                        LicenceStatus.TERMINATED
                        if removed or not current
                        else rng.choice((LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED))
                    ),
                    is_current=current,
                    issued_on=issued,
                    initial_issued_on=included,
                    valid_until=None if i % 3 else _visible_date(rng, 2027, 2030),
                    reissued_on=issued if n else None,
                    terminated_on=removed if current else None,
                    texts={name: f"{name_ru} {name}" for name in LICENCE_TEXTS},
                    events=(
                        (
                            datetime.combine(issued, datetime.min.time(), UTC) + timedelta(hours=5),
                            LicenceEventKind.ISSUED,
                            "",
                        ),
                    ),
                )
            )
        world.organizations.append(
            OrganizationRecord(
                id=_pk(rng),
                bin=next(bins),
                consent=True,
                texts={
                    "name_kk": name_kk,
                    "name_ru": name_ru,
                    "legal_address_kk": f"Астана қ., {i}",
                    "legal_address_ru": f"г. Астана, {i}",
                    "removal_grounds_kk": "Лицензиаттың өтініші",
                    "removal_grounds_ru": "По заявлению лицензиата",
                },
                region=rng.choice(list(Region)),
                conditions=tuple(rng.sample(list(ServiceCondition), rng.randint(1, 3))),
                categories=tuple(rng.sample(list(ClientCategory), rng.randint(1, 3))),
                included_on=included,
                capacity=rng.choice((None, 40, 120)),
                phone=f"+77172{i:06d}",
                email=f"info{i}@example.kz",
                removed_on=removed,
                licences=tuple(licences),
                contracts=tuple(
                    (_visible_date(rng, 2020, 2024), _visible_date(rng, 2025, 2027))
                    for _ in range(i % 3)
                ),
            )
        )
    world.unregistered_bins = [next(bins) for _ in range(3)]
    employers = [*world.bins[:6], *world.unregistered_bins]
    for i, surname in enumerate(SURNAMES):
        employer = employers[i % len(employers)]
        former = rng.choice(world.bins)
        kk, ru = rng.choice(PROFESSIONS)
        world.specialists.append(
            SpecialistRecord(
                id=_pk(rng),
                included_on=_visible_date(rng, 2023, 2026),
                form=SpecialistForm(
                    iin=None,
                    surname=surname,
                    given_name=rng.choice(GIVEN_NAMES),
                    patronymic=None if i % 4 == 0 else "Серікқызы",
                    birth_date=_visible_date(rng, 1960, 2000),
                    mobile_phone=f"+77015{i:06d}",
                    email=None if i % 5 == 0 else f"person{i}@mail.kz",
                    region=rng.choice(list(Region)),
                    settlement_kk="Астана қ.",
                    settlement_ru="г. Астана",
                    address_kk=f"Абай д-лы, {i}",
                    address_ru=f"пр. Абая, {i}",
                    profession_kk=kk,
                    profession_ru=ru,
                    experience_years=i,
                    experience_months=i % 12,
                    education=(
                        Education(
                            EducationLevel.HIGHER,
                            "ҚазҰУ",
                            "КазНУ",
                            date(1990, 9, 1),
                            date(1994, 6, 10),
                            f"Д-{i}",
                        ),
                    ),
                    employment=(
                        Employment(
                            "Бұрынғы",
                            "Прежнее",
                            former,
                            "маман",
                            "специалист",
                            date(2005, 1, 1),
                            date(2010, 1, 1),
                        ),
                        Employment(
                            "Қазіргі",
                            "Нынешнее",
                            employer,
                            "маман",
                            "специалист",
                            date(2011, 2, 1),
                            None,
                        ),
                    ),
                    qualification=(
                        None
                        if i % 3 == 0
                        else Qualification(
                            rng.choice(list(QualificationCategory)),
                            _visible_date(rng, 2015, 2024),
                            "Комиссия",
                            "Комиссия",
                        )
                    ),
                    specialist_consent=True,
                    organization_consent=True,
                    documents=("Диплом",),
                ),
            )
        )
    return world


class Mint:
    """Unique hidden values: canaries, dates (days 15-28), phones, e-mails, BINs, IINs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._texts = itertools.count(1)
        self._numbers = itertools.count(1)
        self._dates: set[date] = set()
        self._bins = _bins("1907")

    def text(self, prefix: str = "") -> str:
        return f"{prefix}{CANARY}-{next(self._texts):04d}"

    def name(self) -> str:
        """A canary that sorts anywhere among the visible names, in both alphabets."""
        return self.text(self.rng.choice(("", "«А", "Ә", "Ж ", "Қ", "Н", "Ө", "Я ", "Z", "1")))

    def date(self, start: int = 1950, end: int = 2026) -> date:
        while True:
            day = date(
                self.rng.randint(start, end), self.rng.randint(1, 12), self.rng.randint(15, 28)
            )
            if day not in self._dates:
                self._dates.add(day)
                return day

    def phone(self) -> str:
        return f"+7747{next(self._numbers):07d}"

    def email(self) -> str:
        return f"{CANARY_LATIN}{next(self._numbers)}@hidden.kz"

    def bin(self) -> str:
        return next(self._bins)

    def iin(self) -> str:
        while True:
            born = self.date(1950, 1999)
            xin = valid_xin(f"{born:%y%m%d}{self.rng.choice('34')}{next(self._numbers):04d}")
            if xin is not None:
                return xin

    def licence_number(self) -> str:
        return f"KZ19LSS9{next(self._numbers):05d}"


def hidden_organization(
    mint: Mint, *, removed: bool = False, withdrawn: bool = False
) -> OrganizationRecord:
    """An organisation without publication consent, every text a canary, with two licences
    (an earlier one and the current one), contracts and licence events."""
    rng = mint.rng
    bin_ = mint.bin()
    texts = {name: mint.text() for name in ORGANIZATION_TEXTS}
    texts["name_kk"], texts["name_ru"] = mint.name(), mint.name()
    included = mint.date(2000, 2024)
    removed_on = mint.date(2025, 2025) if removed else None
    licences = []
    for n in range(2):
        current = n == 1
        issued = mint.date(2000, 2024)
        licences.append(
            LicenceRecord(
                id=_pk(rng),
                number=mint.licence_number(),
                status=(
                    LicenceStatus.TERMINATED
                    if removed_on or not current
                    else rng.choice(list(LicenceStatus))
                ),
                is_current=current,
                issued_on=issued,
                initial_issued_on=included,
                valid_until=mint.date(2027, 2040),
                reissued_on=mint.date(2000, 2024) if current else None,
                terminated_on=removed_on if current else mint.date(2000, 2024),
                suspended_until=mint.date(2026, 2030) if current else None,
                texts={name: mint.text() for name in LICENCE_TEXTS},
                events=tuple(
                    (
                        datetime.combine(mint.date(2000, 2024), datetime.min.time(), UTC)
                        + timedelta(hours=5),
                        kind,
                        mint.text(),
                    )
                    for kind in (LicenceEventKind.ISSUED, LicenceEventKind.SUSPENDED)
                ),
            )
        )
    return OrganizationRecord(
        id=_pk(rng),
        bin=bin_,
        consent=False,
        texts=texts,
        region=rng.choice(list(Region)),
        conditions=tuple(rng.sample(list(ServiceCondition), rng.randint(1, 4))),
        categories=tuple(rng.sample(list(ClientCategory), rng.randint(1, 4))),
        included_on=included,
        capacity=rng.choice((None, 7, 300)),
        phone=mint.phone(),
        email=mint.email(),
        removed_on=removed_on,
        licences=tuple(licences),
        contracts=((mint.date(2020, 2024), mint.date(2025, 2030)),),
        consent_history=(True, False) if withdrawn else (False,),
    )


def hidden_specialist(
    mint: Mint,
    *,
    specialist_consent: bool,
    organization_consent: bool,
    employer: str,
    former: str,
    withdrawn: bool = False,
) -> SpecialistRecord:
    """A specialist lacking a consent, every text a canary, working at `employer` now and
    formerly at `former`."""
    rng = mint.rng
    t = mint.text
    return SpecialistRecord(
        id=_pk(rng),
        applicant=mint.email(),
        included_on=mint.date(2023, 2026),
        consent_history=(
            ((True, True), (specialist_consent, organization_consent)) if withdrawn else ()
        ),
        form=SpecialistForm(
            iin=mint.iin(),
            surname=mint.name(),
            given_name=t(),
            patronymic=t(),
            birth_date=mint.date(1950, 2000),
            mobile_phone=mint.phone(),
            email=mint.email(),
            region=rng.choice(list(Region)),
            settlement_kk=t(),
            settlement_ru=t(),
            address_kk=t(),
            address_ru=t(),
            profession_kk=t("психолог "),
            profession_ru=t("психолог "),
            experience_years=rng.randint(0, 40),
            experience_months=rng.randint(0, 11),
            education=(
                Education(
                    rng.choice(list(EducationLevel)),
                    t(),
                    t(),
                    mint.date(1970, 2000),
                    mint.date(2001, 2010),
                    t(),
                ),
            ),
            employment=(
                Employment(
                    t(), t(), former, t(), t(), mint.date(2000, 2009), mint.date(2010, 2015)
                ),
                Employment(t(), t(), employer, t(), t(), mint.date(2016, 2024), None),
            ),
            qualification=Qualification(
                rng.choice(list(QualificationCategory)), mint.date(2015, 2024), t(), t()
            ),
            specialist_consent=specialist_consent,
            organization_consent=organization_consent,
            documents=(t(),),
        ),
    )


@dataclass
class CanaryWorld:
    visible: World
    hidden: World
    # A hidden organisation a visible specialist works at: its BIN is public through the
    # specialist's own entry (register column 8), nothing else of it is.
    semi_public_bin: str
    # Withdrawn records: the change feed names their ids in a removal carrying no data.
    withdrawn: list[OrganizationRecord | SpecialistRecord]

    @property
    def withdrawn_ids(self) -> set[str]:
        """Their global ids, and their primary keys in decimal."""
        return {x for r in self.withdrawn for x in (r.global_id, str(r.id))}


CONSENTS = ((False, True), (True, False), (False, False))


def canary_world(seed: int = 2026) -> CanaryWorld:
    visible = visible_world(seed)
    mint = Mint(random.Random(seed + 1))
    hidden = World()
    for i in range(10):
        hidden.organizations.append(
            hidden_organization(mint, removed=i in (2, 5), withdrawn=i in (1, 6))
        )
    hidden.unregistered_bins = [mint.bin() for _ in range(2)]
    employers = [
        *visible.bins,  # hidden staff of visible organisations
        *hidden.bins,  # hidden staff of hidden organisations
        *hidden.unregistered_bins,
        visible.unregistered_bins[0],
    ]
    for i in range(24):
        sc, oc = CONSENTS[i % 3]
        hidden.specialists.append(
            hidden_specialist(
                mint,
                specialist_consent=sc,
                organization_consent=oc,
                employer=employers[i % len(employers)],
                former=employers[(i * 7 + 3) % len(employers)],
                withdrawn=i in (4, 11),
            )
        )
    # A visible specialist who works at a hidden organisation.
    semi = hidden.organizations[0]
    last = visible.specialists[-1]
    jobs = (
        *last.form.employment[:1],
        Employment("Жасырын", "Скрытое", semi.bin, "маман", "специалист", date(2020, 3, 2), None),
    )
    visible.specialists[-1] = replace(last, form=replace(last.form, employment=jobs))
    withdrawn: list[OrganizationRecord | SpecialistRecord] = [
        *(o for o in hidden.organizations if len(o.consent_history) > 1),
        *(s for s in hidden.specialists if len(s.consent_history) > 1),
    ]
    return CanaryWorld(visible, hidden, semi.bin, withdrawn)
