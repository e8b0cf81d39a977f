"""rvr-desktop documents specimen: every document for a fictitious case, marked SPECIMEN."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rvr_desktop.settings import Settings

HELP = "specimen documents for review"
# Specimens come from a fictitious case built in code: no case data is read.
NEEDS_DATA_FOLDER = False


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="documents_command", metavar="ACTION", required=True)
    specimen = actions.add_parser("specimen", parents=[common],
                                  help="write every document for a fictitious case, marked SPECIMEN")
    specimen.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the PDFs to")
    specimen.add_argument("--training", action="store_true", help="mark them TRAINING too, as practice mode does")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.documents import Marks, documents_for_case
    from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_DELIVERY, SPECIMEN_OFFICER, specimen_case
    from rvr_desktop.workflow.policy import load_policy
    from rvr_desktop.workflow.policy_files import PolicyFileError

    try:
        policy = load_policy()
    except PolicyFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    documents = documents_for_case(specimen_case(policy), policy, SPECIMEN_OFFICER, MADE_AT,
                                   marks=Marks(training=args.training, specimen=True), delivery=SPECIMEN_DELIVERY)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for document in documents:
            (args.out / document.file_name).write_bytes(document.pdf)
    except OSError as exc:
        print(f"The specimens could not be written to {args.out} ({exc.strerror}). Choose a folder you can write "
              "to; any files already written there are complete specimens.", file=sys.stderr)
        return 2
    for document in documents:
        print(args.out / document.file_name)
    return 0
