"""Hypothesis strategies for hidden records placed among a visible world: values that sort
anywhere (equal to visible ones, just before or after them, arbitrary), ids next to visible
ids, the visible world's dates, regions, categories and employers."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import assume
from hypothesis import strategies as st

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
from tests.property.worlds import PROFESSIONS, World

__all__ = ["Hidden", "hidden_organization", "hidden_records", "hidden_specialist"]

MAX_PK = 2**63 - 1
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі" + string.ascii_letters + string.digits
TEXT = st.text(alphabet=LETTERS + LETTERS.upper()[:30] + " «»-.'", min_size=1, max_size=12)
CONSENTS = st.sampled_from(((False, True), (True, False), (False, False)))


def _ids(world: World) -> list[int]:
    return [
        *(o.id for o in world.organizations),
        *(lic.id for lic in world.licences),
        *(s.id for s in world.specialists),
    ]


def pk_near(world: World) -> st.SearchStrategy[int]:
    """An id next to a visible one (ties in the sort keys break by id), or anywhere."""
    near = st.builds(
        lambda pk, step: min(max(pk + step, 1), MAX_PK),
        st.sampled_from(_ids(world)),
        st.sampled_from((-3, -2, -1, 1, 2, 3)),
    )
    return near | st.integers(1, MAX_PK)


def text_near(values: list[str]) -> st.SearchStrategy[str]:
    """Equal to a visible text, a prefix or an extension of one, or arbitrary."""
    pool = st.sampled_from(values)
    return st.one_of(
        pool,
        st.builds(lambda v, n: v[: max(1, n)], pool, st.integers(1, 8)),
        st.builds(lambda v, t: v + t, pool, TEXT),
        st.builds(lambda t, v: t + v, TEXT, pool),
        TEXT,
    )


def date_near(world: World) -> st.SearchStrategy[date]:
    return st.sampled_from(world.dates) | st.dates(date(1950, 1, 1), date(2026, 12, 31))


def fresh_bins() -> st.SearchStrategy[str]:
    """Valid BINs no visible world uses (those are YYMM 2401)."""
    return (
        st.integers(1, 99_999)
        .map(lambda serial: valid_xin(f"190740{serial:05d}"))
        .filter(lambda b: b is not None)
        .map(str)
    )


@st.composite
def hidden_organization(
    draw: st.DrawFn, world: World, *, bins: st.SearchStrategy[str] | None = None
) -> OrganizationRecord:
    """An organisation without publication consent (never given), with one or two licences."""
    names_kk = [o.texts["name_kk"] for o in world.organizations]
    names_ru = [o.texts["name_ru"] for o in world.organizations]
    bin_ = draw(
        bins if bins is not None else fresh_bins() | st.sampled_from(world.unregistered_bins)
    )
    texts = {name: draw(TEXT) for name in ORGANIZATION_TEXTS}
    texts["name_kk"], texts["name_ru"] = draw(text_near(names_kk)), draw(text_near(names_ru))
    included = draw(date_near(world))
    removed = draw(st.none() | date_near(world))
    count = draw(st.integers(1, 2))
    licences = []
    for n in range(count):
        current = n == count - 1
        issued = draw(date_near(world))
        licences.append(
            LicenceRecord(
                id=draw(pk_near(world)),
                number=f"KZ99LSS{n}{draw(st.integers(0, 10**5 - 1)):05d}",
                status=draw(st.sampled_from(list(LicenceStatus))),
                is_current=current,
                issued_on=issued,
                initial_issued_on=included,
                valid_until=draw(st.none() | date_near(world)),
                terminated_on=removed if current else None,
                texts={name: draw(TEXT) for name in LICENCE_TEXTS},
                events=(
                    (
                        datetime.combine(issued, datetime.min.time(), UTC) + timedelta(hours=5),
                        LicenceEventKind.ISSUED,
                        draw(TEXT),
                    ),
                ),
            )
        )
    return OrganizationRecord(
        id=draw(pk_near(world)),
        bin=bin_,
        consent=False,
        texts=texts,
        region=draw(st.sampled_from(list(Region))),
        conditions=tuple(draw(st.sets(st.sampled_from(list(ServiceCondition)), min_size=1))),
        categories=tuple(draw(st.sets(st.sampled_from(list(ClientCategory)), min_size=1))),
        included_on=included,
        capacity=draw(st.none() | st.integers(1, 500)),
        phone=draw(st.none() | st.just("+77000000000")),
        email=draw(st.none() | st.just("hidden@example.kz")),
        removed_on=removed,
        licences=tuple(licences),
        contracts=tuple(
            draw(st.lists(st.tuples(date_near(world), st.none() | date_near(world)), max_size=2))
        ),
    )


@st.composite
def hidden_specialist(
    draw: st.DrawFn, world: World, *, employers: st.SearchStrategy[str] | None = None
) -> SpecialistRecord:
    """A specialist lacking a consent, named, placed and employed like visible ones."""
    people = [s.form for s in world.specialists]
    employer = (
        employers
        if employers is not None
        else st.sampled_from([*world.bins, *world.unregistered_bins]) | fresh_bins()
    )
    twin = draw(st.sampled_from(people))
    same_name = draw(st.booleans())
    sc, oc = draw(CONSENTS)
    kk, ru = draw(st.sampled_from(PROFESSIONS) | st.tuples(TEXT, TEXT))
    jobs = draw(
        st.lists(
            st.builds(
                Employment,
                TEXT,
                TEXT,
                employer,
                TEXT,
                TEXT,
                date_near(world),
                st.none() | date_near(world),
            ),
            min_size=1,
            max_size=3,
        )
    )
    qualification = draw(
        st.none()
        | st.builds(
            Qualification,
            st.sampled_from(list(QualificationCategory)),
            date_near(world),
            TEXT,
            TEXT,
        )
    )
    return SpecialistRecord(
        id=draw(pk_near(world)),
        included_on=draw(date_near(world)),
        form=SpecialistForm(
            iin=None,
            surname=twin.surname if same_name else draw(text_near([p.surname for p in people])),
            given_name=twin.given_name if same_name else draw(TEXT),
            patronymic=twin.patronymic if same_name else draw(st.none() | TEXT),
            birth_date=draw(date_near(world)),
            mobile_phone="+77000000001",
            email=draw(st.none() | st.just("hidden@example.kz")),
            region=draw(st.sampled_from(list(Region))),
            settlement_kk=draw(TEXT),
            settlement_ru=draw(TEXT),
            address_kk=draw(TEXT),
            address_ru=draw(TEXT),
            profession_kk=kk,
            profession_ru=ru,
            experience_years=draw(st.integers(0, 50)),
            experience_months=draw(st.integers(0, 11)),
            education=(
                Education(
                    draw(st.sampled_from(list(EducationLevel))),
                    draw(TEXT),
                    draw(TEXT),
                    date(1990, 9, 1),
                    date(1994, 6, 1),
                    draw(TEXT),
                ),
            ),
            employment=tuple(jobs),
            qualification=qualification,
            specialist_consent=sc,
            organization_consent=oc,
            documents=("Диплом",),
        ),
    )


class Hidden:
    """Hidden records drawn for one example, with unique ids, BINs and licence numbers."""

    def __init__(
        self, organizations: list[OrganizationRecord], specialists: list[SpecialistRecord]
    ) -> None:
        self.organizations, self.specialists = organizations, specialists

    def __repr__(self) -> str:
        """What tells the records apart in the public's answers, short enough to print."""
        organizations = [
            (
                o.id,
                o.bin,
                o.texts["name_kk"],
                o.texts["name_ru"],
                o.region.value,
                str(o.included_on),
                str(o.removed_on),
                [(lic.id, lic.number) for lic in o.licences],
            )
            for o in self.organizations
        ]
        specialists = [
            (
                s.id,
                s.form.surname,
                s.form.given_name,
                s.form.patronymic,
                s.form.region.value,
                str(s.included_on),
                s.form.specialist_consent,
                s.form.organization_consent,
                [(e.employer_bin, str(e.ended_on)) for e in s.form.employment],
            )
            for s in self.specialists
        ]
        return f"Hidden(organizations={organizations!r}, specialists={specialists!r})"


