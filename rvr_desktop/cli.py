"""The `rvr-desktop` command: the workstation and its maintenance commands.

Qt is imported only by the workstation itself, so `doctor` and `audit` work
(and fail clearly) on a machine with no display.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date
from pathlib import Path

from rvr_desktop import __version__
from rvr_desktop.logs import setup_logging
from rvr_desktop.settings import Mode, NotConfigured, Settings, load_settings
from rvr_desktop.store.errors import StoreError
from rvr_desktop.store.folder import ensure_private_folder

EXIT_NOT_CONFIGURED = 2
EXIT_NO_DISPLAY = 4

log = logging.getLogger(__name__)


def _common() -> argparse.ArgumentParser:
    # SUPPRESS lets the options stand before or after the sub-command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="data folder (default: ~/.local/share/rvr-desktop/MODE)")
    common.add_argument("--mode", choices=[m.value for m in Mode], default=argparse.SUPPRESS,
                        help="practice (default) or live")
    common.add_argument("--log-level", default=argparse.SUPPRESS,
                        help="also print log lines of this level and above to stderr (default WARNING)")
    return common


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-27") from None


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="rvr-desktop", parents=[common],
        description="RVR Desktop: the Rapid Video Response officer's workstation. "
                    "With no command, opens the workstation (practice mode unless --mode live).")
    parser.add_argument("--version", action="version", version=f"rvr-desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("doctor", parents=[common], help="check that this workstation can hold case data safely")
    audit = commands.add_parser("audit", parents=[common], help="the s.62 audit log").add_subparsers(
        dest="audit_command", metavar="ACTION", required=True)
    audit.add_parser("verify", parents=[common], help="check the audit log's hash chain")
    export = audit.add_parser("export", parents=[common], help="write the log for a period to a CSV file")
    export.add_argument("--from", dest="first", type=_date, required=True, metavar="DATE")
    export.add_argument("--to", dest="last", type=_date, required=True, metavar="DATE")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    export.add_argument("--recipient", default="Information Commissioner's Office",
                        help="who receives the export (recorded in the log)")
    export.add_argument("--reason", default="request from the regulator",
                        help="why it is disclosed (recorded in the log)")
    return parser


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # Every file the program makes is private to this account.
    args = build_parser().parse_args(argv)
    mode = Mode(getattr(args, "mode", Mode.PRACTICE.value))
    try:
        settings = load_settings(mode, getattr(args, "data_dir", None))
    except NotConfigured as exc:
        print(exc, file=sys.stderr)
        return EXIT_NOT_CONFIGURED
    if args.command is None and not _display_available():
        launcher = os.environ.get("RVR_DESKTOP_LAUNCHER", "rvr-desktop")
        print("RVR Desktop needs a display and none was found (DISPLAY and WAYLAND_DISPLAY are unset).\n"
              "On a machine without a screen, run it under a virtual one:\n"
              f"    xvfb-run -a {launcher}\n"
              "or check the installation with:  rvr-desktop doctor", file=sys.stderr)
        return EXIT_NO_DISPLAY
    try:
        ensure_private_folder(settings.data_dir)
        setup_logging(settings.data_dir, getattr(args, "log_level", "WARNING"))
    except StoreError as exc:
        print(exc.message(), file=sys.stderr)
        return exc.exit_code
    log.info("rvr-desktop %s starting: command=%s mode=%s", __version__, args.command or "workstation", mode)
    if args.command == "doctor":
        return _doctor(settings)
    if args.command == "audit":
        return _audit(settings, args)
    from rvr_desktop.app import run_workstation  # Qt is loaded only here.

    return run_workstation(settings)


def _display_available() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def _doctor(settings: Settings) -> int:
    from rvr_desktop.doctor import run_doctor

    checks = run_doctor(settings)
    for check in checks:
        print(check.line())
    return 0 if all(c.ok for c in checks) else 1


def _audit(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.store.case_store import CaseStore

    try:
        store = CaseStore(settings.data_dir, settings.officer)
    except StoreError as exc:
        print(exc.message(), file=sys.stderr)
        return exc.exit_code
    try:
        if args.audit_command == "verify":
            verdict = store.audit.verify()
            if verdict.ok:
                print(f"audit log intact: {verdict.entries} entries")
                return 0
            print(f"audit log NOT intact: {verdict.problem}. {verdict.entries} entries before it verify. "
                  "Keep the database as it is and report this to your information security team.", file=sys.stderr)
            return 1
        if args.last < args.first:
            print("--to is before --from: nothing was exported.", file=sys.stderr)
            return 2
        try:
            count = store.export_audit(args.first, args.last, args.out, recipient=args.recipient,
                                       justification=args.reason)
        except FileExistsError as exc:
            print(f"{exc}.", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"The export could not be written to {args.out} ({exc.strerror}); nothing was recorded as "
                  "disclosed. Choose a writable location.", file=sys.stderr)
            return 2
        print(f"exported {count} audit entries from {args.first} to {args.last} to {args.out}")
        return 0
    finally:
        store.close()
