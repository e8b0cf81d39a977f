"""The `rvr-desktop` command: the workstation and its maintenance commands.

Qt is imported only by the workstation itself, so `doctor` and `audit` work
(and fail clearly) on a machine with no display.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from rvr_desktop import __version__
from rvr_desktop.logs import setup_logging, stderr_handler
from rvr_desktop.process_safety import forbid_core_dumps
from rvr_desktop.settings import Mode, NotConfigured, load_settings
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
    common.add_argument("--log-json", action="store_true", default=argparse.SUPPRESS,
                        help="print the log lines on stderr as JSON objects, one a line, for a program to follow")
    return common


# Each sub-command is a module in rvr_desktop/commands/ with `HELP`,
# `NEEDS_DATA_FOLDER`, `add_arguments(parser, common)` and `run(settings, args)`.
# Its module imports stay light: heavy ones go inside `run`.
COMMANDS = ("doctor", "audit", "link-service", "link-certificate", "enrol", "documents", "records-server", "scenario",
            "cohort")


def _command(name: str):
    return importlib.import_module(f"rvr_desktop.commands.{name.replace('-', '_')}")


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="rvr-desktop", parents=[common],
        description="RVR Desktop: the Rapid Video Response officer's workstation. "
                    "With no command, opens the workstation (practice mode unless --mode live).")
    parser.add_argument("--version", action="version", version=f"rvr-desktop {__version__}")
    parser.add_argument("--trainer-network", metavar="ADDRESS[:PORT]", default=None,
                        help="practice: let a trainer play the caller from a phone or laptop on this local network; "
                             "ADDRESS is this computer's address on it (HTTPS, port 8443 unless given)")
    parser.add_argument("--fake-camera", action="store_true",
                        help="practice: use a generated test picture and tone instead of this computer's camera and "
                             "microphone (for a training room without webcams)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _command(name)
        module.add_arguments(commands.add_parser(name, parents=[common], help=module.HELP), common)
    return parser


def main(argv: list[str] | None = None) -> int:
    # The one entry point of every process (the workstation, the link service, the records server): before
    # anything personal is in memory, no core dump can be written and no other program can read it.
    forbid_core_dumps()
    os.umask(0o077)  # Every file the program makes is private to this account.
    args = build_parser().parse_args(argv)
    mode = Mode(getattr(args, "mode", Mode.PRACTICE.value))
    try:
        settings = load_settings(mode, getattr(args, "data_dir", None))
    except NotConfigured as exc:
        print(exc, file=sys.stderr)
        return EXIT_NOT_CONFIGURED
    if args.trainer_network is not None:
        problem = _add_trainer_network(args, mode)
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_NOT_CONFIGURED
        settings = replace(settings, trainer_network=args.trainer_network)
    if args.fake_camera:
        if mode is not Mode.PRACTICE or args.command is not None:
            print("--fake-camera is for the practice workstation only (rvr-desktop --mode practice): a live call "
                  "always uses the real camera. Nothing was started.", file=sys.stderr)
            return EXIT_NOT_CONFIGURED
        settings = replace(settings, fake_camera=True)
    if args.command is None and not _display_available():
        launcher = os.environ.get("RVR_DESKTOP_LAUNCHER", "rvr-desktop")
        print("RVR Desktop needs a display and none was found (DISPLAY and WAYLAND_DISPLAY are unset).\n"
              "On a machine without a screen, run it under a virtual one:\n"
              f"    xvfb-run -a {launcher}\n"
              "or check the installation with:  rvr-desktop doctor", file=sys.stderr)
        return EXIT_NO_DISPLAY
    command = _command(args.command) if args.command else None
    try:
        to_stderr = stderr_handler(getattr(args, "log_level", "WARNING"), getattr(args, "log_json", False))
        if command is None or command.NEEDS_DATA_FOLDER:
            ensure_private_folder(settings.data_dir)
            setup_logging(settings.data_dir, to_stderr)
        else:
            logging.basicConfig(level=to_stderr.level, handlers=[to_stderr])
    except StoreError as exc:
        print(exc.message(), file=sys.stderr)
        return exc.exit_code
    # A command may decide its own mode (a force's link service is live by its configuration file).
    said = command.mode_in_log(args, mode) if command is not None and hasattr(command, "mode_in_log") else mode.value
    log.info("rvr-desktop %s starting: command=%s mode=%s", __version__, args.command or "workstation", said)
    if command is not None:
        return command.run(settings, args)
    from rvr_desktop.app import run_workstation  # Qt is loaded only here.

    return run_workstation(settings)


def _add_trainer_network(args: argparse.Namespace, mode: Mode) -> str:
    """Check --trainer-network and put the parsed address in its place; a message when it cannot be used."""
    from rvr_desktop.video.trainer_network import parse_trainer_network

    if mode is not Mode.PRACTICE or args.command is not None:
        return ("--trainer-network is for the practice workstation only (rvr-desktop --mode practice). Nothing was "
                "started.")
    try:
        args.trainer_network = parse_trainer_network(args.trainer_network)
    except ValueError as exc:
        return f"--trainer-network: {exc}. Nothing was started."
    return ""


def _display_available() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))
