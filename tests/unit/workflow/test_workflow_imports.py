"""workflow/ must import nothing from Qt, the database or the network."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from rvr_desktop import workflow

PACKAGE = Path(workflow.__file__).resolve().parent
# A module is forbidden if its name is one of these or starts with one and a dot.
FORBIDDEN = (
    "PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "qtpy",  # Qt
    "sqlite3", "sqlcipher3",  # the database
    "requests", "aiohttp", "httpx", "urllib3", "socket", "ssl", "http", "urllib.request",
    "asyncio", "ftplib", "smtplib",  # the network
    "keyring",  # the OS keyring
    # The rest of the application (store, ui, sync). The workflow reaches its
    # own modules by relative import, so any absolute rvr_desktop import leaks.
    "rvr_desktop",
)
ALLOWED_THIRD_PARTY = {"phonenumbers"}


def is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def imported_modules(source: str) -> list[str]:
    """Every module `source` imports, including through importlib or __import__."""
    modules = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
            modules.extend(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            argument = node.args[0] if node.args else None
            named = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            modules.append(argument.value if named else "<a name worked out at run time>")
    return modules


def _is_dynamic_import(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "__import__") or (
        isinstance(func, ast.Attribute) and func.attr == "import_module"
    )


def refused(modules: list[str]) -> list[str]:
    allowed_roots = set(sys.stdlib_module_names) | ALLOWED_THIRD_PARTY
    return [module for module in modules if is_forbidden(module) or module.split(".")[0] not in allowed_roots]


MODULES = sorted(PACKAGE.glob("*.py"))


def test_the_package_has_modules_to_check():
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_module_imports_only_the_standard_library_and_phonenumbers(path: Path):
    assert refused(imported_modules(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    "source",
    [
        "import PySide6.QtCore",
        "from PySide6 import QtWidgets",
        "import sqlite3",
        "from sqlcipher3 import dbapi2",
        "import requests",
        "import aiohttp",
        "import socket",
        "import keyring",
        "from urllib.request import urlopen",
        "from urllib import request",
        "import http.client",
        "from rvr_desktop.store import Store",
        "import importlib\nimportlib.import_module('PySide6.QtCore')",
        "__import__('keyring')",
        "import importlib\nname = 'x'\nimportlib.import_module(name)",
        "import numpy",
    ],
)
def test_the_check_catches_a_forbidden_import(source: str):
    assert refused(imported_modules(source)) != []


@pytest.mark.parametrize("source", ["import json", "from urllib.parse import quote", "import phonenumbers"])
def test_the_check_lets_harmless_imports_through(source: str):
    assert refused(imported_modules(source)) == []


def forbidden_modules_loaded_by(names: list[str]) -> list[str]:
    """Forbidden modules that importing `names` adds, in a fresh interpreter.

    Only what the import adds counts: the interpreter has loaded a few
    modules of its own before any of ours.
    """
    probe = "\n".join(
        [
            "import sys, importlib",
            "before = set(sys.modules)",
            f"for name in {names!r}: importlib.import_module(name)",
            "print('\\n'.join(sorted(set(sys.modules) - before)))",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True,
        cwd=PACKAGE.parents[1], timeout=60,
    )
    workflow_itself = "rvr_desktop.workflow"
    return [
        module for module in done.stdout.split()
        if is_forbidden(module) and module != "rvr_desktop" and not module.startswith(workflow_itself)
    ]


def test_importing_the_whole_package_loads_no_forbidden_module():
    # Catches what the source check can't: a forbidden module pulled in by
    # something the workflow imports.
    names = [f"rvr_desktop.workflow.{path.stem}" for path in MODULES if path.stem != "__init__"]
    assert forbidden_modules_loaded_by(names) == []


def test_the_runtime_check_sees_a_forbidden_module():
    assert "sqlite3" in forbidden_modules_loaded_by(["sqlite3", "json"])
