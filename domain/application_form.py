"""The licence application form (annex 2), checked as a whole before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import ErrorCode
from domain.regions import Region
from domain.register import ClientCategory, ServiceCondition
from domain.validation import Problems
from domain.viewer import Role, Viewer

__all__ = ["ApplicationForm", "check_form"]

NAME, ADDRESS, PERSON, DOCUMENT = 500, 500, 200, 500
MAX_DOCUMENTS = 50
MAX_CAPACITY = 100_000


@dataclass(frozen=True, slots=True)
class ApplicationForm:
    applicant_bin: str
    applicant_name_kk: str
    applicant_name_ru: str
    legal_address_kk: str
    legal_address_ru: str
    region: Region
    email: str
    phone: str
    service_place_address_kk: str
    service_place_address_ru: str
    service_conditions: tuple[ServiceCondition, ...]
    client_categories: tuple[ClientCategory, ...]
    total_capacity: int | None
    head_name: str
    documents: tuple[str, ...]
    publication_consent: bool
    personal_data_consent: bool


def check_form(form: ApplicationForm, submitter: Viewer) -> ApplicationForm:
    """The cleaned form, or `Invalid` listing every problem (kk/ru messages, field paths).

    An applicant applies for itself only: the BIN/IIN must be its token's subject. Consent to
    the use of restricted personal data is required (annex 2; without it, refusal ground 6).
    """
    p = Problems("input")
    bin_ = p.xin(form.applicant_bin, "applicantBin")
    if submitter.role is Role.APPLICANT and bin_ != submitter.subject:
        p.add(ErrorCode.FORBIDDEN, "applicantBin")
    cleaned = ApplicationForm(
        applicant_bin=bin_,
        applicant_name_kk=p.text(form.applicant_name_kk, "applicantName.kk", limit=NAME),
        applicant_name_ru=p.text(form.applicant_name_ru, "applicantName.ru", limit=NAME),
        legal_address_kk=p.text(form.legal_address_kk, "legalAddress.kk", limit=ADDRESS),
        legal_address_ru=p.text(form.legal_address_ru, "legalAddress.ru", limit=ADDRESS),
        region=form.region,
        email=p.email(form.email, "email"),
        phone=p.phone(form.phone, "phone"),
        service_place_address_kk=p.text(
            form.service_place_address_kk, "servicePlaceAddress.kk", limit=ADDRESS
        ),
        service_place_address_ru=p.text(
            form.service_place_address_ru, "servicePlaceAddress.ru", limit=ADDRESS
        ),
        service_conditions=tuple(
            p.items(form.service_conditions, "serviceConditions", most=4, least=1)
        ),
        client_categories=tuple(
            p.items(form.client_categories, "clientCategories", most=9, least=1)
        ),
        total_capacity=form.total_capacity,
        head_name=p.text(form.head_name, "headName", limit=PERSON),
        documents=tuple(
            p.text(d, f"documents.{i}", limit=DOCUMENT) for i, d in enumerate(form.documents)
        ),
        publication_consent=form.publication_consent,
        personal_data_consent=form.personal_data_consent,
    )
    p.items(form.documents, "documents", most=MAX_DOCUMENTS, least=1)
    if form.total_capacity is not None and not 1 <= form.total_capacity <= MAX_CAPACITY:
        p.add(ErrorCode.INVALID_VALUE, "totalCapacity")
    if not form.personal_data_consent:
        p.add(ErrorCode.PERSONAL_DATA_CONSENT_REQUIRED, "personalDataConsent")
    p.raise_if_any()
    return cleaned
