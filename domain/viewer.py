"""Who asks, and what that lets them see (design.md, "Roles"; domain.md, "Consent").

The public sees an organisation only with the provider's publication consent (organisations
rules p. 7). Its owning applicant (the token's subject is the organisation's BIN/IIN) and the
officers see it whatever the consent. The storage layer turns `organization_visibility` into
one SQL predicate, so the rule is decided once per query, never per field.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from domain.labels import Label, register_labels

__all__ = [
    "OrganizationVisibility",
    "Role",
    "Viewer",
    "organization_visibility",
    "specialist_visibility",
]


class Role(StrEnum):
    PUBLIC = "public"
    APPLICANT = "applicant"
    INSPECTOR = "inspector"
    LICENSOR = "licensor"
    REGISTRAR = "registrar"
    ADMIN = "admin"


register_labels(
    Role,
    {
        Role.PUBLIC: Label(kk="жалпы жұрт", ru="публика"),
        Role.APPLICANT: Label(kk="өтініш беруші", ru="заявитель"),
        Role.INSPECTOR: Label(kk="аумақтық бөлімше инспекторы", ru="инспектор департамента"),
        Role.LICENSOR: Label(kk="лицензиар", ru="лицензиар"),
        Role.REGISTRAR: Label(kk="әкімші (тізілім)", ru="администратор реестра"),
        Role.ADMIN: Label(kk="жүйе әкімшісі", ru="администратор системы"),
    },
)

OFFICER_ROLES = frozenset({Role.INSPECTOR, Role.LICENSOR, Role.REGISTRAR, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Viewer:
    role: Role
    subject: str | None = None
    token_id: int | None = None

    @property
    def is_public(self) -> bool:
        return self.role is Role.PUBLIC


PUBLIC = Viewer(Role.PUBLIC)


class OrganizationVisibility(Enum):
    ALL = "all"
    CONSENTING = "consenting"
    CONSENTING_OR_OWN = "consenting_or_own"


def organization_visibility(viewer: Viewer) -> OrganizationVisibility:
    if viewer.role in OFFICER_ROLES:
        return OrganizationVisibility.ALL
    if viewer.role is Role.APPLICANT and viewer.subject:
        return OrganizationVisibility.CONSENTING_OR_OWN
    return OrganizationVisibility.CONSENTING


def specialist_visibility(viewer: Viewer) -> OrganizationVisibility:
    """Specialists rules p. 5: public only with the consent of both the organisation and the
    specialist. The registrar (the administrator of p. 9) and admins see the whole register;
    an applicant also the specialists it applied for; licence officers read it as the public."""
    if viewer.role in (Role.REGISTRAR, Role.ADMIN):
        return OrganizationVisibility.ALL
    if viewer.role is Role.APPLICANT and viewer.subject:
        return OrganizationVisibility.CONSENTING_OR_OWN
    return OrganizationVisibility.CONSENTING
