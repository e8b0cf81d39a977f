"""training/ is pure Python (reportlab for the PDF): no Qt, no database, no network (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "rvr_desktop" / "training"
FORBIDDEN = ("PySide6", "shiboken6", "rvr_desktop.qt", "rvr_desktop.ui", "rvr_desktop.store", "rvr_desktop.sync",
             "rvr_desktop.video", "rvr_desktop.linkservice", "rvr_desktop.records_server", "sqlcipher3", "sqlite3",
             "keyring", "requests", "aiohttp", "socket", "ssl", "urllib", "http", "asyncio")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_training_imports_no_qt_database_or_network():
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 15
    offenders = [f"{path.name}: {name}" for path in modules for name in _imports(path)
                 if name.split(".")[0] in FORBIDDEN or name.startswith(FORBIDDEN)]
    assert offenders == []
