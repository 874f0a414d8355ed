"""GraphQL enums over the domain's enums: one definition of each code list, in domain/.

`strawberry.enum` marks the domain class itself, so types annotate fields with the domain
enums directly; importing this module (schema/__init__ does) is what registers them.
"""

from __future__ import annotations

import strawberry

from domain.complaints import ComplaintAddressee, ComplaintDecision, ComplaintStatus, ComplaintStep
from domain.errors import ErrorCode
from domain.labels import Lang
from domain.licence_events import (
    DuplicateReason,
    LicenceEventKind,
    ReissueReason,
    ReissueStatus,
    TerminationGround,
)
from domain.licensing import ApplicationStatus, HearingOutcome, RefusalGround, Step
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, RegisterStatus, ServiceCondition
from domain.specialist_codes import (
    EducationLevel,
    QualificationCategory,
    ReturnReason,
    SpecialistRefusalReason,
)
from domain.specialists import SpecialistApplicationStatus
from domain.viewer import Role
from storage.organizations import OrganizationOrder
from storage.specialists import SpecialistOrder

__all__: list[str] = []

strawberry.enum(Lang, name="Lang", description="Kazakh (kk) or Russian (ru).")
strawberry.enum(ServiceCondition, name="ServiceConditionCode", description="Register column 5.")
strawberry.enum(
    ClientCategory, name="ClientCategoryCode", description="Register column 6 (контингент)."
)
strawberry.enum(
    Region, name="RegionCode", description="17 regions and 3 cities of republican significance."
)
strawberry.enum(RegisterStatus, name="RegisterStatus")
strawberry.enum(LicenceStatus, name="LicenceStatus")
strawberry.enum(Role, name="Role")
strawberry.enum(OrganizationOrder, name="OrganizationOrder")
strawberry.enum(ErrorCode, name="ErrorCode")

# The licence lifecycle.
strawberry.enum(ApplicationStatus, name="LicenceApplicationStatus")
strawberry.enum(Step, name="ApplicationStep")
strawberry.enum(RefusalGround, name="RefusalGround")
strawberry.enum(HearingOutcome, name="HearingOutcome")
strawberry.enum(LicenceEventKind, name="LicenceEventKind")
strawberry.enum(ReissueReason, name="ReissueReason", description="Arts. 33-34 of the Law.")
strawberry.enum(ReissueStatus, name="ReissueApplicationStatus")
strawberry.enum(TerminationGround, name="TerminationGround", description="Art. 35 of the Law.")
strawberry.enum(DuplicateReason, name="DuplicateReason", description="Art. 43 of the Law.")
strawberry.enum(ComplaintStatus, name="ComplaintStatus")
strawberry.enum(ComplaintAddressee, name="ComplaintAddressee")
strawberry.enum(ComplaintDecision, name="ComplaintDecision")
strawberry.enum(ComplaintStep, name="ComplaintStep")

# The register of specialists.
strawberry.enum(SpecialistOrder, name="SpecialistOrder")
strawberry.enum(EducationLevel, name="EducationLevel", description="Register column 7.")
strawberry.enum(
    QualificationCategory, name="QualificationCategory", description="Register column 9."
)
strawberry.enum(SpecialistApplicationStatus, name="SpecialistApplicationStatus")
strawberry.enum(ReturnReason, name="ReturnReason", description="Specialists rules p. 9 sub-p. 2.")
strawberry.enum(
    SpecialistRefusalReason,
    name="SpecialistRefusalReason",
    description="Specialists rules p. 9 sub-p. 3.",
)
