"""rvr-desktop link-service: the one-time links, the caller's page and the call's signalling.

Once listening it prints one JSON line on standard output, for example
{"port": 41234, "url": "http://127.0.0.1:41234", "public_url": "http://127.0.0.1:41234"}
so a parent that asked for port 0 learns the port.

In practice mode, `--network HOST:PORT` adds a second socket on the training
room's network for a trainer's device: HTTPS only (with --tls-cert and
--tls-key), serving the caller's and the trainer's pages and nothing else
(see rvr_desktop/linkservice/network_side.py). The --host socket then stays
on loopback in plain HTTP and serves the workstation; texted links point at
the network socket, and the JSON line adds its "network_url".

A force's own service is started from its configuration alone:
`rvr-desktop --log-json --log-level INFO link-service --config FILE`, where
FILE has a [server] section (rvr_desktop/linkservice/config.py). It listens
where the file says, reads its secrets from the files or systemd credentials
the file names, serves /healthz and /readyz, serves /metrics on its own
socket when [server] metrics_listen is set (its JSON line adds
"metrics_url"), and on SIGTERM drains calls for [calls] drain_seconds.

The force's IT team enrols workstations with it too (workstations.py):
`link-service enrol --config FILE --workstation NAME` prints a one-time
code for `rvr-desktop enrol` on that workstation, `link-service
workstations --config FILE` lists them, and `link-service revoke --config
FILE NAME` cuts one off at once. Each is run as the service's own user and
reads nothing of the file but where its register is.

The officer token never appears on a command line or in the environment:
- live mode reads it from the keyring (service "rvr-desktop", account
  "link-service/officer-token"), with the GOV.UK Notify API key
  ("link-service/notify-api-key") and any TURN credential
  ("link-service/turn/<username>");
- practice mode reads it from the first line of standard input with
  --token-stdin (the workstation's way: it keeps the pipe open and the
  service stops when it closes), or makes one and prints it in the JSON line
  when started by hand.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from rvr_desktop.settings import Mode, Settings

log = logging.getLogger(__name__)

HELP = "run the video link service (links, caller's page, texts, call signalling)"
NEEDS_DATA_FOLDER = False

KEYRING_SERVICE = "rvr-desktop"
OFFICER_TOKEN_ACCOUNT = "link-service/officer-token"
NOTIFY_KEY_ACCOUNT = "link-service/notify-api-key"
TURN_ACCOUNT = "link-service/turn/{username}"
EXIT_CANNOT_START = 2
EXIT_NO_KEYRING = 10
EXIT_SECRET_MISSING = 12
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class CannotStart(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_CANNOT_START) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: any free port, printed on stdout)")
    parser.add_argument("--network", metavar="HOST:PORT",
                        help="practice: also listen here ([IPv6]:PORT for IPv6), over HTTPS, for a trainer's device "
                             "on the training room's network; only the caller's and trainer's pages are served there")
    parser.add_argument("--tls-cert", type=Path, metavar="FILE", help="certificate chain (PEM) for HTTPS")
    parser.add_argument("--tls-key", type=Path, metavar="FILE", help="private key (PEM) for HTTPS")
    parser.add_argument("--public-url", default="", metavar="URL",
                        help="the address phones use, put in texted links (default: the listening address)")
    parser.add_argument("--config", type=Path, metavar="FILE.toml",
                        help="link lifetime, STUN/TURN, Notify templates; with a [server] section, a force's own "
                             "service, set up by the file alone (see rvr_desktop/linkservice/config.py)")
    parser.add_argument("--token-stdin", action="store_true",
                        help="practice: read the officer token from the first line of standard input and stop "
                             "when standard input closes")
    actions = parser.add_subparsers(dest="action", metavar="ACTION",
                                    help="a force's workstations (run as the service's user): enrol, workstations, "
                                         "revoke; with none, run the service")
    enrol = actions.add_parser("enrol", help="print a one-time code that enrols a workstation (valid 24 hours)")
    enrol.add_argument("--workstation", required=True, metavar="NAME", help="the workstation's name, such as CR-04")
    listing = actions.add_parser("workstations", help="list the enrolled workstations")
    revoke = actions.add_parser("revoke", help="cut a workstation off at once")
    revoke.add_argument("name", metavar="NAME", help="the workstation's name")
    for action in (enrol, listing, revoke):
        action.add_argument("--config", type=Path, required=True, metavar="FILE.toml",
                            help="the force's link service configuration (for where its register is kept)")


def mode_in_log(args: argparse.Namespace, mode: Mode) -> str:
    """What the start-up log line calls the mode. With --config, the file decides (a [server] section makes a
    force's service, live whatever --mode says); it is read later, in _run, which logs what it found."""
    return "as its --config file says" if args.config else mode.value


def run(settings: Settings, args: argparse.Namespace) -> int:
    if getattr(args, "action", None):
        return _administer(args)
    try:
        import asyncio  # loaded only when the service runs, not for every command

        return asyncio.run(_run(settings, args))
    except CannotStart as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 0


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from rvr_desktop.linkservice import server
    from rvr_desktop.linkservice.config import ConfigError, load_config
    from rvr_desktop.linkservice.tokens import new_token

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise CannotStart(str(exc)) from None
    if config.server is not None:
        log.info("a force's link service (live mode), as %s says", args.config)
        return await _run_for_a_force(config, args)
    if (args.tls_cert is None) != (args.tls_key is None):
        raise CannotStart("HTTPS needs both --tls-cert and --tls-key; nothing was started.")
    live = settings.mode is Mode.LIVE
    network = _network_address(args, live) if args.network else None
    if live and args.tls_cert is None and args.host not in LOOPBACK_HOSTS:
        raise CannotStart("Live mode will not serve plain HTTP on a network: give --tls-cert and --tls-key "
                          "(or listen on 127.0.0.1 behind an HTTPS proxy). Nothing was started.")
    generated = ""
    if live:
        if args.token_stdin:
            raise CannotStart("Live mode takes its officer token from the keyring only, not from standard input. "
                              "Nothing was started.")
        officer_token = _secret(OFFICER_TOKEN_ACCOUNT, "the officer token")
        notify_key: str | None = _secret(NOTIFY_KEY_ACCOUNT, "the GOV.UK Notify API key")
        config = replace(config, ice_servers=tuple(
            replace(s, credential=_secret(TURN_ACCOUNT.format(username=s.username), f"the TURN credential for "
                                          f"{s.username}")) if s.username else s for s in config.ice_servers))
    else:
        notify_key = None  # practice: texts go to the simulated phone, never to Notify
        officer_token = _token_from_stdin() if args.token_stdin else ""
        if not officer_token:
            officer_token = generated = new_token()
    try:
        tls = server.tls_context(args.tls_cert, args.tls_key) if args.tls_cert else None
    except (OSError, ValueError) as exc:
        raise CannotStart(f"The certificate or key could not be loaded ({exc}). Check the files (make practice ones "
                          "with: rvr-desktop link-certificate). Nothing was started.") from None
    # With a network socket the certificate is for it; the workstation's loopback socket stays plain.
    main_tls, network_tls = (None, tls) if network else (tls, None)
    scheme = "https" if main_tls else "http"
    sock, network_sock, public_url = _listen(args, network, scheme, args.public_url or config.public_url)

    def announce(listening: server.Listening) -> None:
        line = {"port": listening.port, "url": server.address_url(scheme, args.host, listening.port),
                "public_url": listening.public_url, "mode": settings.mode.value}
        if listening.network_url:
            line["network_url"] = listening.network_url
        if generated:
            line["officer_token"] = generated  # started by hand: the trainer needs it for the API
        print(json.dumps(line), flush=True)

    import asyncio

    stop = asyncio.Event()
    server.stop_on_signals_and_stdin(stop, watch_stdin=args.token_stdin)
    with _own_store_folder(config) as config:
        await server.serve(config, settings.mode.value, officer_token, notify_key, sock, main_tls, public_url,
                           announce, stop, tls_cert=args.tls_cert, network_sock=network_sock, network_tls=network_tls)
    return 0


@contextmanager
def _own_store_folder(config):
    """A service started by a workstation or a trainer, with no [store] directory named, keeps its SQLite store
    in a private folder (0700) of its own that goes when it stops: its sessions are one sitting's, so nothing of
    a caller (or a practice caller) is left on the computer afterwards, while the service still runs the very
    store a force's runs. The folder is in the user's runtime folder (memory, emptied at logout) where there is
    one, so not even a service killed before it could tidy up leaves it on disk."""
    if config.store_kind != "sqlite" or config.store_directory is not None:
        yield config
        return
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = Path(tempfile.mkdtemp(prefix="rvr-link-service-", dir=runtime if runtime and os.path.isdir(runtime)
                                   else None))
    try:
        yield replace(config, store_directory=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def _run_for_a_force(config, args: argparse.Namespace) -> int:
    """A force's own service: everything from its configuration (config.py), secrets from their files."""
    import asyncio

    from rvr_desktop.linkservice import server

    given = [option for option, value in (("--host", args.host != "127.0.0.1"), ("--port", args.port != 0),
                                          ("--network", args.network), ("--tls-cert", args.tls_cert),
                                          ("--tls-key", args.tls_key), ("--public-url", args.public_url),
                                          ("--token-stdin", args.token_stdin)) if value]
    if given:
        raise CannotStart(f"{args.config} has a [server] section, so it says where the service listens and where "
                          f"its secrets are; {', '.join(given)} cannot be given as well. Nothing was started.")
    settings = config.server
    try:
        tls = server.tls_context(settings.tls_certificate, settings.tls_key) if settings.tls_certificate else None
    except (OSError, ValueError) as exc:
        raise CannotStart(f"The certificate or key named in [server] could not be loaded ({exc}). Nothing was "
                          "started.") from None
    opened = [_bind(*settings.listen)]
    try:
        if settings.metrics_listen:
            opened.append(_bind(*settings.metrics_listen))
    except CannotStart:
        opened[0].close()
        raise
    scheme = "https" if tls else "http"

    def announce(listening: server.Listening) -> None:
        line = {"port": listening.port, "url": server.address_url(scheme, listening.host, listening.port),
                "public_url": listening.public_url, "mode": "live"}
        if listening.metrics_url:
            line["metrics_url"] = listening.metrics_url
        print(json.dumps(line), flush=True)

    stop = asyncio.Event()
    server.stop_on_signals_and_stdin(stop, watch_stdin=False)
    # No officer token: each workstation presents its own enrolled credential (workstations.py).
    await server.serve(config, "live", "", settings.secrets.notify_api_key, opened[0], tls,
                       config.public_url, announce, stop, metrics_sock=opened[1] if len(opened) > 1 else None)
    return 0


def _network_address(args: argparse.Namespace, live: bool) -> tuple[str, int]:
    """--network as (host, port); refused in live mode, without a certificate, or beside a --host that
    would put the workstation's plain-HTTP socket on a network too."""
    if live:
        raise CannotStart("--network is for practice mode only: in live mode callers reach the service at its "
                          "public address, never a trainer's network. Nothing was started.")
    if args.tls_cert is None:
        raise CannotStart("--network needs --tls-cert and --tls-key: a phone's browser opens the camera only over "
                          "HTTPS (make a practice certificate with: rvr-desktop link-certificate --out FOLDER --name "
                          "ADDRESS). Nothing was started.")
    if args.host not in LOOPBACK_HOSTS:
        raise CannotStart("With --network, --host must stay on this computer (127.0.0.1 or ::1): that socket serves "
                          "the officer's API in plain HTTP. Nothing was started.")
    from rvr_desktop.video.trainer_network import split_host_port

    try:
        host, port = split_host_port(args.network)
        if not host:
            raise ValueError("the address is missing")
    except ValueError as exc:
        raise CannotStart(f"--network {args.network}: {exc}; give HOST:PORT, for example 192.168.1.20:8443 (or "
                          "[IPv6]:PORT). Nothing was started.") from None
    return host, port


def _listen(args: argparse.Namespace, network: tuple[str, int] | None, scheme: str, configured_url: str):
    """Bind the workstation's socket and any network socket, and settle the address put in texts (the network
    socket's, when there is one). Nothing stays open when any of it fails."""
    from rvr_desktop.linkservice import server

    opened = []
    try:
        opened.append(_bind(args.host, args.port))
        if network:
            opened.append(_bind(*network))
        host, scheme = (network[0], "https") if network else (args.host, scheme)
        public_url = server.public_url_for(host, opened[-1].getsockname()[1], scheme, configured_url)
    except (CannotStart, ValueError) as exc:
        for sock in opened:
            sock.close()
        if isinstance(exc, CannotStart):
            raise
        raise CannotStart(f"Cannot start: {exc}. Nothing was started.") from None
    return opened[0], (opened[1] if network else None), public_url


def _bind(host: str, port: int):
    from rvr_desktop.linkservice import server

    try:
        return server.bind(host, port)
    except OSError as exc:
        raise CannotStart(f"Cannot listen on {host}:{port} ({exc.strerror}). Choose another port (or check that "
                          f"{host} is this computer's address), or stop whatever already uses it. Nothing was "
                          "started.") from None


def _token_from_stdin() -> str:
    token = sys.stdin.readline().strip()
    if len(token) < 32:
        raise CannotStart("--token-stdin: the first line of standard input must be the officer token (at least "
                          "32 characters). Nothing was started.")
    return token


def _secret(account: str, what: str) -> str:
    import keyring
    import keyring.errors

    from rvr_desktop.store.keyring_key import describe_backend

    backend = describe_backend()
    if not backend.is_system_keyring:
        raise CannotStart(f"Live mode keeps {what} in the system keyring, and the keyring backend is {backend.name}: "
                          f"{backend.reason}. Nothing was started; run it in a session with an unlocked keyring.",
                          EXIT_NO_KEYRING)
    try:
        value = keyring.get_password(KEYRING_SERVICE, account)
    except keyring.errors.KeyringError as exc:
        raise CannotStart(f"The system keyring did not answer ({type(exc).__name__}) when asked for {what}. "
                          "Nothing was started; unlock the keyring and try again.", EXIT_NO_KEYRING) from None
    if not value:
        raise CannotStart(f"{what[0].upper()}{what[1:]} is not in the keyring (service '{KEYRING_SERVICE}', account "
                          f"'{account}'). Nothing was started; ask your administrator to store it there.",
                          EXIT_SECRET_MISSING)
    return value


def _administer(args: argparse.Namespace) -> int:
    """enrol, workstations or revoke, on the register beside the force's service's store."""
    from rvr_desktop.linkservice.config import ConfigError, force_register_place
    from rvr_desktop.linkservice.workstations import kept_name, open_register, valid_name

    try:
        place = force_register_place(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CANNOT_START
    public_url = place.public_url
    name = args.workstation if args.action == "enrol" else getattr(args, "name", "")
    if name and not valid_name(name):
        print(f"{name!r} is not a workstation name: use letters, digits and . _ - (up to 64, starting with a letter "
              "or digit), such as CR-04. Nothing was changed.", file=sys.stderr)
        return EXIT_CANNOT_START
    register = open_register(place.folder, place.redis)
    try:
        if args.action == "enrol":
            _print_code(register, name, public_url)
        elif args.action == "revoke":
            if not register.revoke(name):
                print(f"No workstation named {name} is enrolled or waiting to enrol; nothing was changed. "
                      "`rvr-desktop link-service workstations --config FILE` lists them.", file=sys.stderr)
                return 1
            print(f"{kept_name(name)} is revoked: the service refuses its next request and any code it had not "
                  "used, and within seconds closes what it still has open. To let it back, enrol it again.")
        else:
            _print_workstations(register)
    finally:
        register.close()
    return 0


def _print_code(register, name: str, public_url: str) -> None:
    from rvr_desktop.linkservice.workstations import kept_name

    already = register.enrolled(name)
    code, expires, cancelled = register.issue_code(name)
    name = kept_name(name)
    print(f"Enrolment code for {name}, for one use before {_when(expires)}:\n\n    {code}\n\n"
          f"On {name}, run:\n\n    rvr-desktop enrol {public_url or 'https://THE-SERVICE'} -\n\n"
          "and type the code when it asks (or give it in place of the -). Give the code to whoever sets the "
          "workstation up in person or by phone, never in the same message as the address. Once used it is worth "
          "nothing; a code used by someone else shows as this workstation enrolling: check `rvr-desktop "
          "link-service workstations`.")
    if cancelled:
        print(f"The code issued for {name} earlier, not yet used, no longer works.")
    if already:
        print(f"{name} is enrolled already: its present credential stops working once this code is used.")


def _print_workstations(register) -> None:
    found = register.workstations()
    if not found:
        print("No workstation is enrolled yet: `rvr-desktop link-service enrol --config FILE --workstation NAME`.")
        return
    for w in found:
        if w.revoked_at:
            state = f"revoked {_when(w.revoked_at)}"
        elif w.enrolled_at:
            state = f"enrolled {_when(w.enrolled_at)}; last seen {_when(w.last_seen) if w.last_seen else 'never'}"
        else:
            state = "not enrolled"
        waiting = f"; a code waits until {_when(w.code_expires_at)}" if w.code_expires_at else ""
        print(f"{w.name:<20} {state}{waiting}")


def _when(seconds: float) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
