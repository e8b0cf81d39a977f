"""rvr-desktop enrol URL CODE: enrol this workstation with the force's link service.

The force's IT team prints the one-time CODE on the server
(`rvr-desktop link-service enrol --config FILE --workstation NAME`). Here it
is exchanged for this workstation's credential, which is kept in the system
keyring only (store/workstation_enrolment.py). Given as "-", the code is
asked for (or read from standard input), so it appears in no shell history
or process list; a code that was used is worth nothing anyway, as the
service refuses it a second time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rvr_desktop.settings import Settings

HELP = "enrol this workstation with the force's link service, using the one-time code its IT team gave"
NEEDS_DATA_FOLDER = False
EXIT_REFUSED = 2


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help="the force's link service, such as https://video.force.example")
    parser.add_argument("code", metavar="CODE", help="the enrolment code, as printed (the dashes may be left out); "
                                                     "- to type it when asked, or give it on standard input")
    parser.add_argument("--authority", type=Path, metavar="FILE.pem",
                        help="the force's own certificate authority, when the service's certificate is issued by "
                             "one this computer does not already trust")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.store.errors import StoreError
    from rvr_desktop.store.keyring_key import require_system_keyring
    from rvr_desktop.store.workstation_enrolment import keep_enrolment, kept_enrolment
    from rvr_desktop.video.enrolment import EnrolmentFailed, exchange

    try:
        require_system_keyring()  # first, so a code is never spent on a workstation that cannot keep what it buys
        earlier = kept_enrolment()
    except StoreError as exc:
        print(f"{exc.message()}\nThe enrolment code was not used.", file=sys.stderr)
        return exc.exit_code
    code = _code_asked_for() if args.code == "-" else args.code
    try:
        enrolment = exchange(args.url, code, args.authority)
    except EnrolmentFailed as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    try:
        keep_enrolment(enrolment)
    except StoreError as exc:
        print(f"{exc.message()}\nThe enrolment code is used: ask the force's IT team to revoke {enrolment.workstation} "
              "and give a new code.", file=sys.stderr)
        return exc.exit_code
    print(f"This workstation is enrolled with {enrolment.service_url} as {enrolment.workstation}. Its credential is "
          "kept in the system keyring.")
    if earlier is not None and earlier != enrolment:
        print(f"It replaces the enrolment with {earlier.service_url} as {earlier.workstation}.")
    return 0


def _code_asked_for() -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Enrolment code: ").strip()
    return sys.stdin.readline().strip()
