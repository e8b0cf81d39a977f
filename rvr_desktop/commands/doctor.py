"""rvr-desktop doctor: one line per check, exit 0 only if all pass (a "note" line, such as no camera, passes)."""

from __future__ import annotations

import argparse

from rvr_desktop.settings import Settings

HELP = "check that this workstation can hold case data safely"
NEEDS_DATA_FOLDER = True


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    pass


def run(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.doctor import run_doctor

    checks = run_doctor(settings)
    for check in checks:
        print(check.line())
    return 0 if all(c.passes for c in checks) else 1
