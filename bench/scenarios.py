"""The HTTP benchmark's scenarios: the GraphQL documents a register frontend sends, with their
variables, and the baseline route that answers the same request without GraphQL.

Each scenario's request body is the same for GraphQL (`POST /graphql`) and for the baseline
(`POST /baseline/<route>`, which reads only `variables`), and both must answer byte-identical
JSON (bench/http_bench.py checks that before measuring). The baseline's handlers in
bench/baseline.py build their answers field by field in the order of these documents: a change
to a document needs the same change there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

__all__ = [
    "LANG",
    "Fixtures",
    "Scenario",
    "scenarios",
]

LANG = "ru"  # every request says `Accept-Language: ru`: `{ text }` is the Russian text

REGISTER_PAGE = """
query RegisterPage($first: Int!, $after: String) {
  organizations(first: $first, after: $after) {
    nodes {
      id
      bin
      name { text }
      region { code name { text } }
      serviceConditions { code label { text } }
      clientCategories { code label { text } }
      totalCapacity
      phone
      email
      includedOn
      status
      statusLabel { text }
      licence { id number status statusLabel { text } issuedOn validUntil reissuedOn }
      serviceContract { concludedOn validUntil }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""

ORGANIZATION_CARD = """
query OrganizationCard($bin: String!) {
  organization(bin: $bin) {
    id
    bin
    name { kk ru }
    legalAddress { text }
    region { code name { text } }
    serviceConditions { code label { text } }
    clientCategories { code label { text } }
    totalCapacity
    phone
    email
    includedOn
    licenceTerminatedOn
    removalGrounds { text }
    status
    statusLabel { text }
    serviceContract { concludedOn validUntil }
    licences {
      id
      number
      status
      statusLabel { text }
      issuedOn
      initialIssuedOn
      validUntil
      reissuedOn
      terminatedOn
      licensee { name { text } location { text } bin }
      servicePlaceAddress { text }
      note { text }
      licensor { text }
      signerName
      placeOfIssue { text }
      suspendedUntil
      history { at kind kindLabel { text } note }
    }
  }
}
"""

_SPECIALIST_ROW = """
fragment SpecialistRow on Specialist {
  id
  fullName
  birthDate
  profession { text }
  residence { region { code name { text } } settlement { text } }
  experience { years months }
  qualification { category categoryLabel { text } assignedOn }
  includedOn
  education { level levelLabel { text } institution { text } startedOn finishedOn document }
  employment { organizationName { text } employerBin position { text } startedOn endedOn current }
}
"""

SPECIALIST_SEARCH = (
    """
query SpecialistSearch($name: String!, $first: Int!) {
  specialists(first: $first, filter: {name: $name}) {
    nodes { ...SpecialistRow }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + _SPECIALIST_ROW
)

SPECIALISTS_PAGE = (
    """
query SpecialistsPage($first: Int!, $after: String) {
  specialists(first: $first, after: $after) {
    nodes { ...SpecialistRow }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + _SPECIALIST_ROW
)

RECORD_SERVICE_CONTRACT = """
mutation RecordServiceContract($organizationId: ID!, $concludedOn: Date!, $validUntil: Date) {
  recordServiceContract(
    organizationId: $organizationId
    concludedOn: $concludedOn
    validUntil: $validUntil
  ) {
    organization { id bin name { text } serviceContract { concludedOn validUntil } }
    serviceContract { concludedOn validUntil }
    userErrors { code field message }
  }
}
"""

SEARCHED_NAME = "Смирнов"  # a common surname: the search finds a page of it quickly
CONTRACT_CONCLUDED_ON = "2025-01-15"
CONTRACT_VALID_UNTIL = "2027-12-31"


@dataclass(frozen=True, slots=True)
class Fixtures:
    """What the scenarios' variables take from the seeded database (bench/baseline.py's
    `/bench/fixtures`): an organisation for its card (BIN and id: the driver records service
    contracts on it first, so that its licence has a history), another one for the mutation
    (its licence history grows with every call), and the keyset cursor of a page 100 rows
    before the end of the register."""

    card_bin: str
    card_organization_id: str
    contract_organization_id: str
    deep_cursor: str


@dataclass(frozen=True, slots=True)
class Scenario:
    """One request, sent again and again: to `/graphql`, and to `/baseline/<route>`."""

    key: str  # a, b, c, d-first, d-deep, e, f
    title: str
    operation: str
    document: str
    route: str
    variables: Mapping[str, Any] = field(default_factory=dict)
    officer: bool = False  # sent with the licensor's bearer token

    def body(self) -> bytes:
        return orjson.dumps(
            {"query": self.document, "variables": self.variables, "operationName": self.operation}
        )

    @property
    def letter(self) -> str:
        return self.key[0]


def scenarios(f: Fixtures) -> list[Scenario]:
    """Every scenario, in the order they run: the mutation last but one, so that the reads
    before it see the register as seeded."""
    page = {"first": 50, "after": None}
    return [
        Scenario(
            "a", "50 organisations, licence, labels", "RegisterPage", REGISTER_PAGE,
            "organizations", page,
        ),
        Scenario(
            "b", "one organisation by BIN, licences, history", "OrganizationCard",
            ORGANIZATION_CARD, "organization", {"bin": f.card_bin},
        ),
        Scenario(
            "c", "specialists by name, 20, education, employment", "SpecialistSearch",
            SPECIALIST_SEARCH, "specialists", {"name": SEARCHED_NAME, "first": 20},
        ),
        Scenario(
            "d-first", "first page of 50 (keyset)", "RegisterPage", REGISTER_PAGE,
            "organizations", page,
        ),
        Scenario(
            "d-deep", "page of 50, 100 rows before the end", "RegisterPage", REGISTER_PAGE,
            "organizations", {**page, "after": f.deep_cursor},
        ),
        Scenario(
            "f", "100 specialists, education, employment", "SpecialistsPage", SPECIALISTS_PAGE,
            "specialists", {"first": 100, "after": None},
        ),
        Scenario(
            "e", "recordServiceContract (licensor)", "RecordServiceContract",
            RECORD_SERVICE_CONTRACT, "record-service-contract",
            {
                "organizationId": f.contract_organization_id,
                "concludedOn": CONTRACT_CONCLUDED_ON,
                "validUntil": CONTRACT_VALID_UNTIL,
            },
            officer=True,
        ),
    ]  # fmt: skip
