"""GraphQL enums over the domain's enums: one definition of each code list, in domain/.

`strawberry.enum` marks the domain class itself, so types annotate fields with the domain
enums directly; importing this module (schema/__init__ does) is what registers them.
"""

from __future__ import annotations

import strawberry

from domain.errors import ErrorCode
from domain.labels import Lang
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, RegisterStatus, ServiceCondition
from domain.viewer import Role
from storage.organizations import OrganizationOrder

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
