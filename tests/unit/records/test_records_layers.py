"""The records pieces keep to ARCHITECTURE.md's layers."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "rvr_desktop"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path.name}: {name}" for path in (PACKAGE / folder).rglob("*.py") for name in _imports(path)
            if name.startswith(forbidden)]


def test_the_practice_server_is_a_stand_in_that_knows_nothing_of_the_workstation():
    # It runs as its own process: no windows, no encrypted store, no outbox.
    assert _offenders("records_server", ("rvr_desktop.ui", "rvr_desktop.qt", "PySide6", "rvr_desktop.store",
                                         "rvr_desktop.sync.worker", "rvr_desktop.sync.client")) == []


def test_delivery_has_no_qt():
    assert _offenders("sync", ("rvr_desktop.ui", "rvr_desktop.qt", "PySide6")) == []
