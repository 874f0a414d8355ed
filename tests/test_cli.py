"""The `registers` command: tokens, migrations, demo data."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import server
from domain.viewer import Role, Viewer
from server import main
from storage.engine import create_engine
from storage.seed_data import WALKTHROUGH_BIN
from storage.tokens import authenticate
from tests.conftest import execute
from tests.databases import drop_database, new_database
from tests.lifecycle.flow import almaty


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty database (tests/databases.py) the commands find in REGISTERS_DATABASE_URL."""
    url = asyncio.run(new_database(tmp_path, "cli"))
    monkeypatch.setenv("REGISTERS_DATABASE_URL", url)
    yield url
    asyncio.run(drop_database(url))


def printed_token(out: str) -> str:
    match = re.search(r"^(rgs_\d+_\S+)$", out, re.MULTILINE)
    assert match, out
    return match.group(1)


def test_token_create_prints_the_token_once_and_list_never_shows_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["token", "create", "--role", "applicant", "--subject", "940140000385"]) == 0
    token = printed_token(capsys.readouterr().out)
    assert main(["token", "list"]) == 0
    listing = capsys.readouterr().out
    assert "applicant\t940140000385\tlive" in listing
    assert token.split("_", 2)[2] not in listing


def test_token_revoke_marks_it_revoked(capsys: pytest.CaptureFixture[str]) -> None:
    main(["token", "create", "--role", "licensor"])
    capsys.readouterr()
    assert main(["token", "revoke", "1"]) == 0
    assert main(["token", "revoke", "1"]) == 2
    assert main(["token", "list"]) == 0
    assert "revoked" in capsys.readouterr().out


def test_an_applicant_token_needs_a_valid_bin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "create", "--role", "applicant", "--subject", "123"]) == 2
    assert "INVALID_SUBJECT" in capsys.readouterr().out


def test_an_unknown_role_is_refused_by_the_parser() -> None:
    with pytest.raises(SystemExit):
        main(["token", "create", "--role", "overlord"])


def test_migrate_is_idempotent(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0

    async def organizations() -> int:
        engine = create_engine(database)
        try:
            async with engine.connect() as conn:
                return int(await conn.scalar(text("SELECT count(*) FROM organization")))
        finally:
            await engine.dispose()

    assert asyncio.run(organizations()) == 0


def test_demo_seed_prints_an_officer_token_and_runs_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["seed", "--demo", "--if-empty"]) == 0
    first = capsys.readouterr().out
    assert "demo data:" in first
    printed_token(first)
    assert main(["seed", "--demo", "--if-empty"]) == 0
    assert "skipped" in capsys.readouterr().out
    assert main(["seed", "--demo"]) == 2


# Seeding days: a Sunday night; Friday after the office closed; Monday 23 March 2026, a Nauryz
# holiday; Thursday 26 March 2026 before the office opens, the first working day after Nauryz.
SEEDING_MOMENTS = [
    datetime(2026, 11, 22, 2, 30, tzinfo=UTC),
    almaty(2026, 3, 20, 19, 0),
    almaty(2026, 3, 23, 12, 0),
    almaty(2026, 3, 26, 8, 30),
]
TOKEN = re.compile(r"^token id (\d+) \((\w+)(?:, ([^)]*))?\):(.*)\n(rgs_\S+)$", re.MULTILINE)
APPLICATIONS = """query($first: Int, $overdue: Boolean!) {
  licenceApplications(first: $first, filter: {overdue: $overdue}) {
    totalCount
    nodes { status applicantBin history { command } licence { number } }
  } }"""


