"""`domain/` is pure: the standard library without I/O, three pure libraries, no project code."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

# Found from this file, not from `domain.__file__`: an editable install made before
# domain/__init__.py existed imports `domain` as a namespace package, whose __file__ is None.
DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"
DOMAIN_FILES = sorted(DOMAIN_DIR.rglob("*.py"))

OTHER_PROJECT_PACKAGES = frozenset({"schema", "resolvers", "storage", "server", "tests", "web"})
ALLOWED_THIRD_PARTY = frozenset({"holidays", "phonenumbers", "email_validator", "__future__"})
IO_MODULES = frozenset(
    {
        "asyncio",
        "concurrent",
        "ctypes",
        "dbm",
        "fcntl",
        "fileinput",
        "ftplib",
        "glob",
        "http",
        "imaplib",
        "importlib",  # a dynamic import would get round this check
        "io",
        "mmap",
        "multiprocessing",
        "os",
        "pathlib",
        "poplib",
        "select",
        "selectors",
        "shelve",
        "shutil",
        "signal",
        "smtplib",
        "socket",
        "socketserver",
        "sqlite3",
        "ssl",
        "subprocess",
        "tempfile",
        "threading",
        "urllib",
        "webbrowser",
        "wsgiref",
        "xmlrpc",
    }
)
IO_BUILTINS = frozenset({"open", "input", "print", "breakpoint", "exec", "eval", "compile"})


def _is_allowed(module: str) -> bool:
    top = module.partition(".")[0]
    if top == "domain":
        return True
    if top in OTHER_PROJECT_PACKAGES or top in IO_MODULES:
        return False
    return top in ALLOWED_THIRD_PARTY or top in sys.stdlib_module_names


def forbidden_imports(source: str) -> list[str]:
    """The modules `source` imports that the domain may not, in the order they appear."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names if not _is_allowed(alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:
                continue  # `from . import x` / `from .labels import x`: inside `domain`
            module = "." * node.level + (node.module or "")
            if node.level > 1 or not _is_allowed(module):
                found.append(module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "__import__"
        ):
            found.append("__import__")
    return found


def io_builtin_calls(source: str) -> list[str]:
    """The built-in functions doing I/O (or running code) that `source` calls."""
    return [
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in IO_BUILTINS
    ]


def _relative(path: Path) -> str:
    return path.relative_to(DOMAIN_DIR.parent).as_posix()


def test_the_domain_package_has_modules_to_check() -> None:
    names = {path.name for path in DOMAIN_FILES}
    assert {"__init__.py", "identifiers.py", "contacts.py", "labels.py"} <= names


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=[_relative(p) for p in DOMAIN_FILES])
def test_a_domain_module_imports_only_pure_modules(path: Path) -> None:
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=[_relative(p) for p in DOMAIN_FILES])
def test_a_domain_module_calls_no_io_builtins(path: Path) -> None:
    assert io_builtin_calls(path.read_text(encoding="utf-8")) == []


def test_the_checker_sees_the_real_imports_of_a_domain_module() -> None:
    source = (DOMAIN_DIR / "contacts.py").read_text(encoding="utf-8")
    assert "phonenumbers" in source
    assert forbidden_imports(source.replace("phonenumbers", "sqlalchemy")) != []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("import sqlalchemy", ["sqlalchemy"], id="third-party-database"),
        pytest.param("import requests", ["requests"], id="third-party-http"),
        pytest.param("from storage import x", ["storage"], id="project-storage"),
        pytest.param("from storage.tables import t", ["storage.tables"], id="project-submodule"),
        pytest.param("import schema", ["schema"], id="project-schema"),
        pytest.param("from resolvers import r", ["resolvers"], id="project-resolvers"),
        pytest.param("import server", ["server"], id="project-server"),
        pytest.param("from tests.unit import helper", ["tests.unit"], id="project-tests"),
        pytest.param("import os.path", ["os.path"], id="stdlib-io-submodule"),
        pytest.param("import json, subprocess", ["subprocess"], id="one-of-several"),
        pytest.param("from pathlib import Path", ["pathlib"], id="stdlib-io-from"),
        pytest.param("def f() -> None:\n    import socket\n", ["socket"], id="inside-function"),
        pytest.param(
            "try:\n    import asyncio\nexcept ImportError:\n    pass\n",
            ["asyncio"],
            id="inside-try",
        ),
        pytest.param(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sqlite3\n",
            ["sqlite3"],
            id="type-checking-only",
        ),
        pytest.param("from ..storage import x", ["..storage"], id="relative-beyond-domain"),
        pytest.param("m = __import__('socket')", ["__import__"], id="dynamic-import"),
        pytest.param("import importlib", ["importlib"], id="importlib"),
    ],
)
def test_the_checker_reports_a_forbidden_import(source: str, expected: list[str]) -> None:
    assert forbidden_imports(source) == expected


def test_the_checker_accepts_the_standard_library_the_allowed_libraries_and_domain() -> None:
    source = (
        "from __future__ import annotations\n"
        "import calendar, datetime, unicodedata\n"
        "from collections.abc import Mapping\n"
        "import holidays\n"
        "import phonenumbers\n"
        "from email_validator import validate_email\n"
        "import domain.labels\n"
        "from domain.labels import Label\n"
        "from . import regions\n"
        "from .labels import Lang\n"
    )
    assert forbidden_imports(source) == []


def test_the_io_builtin_checker_reports_calls_but_not_other_names() -> None:
    source = "def f(p: str) -> None:\n    print(open(p).read())\n    opened = sorted([])\n"
    assert sorted(io_builtin_calls(source)) == ["open", "print"]
