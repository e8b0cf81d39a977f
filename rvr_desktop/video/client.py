"""The workstation's side of the link service's officer API.

Blocking calls (requests), meant to run on the workstation's background
helper, never on the GUI thread. Every failure is a `LinkServiceError`
carrying the service's own message (what happened, what was kept safe,
what to do), ready to show the officer.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from urllib.parse import quote

import requests

CALLER, INTERPRETER = "caller", "interpreter"
OFFICER_HEADER = "X-RVR-Officer"  # who is signed in on an enrolled workstation (linkservice/officer_api.py)
# The officer API this workstation speaks; a force's service says which it speaks in its status
# (linkservice/officer_api.py), and a live workstation refuses one that differs (force_link_service.py).
OFFICER_API_VERSION = 1


class LinkServiceError(Exception):
    """The link service refused a request or could not be reached."""

    def __init__(self, message: str, code: str = "", status: int = 0) -> None:
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


class UploadDamaged(LinkServiceError):
    """An upload's bytes do not match the digest the service computed on arrival."""


@dataclass(frozen=True)
class VideoSessionInfo:
    session_id: str
    officer_page_url: str  # one-time: load it once in the officer's view
    officer_invite_id: str


@dataclass(frozen=True)
class Invitation:
    """A link made for the caller or an interpreter, and what happened to its text."""

    invite_id: str
    role: str
    url: str
    expires_at: float
    text_status: str  # sent, not-sent, rejected, unreachable, not-configured
    text_message: str  # why a text was not sent, in words for the officer
    notification_id: str


@dataclass(frozen=True)
class SpokenCode:
    """A code the officer reads out instead of texting a link; the caller types it at `address`."""

    invite_id: str
    code: str = field(repr=False)  # it opens the call: keep it out of logs
    spoken: str = field(repr=False)  # the code in two groups, as read out
    address: str = ""
    expires_at: float = 0.0


@dataclass(frozen=True)
class UploadInfo:
    upload_id: str
    from_role: str
    media_type: str
    sha256: str
    size: int
    received_at: str


@dataclass(frozen=True)
class ReceivedUpload:
    info: UploadInfo
    content: bytes


@dataclass(frozen=True)
class OpenedConsole:
    """A trainer's console (practice mode): `url` opens it on the trainer's device."""

    console_id: str
    url: str = field(repr=False)  # it holds the console's key: keep it out of logs