def _unique(world: World, hidden: Hidden) -> bool:
    ids = _ids(world) + [o.id for o in hidden.organizations]
    ids += [lic.id for o in hidden.organizations for lic in o.licences]
    ids += [s.id for s in hidden.specialists]
    bins = world.bins + [o.bin for o in hidden.organizations]
    numbers = [
        lic.number for o in [*world.organizations, *hidden.organizations] for lic in o.licences
    ]
    return all(len(set(x)) == len(x) for x in (ids, bins, numbers))


@st.composite
def hidden_records(draw: st.DrawFn, world: World) -> Hidden:
    """Up to five hidden organisations and eight hidden specialists, these employed at visible
    organisations, at employers outside the register, at the hidden organisations."""
    organizations = draw(
        st.lists(
            hidden_organization(world), max_size=5, unique_by=(lambda o: o.bin, lambda o: o.id)
        )
    )
    # Licence numbers unique across the drawn organisations: the organisation's place in front.
    organizations = [
        replace(
            o,
            licences=tuple(replace(lic, number=f"KZ9{i}{lic.number[4:]}") for lic in o.licences),
        )
        for i, o in enumerate(organizations)
    ]
    hidden_bins = [o.bin for o in organizations]
    employers = st.sampled_from([*world.bins, *world.unregistered_bins, *hidden_bins])
    specialists = draw(
        st.lists(
            hidden_specialist(world, employers=employers), max_size=8, unique_by=lambda s: s.id
        )
    )
    hidden = Hidden(organizations, specialists)
    # Ids, BINs and licence numbers are unique in the registers: redraw on a collision.
    assume(_unique(world, hidden))
    return hidden
