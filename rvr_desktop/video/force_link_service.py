"""The force's link service as a live workstation uses it: the address in live.toml's [links], the
credential `rvr-desktop enrol` kept in the keyring (store/workstation_enrolment.py), and the officer at the
workstation named on every request (the service logs and audits by it).

At start the service is asked its status once, so the officer is told at once, in the status bar, when it
refuses this workstation (revoked, or never enrolled), speaks an officer API this workstation does not, or
cannot be reached. Only the last leaves the calls to be tried: the service may be back by the time a link is
sent, and each request says so again if not.

Blocking (keyring, network): never on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from rvr_desktop.video.client import OFFICER_API_VERSION, LinkServiceClient, LinkServiceError
from rvr_desktop.video.enrolment import Enrolment

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

    from rvr_desktop.video.practice_service import PracticeCertificate

# What the officer is told, in the status bar: a few words, and what to do (app.RunningServices.notice).
Notice = tuple[str, str]
BY_PHONE = "Take the call by phone meanwhile: the link step records a call you make."


class LinkServiceUnusable(Exception):
    """The force's link service cannot take this workstation's calls: `notice` says why and what to do."""

    def __init__(self, notice: Notice) -> None:
        super().__init__(notice[1])
        self.notice = notice


@dataclass
class ForceLinkService:
    """The force's link service for `officer` on this enrolled workstation, as the windows use a link service."""

    enrolment: Enrolment
    officer: str
    # A live workstation has no trainer's device (practice_service.RunningLinkService has).
    network_url: str = ""
    certificate: PracticeCertificate | None = None
    network_problem: str = ""
    # The enrolment's own authority, read when connecting: what the officer's page in QtWebEngine trusts the
    # service's certificate by, as this workstation's own requests do (force_authority.py).
    trusted_authorities: list[Certificate] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.enrolment.service_url

    @property
    def authority(self) -> str:
        """The force's own certificate authority (a PEM file), or "" for the usual trusted ones."""
        return self.enrolment.authority

    def client(self) -> LinkServiceClient:
        return self.enrolment.client(self.officer)

    def follow(self, session_id: str, on_event: Callable[[dict], None], stop: threading.Event) -> int:
        from rvr_desktop.video.events import follow_events  # aiohttp loads on first follow

        return follow_events(self.base_url, self.enrolment.credential, session_id, on_event, stop,
                             verify=self.authority or True, officer=self.officer)

    def stop(self) -> None:
        """Nothing runs here: the service is the force's."""


def connect(links_url: str, officer: str, enrolment: Enrolment | None) -> tuple[ForceLinkService, Notice]:
    """The force's link service at `links_url` for `officer`, with this workstation's `enrolment` (as the keyring
    holds it: store/workstation_enrolment.py), and what the officer should know of it ("" when all is well);
    LinkServiceUnusable when its calls cannot be taken at all."""
    if enrolment is None:
        raise LinkServiceUnusable(("Not enrolled for video calls", (
            "This workstation is not enrolled with the force's link service, so it cannot make video calls. Ask "
            f"the force's IT team for an enrolment code and run: rvr-desktop enrol {links_url} CODE. {BY_PHONE}")))
    if _origin(enrolment.service_url) != _origin(links_url):
        raise LinkServiceUnusable(("Enrolled with another link service", (
            f"This workstation is enrolled with {enrolment.service_url}, but live.toml names {links_url} as the "
            "force's link service. Ask the force's IT team which is right: correct [links] url, or enrol again "
            f"with a new code. {BY_PHONE}")))
    service = ForceLinkService(enrolment, officer)
    if enrolment.authority:
        from rvr_desktop.video.force_authority import authorities

        try:
            service.trusted_authorities = authorities(Path(enrolment.authority).read_bytes())
        except (OSError, ValueError) as error:
            raise LinkServiceUnusable(("The force's authority cannot be read", (
                f"The certificate authority this workstation was enrolled with ({enrolment.authority}) cannot be "
                f"read ({type(error).__name__}), so the link service's certificate cannot be checked. Ask IT "
                f"support to put the file back, or enrol again. {BY_PHONE}"))) from None
    try:
        with service.client() as client:
            status = client.status()
    except LinkServiceError as error:
        if error.status == 401:
            raise LinkServiceUnusable(("Video calls refused", (
                f"The force's link service refuses this workstation ({enrolment.workstation}): it has been "
                "revoked, or its enrolment is no longer known there. Ask the force's IT team for a new "
                f"enrolment code. {BY_PHONE}"))) from None
        if error.code in ("untrusted_certificate", "not_a_service") or 400 <= error.status < 500:
            # Asking again later would meet the same answer: told as what it is, not as the service being down.
            raise LinkServiceUnusable(("Video calls not available", (
                f"The force's link service at {links_url} cannot take this workstation's calls: {error} "
                f"Tell IT support what it says. {BY_PHONE}"))) from None
        return service, ("Video link service not reachable", (
            f"The force's link service at {links_url} did not answer ({error}). Video calls will be tried when you "
            "send a link; if it is still down then, take the call by phone."))
    spoken = status.get("officer_api") if isinstance(status, dict) else None
    if spoken != OFFICER_API_VERSION:
        raise LinkServiceUnusable(("Link service version not supported", (
            f"The force's link service (version {status.get('version', 'unknown') if isinstance(status, dict) else 'unknown'}) "
            f"speaks officer API {spoken if spoken is not None else 'unknown'}, and this workstation speaks "
            f"{OFFICER_API_VERSION}. Ask the force's IT team to bring them to versions that match. {BY_PHONE}")))
    return service, ("", "")


def _origin(url: str) -> tuple[str, str, int]:
    """Scheme, host and port as a browser compares them: case and an explicit default port make no difference."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        port = -1
    return scheme, (parts.hostname or "").lower(), port