class LinkServiceClient:
    """One link service, reached at `base_url` with the officer token (practice) or this workstation's enrolled
    credential and the `officer` signed in on it (a force's service: enrolment.py)."""

    def __init__(self, base_url: str, token: str, verify: str | bool = True, timeout: float = 15,
                 officer: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._http = requests.Session()
        # Nothing from the environment: HTTPS_PROXY would put every call's requests through a machine the force
        # did not choose, and REQUESTS_CA_BUNDLE would replace `verify` when it is True.
        self._http.trust_env = False
        self._http.headers["Authorization"] = f"Bearer {token}"
        if officer:
            self._http.headers[OFFICER_HEADER] = officer
        # Given with each request: a session-wide setting would lose to REQUESTS_CA_BUNDLE in the environment.
        self._verify = verify

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> LinkServiceClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _call(self, method: str, path: str, json: dict | None = None) -> requests.Response:
        try:
            response = self._http.request(method, f"{self.base_url}/api/officer{path}", json=json,
                                          timeout=self._timeout, verify=self._verify)
        except requests.exceptions.SSLError:
            raise LinkServiceError("The video link service did not prove who it is (its certificate is not trusted "
                                   "here). Nothing was sent; tell IT support, and continue by phone.",
                                   "untrusted_certificate") from None
        except requests.RequestException as exc:
            raise LinkServiceError(f"The video link service could not be reached ({type(exc).__name__}). Nothing "
                                   "was changed; the case is safe on this workstation. Try again; if it goes on, "
                                   "continue by phone.") from None
        if response.status_code >= 400:
            try:
                body = response.json()
                raise LinkServiceError(body["message"], body.get("error", ""), response.status_code)
            except (ValueError, KeyError, TypeError):
                raise LinkServiceError(f"The video link service answered HTTP {response.status_code}. Nothing was "
                                       "changed; try again.", "", response.status_code) from None
        return response

    def status(self) -> dict:
        answer = self._call("GET", "/status")
        try:
            found = answer.json()
        except ValueError:
            found = None
        if not isinstance(found, dict):  # a login page of the network's, or another server at the address
            raise LinkServiceError("The address answered, but not as the force's link service does.", "not_a_service",
                                   answer.status_code)
        return found

    def open_session(self, case_ref: str) -> VideoSessionInfo:
        """A new video session for a case (`case_ref`: the case's id, never a name)."""
        body = self._call("POST", "/sessions", {"case_ref": case_ref}).json()
        return VideoSessionInfo(body["session_id"], self.base_url + body["officer_page"], body["officer_invite_id"])

    def officer_page_url(self, session_id: str) -> str:
        """A fresh one-time address for the officer's page; the earlier page is closed."""
        return self.base_url + self._call("POST", f"/sessions/{_seg(session_id)}/officer-page").json()["officer_page"]

    def invite(self, session_id: str, role: str, phone_number: str = "", language: str = "en",
               valid_minutes: float | None = None) -> Invitation:
        """A one-time link for `role`, texted to `phone_number` when one is given. Any earlier link for the
        same role stops working."""
        body: dict[str, str | float] = {"role": role, "phone_number": phone_number, "language": language}
        if valid_minutes is not None:
            body["valid_minutes"] = valid_minutes
        return _invitation(self._call("POST", f"/sessions/{_seg(session_id)}/invites", body).json())

    def spoken_code(self, session_id: str, role: str = CALLER, language: str = "en",
                    valid_minutes: float | None = None) -> SpokenCode:
        """A short code for `role` to type at the service's address, instead of a texted link. Any earlier
        link or code for the same role stops working."""
        body: dict = {"role": role, "language": language, "by": "code"}
        if valid_minutes is not None:
            body["valid_minutes"] = valid_minutes
        answer = self._call("POST", f"/sessions/{_seg(session_id)}/invites", body).json()
        return SpokenCode(answer["invite"]["invite_id"], answer["code"], answer["spoken"], answer["address"],
                          answer["invite"]["expires_at"])

    def answer_admission(self, session_id: str, invite_id: str, request_id: str, admit: bool) -> None:
        """Admit or refuse a device waiting to open a link (it is not the tab that first opened it)."""
        self._call("POST", f"/sessions/{_seg(session_id)}/invites/{_seg(invite_id)}/admissions/{_seg(request_id)}",
                   {"admit": admit})

    def resend(self, session_id: str, invite_id: str) -> Invitation:
        """A new link to the same phone; the earlier one stops working."""
        return _invitation(self._call("POST", f"/sessions/{_seg(session_id)}/invites/{_seg(invite_id)}/resend").json())

    def revoke(self, session_id: str, invite_id: str) -> None:
        self._call("POST", f"/sessions/{_seg(session_id)}/invites/{_seg(invite_id)}/revoke")

    def session(self, session_id: str) -> dict:
        return self._call("GET", f"/sessions/{_seg(session_id)}").json()

    def end(self, session_id: str) -> None:
        """End the call for everyone; uploads stay until collected or `forget`."""
        self._call("POST", f"/sessions/{_seg(session_id)}/end")

    def forget(self, session_id: str) -> None:
        """End the call and drop everything the service held for it."""
        self._call("DELETE", f"/sessions/{_seg(session_id)}")

    def ask_to_sign(self, session_id: str, role: str, statement: str, declaration: str) -> str:
        """Show `statement` and `declaration` on `role`'s page in the call and ask them to sign: the request's id.
        The answer comes as a `statement_signed` event; an earlier open request for that role is withdrawn."""
        body = {"role": role, "statement": statement, "declaration": declaration}
        return self._call("POST", f"/sessions/{_seg(session_id)}/signing", body).json()["request_id"]

    def withdraw_signing(self, session_id: str, request_id: str) -> None:
        """Take an open request to sign off the signer's page."""
        self._call("DELETE", f"/sessions/{_seg(session_id)}/signing/{_seg(request_id)}")

    def uploads(self, session_id: str) -> list[UploadInfo]:
        return [UploadInfo(**u) for u in self._call("GET", f"/sessions/{_seg(session_id)}/uploads").json()["uploads"]]

    def fetch_upload(self, session_id: str, info: UploadInfo) -> ReceivedUpload:
        """The upload's bytes, checked against the SHA-256 the service computed when they arrived."""
        response = self._call("GET", f"/sessions/{_seg(session_id)}/uploads/{_seg(info.upload_id)}")
        digest = hashlib.sha256(response.content).hexdigest()
        if not (hmac.compare_digest(digest, info.sha256)
                and hmac.compare_digest(digest, response.headers.get("X-Content-SHA256", ""))):
            raise UploadDamaged("The caller's file changed between the link service and this workstation, so it was "
                                "not stored. The service still holds it; collect it again.", "damaged")
        return ReceivedUpload(info, response.content)

    def drop_upload(self, session_id: str, upload_id: str) -> None:
        """Tell the service the upload is stored safely here, so it need not hold it."""
        self._call("DELETE", f"/sessions/{_seg(session_id)}/uploads/{_seg(upload_id)}")

    def open_trainer_console(self, brief: dict, phone_number: str) -> OpenedConsole:
        """A console for the trainer playing the caller (practice only): it shows `brief` and the practice
        texts to `phone_number`. Follow what the trainer fires with events.follow_console."""
        body = self._call("POST", "/trainer-consoles", {"brief": brief, "phone_number": phone_number}).json()
        return OpenedConsole(body["console_id"], body["url"])

    def mark_console_event_fired(self, console_id: str, event_id: str) -> None:
        """The scenario's timetable fired `event_id` by itself (practice only): the trainer's console shows it as
        due now, so the trainer acts it. Recorded once per event, as the trainer's own Fire is; the console's
        stream then carries a `fired` event with "by": "timetable" (unless the trainer had fired it already)."""
        self._call("POST", f"/trainer-consoles/{_seg(console_id)}/fired", {"event_id": event_id})

    def close_trainer_console(self, console_id: str) -> None:
        """The run is over: the console's page says so, and its event stream ends."""
        self._call("DELETE", f"/trainer-consoles/{_seg(console_id)}")


def _seg(value: str) -> str:
    return quote(value, safe="")


def _invitation(body: dict) -> Invitation:
    invite, text = body["invite"], body.get("text", {})
    return Invitation(invite["invite_id"], invite["role"], body["url"], invite["expires_at"],
                      text.get("status", ""), text.get("message", ""), text.get("notification_id", ""))
