"""Reading a module's imports from its source, for the tests of the layering rules."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "rvr_desktop"


def imported_modules(path: Path) -> set[str]:
    """Every absolute module name `path` imports (relative imports stay inside their package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    """'file: module' for each forbidden import under rvr_desktop/`folder`."""
    return [f"{path.name}: {name}" for path in (PACKAGE / folder).rglob("*.py") for name in imported_modules(path)
            if name.startswith(forbidden)]
