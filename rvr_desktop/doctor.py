"""`rvr-desktop doctor`: is this workstation fit to hold victims' data?

One line per check, `ok NAME: …` or `FAIL NAME: … — what to do`. Qt checks run
in a child process because a missing display makes Qt abort the process that
tries it, and the doctor must live to say so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from rvr_desktop.settings import Settings
from rvr_desktop.store import keyring_key
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.errors import KeyringLockedError, NoKeyringError, StoreError
from rvr_desktop.store.schema import LATEST_VERSION


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    remedy: str = ""
    # Something the workstation works without (a camera): noted, never a failure.
    optional: bool = False

    @property
    def passes(self) -> bool:
        return self.ok or self.optional

    def line(self) -> str:
        if self.ok:
            return f"ok {self.name}: {self.detail}"
        return f"{'note' if self.optional else 'FAIL'} {self.name}: {self.detail} — {self.remedy}"


_QT_PROBE = """
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
print(app.platformName())
"""

def _probe(code: str, module: str = "", env: dict | None = None) -> tuple[bool, str]:
    command = [sys.executable, "-m", module] if module else [sys.executable, "-c", code]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        return False, "did not answer within 60 s"
    if done.returncode == 0:
        return True, done.stdout.strip()
    lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
    # Qt explains a missing display on the line that says what it could not do.
    telling = [line for line in lines if "could not" in line.lower() or "error" in line.lower()]
    return False, (telling or lines)[0 if telling else -1].strip()


def qt_checks() -> Iterator[Check]:
    ok, out = _probe(_QT_PROBE)
    if ok:
        yield Check("qt-platform", True, f"Qt platform plugin '{out}' starts")
    else:
        yield Check("qt-platform", False, f"no Qt platform plugin could start ({out})",
                    "run inside a desktop session, or under 'xvfb-run -a', or set QT_QPA_PLATFORM=offscreen")
    yield from web_engine_checks()


# What getUserMedia's refusal means, for a device the workstation can do without.
_DEVICE_PROBLEMS = {
    "NotFoundError": "none found",
    "NotReadableError": "found but busy (another program is using it, or it failed)",
    "NotAllowedError": "found but refused by the system",
    "OverconstrainedError": "none found that can be used",
}


def web_engine_checks() -> Iterator[Check]:
    """The video step's engine, really started: a page loaded, then camera and microphone asked for."""
    env = dict(os.environ)
    # The engine is checked whether or not there is a screen; qt-platform above says whether there is one.
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    ok, out = _probe("", module="rvr_desktop.web_engine_probe", env=env)
    found = _json_object(out) if ok else {}
    if found.get("engine") != "ok":
        yield Check("qtwebengine", False, f"QtWebEngine did not load a page ({out or 'no answer'})",
                    "reinstall with the Quick start command; on Linux the system libraries for Chromium "
                    "(libnss3, libxkbcommon) must be present")
        return
    yield Check("qtwebengine", True, "QtWebEngine starts and loads a page from loopback")
    for name, label, without in (("camera", "a camera", "the caller sees your name card instead of your video"),
                                 ("microphone", "a microphone", "the caller cannot hear you; talk by phone")):
        answer = found.get(name, "")
        if answer == "found":
            yield Check(name, True, f"{label} can be used by the video step")
        else:
            yield Check(name, False, f"{_DEVICE_PROBLEMS.get(answer, f'cannot be used ({answer})')}",
                        f"calls still work: you see and hear the caller, and {without}. Plug one in or close the "
                        "program using it, then run the doctor again", optional=True)


def _json_object(text: str) -> dict:
    import json

    try:
        found = json.loads(text.splitlines()[-1]) if text else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def store_checks(settings: Settings) -> Iterator[Check]:
    backend = keyring_key.describe_backend()
    if not backend.is_system_keyring:
        yield Check("keyring", False, f"backend {backend.name}: {backend.reason}",
                    "log in to a desktop session with a running keyring (Secret Service on Linux)")
        return
    try:
        store = CaseStore(settings.data_dir, settings.officer)
    except StoreError as exc:
        if isinstance(exc, (KeyringLockedError, NoKeyringError)):
            yield Check("keyring", False, f"backend {backend.name}: {exc.what_happened}", exc.what_to_do)
        else:
            yield Check("keyring", True, f"backend {backend.name}, a system keyring, unlocked")
            yield Check("database", False, exc.what_happened, exc.what_to_do)
        return
    try:
        yield Check("keyring", True, f"backend {backend.name}, a system keyring, unlocked; it holds the database key")
        how = "created on first run" if store.created else "opened with its key from the keyring"
        yield Check("database", True, f"{store.folder / 'cases.db'} {how}")
        report = store.integrity()
        yield Check("sqlcipher", report.sqlcipher_version.startswith("4."), f"SQLCipher {report.sqlcipher_version}",
                    "install the sqlcipher3 wheel that carries SQLCipher 4")
        yield Check("schema", report.schema_version == LATEST_VERSION,
                    f"schema version {report.schema_version} (this program: {LATEST_VERSION})",
                    "restart RVR Desktop so it can migrate the database")
        yield Check("cipher-integrity", not report.cipher_problems,
                    "PRAGMA cipher_integrity_check clean" if not report.cipher_problems
                    else f"{len(report.cipher_problems)} problem(s), first: {report.cipher_problems[0]}",
                    "restore the data folder from its latest backup; keep the damaged file for IT")
        yield Check("integrity", not report.sqlite_problems,
                    "PRAGMA integrity_check clean" if not report.sqlite_problems
                    else f"{len(report.sqlite_problems)} problem(s), first: {report.sqlite_problems[0]}",
                    "restore the data folder from its latest backup; keep the damaged file for IT")
        verdict = store.audit.verify()
        yield Check("audit-log", verdict.ok, f"audit log intact: {verdict.entries} entries" if verdict.ok
                    else verdict.problem, "keep the database as it is and report it to your information security team")
    finally:
        store.close()
    mode = os.stat(settings.data_dir).st_mode & 0o777
    yield Check("data-folder", mode == 0o700, f"{settings.data_dir} is private (mode {mode:o})",
                f"run: chmod 700 '{settings.data_dir}'")


