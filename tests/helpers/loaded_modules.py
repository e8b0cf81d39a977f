"""A pytest plugin (`-p tests.helpers.loaded_modules`) that writes, when the run ends,
which top-level modules the test process had imported, as JSON, to the file
named by --loaded-modules. tests/unit/design/test_pure_tests_alone.py reads it
to show that the pure tests load neither Qt nor the keyring."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def pytest_addoption(parser) -> None:
    parser.addoption("--loaded-modules", metavar="PATH", help="where to write the imported top-level modules")


def pytest_sessionfinish(session) -> None:
    destination = session.config.getoption("loaded_modules")
    if destination:
        names = sorted({name.partition(".")[0] for name in sys.modules})
        Path(destination).write_text(json.dumps(names))
