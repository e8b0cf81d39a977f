"""The end-to-end tests start the real workstation, which opens its store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.sandbox import require_throwaway_keyring
from tests.helpers.workstation_process import WorkstationProcess

# The workstation keeps its database key in the keyring.
require_throwaway_keyring()


@pytest.fixture
def workstation_process(data_dir):
    """Starts the workstation: `start(*args, folder=data_dir)`. Whatever is still running at the end is
    closed, and an ERROR line the test did not `expect_error` fails it."""
    started: list[WorkstationProcess] = []

    def start(*args: str, folder: Path = data_dir) -> WorkstationProcess:
        process = WorkstationProcess(folder, *args)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()
    unexpected = [line.raw for process in started for line in process.unexpected_errors()]
    if unexpected:
        pytest.fail("the workstation logged errors the test did not expect:\n" + "".join(unexpected))
