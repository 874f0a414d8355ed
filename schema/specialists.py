"""The register of specialists as GraphQL types (form, 10 columns; kk and ru, p. 4), and the
queries every reader has. The types are built from register rows and, for an application's
form, from domain.specialist_form's dataclasses: both name their fields alike."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from strawberry.types import Info

from domain.labels import Lang
from domain.regions import Region
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import Qualification as QualificationEntry
from domain.specialist_form import full_name
from resolvers import specialists as resolve
from resolvers.context import Context
from resolvers.ids import encode_id
from resolvers.pagination import DEFAULT_PAGE_SIZE
from schema.common import (
    Connection,
    LocalizedString,
    Node,
    RegionType,
    label,
    loaded_field,
    localized,
    node_fields,
    preload_asked,
)
from schema.register import Organization
from storage.specialists import SpecialistOrder

__all__ = [
    "Education",
    "Employment",
    "Experience",
    "Qualification",
    "Residence",
    "Specialist",
    "SpecialistConnection",
    "SpecialistQueries",
]


@strawberry.type(description="Register column 4: where the specialist lives.")
class Residence:
    region: RegionType
    settlement: LocalizedString
    address: LocalizedString = strawberry.field(description="The registered address.")

    @classmethod
    def of(cls, source: Any) -> Residence:
        return cls(
            region=RegionType.of(Region(source.region)),
            settlement=localized(source.settlement_kk, source.settlement_ru),
            address=localized(source.address_kk, source.address_ru),
        )


@strawberry.type(description="Register column 6: work in special social services.")
class Experience:
    years: int
    months: int


@strawberry.type(description="Register column 7: one education entry.")
class Education:
    level: EducationLevel
    level_label: LocalizedString
    institution: LocalizedString
    started_on: date
    finished_on: date
    document: str = strawberry.field(description="The education document (diploma).")

    @classmethod
    def of(cls, e: Any) -> Education:
        level = EducationLevel(e.level)
        return cls(
            level=level,
            level_label=label(level),
            institution=localized(e.institution_kk, e.institution_ru),
            started_on=e.started_on,
            finished_on=e.finished_on,
            document=e.document,
        )

    @classmethod
    def all_of(cls, rows: list[Any]) -> list[Education]:
        return [cls.of(row) for row in rows]


@strawberry.type(description="Register column 8: one employment entry.")
class Employment:
    organization_name: LocalizedString
    employer_bin: str
    position: LocalizedString
    started_on: date
    ended_on: date | None
    current: bool = strawberry.field(description="No end date: where the specialist works now.")

    @strawberry.field(description="The organisation's register record; null unless visible to you.")
    async def organization(self, info: Info[Context, None]) -> Organization | None:
        row = await info.context.loaders.organization_by_bin.load(self.employer_bin)
        return None if row is None else Organization.from_row(row)

    @classmethod
    def of(cls, e: Any) -> Employment:
        return cls(
            organization_name=localized(e.organization_name_kk, e.organization_name_ru),
            employer_bin=e.employer_bin,
            position=localized(e.position_kk, e.position_ru),
            started_on=e.started_on,
            ended_on=e.ended_on,
            current=e.ended_on is None,
        )

    @classmethod
    def all_of(cls, rows: list[Any]) -> list[Employment]:
        return [cls.of(row) for row in rows]


@strawberry.type(description="Register column 9: the qualification category assigned.")
class Qualification:
    category: QualificationCategory
    category_label: LocalizedString
    assigned_on: date
    attestation_body: LocalizedString = strawberry.field(
        description="The attestation commission (authorised body) that assigned it."
    )

    @classmethod
    def of(cls, q: QualificationEntry) -> Qualification:
        return cls(
            category=q.category,
            category_label=label(q.category),
            assigned_on=q.assigned_on,
            attestation_body=localized(q.body_kk, q.body_ru),
        )


def _qualification(row: Row[Any]) -> Qualification | None:
    if row.qualification_category is None:
        return None
    return Qualification.of(
        QualificationEntry(
            category=QualificationCategory(row.qualification_category),
            assigned_on=row.qualification_assigned_on,
            body_kk=row.qualification_body_kk,
            body_ru=row.qualification_body_ru,
        )
    )


@strawberry.type(
    description="An entry of the register of specialists (form, 10 columns). The public sees "
    "only entries with both the specialist's and the organisation's consent (p. 5)."
)
class Specialist(Node):
    surname: str
    given_name: str
    patronymic: str | None
    full_name: str
    birth_date: date = strawberry.field(description="Register column 2.")
    mobile_phone: str | None
    email: str | None
    residence: Residence
    profession: LocalizedString = strawberry.field(description="Register column 5.")
    experience: Experience
    qualification: Qualification | None
    included_on: date = strawberry.field(description="Register column 10.")
    specialist_consent: bool = strawberry.field(description="The specialist's consent (p. 5).")
    organization_consent: bool = strawberry.field(description="The organisation's consent (p. 5).")
    pk: strawberry.Private[int]

    education: list[Education] = loaded_field(
        lambda loaders: loaders.education_by_specialist,
        lambda specialist: specialist.pk,
        Education.all_of,
        description="Register column 7, in the order given.",
        graphql_type=list[Education],
    )
    employment: list[Employment] = loaded_field(
        lambda loaders: loaders.employment_by_specialist,
        lambda specialist: specialist.pk,
        Employment.all_of,
        description="Register column 8, in the order given.",
        graphql_type=list[Employment],
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Specialist:
        return cls(
            id=strawberry.ID(encode_id("Specialist", row.id)),
            pk=row.id,
            surname=row.surname,
            given_name=row.given_name,
            patronymic=row.patronymic,
            full_name=full_name(row.surname, row.given_name, row.patronymic),
            birth_date=row.birth_date,
            mobile_phone=row.mobile_phone,
            email=row.email,
            residence=Residence.of(row),
            profession=localized(row.profession_kk, row.profession_ru),
            experience=Experience(years=row.experience_years, months=row.experience_months),
            qualification=_qualification(row),
            included_on=row.included_on,
            specialist_consent=row.specialist_consent,
            organization_consent=row.organization_consent,
        )


SpecialistConnection = Connection[Specialist]


@strawberry.input(description="Conditions that all hold; a list matches any of its values.")
class SpecialistFilter:
    name: str | None = strawberry.field(
        default=None, description="Part of the surname, name or patronymic."
    )
    profession: str | None = strawberry.field(
        default=None, description="Part of the profession, in Kazakh or Russian."
    )
    regions: list[Region] | None = strawberry.field(
        default=None, description="Region of residence."
    )
    employer_bin: str | None = strawberry.field(
        default=None, description="Works there now (an employment entry without an end date)."
    )
    qualification_categories: list[QualificationCategory] | None = None


_LANG_ARGUMENT = "The language names sort in; default the request's language."


@strawberry.type
class SpecialistQueries:
    @strawberry.field(description="The register of specialists, keyset-paginated (first 1..100).")
    async def specialists(
        self,
        info: Info[Context, None],
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: SpecialistFilter | None = None,
        order_by: SpecialistOrder | None = SpecialistOrder.NAME_ASC,
        lang: Annotated[Lang | None, strawberry.argument(description=_LANG_ARGUMENT)] = None,
    ) -> SpecialistConnection:
        f = filter or SpecialistFilter()
        page = await resolve.list_specialists(
            info.context,
            first=DEFAULT_PAGE_SIZE if first is None else first,
            after=after,
            f=resolve.build_filter(
                name=f.name,
                profession=f.profession,
                regions=f.regions,
                employer_bin=f.employer_bin,
                qualification_categories=f.qualification_categories,
            ),
            order=order_by or SpecialistOrder.NAME_ASC,
            lang=lang or info.context.lang,
        )
        await preload_specialists(info, [row.id for row in page.rows])
        return Connection.of(page, Specialist.from_row)

    @strawberry.field(description="One specialist by id; null when you may not see it.")
    async def specialist(self, info: Info[Context, None], id: strawberry.ID) -> Specialist | None:
        row = await resolve.find_specialist(info.context, id)
        return None if row is None else Specialist.from_row(row)


async def preload_specialists(info: Info[Context, None], ids: list[int]) -> None:
    """Load the page's education and employment, if asked for, before its rows are resolved
    (schema.common.preload_asked)."""
    loaders = info.context.loaders
    await preload_asked(
        node_fields(info),
        ids,
        {
            "education": loaders.education_by_specialist,
            "employment": loaders.employment_by_specialist,
        },
    )


async def organization_specialists(
    info: Info[Context, None],
    bin_: str,
    first: int | None,
    after: str | None,
    order_by: SpecialistOrder | None,
    lang: Lang | None,
) -> SpecialistConnection:
    page = await resolve.organization_specialists(
        info.context,
        bin_,
        first=DEFAULT_PAGE_SIZE if first is None else first,
        after=after,
        order=order_by or SpecialistOrder.NAME_ASC,
        lang=lang or info.context.lang,
    )
    return Connection.of(page, Specialist.from_row)
