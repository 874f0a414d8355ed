"""The specialist application's inputs (register columns 1-9, consents, documents) and their
conversion to the domain's form (domain.specialist_form), which checks them as a whole."""

from __future__ import annotations

from datetime import date

import strawberry

from domain.regions import Region
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.specialist_form import Education as EducationEntry
from domain.specialist_form import Employment as EmploymentEntry
from domain.specialist_form import Qualification as QualificationEntry
from domain.specialist_form import SpecialistForm
from schema.applications import LocalizedStringInput

__all__ = ["SpecialistApplicationInput"]


@strawberry.input(description="Register column 4.")
class ResidenceInput:
    region: Region
    settlement: LocalizedStringInput
    address: LocalizedStringInput = strawberry.field(description="The registered address.")


@strawberry.input(description="Register column 6.")
class ExperienceInput:
    years: int
    months: int = 0


@strawberry.input(description="Register column 7: one education entry.")
class EducationInput:
    level: EducationLevel
    institution: LocalizedStringInput
    started_on: date
    finished_on: date
    document: str


@strawberry.input(description="Register column 8: one employment entry; no end date = now.")
class EmploymentInput:
    organization_name: LocalizedStringInput
    employer_bin: str
    position: LocalizedStringInput
    started_on: date
    ended_on: date | None = None


@strawberry.input(description="Register column 9.")
class QualificationInput:
    category: QualificationCategory
    assigned_on: date
    attestation_body: LocalizedStringInput


@strawberry.input(description="The specialist's data (register columns 1-9), consents, documents.")
class SpecialistApplicationInput:
    iin: str | None = strawberry.field(
        default=None, description="Optional; checked against the birth date. Never public."
    )
    surname: str
    given_name: str
    patronymic: str | None = None
    birth_date: date
    mobile_phone: str
    email: str | None = None
    residence: ResidenceInput
    profession: LocalizedStringInput
    experience: ExperienceInput
    education: list[EducationInput]
    employment: list[EmploymentInput]
    qualification: QualificationInput | None = None
    specialist_consent: bool = strawberry.field(
        description="The specialist's consent to publish the entry (p. 5)."
    )
    organization_consent: bool = strawberry.field(
        description="The organisation's consent to publish the entry (p. 5)."
    )
    documents: list[str]

    def form(self) -> SpecialistForm:
        q = self.qualification
        return SpecialistForm(
            iin=self.iin,
            surname=self.surname,
            given_name=self.given_name,
            patronymic=self.patronymic,
            birth_date=self.birth_date,
            mobile_phone=self.mobile_phone,
            email=self.email,
            region=self.residence.region,
            settlement_kk=self.residence.settlement.kk,
            settlement_ru=self.residence.settlement.ru,
            address_kk=self.residence.address.kk,
            address_ru=self.residence.address.ru,
            profession_kk=self.profession.kk,
            profession_ru=self.profession.ru,
            experience_years=self.experience.years,
            experience_months=self.experience.months,
            education=tuple(
                EducationEntry(
                    level=e.level,
                    institution_kk=e.institution.kk,
                    institution_ru=e.institution.ru,
                    started_on=e.started_on,
                    finished_on=e.finished_on,
                    document=e.document,
                )
                for e in self.education
            ),
            employment=tuple(
                EmploymentEntry(
                    organization_name_kk=e.organization_name.kk,
                    organization_name_ru=e.organization_name.ru,
                    employer_bin=e.employer_bin,
                    position_kk=e.position.kk,
                    position_ru=e.position.ru,
                    started_on=e.started_on,
                    ended_on=e.ended_on,
                )
                for e in self.employment
            ),
            qualification=(
                QualificationEntry(
                    category=q.category,
                    assigned_on=q.assigned_on,
                    body_kk=q.attestation_body.kk,
                    body_ru=q.attestation_body.ru,
                )
                if q
                else None
            ),
            specialist_consent=self.specialist_consent,
            organization_consent=self.organization_consent,
            documents=tuple(self.documents),
        )
