"""The link service and the workstation's video client stay out of Qt, the windows and the case store."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "rvr_desktop"
FORBIDDEN = ("PySide6", "rvr_desktop.qt", "rvr_desktop.ui", "rvr_desktop.store", "rvr_desktop.app")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_link_service_and_video_client_import_no_qt_windows_or_store():
    for folder in ("linkservice", "video"):
        for path in (PACKAGE / folder).rglob("*.py"):
            bad = [n for n in _imports(path) if n.startswith(FORBIDDEN)]
            assert bad == [], (path.name, bad)
