"""The working-day calendar on real 2024–2026 dates (domain.md "Working days and deadlines").

Expected dates are counted by hand from the official calendars: Nauryz 2026 (21–23 March, Sat–Mon)
is carried to Tue 24 and Wed 25; Victory Day 9 May 2026 (Sat) to Mon 11 May; Kurban Ait 2026 is
Wed 27 May; 3 January 2025 was a day off moved from Sunday 5 January, which was worked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from domain.calendar import (
    ALMATY,
    KURBAN_AIT_FIRST_DAYS,
    OFFICE_CLOSES,
    OFFICE_OPENS,
    OVERRIDES,
    Override,
    Term,
    WorkingCalendar,
    to_almaty,
)

CAL = WorkingCalendar.kazakhstan()


def almaty(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- the clock and the office -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "offset_hours"),
    [
        pytest.param(almaty(2024, 2, 29), 6, id="before-the-change-utc+6"),
        pytest.param(almaty(2024, 3, 1), 5, id="from-1-march-2024-utc+5"),
        pytest.param(almaty(2026, 3, 20), 5, id="2026-utc+5"),
        pytest.param(almaty(2026, 7, 1), 5, id="no-summer-time"),
    ],
)
def test_almaty_is_utc_plus_five_since_march_2024(moment: datetime, offset_hours: int) -> None:
    assert moment.utcoffset() == timedelta(hours=offset_hours)


def test_office_hours_are_nine_to_half_past_six() -> None:
    assert (OFFICE_OPENS.hour, OFFICE_OPENS.minute) == (9, 0)
    assert (OFFICE_CLOSES.hour, OFFICE_CLOSES.minute) == (18, 30)


def test_to_almaty_converts_an_aware_datetime_and_refuses_a_naive_one() -> None:
    assert to_almaty(utc(2026, 3, 19, 20)) == almaty(2026, 3, 20, 1)
    with pytest.raises(ValueError, match="naive"):
        to_almaty(datetime(2026, 3, 20, 12, 0))  # noqa: DTZ001 - the naive value under test


# --- which days are working days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2024: the order moved the day off from Saturday 4 May to Wednesday 8 May.
        pytest.param(date(2024, 5, 4), True, id="2024-05-04-sat-decreed-working"),
        pytest.param(date(2024, 5, 8), False, id="2024-05-08-wed-decreed-day-off"),
        # 2025
        pytest.param(date(2025, 1, 3), False, id="2025-01-03-fri-decreed-day-off"),
        pytest.param(date(2025, 1, 5), True, id="2025-01-05-sun-decreed-working"),
        pytest.param(date(2025, 1, 6), True, id="2025-01-06-mon"),
        pytest.param(date(2025, 1, 7), False, id="2025-01-07-orthodox-christmas"),
        pytest.param(date(2025, 3, 10), False, id="2025-03-10-womens-day-carried"),
        pytest.param(date(2025, 3, 24), False, id="2025-03-24-nauryz-carried"),
        pytest.param(date(2025, 3, 25), False, id="2025-03-25-nauryz-carried"),
        pytest.param(date(2025, 3, 26), True, id="2025-03-26-wed"),
        pytest.param(date(2025, 6, 6), False, id="2025-06-06-kurban-ait"),
        pytest.param(date(2025, 9, 1), False, id="2025-09-01-constitution-day-carried"),
        pytest.param(date(2025, 10, 27), False, id="2025-10-27-republic-day-carried"),
        pytest.param(date(2025, 12, 16), False, id="2025-12-16-independence-day"),
        pytest.param(date(2025, 12, 17), True, id="2025-12-17-wed"),
        # 2026
        pytest.param(date(2026, 1, 1), False, id="2026-01-01-thu-new-year"),
        pytest.param(date(2026, 1, 2), False, id="2026-01-02-fri-new-year"),
        pytest.param(date(2026, 1, 5), True, id="2026-01-05-mon"),
        pytest.param(date(2026, 1, 7), False, id="2026-01-07-wed-orthodox-christmas"),
        pytest.param(date(2026, 3, 9), False, id="2026-03-09-womens-day-carried"),
        pytest.param(date(2026, 3, 20), True, id="2026-03-20-oraza-ait-is-not-a-day-off"),
        pytest.param(date(2026, 3, 21), False, id="2026-03-21-sat-nauryz"),
        pytest.param(date(2026, 3, 23), False, id="2026-03-23-mon-nauryz"),
        pytest.param(date(2026, 3, 24), False, id="2026-03-24-tue-nauryz-carried"),
        pytest.param(date(2026, 3, 25), False, id="2026-03-25-wed-nauryz-carried"),
        pytest.param(date(2026, 3, 26), True, id="2026-03-26-thu"),
        pytest.param(date(2026, 5, 1), False, id="2026-05-01-unity-day"),
        pytest.param(date(2026, 5, 7), False, id="2026-05-07-defender-day"),
        pytest.param(date(2026, 5, 8), True, id="2026-05-08-fri"),
        pytest.param(date(2026, 5, 11), False, id="2026-05-11-victory-day-carried"),
        pytest.param(date(2026, 5, 27), False, id="2026-05-27-kurban-ait"),
        pytest.param(date(2026, 5, 28), True, id="2026-05-28-thu"),
        pytest.param(date(2026, 7, 6), False, id="2026-07-06-capital-day"),
        pytest.param(date(2026, 8, 31), True, id="2026-08-31-no-constitution-day-in-2026"),
        pytest.param(date(2026, 10, 26), False, id="2026-10-26-republic-day-carried"),
        pytest.param(date(2026, 3, 28), False, id="2026-03-28-plain-saturday"),
        pytest.param(date(2026, 3, 29), False, id="2026-03-29-plain-sunday"),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 3, 20), date(2026, 3, 26), id="fri-before-nauryz-to-thu"),
        pytest.param(date(2026, 3, 13), date(2026, 3, 16), id="fri-to-mon"),
        pytest.param(date(2026, 3, 16), date(2026, 3, 17), id="mon-to-tue"),
        pytest.param(date(2025, 12, 31), date(2026, 1, 5), id="new-year-2026"),
        pytest.param(date(2026, 1, 6), date(2026, 1, 8), id="over-christmas-2026"),
        pytest.param(date(2026, 5, 8), date(2026, 5, 12), id="over-victory-day-2026"),
        pytest.param(date(2026, 5, 26), date(2026, 5, 28), id="over-kurban-ait-2026"),
        pytest.param(date(2024, 12, 31), date(2025, 1, 5), id="to-the-worked-sunday-2025"),
        pytest.param(date(2024, 5, 3), date(2024, 5, 4), id="to-the-worked-saturday-2024"),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert CAL.next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 3, 26), date(2026, 3, 20), id="thu-after-nauryz-to-fri"),
        pytest.param(date(2026, 1, 5), date(2025, 12, 31), id="back-over-new-year"),
        pytest.param(date(2025, 1, 6), date(2025, 1, 5), id="back-to-the-worked-sunday"),
    ],
)
def test_previous_working_day(day: date, expected: date) -> None:
    assert CAL.previous_working_day(day) == expected


# --- registration: annex 1 item 8 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "registered_on"),
    [
        pytest.param(almaty(2026, 3, 20, 19, 0), date(2026, 3, 26), id="fri-19:00-before-nauryz"),
        pytest.param(almaty(2026, 3, 20, 17, 0), date(2026, 3, 20), id="fri-17:00-same-day"),
        pytest.param(almaty(2026, 3, 20, 18, 29), date(2026, 3, 20), id="18:29-same-day"),
        pytest.param(almaty(2026, 3, 20, 18, 30), date(2026, 3, 26), id="18:30-exactly-next"),
        pytest.param(almaty(2026, 3, 26, 8, 0), date(2026, 3, 26), id="08:00-working-day"),
        pytest.param(almaty(2026, 3, 26, 0, 0), date(2026, 3, 26), id="midnight-working-day"),
        pytest.param(almaty(2026, 3, 14, 10, 0), date(2026, 3, 16), id="saturday-to-monday"),
        pytest.param(almaty(2026, 3, 21, 10, 0), date(2026, 3, 26), id="nauryz-saturday"),
        pytest.param(almaty(2026, 3, 22, 23, 59), date(2026, 3, 26), id="nauryz-sunday"),
        pytest.param(almaty(2025, 12, 16, 10, 0), date(2025, 12, 17), id="independence-day"),
        pytest.param(almaty(2025, 12, 31, 19, 0), date(2026, 1, 5), id="new-year-eve-evening"),
        pytest.param(almaty(2026, 1, 1, 10, 0), date(2026, 1, 5), id="new-year-thursday"),
        pytest.param(almaty(2026, 1, 7, 10, 0), date(2026, 1, 8), id="orthodox-christmas"),
        pytest.param(almaty(2026, 1, 6, 18, 30), date(2026, 1, 8), id="christmas-eve-18:30"),
        pytest.param(almaty(2026, 5, 8, 19, 0), date(2026, 5, 12), id="victory-day-weekend"),
        pytest.param(almaty(2026, 5, 9, 10, 0), date(2026, 5, 12), id="victory-day-saturday"),
        pytest.param(almaty(2026, 5, 26, 18, 45), date(2026, 5, 28), id="kurban-ait-eve"),
        pytest.param(almaty(2025, 1, 2, 12, 0), date(2025, 1, 5), id="2025-worked-sunday"),
        pytest.param(almaty(2024, 5, 3, 19, 0), date(2024, 5, 4), id="2024-worked-saturday"),
        # 2026-03-19T20:00Z is 20 March 01:00 in Almaty: a working day, before 18:30.
        pytest.param(utc(2026, 3, 19, 20, 0), date(2026, 3, 20), id="utc-already-next-day"),
        pytest.param(utc(2026, 3, 20, 13, 29), date(2026, 3, 20), id="utc-18:29-almaty"),
        pytest.param(utc(2026, 3, 20, 13, 30), date(2026, 3, 26), id="utc-18:30-almaty"),
        pytest.param(
            datetime(2026, 3, 20, 16, 45, tzinfo=timezone(timedelta(hours=3))),
            date(2026, 3, 26),
            id="moscow-16:45-is-18:45-almaty",
        ),
    ],
)
def test_registration_day(received_at: datetime, registered_on: date) -> None:
    assert CAL.registration_day(received_at) == registered_on


def test_registration_day_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        CAL.registration_day(datetime(2026, 3, 20, 19, 0))  # noqa: DTZ001 - under test


def test_a_registration_day_is_always_a_working_day() -> None:
    start = almaty(2025, 12, 1, 0, 0)
    for hours in range(0, 24 * 150, 5):
        assert CAL.is_working_day(CAL.registration_day(start + timedelta(hours=hours)))


# --- counting working days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2026, 3, 26), 0, date(2026, 3, 26), id="zero-on-a-working-day"),
        pytest.param(date(2026, 3, 21), 0, date(2026, 3, 26), id="zero-on-nauryz"),
        pytest.param(date(2025, 1, 5), 0, date(2025, 1, 5), id="zero-on-the-worked-sunday"),
        pytest.param(date(2026, 3, 13), 1, date(2026, 3, 16), id="fri-plus-1-over-weekend"),
        pytest.param(date(2026, 3, 20), 1, date(2026, 3, 26), id="fri-plus-1-over-nauryz"),
        pytest.param(date(2026, 3, 20), 2, date(2026, 3, 27), id="fri-plus-2-over-nauryz"),
        pytest.param(date(2026, 3, 21), 1, date(2026, 3, 26), id="from-a-holiday-plus-1"),
        pytest.param(date(2026, 5, 6), 1, date(2026, 5, 8), id="over-defender-day"),
        pytest.param(date(2026, 5, 6), 2, date(2026, 5, 12), id="over-victory-day"),
        pytest.param(date(2025, 12, 12), 2, date(2025, 12, 17), id="over-independence-day"),
        pytest.param(date(2024, 5, 3), 3, date(2024, 5, 10), id="may-2024-swap"),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("end", "n", "expected"),
    [
        # p. 21: the latest day to send the notice when the whole term ends on 16 April 2026.
        pytest.param(date(2026, 4, 16), 3, date(2026, 4, 13), id="notice-3-before-16-april"),
        pytest.param(date(2026, 3, 26), 1, date(2026, 3, 20), id="back-over-nauryz"),
        pytest.param(date(2026, 3, 24), 0, date(2026, 3, 20), id="zero-on-a-holiday"),
        pytest.param(date(2026, 3, 26), 0, date(2026, 3, 26), id="zero-on-a-working-day"),
    ],
)
def test_subtract_working_days(end: date, n: int, expected: date) -> None:
    assert CAL.subtract_working_days(end, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(date(2026, 3, 26), date(2026, 4, 16), 15, id="the-15-day-licence-term"),
        pytest.param(date(2026, 3, 20), date(2026, 3, 26), 1, id="over-nauryz"),
        pytest.param(date(2025, 12, 31), date(2026, 1, 8), 3, id="over-new-year-and-christmas"),
        pytest.param(date(2024, 12, 31), date(2025, 1, 5), 1, id="to-the-worked-sunday"),
        pytest.param(date(2026, 3, 20), date(2026, 3, 20), 0, id="same-day"),
        pytest.param(date(2026, 3, 26), date(2026, 3, 20), 0, id="end-before-start"),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert CAL.working_days_between(start, end) == expected


def test_working_days_between_undoes_add_working_days() -> None:
    for offset in range(400):
        start = date(2025, 1, 1) + timedelta(days=offset)
        for n in (1, 2, 3, 5, 7, 15):
            assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: CAL.add_working_days(date(2026, 3, 26), -1), id="add"),
        pytest.param(lambda: CAL.subtract_working_days(date(2026, 3, 26), -1), id="subtract"),
        pytest.param(lambda: CAL.due_date(date(2026, 3, 26), -1), id="due-date"),
    ],
)
def test_a_negative_number_of_working_days_is_refused(call: Callable[[], date]) -> None:
    with pytest.raises(ValueError, match="negative"):
        call()


# --- due dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered_on", "working_days", "due_on"),
    [
        # p. 13: 1 working day. Registered Thu 26 March 2026 -> Fri 27 March.
        pytest.param(date(2026, 3, 26), 1, date(2026, 3, 27), id="1wd-from-26-mar-2026"),
        # 1 working day from Fri 20 March 2026: 21–25 March are Nauryz and its carry-overs.
        pytest.param(date(2026, 3, 20), 1, date(2026, 3, 26), id="1wd-over-nauryz-2026"),
        # 2 wd from Wed 31 Dec 2025: 1–2 Jan holidays, 3–4 weekend; Mon 5 (1), Tue 6 (2).
        pytest.param(date(2025, 12, 31), 2, date(2026, 1, 6), id="2wd-over-new-year-2026"),
        # 3 wd from Wed 31 Dec 2025: Mon 5 (1), Tue 6 (2), Wed 7 Christmas, Thu 8 (3).
        pytest.param(date(2025, 12, 31), 3, date(2026, 1, 8), id="3wd-over-christmas-2026"),
        # 2 wd from Thu 2 July 2026: Fri 3 (1), Mon 6 Capital Day, Tue 7 (2).
        pytest.param(date(2026, 7, 2), 2, date(2026, 7, 7), id="2wd-over-capital-day-2026"),
        # 3 wd from Fri 12 Dec 2025: Mon 15 (1), Tue 16 Independence Day, Wed 17 (2), Thu 18 (3).
        pytest.param(date(2025, 12, 12), 3, date(2025, 12, 18), id="3wd-over-independence-2025"),
        # 5 wd from Tue 4 March 2025: Wed 5 (1), Thu 6 (2), Fri 7 (3), Sat 8 Women's Day,
        # Mon 10 its carry-over, Tue 11 (4), Wed 12 (5).
        pytest.param(date(2025, 3, 4), 5, date(2025, 3, 12), id="5wd-over-womens-day-2025"),
        # 5 wd from Fri 2 May 2025: Mon 5 (1), Tue 6 (2), Wed 7 Defender Day, Thu 8 (3),
        # Fri 9 Victory Day, Mon 12 (4), Tue 13 (5).
        pytest.param(date(2025, 5, 2), 5, date(2025, 5, 13), id="5wd-over-may-holidays-2025"),
        # 5 wd from Fri 22 May 2026: Mon 25 (1), Tue 26 (2), Wed 27 Kurban Ait, Thu 28 (3),
        # Fri 29 (4), Mon 1 June (5).
        pytest.param(date(2026, 5, 22), 5, date(2026, 6, 1), id="5wd-over-kurban-ait-2026"),
        # p. 15: 7 wd from Thu 30 April 2026: Fri 1 May holiday, Mon 4 (1), Tue 5 (2), Wed 6 (3),
        # Thu 7 Defender Day, Fri 8 (4), Mon 11 Victory Day carried, Tue 12 (5), Wed 13 (6),
        # Thu 14 (7).
        pytest.param(date(2026, 4, 30), 7, date(2026, 5, 14), id="7wd-over-may-holidays-2026"),
        # Annex 1 item 4: 15 wd from Thu 26 March 2026: Fri 27 (1), Mon 30 (2), Tue 31 (3),
        # Wed 1 Apr (4), Thu 2 (5), Fri 3 (6), Mon 6 (7), Tue 7 (8), Wed 8 (9), Thu 9 (10),
        # Fri 10 (11), Mon 13 (12), Tue 14 (13), Wed 15 (14), Thu 16 April (15).
        pytest.param(date(2026, 3, 26), 15, date(2026, 4, 16), id="15wd-from-26-mar-2026"),
        # 15 wd from Mon 17 March 2025: Tue 18 (1), Wed 19 (2), Thu 20 (3), Fri 21 – Tue 25
        # Nauryz and carry-overs, Wed 26 (4), Thu 27 (5), Fri 28 (6), Mon 31 (7), Tue 1 Apr (8),
        # Wed 2 (9), Thu 3 (10), Fri 4 (11), Mon 7 (12), Tue 8 (13), Wed 9 (14), Thu 10 (15).
        pytest.param(date(2025, 3, 17), 15, date(2025, 4, 10), id="15wd-over-nauryz-2025"),
        # 1 wd from Tue 31 Dec 2024: 1–2 Jan holidays, Fri 3 the moved day off, Sat 4,
        # Sun 5 worked by decree (1).
        pytest.param(date(2024, 12, 31), 1, date(2025, 1, 5), id="1wd-to-worked-sunday-2025"),
        pytest.param(date(2026, 3, 26), 0, date(2026, 3, 26), id="0wd-is-the-day-itself"),
        # A registration day that is not a working day first moves to the next working day.
        pytest.param(date(2026, 3, 21), 1, date(2026, 3, 27), id="1wd-from-nauryz-saturday"),
    ],
)
def test_due_date(registered_on: date, working_days: int, due_on: date) -> None:
    assert CAL.due_date(registered_on, working_days) == due_on


def test_due_date_from_an_evening_application_before_nauryz() -> None:
    registered_on = CAL.registration_day(almaty(2026, 3, 20, 19, 0))
    assert registered_on == date(2026, 3, 26)
    assert CAL.due_date(registered_on, Term.COMPLETENESS_CHECK.working_days) == date(2026, 3, 27)
    assert CAL.due_date(registered_on, Term.WHOLE_LICENCE_ISSUE.working_days) == date(2026, 4, 16)


# --- overdue ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        pytest.param(almaty(2026, 4, 15, 12, 0), False, id="the-day-before"),
        pytest.param(almaty(2026, 4, 16, 18, 30), False, id="due-day-after-office-hours"),
        pytest.param(
            datetime(2026, 4, 16, 23, 59, 59, tzinfo=ALMATY), False, id="due-day-last-second"
        ),
        pytest.param(almaty(2026, 4, 17, 0, 0), True, id="next-day-midnight"),
        pytest.param(utc(2026, 4, 16, 18, 59, 59), False, id="utc-18:59:59-is-23:59:59-almaty"),
        # Still 16 April in UTC, already 17 April 00:00 in Almaty.
        pytest.param(utc(2026, 4, 16, 19, 0), True, id="utc-late-on-due-day-is-next-day"),
        pytest.param(utc(2026, 4, 16, 22, 0), True, id="utc-22:00-is-03:00-almaty"),
    ],
)
def test_is_overdue(now: datetime, overdue: bool) -> None:
    assert CAL.is_overdue(date(2026, 4, 16), now) is overdue


def test_is_overdue_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        CAL.is_overdue(date(2026, 4, 16), datetime(2026, 4, 17, 9, 0))  # noqa: DTZ001


# --- overrides and their sources ----------------------------------------------------------------


@pytest.mark.parametrize("override", OVERRIDES, ids=[o.day.isoformat() for o in OVERRIDES])
def test_every_override_row_has_a_reason_and_a_source_after_2025(override: Override) -> None:
    assert override.reason.strip()
    assert override.source.strip()
    assert override.day.year > 2025


def test_every_override_in_force_has_a_reason_and_a_source() -> None:
    assert CAL.overrides
    for override in CAL.overrides:
        assert override.reason.strip()
        assert override.source.strip()


@pytest.mark.parametrize(
    ("day", "act"),
    [
        pytest.param(date(2024, 5, 4), "G24G0000109", id="2024-05-04"),
        pytest.param(date(2025, 1, 5), "No. 436", id="2025-01-05"),
    ],
)
def test_the_library_decreed_working_days_are_in_force_with_their_act(day: date, act: str) -> None:
    in_force = {override.day: override for override in CAL.overrides}
    assert in_force[day].working
    assert act in in_force[day].source
    assert CAL.is_working_day(day)


def test_the_official_kurban_ait_replaces_the_library_estimate() -> None:
    assert [o.day for o in KURBAN_AIT_FIRST_DAYS] == [date(2026, 5, 27)]
    assert all("Eid al-Adha" not in name for day, name in CAL.holidays.items() if day.year == 2026)
    # 2027 is not confirmed yet: the library's estimate stays a day off.
    assert CAL.holidays[date(2027, 5, 16)] == "Eid al-Adha (estimated)"
    assert not CAL.is_working_day(date(2027, 5, 16))


def test_an_override_wins_over_the_holiday_list_and_the_weekend() -> None:
    cal = WorkingCalendar(
        {date(2026, 3, 26): "a holiday"},
        [
            Override(date(2026, 3, 26), True, "made working", "test"),
            Override(date(2026, 3, 28), True, "a Saturday made working", "test"),
            Override(date(2026, 3, 27), False, "a Friday off", "test"),
        ],
    )
    assert cal.is_working_day(date(2026, 3, 26))
    assert cal.is_working_day(date(2026, 3, 28))
    assert not cal.is_working_day(date(2026, 3, 27))
    assert cal.next_working_day(date(2026, 3, 26)) == date(2026, 3, 28)


def test_conflicting_overrides_for_one_day_are_refused() -> None:
    with pytest.raises(ValueError, match="conflicting"):
        WorkingCalendar(
            {},
            [
                Override(date(2026, 5, 30), True, "worked", "a"),
                Override(date(2026, 5, 30), False, "off", "b"),
            ],
        )


def test_the_default_overrides_apply_to_a_hand_built_calendar() -> None:
    assert not WorkingCalendar({}).is_working_day(date(2026, 5, 27))
    assert WorkingCalendar({}, ()).is_working_day(date(2026, 5, 27))


def test_an_override_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        OVERRIDES[0].working = True  # type: ignore[misc]


def test_the_kazakhstan_calendar_is_built_once() -> None:
    assert WorkingCalendar.kazakhstan() is CAL
    assert WorkingCalendar.kazakhstan(reversed(range(2024, 2041))) is CAL


def test_the_default_calendar_knows_the_holidays_of_the_late_2030s() -> None:
    # Independence Day, 16 December 2039 (a Friday), is a day off: the years are covered.
    assert not CAL.is_working_day(date(2039, 12, 16))


# --- the terms table ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "working_days", "rule"),
    [
        pytest.param(Term.WHOLE_LICENCE_ISSUE, 15, "annex 1 item 4", id="whole-licence-issue"),
        pytest.param(Term.COMPLETENESS_CHECK, 1, "p. 13", id="completeness-check"),
        pytest.param(Term.ACCEPTANCE_REFUSAL_SIGNING, 1, "p. 14", id="acceptance-refusal"),
        pytest.param(Term.INSPECTION_CONCLUSION, 7, "p. 15", id="inspection-conclusion"),
        pytest.param(Term.LICENSOR_AGREES, 2, "p. 17", id="licensor-agrees"),
        pytest.param(Term.HEAD_SIGNS, 2, "p. 18", id="head-signs"),
        pytest.param(Term.PRELIMINARY_NOTICE_BEFORE_END, 3, "p. 21", id="preliminary-notice"),
        pytest.param(Term.HEARING_AFTER_NOTICE, 3, "p. 21", id="hearing"),
        pytest.param(Term.OBJECTION, 3, "p. 23", id="objection"),
        pytest.param(Term.WHOLE_REISSUE, 2, "annex 1 item 4", id="whole-reissue"),
        pytest.param(Term.REISSUE_COMPLETENESS, 3, "p. 29", id="reissue-completeness"),
        pytest.param(Term.REISSUE_DECISION, 3, "p. 30–31", id="reissue-decision"),
        pytest.param(Term.SPECIALIST_DECISION, 5, "specialists rules p. 9", id="specialist"),
        pytest.param(Term.COMPLAINT_LICENSOR, 5, "p. 37", id="complaint-licensor"),
        pytest.param(Term.COMPLAINT_QUALITY_BODY, 15, "p. 38", id="complaint-quality-body"),
        pytest.param(Term.COMPLAINT_FORWARDING, 3, "p. 39–40", id="complaint-forwarding"),
    ],
)
def test_terms_table(term: Term, working_days: int, rule: str) -> None:
    assert term == working_days
    assert term.working_days == working_days
    assert term.rule == rule
    assert term.counts


def test_terms_are_ints_but_never_aliases_of_one_another() -> None:
    assert len(Term) == len(set(Term)) == len({term.name for term in Term}) == 16
    assert Term.COMPLETENESS_CHECK == 1 == Term.ACCEPTANCE_REFUSAL_SIGNING
    assert Term.COMPLETENESS_CHECK != Term.ACCEPTANCE_REFUSAL_SIGNING
    assert Term.HEARING_AFTER_NOTICE.name == "HEARING_AFTER_NOTICE"
    assert Term.OBJECTION.value == "OBJECTION"  # the value is the name: store it, read Term[name]
    assert Term["OBJECTION"] is Term.OBJECTION
    assert CAL.working_days_between(date(2026, 3, 26), date(2026, 3, 31)) < Term.OBJECTION + 1
    assert CAL.due_date(date(2026, 3, 26), Term.WHOLE_LICENCE_ISSUE) == date(2026, 4, 16)
    assert "15 working days" in repr(Term.WHOLE_LICENCE_ISSUE)


def test_local_date_is_the_almaty_date() -> None:
    assert CAL.local_date(utc(2026, 4, 16, 19, 0)) == date(2026, 4, 17)
    assert CAL.local_date(utc(2026, 4, 16, 18, 59)) == date(2026, 4, 16)
    with pytest.raises(ValueError, match="naive"):
        CAL.local_date(datetime(2026, 4, 16, 12, 0))  # noqa: DTZ001 - under test
