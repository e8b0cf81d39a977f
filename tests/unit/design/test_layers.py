"""The layering rules of ARCHITECTURE.md, checked on the source itself."""

from __future__ import annotations

from tests.layering import PACKAGE, imported_modules



def _modules():
    return [p for p in PACKAGE.rglob("*.py")]


def test_only_the_qt_module_imports_the_binding():
    offenders = [str(p.relative_to(PACKAGE)) for p in _modules()
                 if p.name != "qt.py" and any(n.split(".")[0] == "PySide6" for n in imported_modules(p))]
    assert offenders == [], offenders


def test_nothing_but_the_composition_root_imports_ui():
    offenders = [str(p.relative_to(PACKAGE)) for p in _modules()
                 if "ui" not in p.relative_to(PACKAGE).parts and p.name != "app.py"
                 and any(n.startswith("rvr_desktop.ui") for n in imported_modules(p))]
    assert offenders == []


def test_store_knows_nothing_of_qt_or_the_windows():
    for path in (PACKAGE / "store").rglob("*.py"):
        assert not any(n.startswith(("PySide6", "rvr_desktop.qt", "rvr_desktop.ui")) for n in imported_modules(path)), path


def test_the_command_line_loads_nothing_heavy_before_a_command_runs():
    # Every start of the workstation parses the command line first; what the
    # sub-commands need must load only when one of them runs.
    import subprocess
    import sys

    probe = ("import sys; from rvr_desktop.cli import build_parser; build_parser(); "
             "heavy = {'asyncio', 'aiohttp', 'requests', 'reportlab', 'PySide6', 'sqlcipher3', 'keyring',"
             " 'phonenumbers', 'cryptography', 'yaml'}; print(sorted(heavy & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_casework_is_free_of_qt_so_any_window_or_tool_can_use_it():
    for path in (PACKAGE / "casework").rglob("*.py"):
        assert not any(n.startswith(("PySide6", "rvr_desktop.qt", "rvr_desktop.ui")) for n in imported_modules(path)), path
