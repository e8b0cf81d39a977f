"""rvr-desktop records-server: the practice records server on this computer."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rvr_desktop.settings import Mode, Settings

HELP = "run the practice records server (a stand-in for the force's records system) on this computer"
# It keeps its own file beside the data folder, not inside it: the data
# folder holds only encrypted case data.
NEEDS_DATA_FOLDER = False


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on; 0 picks a free one (default 8765)")
    parser.add_argument("--faults", default="", metavar="SPEC",
                        help="faults to show, e.g. 'error=0.3,timeout=0.05,drop=0.1,seed=1' "
                             "(see docs/records-api.md); change them later with PUT /practice/faults")
    parser.add_argument("--database", type=Path, default=None, metavar="FILE",
                        help="its SQLite file (default: practice-records-server/records.sqlite3 beside the "
                             "practice data folder)")
    parser.add_argument("--stop-with-stdin", action="store_true",
                        help="also stop when standard input closes (the workstation starts it so)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.records_server.faults import FaultSpecError, parse_faults
    from rvr_desktop.records_server.launch import TOKEN_VARIABLE
    from rvr_desktop.records_server.serve import PRACTICE_TOKEN, NotLoopback, require_loopback, serve_until_stopped

    if settings.mode is Mode.LIVE:
        print("The practice records server is for practice mode only; a live workstation sends to the force's "
              "records system. Nothing was started.", file=sys.stderr)
        return 2
    try:
        faults = parse_faults(args.faults)
        host = require_loopback(args.host)
    except (FaultSpecError, NotLoopback) as error:
        print(f"{error} Nothing was started.", file=sys.stderr)
        return 2
    database = args.database or settings.data_dir.parent / "practice-records-server" / "records.sqlite3"
    # Taken from the environment rather than the command line, where every
    # user of the computer could read it.
    token = os.environ.get(TOKEN_VARIABLE) or PRACTICE_TOKEN

    def ready(url: str) -> None:
        print(f"practice records server listening on {url} (faults: {faults.describe() or 'none'}; "
              f"records in {database})", flush=True)

    try:
        serve_until_stopped(database, host, args.port, token, faults, ready, stop_with_stdin=args.stop_with_stdin)
    except OSError as error:
        print(f"The practice records server could not listen on {host} port {args.port} ({error.strerror or error})."
              " Nothing was started. Choose another --port, or 0 for any free one.", file=sys.stderr)
        return 1
    return 0
