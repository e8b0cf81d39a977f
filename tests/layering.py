"""Reading a module's imports from its source, for the tests of the layering rules."""

from __future__ import annotations

import ast
import functools
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


def _source_of(module: str) -> Path | None:
    """The file of an rvr_desktop module or package, or None for anything else."""
    top, *rest = module.split(".")
    if top != "rvr_desktop":
        return None
    if not rest:
        return PACKAGE / "__init__.py"
    relative = Path(*rest)
    for candidate in (PACKAGE / relative.with_suffix(".py"), PACKAGE / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def _imports_with_relative(path: Path, module: str) -> frozenset[str]:
    """Every module `path` names in an import, wherever in the file (a lazy import in a function counts: it
    runs as soon as that function does), relative ones resolved, and `from X import Y` also as `X.Y`."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            source = ".".join([*base, node.module] if node.module else base)
            names.add(source)
            names |= {f"{source}.{alias.name}" for alias in node.names}
    return frozenset(names)


def reached_from(start: str) -> dict[str, str]:
    """Every module `start` reaches through imports, directly or through others of the package, each with the
    module that imports it (to show the way in a failure)."""
    via: dict[str, str] = {}
    todo = [start]
    while todo:
        module = todo.pop()
        path = _source_of(module)
        if path is None:
            continue
        for name in _imports_with_relative(path, module):
            if name not in via and name != start:
                via[name] = module
                todo.append(name)
    return via


def way_to(via: dict[str, str], start: str, reached: str) -> str:
    chain = [reached]
    while chain[-1] != start and chain[-1] in via:
        chain.append(via[chain[-1]])
    return " <- ".join(chain)
