"""documents/ is pure Python and reportlab: no Qt, no database, no network (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "rvr_desktop" / "documents"
FORBIDDEN = ("PySide6", "rvr_desktop.qt", "rvr_desktop.ui", "rvr_desktop.store", "sqlcipher3", "sqlite3", "keyring",
             "requests", "aiohttp", "socket", "urllib", "http")


def test_documents_import_no_qt_database_or_network():
    offenders = []
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else []
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] in FORBIDDEN
                          or name.startswith(FORBIDDEN)]
    assert len(list(PACKAGE.glob("*.py"))) >= 15
    assert offenders == []
