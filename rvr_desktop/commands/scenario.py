"""rvr-desktop scenario list | validate: the training scenarios, for trainers.

`list` shows every scenario in resources/scenarios (or --folder) and marks a
broken one; `validate FILE…` checks files a trainer is writing and prints
every problem with its line and field. Both exit 1 if any file has a problem.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rvr_desktop.settings import Settings

HELP = "practice scenarios for training: list them, or check a scenario file"
# Scenarios are files under resources/; no case data is read or written.
NEEDS_DATA_FOLDER = False


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="scenario_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="list the practice scenarios and what each teaches")
    listing.add_argument("--folder", type=Path, default=None, metavar="DIR",
                         help="a folder of scenario files (default: the shipped resources/scenarios)")
    validate = actions.add_parser("validate", parents=[common],
                                  help="check scenario files, naming the line and field of every problem")
    validate.add_argument("files", type=Path, nargs="+", metavar="FILE")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.workflow.policy import load_policy
    from rvr_desktop.workflow.policy_files import PolicyFileError

    try:
        policy = load_policy()
    except PolicyFileError as exc:
        print(f"{exc} Scenarios are checked against the force's policy, so none was checked.", file=sys.stderr)
        return 1
    if args.scenario_command == "list":
        return _list(policy, args.folder)
    return _validate(policy, args.files)


def _list(policy, folder: Path | None) -> int:
    from rvr_desktop.training.scenario_files import check_scenarios, default_scenarios_dir

    folder = folder or default_scenarios_dir()
    checked = check_scenarios(policy, folder)
    if not checked:
        print(f"No scenario files (*.yaml) in {folder}.", file=sys.stderr)
        return 1
    width = max(len(found.path.stem) for found in checked)
    for found in checked:
        if found.scenario is not None:
            scenario = found.scenario
            print(f"{scenario.scenario_id:<{width}}  {scenario.title}")
            print(f"{'':<{width}}  right decision: {scenario.expected.decision.label}")
            if scenario.clock is not None:
                print(f"{'':<{width}}  the call comes in on {scenario.clock.label}")
        else:
            first = found.problems[0]
            print(f"{found.path.stem:<{width}}  NOT USABLE: line {first.line}, field '{first.field}': "
                  f"{first.problem}")
    broken = [found for found in checked if not found.ok]
    if broken:
        print(f"{len(broken)} of {len(checked)} scenario files can't be used; check each with "
              "'rvr-desktop scenario validate FILE' for every problem.", file=sys.stderr)
        return 1
    return 0


def _validate(policy, files: list[Path]) -> int:
    from rvr_desktop.training.scenario_files import check_scenario_file

    status = 0
    for path in files:
        checked = check_scenario_file(path, policy)
        if checked.scenario is not None:
            print(f"ok {path}: {checked.scenario.title}")
            continue
        status = 1
        for problem in checked.problems:
            print(problem.describe(path), file=sys.stderr)
        count = len(checked.problems)
        print(f"{path}: {count} problem{'s' * (count != 1)}; the scenario can't be used until "
              f"{'they are' if count != 1 else 'it is'} corrected.", file=sys.stderr)
    return status
