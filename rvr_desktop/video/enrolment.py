"""This workstation's enrolment with the force's link service: the exchange of its one-time code.

`rvr-desktop enrol URL CODE` exchanges the code the force's IT team printed
(linkservice/workstations.py) for a credential, which is kept with the
address that issued it and the authority its certificate is checked against
(store/workstation_enrolment.py keeps all three in the system keyring), so
it is only ever presented to the service that issued it.

Blocking (requests): never on the GUI thread.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from .client import LinkServiceClient

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class EnrolmentFailed(Exception):
    """Enrolling did not work: the message says what happened, that nothing was kept, and what to do."""


@dataclass(frozen=True)
class Enrolment:
    service_url: str  # the force's link service, as enrolled with
    workstation: str  # the name the IT team enrolled it as
    credential: str = field(repr=False)
    authority: str = ""  # a PEM file of the force's own certificate authority; "": the usual trusted ones

    def client(self, officer: str, timeout: float = 15) -> LinkServiceClient:
        """The officer API of the force's service, as `officer` (their collar or staff number) on this workstation."""
        return LinkServiceClient(self.service_url, self.credential, verify=self.authority or True, timeout=timeout,
                                 officer=officer)

    def as_text(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_text(cls, text: str) -> Enrolment | None:
        """The enrolment `as_text` wrote, or None for anything else."""
        try:
            data = json.loads(text)
            return cls(data["service_url"], data["workstation"], data["credential"], data.get("authority", ""))
        except (ValueError, KeyError, TypeError):
            return None


def exchange(url: str, code: str, authority: Path | None = None, timeout: float = 20) -> Enrolment:
    """Exchange `code` at the service at `url` for this workstation's enrolment; EnrolmentFailed when it cannot
    be done (the message says whether the code was spent)."""
    service_url = _service_url(url)
    if authority is not None and not authority.is_file():
        raise EnrolmentFailed(f"The authority file {authority} does not exist. Nothing was changed; give the force's "
                              "certificate authority as a PEM file, or leave --authority out.")
    try:
        with requests.Session() as http:
            # Nothing from the environment (a proxy or CA bundle there is not the force's choice), and no redirect
            # followed: the code goes to the address the IT team gave, or nowhere.
            http.trust_env = False
            answer = http.post(f"{service_url}/api/enrol", json={"code": code}, timeout=timeout,
                               verify=str(authority) if authority else True, allow_redirects=False)
    except requests.exceptions.SSLError:
        raise EnrolmentFailed(f"{service_url} did not prove it is the force's link service (its certificate is not "
                              "trusted). Nothing was changed and the code is unused: check the address, or give the "
                              "force's certificate authority with --authority FILE.") from None
    except requests.RequestException as exc:
        raise EnrolmentFailed(f"{service_url} could not be reached ({type(exc).__name__}). Nothing was changed and the "
                              "code is unused: check the address and the network, then try again.") from None
    body = _json(answer)
    if answer.status_code != 201:
        said = body.get("message") if isinstance(body.get("message"), str) else f"HTTP {answer.status_code}"
        raise EnrolmentFailed(f"The link service refused to enrol this workstation: {said}")
    if not (isinstance(body.get("credential"), str) and isinstance(body.get("workstation"), str)):
        raise EnrolmentFailed(f"{service_url} answered, but not as a link service enrolling a workstation does. "
                              "Nothing was kept; check the address.")
    return Enrolment(service_url, body["workstation"], body["credential"], str(authority.resolve()) if authority else "")


def _service_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url.strip().rstrip("/")
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return url.strip().rstrip("/")  # a service on this very computer: nothing crosses a network
    raise EnrolmentFailed(f"{url!r} is not the https:// address of the force's link service (such as "
                          "https://video.force.example). Nothing was changed.")


def _json(answer: requests.Response) -> dict:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
