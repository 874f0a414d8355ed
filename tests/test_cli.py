"""The `registers` command: tokens, migrations, demo data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from server import main


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("REGISTERS_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    return path


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


def test_migrate_is_idempotent(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0
    assert database.exists()


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


def test_schema_check_passes_on_the_committed_files() -> None:
    assert main(["schema", "--check"]) == 0
