"""The working-day calendar: which days count, when an application is registered, when a term ends.

domain.md "Working days and deadlines". Licensing-service rules, annex 1 item 8: the licensor works
Monday–Friday, 09:00–18:30, except the days off and holidays of the Labour Code and art. 5 of the
Law "On holidays in the Republic of Kazakhstan"; an application made after working hours, on a
day off or a holiday is accepted on the next working day, and every term counts from that day.

Pure: the public holidays come from `holidays` (statutory days and their carry-overs, and the
decreed swaps it knows, up to 2025), the later decreed changes from `OVERRIDES` below, each with
its source. "Now" is always passed in; nothing here reads the clock.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "ALMATY",
    "DAY_SWAPS",
    "KURBAN_AIT_FIRST_DAYS",
    "OFFICE_CLOSES",
    "OFFICE_OPENS",
    "OVERRIDES",
    "Override",
    "Term",
    "WorkingCalendar",
    "to_almaty",
]

ALMATY = ZoneInfo("Asia/Almaty")
"""The licensor's time zone: UTC+5 for the whole country since 1 March 2024 (tzdata 2024a+)."""

OFFICE_OPENS = time(9, 0)
"""Annex 1 item 8: the working day starts at 09:00 (an earlier application is still that day's)."""

OFFICE_CLOSES = time(18, 30)
"""Annex 1 item 8: the working day ends at 18:30; from 18:30 on it is the next working day's."""

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Override:
    """One decreed change to the ordinary week, with the act that made it.

    `working=True`: a weekend day made a working day (its day off moved elsewhere by decree).
    `working=False`: a day off by decree or announcement, e.g. the official first day of Kurban Ait.
    """

    day: date
    working: bool
    reason: str
    source: str


KURBAN_AIT_FIRST_DAYS: tuple[Override, ...] = (
    Override(
        day=date(2026, 5, 27),
        working=False,
        reason="Kurban Ait 2026 (first day)",
        source=(
            "Spiritual Administration of Muslims of Kazakhstan (ДУМК/ҚМДБ), calendar of religious "
            "dates for 2026 approved by its Sharia and Fatwa department, muftyat.kz, 6 November "
            "2025: Kurban Ait 27–29 May 2026 (zakon.kz, https://www.zakon.kz/obshestvo/6496885-"
            "ramazan2026-oraza-i-kurban-ayt-opublikovan-kalendar-musulmanskikh-prazdnikov-v-"
            "kazakhstane.html); official 2026 calendar of holidays and days off on egov.kz: the "
            "first day of Kurban Ait falls on 27 May 2026, a day off without carry-over "
            "(Kazinform, 2 January 2026, "
            "https://www.inform.kz/ru/kak-budut-otdihat-kazahstantsi-v-2026-godu-947dd6). "
            "The first day of Kurban Ait is a day off: Labour Code art. 84 p. 5."
        ),
    ),
)
"""Official first days of Kurban Ait after 2025: each replaces the library's estimate for its year.

Kurban Ait follows the lunar calendar; ДУМК publishes the date, which "may shift by one day with
the new moon", and the Ministry of Labour confirms it as a day off. Unverified, so not listed:
2027 and later, where the library's estimate ("Eid al-Adha (estimated)") is kept.
"""

DAY_SWAPS: tuple[Override, ...] = ()
"""Decreed transfers of days off after 2025 (the library holds those up to 2025).

None found for 2026: the official egov.kz calendar for 2026 (Kazinform, 2 January 2026, above)
lists only the statutory carry-overs (9 March, 24–25 March, 11 May, 26 October), and the Ministry
of Labour said no transfer is planned for January 2026 (Tengrinews, https://kaz.tengrinews.kz/
kazakhstan_news/kazakstandyiktar-kantarda-kalay-demaladyi-370760/). Unverified: any order issued
after those reports, and every year from 2027. Add a row here, with its order, when one is issued.
"""