def seeded_at(
    moment: datetime, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    monkeypatch.setattr(server, "utc_now", lambda: moment)
    assert main(["seed", "--demo"]) == 0
    return capsys.readouterr().out


async def inspect(database: str, tokens: list[str], moment: datetime) -> dict[str, Any]:
    """What the seeded database says: who the tokens are, the applications, audit, register."""
    engine = create_engine(database)
    try:
        found = [await authenticate(engine, token) for token in tokens]
        viewers = [viewer for viewer in found if viewer is not None]
        assert len(viewers) == len(tokens) == 4
        async with engine.connect() as conn:
            audit = (
                await conn.execute(
                    text(
                        "SELECT actor_role, operation, outcome FROM audit_log "
                        "WHERE operation NOT IN ('createApiToken') "
                        "AND target NOT LIKE 'SpecialistApplication:%' ORDER BY id"
                    )
                )
            ).all()
            applicant = viewers[2].subject
            own = (
                await conn.execute(
                    text(
                        "SELECT publication_consent, removed_on, name_ru "
                        "FROM organization WHERE bin = :b"
                    ),
                    {"b": applicant},
                )
            ).one()
        licensor = Viewer(Role.LICENSOR, subject="test")
        every = await execute(
            engine, APPLICATIONS, {"first": 50, "overdue": False}, viewer=licensor, now=moment
        )
        late = await execute(
            engine, APPLICATIONS, {"first": 50, "overdue": True}, viewer=licensor, now=moment
        )
        mine = await execute(
            engine, APPLICATIONS, {"first": 50, "overdue": False}, viewer=viewers[2], now=moment
        )
        assert every.errors == late.errors == mine.errors == []
        assert every.data
        assert late.data
        assert mine.data
        issued = [
            node["licence"]["number"]
            for node in every.data["licenceApplications"]["nodes"]
            if node["licence"]
        ]
        register = await execute(
            engine,
            "query($n: String!) { licence(number: $n) { number organization { bin } } }",
            {"n": issued[0]},
        )
    finally:
        await engine.dispose()
    return {
        "viewers": viewers,
        "audit": audit,
        "own": own,
        "all": every.data["licenceApplications"],
        "late": late.data["licenceApplications"]["totalCount"],
        "mine": mine.data["licenceApplications"]["nodes"],
        "issued": issued,
        "register": register,
    }


def test_demo_seed_prints_a_labelled_token_per_role(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    moment = SEEDING_MOMENTS[0]
    out = seeded_at(moment, monkeypatch, capsys)

    printed = TOKEN.findall(out)
    assert [(role, subject) for _, role, subject, _, _ in printed][:2] == [
        ("licensor", "Омарова Әсел Бақытжанқызы"),
        ("inspector", "*"),
    ]
    assert [role for _, role, _, _, _ in printed] == [
        "licensor",
        "inspector",
        "applicant",
        "registrar",
    ]
    assert "demo specialists: 500 applications" in out
    assert all(about.strip() for _, _, _, about, _ in printed)
    assert "Shown once" in out
    seen = asyncio.run(inspect(database, [token for *_, token in printed], moment))
    viewers = seen["viewers"]
    assert [(v.role, v.subject) for v in viewers] == [
        (Role(role), subject) for _, role, subject, _, _ in printed
    ]
    applicant_bin = printed[2][2]
    assert applicant_bin == WALKTHROUGH_BIN
    # A public demo organisation whose licence was terminated: with no licence in force it may
    # apply again, and the walkthrough's signing includes it in the register again.
    consent, removed_on, name = seen["own"]
    assert consent == 1
    assert removed_on is not None
    assert name in printed[2][3]


@pytest.mark.parametrize("moment", SEEDING_MOMENTS, ids=lambda m: m.isoformat())
def test_demo_seed_takes_applications_through_the_lifecycle_on_any_day(
    moment: datetime,
    database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = seeded_at(moment, monkeypatch, capsys)
    tokens = [token for *_, token in TOKEN.findall(out)]
    seen = asyncio.run(inspect(database, tokens, moment))

    states = Counter(node["status"] for node in seen["all"]["nodes"])
    assert states == {
        "SUBMITTED": 2,
        "ACCEPTANCE_REFUSED": 1,
        "UNDER_INSPECTION": 1,
        "WITHDRAWN": 1,
        "AWAITING_SIGNATURE": 1,
        "PRELIMINARY_REFUSAL": 1,
        "LICENCE_ISSUED": 1,
        "REFUSED": 1,
    }
    assert "demo licence applications: 9 (2 SUBMITTED, 1 ACCEPTANCE_REFUSED" in out
    assert seen["late"] == 0, "an open demo step is already overdue on the day of seeding"
    # Each command went through a resolver: one history event and one audit row, none refused.
    commands = [c["command"] for node in seen["all"]["nodes"] for c in node["history"]]
    assert len(seen["audit"]) == len(commands) == 30
    assert Counter(op for _, op, _ in seen["audit"]) == Counter(commands)
    assert {outcome for _, _, outcome in seen["audit"]} == {"ok"}
    assert Counter(role for role, _, _ in seen["audit"]) == {
        "applicant": 11,
        "inspector": 11,
        "licensor": 8,
    }
    # The issued licence is in the public register; the applicant's token sees its own only.
    assert seen["register"].errors == []
    assert seen["register"].data["licence"]["number"] == seen["issued"][0]
    assert [node["status"] for node in seen["mine"]] == ["PRELIMINARY_REFUSAL"]


def test_schema_check_passes_on_the_committed_files() -> None:
    assert main(["schema", "--check"]) == 0


def test_audit_verify_names_the_first_broken_row(
    database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    for role in ("licensor", "inspector", "registrar"):
        assert main(["token", "create", "--role", role]) == 0
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    assert "3 rows, the hash chain is intact" in capsys.readouterr().out

    async def forge() -> int:
        engine = create_engine(database)
        try:
            async with engine.begin() as conn:
                second = await conn.scalar(
                    text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")
                )
                if engine.dialect.name == "sqlite":
                    await conn.execute(text("DROP TRIGGER audit_log_no_update"))
                else:
                    await conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
                await conn.execute(
                    text("UPDATE audit_log SET outcome = 'forged' WHERE id = :id"), {"id": second}
                )
        finally:
            await engine.dispose()
        return int(second)

    forged = asyncio.run(forge())
    assert main(["audit", "verify"]) == 1
    assert f"breaks at row id {forged} (1 rows before it are intact)" in capsys.readouterr().out
