"""rvr-desktop cohort --out FILE.csv: every debriefed practice run, for the trainer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rvr_desktop.settings import Settings

HELP = "write a CSV of the practice runs debriefed on this workstation (trainers)"
NEEDS_DATA_FOLDER = True


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.csv")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.casework.policy_in_force import policy_for
    from rvr_desktop.store.case_files import CaseFileKind
    from rvr_desktop.store.case_store import CaseStore
    from rvr_desktop.store.errors import StoreError
    from rvr_desktop.training import check_scenarios
    from rvr_desktop.training.cohort import StoredRun, cohort_report

    if not settings.is_training:
        print("The cohort report is for practice data only; nothing was written.", file=sys.stderr)
        return 2
    policy = policy_for(settings)
    scenarios = {c.scenario.scenario_id: c.scenario for c in check_scenarios(policy) if c.scenario is not None}
    try:
        store = CaseStore(settings.data_dir, settings.officer)
    except StoreError as exc:
        print(exc.message(), file=sys.stderr)
        return exc.exit_code
    try:
        runs = []
        for case_id in list(store.cases.iter_ids()):
            kept = store.files.list_for_case(case_id, CaseFileKind.TRAINING_RUN)
            if kept:
                _, record = store.files.get(kept[-1].file_id, justification="trainer's cohort report")
                payload = store.cases.open_case(case_id, justification="trainer's cohort report").payload
                runs.append(StoredRun(record, payload))
        report, skipped = cohort_report(runs, scenarios, policy)
        try:
            store.disclose_to_file(args.out, report, "training-cohort", ("debriefs",), recipient="trainer",
                                   justification="practice cohort report")
        except FileExistsError as exc:
            print(f"{exc}. Nothing was written.", file=sys.stderr)
            return 2
    finally:
        store.close()
    for line in skipped:
        print(f"left out: {line}", file=sys.stderr)
    print(f"wrote {len(runs) - len(skipped)} practice run(s) to {args.out}")
    return 0
