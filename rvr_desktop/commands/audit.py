"""rvr-desktop audit verify | export: the s.62 audit log for administrators."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from rvr_desktop.settings import Settings

HELP = "the s.62 audit log"
NEEDS_DATA_FOLDER = True


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-27") from None


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    actions.add_parser("verify", parents=[common], help="check the audit log's hash chain")
    export = actions.add_parser("export", parents=[common], help="write the log for a period to a CSV file")
    export.add_argument("--from", dest="first", type=_date, required=True, metavar="DATE")
    export.add_argument("--to", dest="last", type=_date, required=True, metavar="DATE")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    export.add_argument("--recipient", default="Information Commissioner's Office",
                        help="who receives the export (recorded in the log)")
    export.add_argument("--reason", default="request from the regulator",
                        help="why it is disclosed (recorded in the log)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.store.case_store import CaseStore
    from rvr_desktop.store.errors import StoreError

    try:
        store = CaseStore(settings.data_dir, settings.officer)
    except StoreError as exc:
        print(exc.message(), file=sys.stderr)
        return exc.exit_code
    try:
        if args.audit_command == "verify":
            return _verify(store)
        return _export(store, args, settings)
    finally:
        store.close()


def _verify(store) -> int:
    verdict = store.audit.verify()
    if verdict.ok:
        print(f"audit log intact: {verdict.entries} entries")
        return 0
    print(f"audit log NOT intact: {verdict.problem}. {verdict.entries} entries before it verify. "
          "Keep the database as it is and report this to your information security team.", file=sys.stderr)
    return 1


def _export(store, args: argparse.Namespace, settings: Settings) -> int:
    from rvr_desktop.spreadsheet import TRAINING

    if args.last < args.first:
        print("--to is before --from: nothing was exported.", file=sys.stderr)
        return 2
    try:
        count = store.export_audit(args.first, args.last, args.out, recipient=args.recipient,
                                   justification=args.reason, marking=TRAINING if settings.is_training else "")
    except FileExistsError as exc:
        print(f"{exc}.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"The export could not be written to {args.out} ({exc.strerror}); nothing was recorded as "
              "disclosed. Choose a writable location.", file=sys.stderr)
        return 2
    print(f"exported {count} audit entries from {args.first} to {args.last} to {args.out}")
    return 0
