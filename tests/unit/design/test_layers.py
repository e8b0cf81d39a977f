"""The layering rules of ARCHITECTURE.md, checked on the source itself."""

from __future__ import annotations

import pytest

from tests.layering import PACKAGE, imported_modules, reached_from, way_to



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


QT_OR_WINDOWS = ("PySide6", "shiboken6", "rvr_desktop.qt", "rvr_desktop.ui")


@pytest.mark.parametrize("folder", ["commands", "casework", "workflow", "store", "sync", "documents", "training",
                                    "linkservice", "records_server"])
def test_no_layer_but_the_windows_reaches_qt_even_through_other_modules(folder):
    """Over the real import graph: a sub-command (`rvr-desktop cohort`), the link service or the records
    server must never load the windows, however many modules lie in between."""
    found = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        module = ".".join(("rvr_desktop", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        via = reached_from(module)
        found += [way_to(via, module, name) for name in via if name.startswith(QT_OR_WINDOWS)]
    assert found == [], "\n".join(found)


def test_the_pure_rules_reach_nothing_of_the_database_or_the_network():
    forbidden = ("sqlcipher3", "sqlite3", "requests", "aiohttp", "keyring", "rvr_desktop.store", "rvr_desktop.sync",
                 "rvr_desktop.video", "rvr_desktop.linkservice", "rvr_desktop.casework", *QT_OR_WINDOWS)
    found = []
    for path in sorted((PACKAGE / "workflow").rglob("*.py")):
        module = ".".join(("rvr_desktop", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        via = reached_from(module)
        found += [way_to(via, module, name) for name in via if name.startswith(forbidden)]
    assert found == [], "\n".join(found)


def test_importing_the_package_main_module_starts_nothing():
    # A tool that walks the package imports every module: `python -m rvr_desktop` must start the
    # workstation only when it is run.
    import subprocess
    import sys

    probe = "import sys, rvr_desktop.__main__; print(sorted({'PySide6', 'keyring'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PACKAGE.parent,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
