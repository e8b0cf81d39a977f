"""The windows leave the GUI thread one way only: `ui/background.py` (ARCHITECTURE.md).

Any other thread, pool or QThread in `ui/` would be a sixth kind of thread
owner with its own way back to the GUI thread and its own way of losing an
error.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.layering import PACKAGE, imported_modules

UI = PACKAGE / "ui"
THREADING = ("threading", "concurrent", "_thread", "multiprocessing")
QT_THREADS = {"QThread", "QThreadPool", "QRunnable", "QtConcurrent"}
# The fault report hooks errors on every thread (threading.excepthook); it starts none.
HOOKS_ONLY = {"fault_report.py": {"excepthook"}}


def _windows_modules() -> list[Path]:
    return [p for p in UI.rglob("*.py") if p != UI / "background.py"]


def _threading_names_used(tree: ast.AST) -> set[str]:
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "threading"}


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = []
    allowed = HOOKS_ONLY.get(path.name)
    for name in imported_modules(path):
        if name.split(".")[0] not in THREADING:
            continue
        if name == "threading" and allowed is not None:
            extra = _threading_names_used(tree) - allowed
            if extra:
                found.append(f"threading.{', threading.'.join(sorted(extra))}")
            continue
        found.append(f"imports {name}")
    for node in ast.walk(tree):
        named = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
        if named in QT_THREADS:
            found.append(f"uses {named}")
        if isinstance(node, ast.ImportFrom) and any(alias.name in QT_THREADS for alias in node.names):
            found.append(f"imports {', '.join(a.name for a in node.names if a.name in QT_THREADS)}")
    return found


def test_no_module_of_the_windows_but_the_background_helper_owns_a_thread():
    offenders = {str(p.relative_to(PACKAGE)): o for p in _windows_modules() if (o := _offences(p))}
    assert offenders == {}


def test_the_check_finds_a_thread_pool_and_a_qthread(tmp_path):
    # The rule above would pass on any tree if it could not see an offence: show it sees each kind.
    samples = {
        "pool.py": "from concurrent.futures import ThreadPoolExecutor\n",
        "thread.py": "import threading\nthreading.Thread(target=print).start()\n",
        "qthread.py": "from rvr_desktop.qt import QtCore\nworker = QtCore.QThread()\n",
        "fault_report.py": "import threading\nstop = threading.Event()\n",
    }
    for name, source in samples.items():
        (tmp_path / name).write_text(source)
        assert _offences(tmp_path / name), name
    (tmp_path / "fault_report.py").write_text("import threading\nthreading.excepthook = print\n")
    assert _offences(tmp_path / "fault_report.py") == []