OVERRIDES: tuple[Override, ...] = DAY_SWAPS + KURBAN_AIT_FIRST_DAYS
"""Decreed day swaps and official Kurban Ait dates after 2025, each with its source.

Constitution Day is left to the library: it drops 30 August from 2026 and adds 15 March from 2027
(the new Constitution, referendum of 15 March 2026; the Ministry of Labour confirmed 30 August
2026 is no longer a day off, Taspanews, 18 March 2026, https://taspanews.kz/novosti-kazakhstana/
v-etom-godu-u-kazakhstantsev-ne-budet-odnogo-vykhodnogo-795514517615), although the egov.kz
calendar published in January 2026 still showed 31 August 2026 as a day off.
"""


def to_almaty(moment: datetime) -> datetime:
    """`moment` on the licensor's clock; a naive datetime is refused, its zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time zone is required, got the naive datetime {moment.isoformat()}")
    return moment.astimezone(ALMATY)


class WorkingCalendar:
    """Working days under the Labour Code and the Law "On holidays" art. 5, with decreed changes.

    Immutable once built: build it once at start-up (`kazakhstan()` caches) and pass it in.
    """

    __slots__ = ("_holidays", "_overrides")

    def __init__(
        self, holidays_by_day: Mapping[date, str], overrides: Iterable[Override] = OVERRIDES
    ) -> None:
        self._holidays: Mapping[date, str] = MappingProxyType(dict(holidays_by_day))
        by_day: dict[date, Override] = {}
        for override in overrides:
            known = by_day.get(override.day)
            if known is not None and known.working != override.working:
                raise ValueError(
                    f"conflicting overrides for {override.day.isoformat()}: "
                    f"{known.reason!r} and {override.reason!r}"
                )
            by_day.setdefault(override.day, override)
        self._overrides: Mapping[date, Override] = MappingProxyType(by_day)

    @classmethod
    def kazakhstan(cls, years: Iterable[int] = range(2024, 2041)) -> WorkingCalendar:
        """Kazakhstan's calendar for `years`: the `holidays` KZ days, its swaps, then `OVERRIDES`.

        Days outside `years` get weekends only: ask for every year whose deadlines you compute.
        """
        return _kazakhstan(tuple(sorted(set(years))))

    @property
    def holidays(self) -> Mapping[date, str]:
        """The days off from the holiday list (before overrides), with their names."""
        return self._holidays

    @property
    def overrides(self) -> tuple[Override, ...]:
        """The decreed changes in force, by date."""
        return tuple(self._overrides[day] for day in sorted(self._overrides))

    def local_date(self, moment: datetime) -> date:
        """The date of `moment` in Almaty: the licensor's days, whatever the sender's zone."""
        return to_almaty(moment).date()

    def is_working_day(self, day: date) -> bool:
        """Monday–Friday that is not a holiday or day off, or a weekend day decreed working."""
        override = self._overrides.get(day)
        if override is not None:
            return override.working
        return day.weekday() < 5 and day not in self._holidays

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day` (annex 1 item 8: "the next working day")."""
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        day -= _ONE_DAY
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start`; n == 0: `start` if working, else the next one.

        Terms are "N working days" (p. 13, p. 15, ...): the day they count from is day 0.
        """
        if n < 0:
            raise ValueError(f"a number of working days is never negative, got {n}")
        if n == 0:
            return start if self.is_working_day(start) else self.next_working_day(start)
        day = start
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def subtract_working_days(self, end: date, n: int) -> date:
        """The n-th working day before `end`; n == 0: `end` if working, else the previous one.

        p. 21: the notice of a hearing goes out "no later than 3 working days before the term of
        the service ends": the latest day to send it is `subtract_working_days(whole_due, 3)`.
        """
        if n < 0:
            raise ValueError(f"a number of working days is never negative, got {n}")
        if n == 0:
            return end if self.is_working_day(end) else self.previous_working_day(end)
        day = end
        for _ in range(n):
            day = self.previous_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days d have start < d <= end (0 if end <= start): a term's days used."""
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count

    def registration_day(self, received_at: datetime) -> date:
        """The working day an application received at `received_at` is registered on.

        Annex 1 item 8: an application received after working hours (from 18:30), on a day off or
        a holiday is registered on the next working day, and every term counts from that day. One
        received before 09:00 on a working day is that day's: the portal accepts it round the
        clock and the office registers it when it opens. The local date is Almaty's.
        """
        local = to_almaty(received_at)
        day = local.date()
        if self.is_working_day(day) and local.time() < OFFICE_CLOSES:
            return day
        return self.next_working_day(day)

    def due_date(self, registered_on: date, working_days: int) -> date:
        """The last day of a term of `working_days` counted from the registration day (day 0).

        A term of N working days ends on the N-th working day after registration: registered
        Thursday 26 March 2026, 1 working day (p. 13) -> Friday 27 March 2026. A registration day
        that is not a working day is first moved to the next working day (annex 1 item 8).
        """
        return self.add_working_days(self.add_working_days(registered_on, 0), working_days)

    def is_overdue(self, due_on: date, now: datetime) -> bool:
        """True once Almaty's date is after `due_on`: the whole due day, to midnight, is in time."""
        return self.local_date(now) > due_on


_LIBRARY_SWAP_SOURCE = (
    f"holidays {holidays.version.__version__}, Kazakhstan special_public_holidays: the decree or "
    "order of that year cited in holidays/countries/kazakhstan.py (adilet.zan.kz)"
)
_LIBRARY_SWAP_ACTS: Mapping[int, str] = MappingProxyType(
    {
        2024: 'Order of the Minister of Labour and Social Protection "On moving a day off in '
        '2024" (4 May 2024 to 8 May 2024), https://adilet.zan.kz/kaz/docs/G24G0000109 '
        f"(via holidays {holidays.version.__version__})",
        2025: "Order of the Minister of Labour and Social Protection No. 436 of 21 November 2024 "
        '"On moving a day off in 2025" (5 January 2025 to 3 January 2025), '
        f"https://adilet.zan.kz/kaz/docs/G24G0000436 (via holidays {holidays.version.__version__})",
    }
)
"""The acts behind the library's decreed working days, where checked (the 2025 order number as
quoted by the Ministry of Labour, Caravan.kz, June 2025)."""


@functools.cache
def _kazakhstan(years: tuple[int, ...]) -> WorkingCalendar:
    """Built once per set of years: the holiday list does not change while the process runs."""
    library = holidays.country_holidays("KZ", years=years, language="en_US")
    by_day: dict[date, str] = {day: str(name) for day, name in library.items()}
    # An official Kurban Ait date replaces the library's estimate for that year, which may differ.
    confirmed_years = {override.day.year for override in KURBAN_AIT_FIRST_DAYS}
    for day in library.get_named("Eid al-Adha"):
        if day.year in confirmed_years:
            names = [n for n in by_day[day].split("; ") if "Eid al-Adha" not in n]
            if names:
                by_day[day] = "; ".join(names)
            else:
                del by_day[day]
    swaps = [
        Override(
            day=day,
            working=True,
            reason="Weekend day made working: its day off moved by decree",
            source=_LIBRARY_SWAP_ACTS.get(day.year, _LIBRARY_SWAP_SOURCE),
        )
        for day in sorted(library.weekend_workdays)
    ]
    return WorkingCalendar(by_day, [*swaps, *OVERRIDES])


class Term(int, Enum):
    """A term of the rules, in working days: the int is the length, `rule` the paragraph.

    One row per term of domain.md "Terms in working days"; "p." is a paragraph of the
    licensing-service rules, "specialists rules" the rules of the specialists register. A term
    counts from the day named in `counts` as day 0 (`WorkingCalendar.due_date`). Members are
    ints (`due_date(day, Term.OBJECTION)`, `used < Term.HEARING_AFTER_NOTICE`) but never aliases
    of one another: each keeps its own name as its value, the key to store.
    """

    _value_: str
    rule: str
    counts: str

    def __new__(cls, key: str, working_days: int, rule: str, counts: str) -> Term:
        member = int.__new__(cls, working_days)
        member._value_ = key
        member.rule = rule
        member.counts = counts
        return member

    # name = key, working days, paragraph, what it limits and from when
    WHOLE_LICENCE_ISSUE = (
        "WHOLE_LICENCE_ISSUE",
        15,
        "annex 1 item 4",
        "issuing a licence, whole: from registration",
    )
    COMPLETENESS_CHECK = (
        "COMPLETENESS_CHECK",
        1,
        "p. 13",
        "department checks the documents are complete: from registration",
    )
    ACCEPTANCE_REFUSAL_SIGNING = (
        "ACCEPTANCE_REFUSAL_SIGNING",
        1,
        "p. 14",
        "licensor reviews, signs and sends the receipt refusing acceptance",
    )
    INSPECTION_CONCLUSION = (
        "INSPECTION_CONCLUSION",
        7,
        "p. 15",
        "document check and site visit, conclusion (annex 2-2): from the complete set",
    )
    LICENSOR_AGREES = (
        "LICENSOR_AGREES",
        2,
        "p. 17",
        "licensor agrees the conclusion, sends it to the head: from receiving it",
    )
    # The text says "2 (екі) ішінде", without the unit; read as working days, as in p. 17.
    HEAD_SIGNS = (
        "HEAD_SIGNS",
        2,
        "p. 18",
        "head checks and signs the licence or the motivated refusal",
    )
    # Counted backwards: `subtract_working_days(whole_due, 3)` is the last day to send it.
    PRELIMINARY_NOTICE_BEFORE_END = (
        "PRELIMINARY_NOTICE_BEFORE_END",
        3,
        "p. 21",
        "notice of preliminary refusal and hearing: no later than before the whole term ends",
    )
    HEARING_AFTER_NOTICE = (
        "HEARING_AFTER_NOTICE",
        3,
        "p. 21",
        "the hearing: from the notice",
    )
    OBJECTION = (
        "OBJECTION",
        3,
        "p. 23",
        "applicant's objection: from receiving the preliminary decision",
    )
    # Annex 1 item 4 (the newer text) gives 2 for the whole; p. 29–31 stay inner limits.
    WHOLE_REISSUE = (
        "WHOLE_REISSUE",
        2,
        "annex 1 item 4",
        "reissuing a licence, whole: from registration",
    )
    REISSUE_COMPLETENESS = (
        "REISSUE_COMPLETENESS",
        3,
        "p. 29",
        "reissue, completeness check: from registration (inner limit)",
    )
    REISSUE_DECISION = (
        "REISSUE_DECISION",
        3,
        "p. 30–31",
        "reissue, check and licence or refusal: from registration (inner limit)",
    )
    SPECIALIST_DECISION = (
        "SPECIALIST_DECISION",
        5,
        "specialists rules p. 9",
        "administrator's decision on a specialist's application: after the day of receipt",
    )
    COMPLAINT_LICENSOR = (
        "COMPLAINT_LICENSOR",
        5,
        "p. 37",
        "complaint to the licensor: from its registration",
    )
    COMPLAINT_QUALITY_BODY = (
        "COMPLAINT_QUALITY_BODY",
        15,
        "p. 38",
        "complaint to the quality-assessment body: from its registration",
    )
    COMPLAINT_FORWARDING = (
        "COMPLAINT_FORWARDING",
        3,
        "p. 39–40",
        "forwarding a complaint with the case file: from receipt, unless fully satisfied "
        "within 3 working days",
    )

    # Two terms of one length are still two terms: in a set or as dict keys they stay apart
    # (the price: a dict keyed by Terms is not found by a plain int).
    def __eq__(self, other: object) -> bool:
        if isinstance(other, Term):
            return self is other
        return int(self) == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._name_)

    def __repr__(self) -> str:
        # Enum's repr would print the value with int's repr, which a str value breaks.
        return f"<{type(self).__name__}.{self.name}: {int(self)} working days, {self.rule}>"

    @property
    def working_days(self) -> int:
        """The term's length in working days."""
        return int(self)
