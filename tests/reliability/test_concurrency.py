"""Many clients deciding at once (issue 7 item 1): no 5xx, no "database is locked", no lost
update, every stale `expectedVersion` told so, and idempotency keys hold under concurrency.

32 clients over HTTP (the ASGI app, one connection pool, as under uvicorn) send 200 decision
mutations each: 16 race on one shared specialist application, 16 have one each. A decision
returns an application for revision (registrar) or resubmits it (its applicant), so it can go
on for ever; each client sends the decision the state it last saw calls for, with the version
it last saw. Afterwards each application's version, status and history are exactly what the
acknowledged decisions make, and the audit log has one row per call. Run on SQLite (WAL) and on
PostgreSQL by `make test` (tests/databases.py).
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.identifiers import check_digit
from domain.viewer import Role
from storage.audit import AUDIT
from tests.conftest import issue_token
from tests.specialists.flow import APPLICANT_EMAIL, specialist_input

CLIENTS = 32
DECISIONS = 200
SHARED_CLIENTS = 16

STATE = "specialistApplication { id version status } userErrors { code field }"
SUBMIT = f"""mutation($input: SpecialistApplicationInput!, $key: String) {{
  submitSpecialistApplication(input: $input, idempotencyKey: $key) {{ {STATE} }} }}"""
RETURN = f"""mutation($id: ID!, $v: Int!) {{
  returnSpecialistApplication(id: $id, expectedVersion: $v,
    reasons: [INCOMPLETE_OR_EXPIRED_DOCUMENTS], comment: "қайта / повторно") {{ {STATE} }} }}"""
RESUBMIT = f"""mutation($id: ID!, $v: Int!, $input: SpecialistApplicationInput!) {{
  resubmitSpecialistApplication(id: $id, expectedVersion: $v, input: $input) {{ {STATE} }} }}"""
READ = """query($id: ID!) { specialistApplication(id: $id) { id version status } }"""
HISTORY = """query($id: ID!) { specialistApplication(id: $id) {
  id version status history { command } } }"""


def make_iin(serial: int) -> str:
    """A valid IIN of a woman born on 15 March 1985 (specialist_input's birth date)."""
    while True:
        prefix = f"8503154{serial:04d}"
        digit = check_digit(prefix)
        if digit is not None:
            return prefix + str(digit)
        serial += 5000


@dataclass
class Tally:
    calls: int = 0
    acknowledged: Counter[str] = field(default_factory=Counter)  # application id → decisions
    refusals: Counter[str] = field(default_factory=Counter)  # code → count
    statuses: Counter[int] = field(default_factory=Counter)
    bodies: list[str] = field(default_factory=list)  # any answer that is not a clean one


class Officers:
    def __init__(self, client: httpx.AsyncClient, registrar: str, applicant: str) -> None:
        self.client = client
        self.registrar = {"Authorization": f"Bearer {registrar}"}
        self.applicant = {"Authorization": f"Bearer {applicant}"}

    async def send(
        self, query: str, variables: dict[str, Any], headers: dict[str, str], tally: Tally
    ) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        tally.statuses[response.status_code] += 1
        text = response.text
        if response.status_code != 200 or "locked" in text or "errors" in response.json():
            tally.bodies.append(text)
        data: dict[str, Any] = response.json().get("data") or {}
        return data

    async def read(self, application: str, tally: Tally, query: str = READ) -> dict[str, Any]:
        data = await self.send(query, {"id": application}, self.registrar, tally)
        read: dict[str, Any] = data["specialistApplication"]
        return read

    async def decide(self, application: str, tally: Tally, rng: random.Random) -> None:
        """DECISIONS decisions on one application, each from the state last seen."""
        seen = await self.read(application, tally)
        for _ in range(DECISIONS):
            if seen["status"] == "SUBMITTED":
                query, headers = RETURN, self.registrar
                variables: dict[str, Any] = {"id": application, "v": seen["version"]}
            else:
                query, headers = RESUBMIT, self.applicant
                variables = {"id": application, "v": seen["version"], "input": INPUTS[application]}
            tally.calls += 1
            data = await self.send(query, variables, headers, tally)
            if not data:
                return  # not answered: tally.bodies holds why, and the test fails on it
            (payload,) = data.values()
            if payload["userErrors"]:
                (error,) = payload["userErrors"]
                tally.refusals[error["code"]] += 1
                seen = await self.read(application, tally)
            else:
                tally.acknowledged[application] += 1
                seen = payload["specialistApplication"]
            if rng.random() < 0.1:
                await asyncio.sleep(0)  # let another client in between


INPUTS: dict[str, dict[str, Any]] = {}


async def test_32_clients_deciding_at_once_lose_nothing(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    officers = Officers(
        client,
        await issue_token(engine, Role.REGISTRAR, "Әбенова Д."),
        await issue_token(engine, Role.APPLICANT, APPLICANT_EMAIL),
    )
    setup = Tally()
    applications = []
    for n in range(1 + CLIENTS - SHARED_CLIENTS):
        form = specialist_input(iin=make_iin(n + 1))
        data = await officers.send(SUBMIT, {"input": form}, officers.applicant, setup)
        payload = data["submitSpecialistApplication"]
        assert payload["userErrors"] == []
        application = payload["specialistApplication"]["id"]
        INPUTS[application] = form
        applications.append(application)
    shared, own = applications[0], applications[1:]
    rng = random.Random(7)
    tallies = [Tally() for _ in range(CLIENTS)]
    targets = [shared] * SHARED_CLIENTS + own
    await asyncio.gather(
        *(
            officers.decide(target, tally, random.Random(rng.random()))
            for target, tally in zip(targets, tallies, strict=True)
        )
    )
    total = Tally()
    for tally in tallies:
        total.calls += tally.calls
        total.acknowledged.update(tally.acknowledged)
        total.refusals.update(tally.refusals)
        total.statuses.update(tally.statuses)
        total.bodies.extend(tally.bodies)
    # No 5xx, no lock error, no error at all but the coded refusals.
    assert total.bodies == []
    assert set(total.statuses) == {200}
    assert total.calls == CLIENTS * DECISIONS
    # Every refusal is a stale version: each client sends what the state it saw calls for.
    assert set(total.refusals) <= {"VERSION_CONFLICT"}
    assert sum(total.acknowledged.values()) + total.refusals["VERSION_CONFLICT"] == total.calls
    # The shared application was raced for; the others were not.
    assert total.refusals["VERSION_CONFLICT"] > 0
    assert all(total.acknowledged[a] == DECISIONS for a in own)
    # Each application is exactly what its acknowledged decisions made of it.
    for application in applications:
        final = await officers.read(application, Tally(), HISTORY)
        decided = total.acknowledged[application]
        assert final["version"] == 1 + decided, application
        assert final["status"] == ("RETURNED" if decided % 2 else "SUBMITTED")
        commands = [event["command"] for event in final["history"]]
        assert len(commands) == 1 + decided
        assert commands[0] == "submitSpecialistApplication"
        assert Counter(commands[1:]) == {
            "returnSpecialistApplication": (decided + 1) // 2,
            "resubmitSpecialistApplication": decided // 2,
        }
    # One audit row per call, refused ones included.
    async with engine.connect() as conn:
        rows = await conn.scalar(select(func.count()).select_from(AUDIT))
    assert rows == len(applications) + total.calls


async def test_one_idempotency_key_sent_by_32_clients_at_once_submits_once(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    officers = Officers(
        client,
        await issue_token(engine, Role.REGISTRAR, "Әбенова Д."),
        await issue_token(engine, Role.APPLICANT, APPLICANT_EMAIL),
    )
    form = specialist_input(iin=make_iin(9000))
    tally = Tally()
    answers = await asyncio.gather(
        *(
            officers.send(SUBMIT, {"input": form, "key": "one-key"}, officers.applicant, tally)
            for _ in range(CLIENTS)
        )
    )
    assert tally.bodies == []
    payloads = [answer["submitSpecialistApplication"] for answer in answers]
    assert all(payload["userErrors"] == [] for payload in payloads)
    assert len({payload["specialistApplication"]["id"] for payload in payloads}) == 1
    (application,) = {payload["specialistApplication"]["id"] for payload in payloads}
    final = await officers.read(application, Tally(), HISTORY)
    assert [event["command"] for event in final["history"]] == ["submitSpecialistApplication"]
    listed = await officers.send(
        "{ specialistApplications(first: 100) { totalCount } }", {}, officers.registrar, tally
    )
    assert listed["specialistApplications"]["totalCount"] == 1