def records_checks(settings: Settings) -> Iterator[Check]:
    """Live mode: the force's records API, as the outbox worker will reach it (sync/client.py)."""
    from rvr_desktop.sync.access_tokens import AccessTokens
    from rvr_desktop.sync.client import RecordsClient, records_session
    from rvr_desktop.sync.endpoint import EndpointRefused, live_endpoint
    from rvr_desktop.sync.failures import DeliveryProblem

    access = settings.records
    if access is None:
        return
    again = "then run the doctor again"
    try:
        endpoint = live_endpoint(access)
    except EndpointRefused as refused:
        yield Check("records-config", False, str(refused), again)
        return
    trusting = f"trusting {access.ca_bundle}" if access.ca_bundle else "trusting the system's authorities"
    with records_session(endpoint) as session:
        tokens = AccessTokens(access.token_url, access.client_id, session,
                              (endpoint.connect_timeout, endpoint.read_timeout), scope=access.scope)
        try:
            tokens.token()
        except DeliveryProblem as problem:
            yield Check("records-token", False, problem.message, again)
            return
    yield Check("records-token", True, f"an access token from {access.token_url} for client {access.client_id}, "
                f"{trusting}")
    client = RecordsClient(endpoint)
    try:
        answer = client.service()
    except DeliveryProblem as problem:
        yield Check("records-api", False, problem.message, again)
        return
    finally:
        client.close()
    yield Check("records-api", True, f"{access.url} answers with that token (API {answer.get('api_version')})")


def link_service_checks(settings: Settings) -> Iterator[Check]:
    """Live mode: the force's link service, as the workstation connects to it at start (force_link_service.py)."""
    from rvr_desktop.store.errors import StoreError
    from rvr_desktop.store.workstation_enrolment import kept_enrolment
    from rvr_desktop.video.force_link_service import LinkServiceUnusable, connect

    if not settings.links_url:
        return
    try:
        service, (short, detail) = connect(settings.links_url, settings.officer, kept_enrolment())
    except LinkServiceUnusable as unusable:
        yield Check("link-service", False, unusable.notice[1], "then run the doctor again")
        return
    except StoreError as error:
        yield Check("link-service", False, error.what_happened, error.what_to_do)
        return
    if short:
        yield Check("link-service", False, detail, "then run the doctor again")
        return
    trusting = (f"its certificate checked against {service.authority}" if service.authority
                else "its certificate checked against the system's authorities")
    yield Check("link-service", True, f"{service.base_url} admits this workstation "
                f"({service.enrolment.workstation}) for {settings.officer}, {trusting}")


def sign_in_checks(settings: Settings) -> Iterator[Check]:
    """Live mode with sign-in: the force's identity provider answers as sign-in will ask it (sign_in.py)."""
    from rvr_desktop.sign_in import SignInFailed, check_provider

    if settings.sign_in is None:
        return
    try:
        found = check_provider(settings.sign_in)
    except SignInFailed as failed:
        yield Check("sign-in", False, str(failed), "then run the doctor again")
        return
    pkce = "S256" in (found.get("code_challenge_methods_supported") or ["S256"])
    yield Check("sign-in", pkce, f"{settings.sign_in.issuer} answers as an OpenID provider, signing in "
                f"{settings.sign_in.client_id}" if pkce else f"{settings.sign_in.issuer} does not offer PKCE "
                "(S256), which this workstation's sign-in needs", "ask the identity provider's team to allow it")


def run_doctor(settings: Settings) -> list[Check]:
    return [*qt_checks(), *store_checks(settings), *sign_in_checks(settings), *records_checks(settings),
            *link_service_checks(settings)]
