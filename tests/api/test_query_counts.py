"""Count statements, not seconds: a page costs the same number of statements at any size."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.register import ClientCategory, ServiceCondition
from domain.viewer import Role, Viewer
from tests.conftest import OFFICER, StatementCounter, execute
from tests.factories import add_organization

PAGE = """query($first: Int) { organizations(first: $first) {
  totalCount
  pageInfo { hasNextPage endCursor }
  edges { cursor node {
    id bin name { kk ru text } legalAddress { text } region { code name { kk ru text } }
    serviceConditions { code label { kk ru text } }
    clientCategories { code label { kk ru text } }
    status statusLabel { text }
    licence { number issuedOn validUntil reissuedOn status statusLabel { text }
              licensee { bin } organization { bin } }
    licences { number status organization { bin } }
    serviceContract { concludedOn validUntil }
  } }
} }"""


async def statements_for(
    engine: AsyncEngine, counter: StatementCounter, first: int, viewer: Viewer
) -> int:
    counter.statements.clear()
    result = await execute(engine, PAGE, {"first": first}, viewer=viewer)
    assert result.errors == []
    assert result.data is not None
    assert len(result.data["organizations"]["edges"]) == first
    return counter.count


async def test_a_page_of_organisations_with_nested_licences_is_a_constant_cost(
    engine: AsyncEngine, sql_counter: StatementCounter
) -> None:
    for n in range(100):
        await add_organization(
            engine,
            name_ru=f"Организация {n:03d}",
            conditions=[ServiceCondition.HOME, ServiceCondition.INPATIENT],
            categories=[ClientCategory.HOMELESS],
            licences=2,
            contracts=n % 3,
        )
    applicant = Viewer(Role.APPLICANT, subject="940140000385")
    for viewer in (OFFICER, applicant):
        small = await statements_for(engine, sql_counter, 10, viewer)
        large = await statements_for(engine, sql_counter, 100, viewer)
        assert small == large
        # page + count + all licences + latest contracts + licence.organization
        assert large == 5, sql_counter.statements
