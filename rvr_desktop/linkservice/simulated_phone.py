"""Practice mode's stand-in for GOV.UK Notify and for the caller's phone.

The link service answers the two Notify calls it makes itself
(`POST /v2/notifications/sms`, `GET /v2/notifications/{id}`), checking the
client's JWT with Notify's own rules, so practice exercises the same client
and the same code path as live mode. Each text lands on a simulated phone;
`/phone#KEY` lists every number's texts and a trainer taps the link there;
its texts hold working links, so it needs the run's phone key and answers
only on this computer's own address.

Trainers can practise a failed text by telling the stand-in that the next
text to a number fails (`fail_next_text`, with one of Notify's failure
statuses). The older shortcut stays because existing scenarios use it: a
number ending in 000 "does not exist" (permanent failure), one ending in 111
is "switched off" (temporary failure). Every other text is delivered about a
second after it was sent.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, UTC
from collections.abc import Callable

import phonenumbers
from aiohttp import web
from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

from . import tokens
from .config import NotifyTemplates
from .pages import RESOURCES, static_page

# Notify's documented end states for a text that did not arrive (GOV.UK Notify API docs, "Status - text message").
PRACTICE_FAILURES = ("permanent-failure", "temporary-failure", "technical-failure")
PRACTICE_TEXTS = RESOURCES / "caller-page" / "practice-texts.json"


@dataclass
class PracticeText:
    notification_id: str
    phone_number: str
    body: str
    reference: str
    template_id: str
    sent_at: float
    delivery_delay: float
    outcome: str = ""  # what a trainer said this text ends as; "" for the usual rules

    def status(self, now: float) -> str:
        if now - self.sent_at < self.delivery_delay:
            return "sending"
        if self.outcome:
            return self.outcome
        if self.phone_number.endswith("000"):
            return "permanent-failure"
        if self.phone_number.endswith("111"):
            return "temporary-failure"
        return "delivered"

    def as_shown(self, now: float) -> dict:
        """As the trainer's pages show it."""
        return {"body": self.body, "sent_at": _iso(self.sent_at), "status": self.status(now)}

    def as_notify(self, base_url: str, now: float) -> dict:
        return {"id": self.notification_id, "reference": self.reference, "type": "sms",
                "phone_number": self.phone_number, "email_address": None, "status": self.status(now),
                "template": {"id": self.template_id, "version": 1,
                             "uri": f"{base_url}/v2/template/{self.template_id}"},
                "body": self.body, "subject": None, "created_at": _iso(self.sent_at), "created_by_name": None,
                "sent_at": _iso(self.sent_at), "completed_at": None}


@dataclass
class SimulatedPhones:
    """Practice Notify: its API key, its templates and every text it 'delivered'."""

    delivery_delay: float = 1.0
    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    texts: list[PracticeText] = field(default_factory=list)
    clock: Callable[[], float] = field(default=time.time, repr=False, compare=False)  # texts' sent_at are on it
    # Reads the texts (`/phone/messages`): set by the service to `phone_key(officer token)`, which the
    # workstation works out for itself; until then a random one nobody holds.
    viewer_key: str = field(default_factory=lambda: uuid.uuid4().hex, repr=False)

    def __post_init__(self) -> None:
        self.templates = json.loads(PRACTICE_TEXTS.read_text(encoding="utf-8"))["templates"]
        self._told_to_fail: dict[str, list[str]] = {}  # E.164 number -> outcomes of its next texts, in turn

    def fail_next_text(self, number: str, status: str = "permanent-failure") -> None:
        """A trainer's rehearsal: the next text to `number` ends as `status`, one of Notify's failures."""
        if status not in PRACTICE_FAILURES:
            raise ValueError(f"'{status}' is not a failure Notify reports; use one of {', '.join(PRACTICE_FAILURES)}.")
        self._told_to_fail.setdefault(e164(number), []).append(status)

    @property
    def api_key(self) -> str:
        """A key in Notify's form: name, service id, secret."""
        return f"practice-{self.service_id}-{self.secret}"

    def notify_templates(self) -> NotifyTemplates:
        return NotifyTemplates({(t["role"], t["language"]): template_id for template_id, t in self.templates.items()})

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/v2/notifications/sms", self.send_sms),
                web.get("/v2/notifications/{notification_id}", self.notification),
                web.get("/v2/templates", self.template_list),  # what the service's /readyz asks (health.py)
                web.get("/phone", self._on_this_computer(static_page("caller-page/practice-phone.html"))),
                web.get("/phone/messages", self._on_this_computer(self.messages))]

    def _on_this_computer(self, handler):
        """The texts hold working links: only a page this service served on its own loopback address may read
        them (no page of another site through a rebound DNS name), and only with the run's phone key (no
        other user of this computer)."""
        async def checked(request: web.Request) -> web.StreamResponse:
            if not _loopback_host(request):
                return _notify_error(421, "WrongHost", "The simulated phone answers on this computer's own "
                                     "address only (127.0.0.1); nothing was shown.")
            if request.path.endswith("/messages") and not tokens.bearer_matches(
                    request.headers.get("Authorization"), self.viewer_key):
                return _notify_error(403, "AuthError", "The simulated phone's texts need this practice run's phone "
                                     "key; open the phone from the workstation. Nothing was shown.")
            return await handler(request)
        return checked

    def _authorised(self, request: web.Request) -> web.Response | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return _notify_error(401, "AuthError", "Unauthorized: authentication token must be provided")
        try:
            if get_token_issuer(token) != self.service_id:
                return _notify_error(403, "AuthError", "Invalid token: service not found")
            decode_jwt_token(token, self.secret)
        except TokenError as exc:
            return _notify_error(403, "AuthError", exc.message)
        return None

    async def send_sms(self, request: web.Request) -> web.Response:
        refused = self._authorised(request)
        if refused:
            return refused
        try:
            body = await request.json()
        except ValueError:
            return _notify_error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        if not isinstance(body, dict):
            return _notify_error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        number = str(body.get("phone_number", ""))
        template = self.templates.get(str(body.get("template_id", "")))
        if template is None:
            return _notify_error(400, "BadRequestError", "Template not found")
        try:
            if not phonenumbers.is_possible_number(phonenumbers.parse(number, "GB")):
                raise phonenumbers.NumberParseException(0, "impossible")
        except phonenumbers.NumberParseException:
            return _notify_error(400, "ValidationError", "phone_number Not enough digits")
        personalisation = body.get("personalisation") or {}
        missing = sorted(set(re.findall(r"\(\((\w+)\)\)", template["body"])) - set(personalisation))
        if missing:
            return _notify_error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        text = PracticeText(str(uuid.uuid4()), number, _fill(template["body"], personalisation),
                            str(body.get("reference", "")), str(body["template_id"]), self.clock(),
                            self.delivery_delay, self._next_outcome(number))
        self.texts.append(text)
        base = f"{request.scheme}://{request.host}"
        return web.json_response({"id": text.notification_id, "reference": text.reference,
                                  "content": {"body": text.body, "from_number": "Appointments"},
                                  "uri": f"{base}/v2/notifications/{text.notification_id}",
                                  "template": {"id": text.template_id, "version": 1,
                                               "uri": f"{base}/v2/template/{text.template_id}"}}, status=201)

    def _next_outcome(self, number: str) -> str:
        told = self._told_to_fail.get(e164(number))
        return told.pop(0) if told else ""

    async def notification(self, request: web.Request) -> web.Response:
        refused = self._authorised(request)
        if refused:
            return refused
        wanted = request.match_info["notification_id"]
        for text in self.texts:
            if text.notification_id == wanted:
                return web.json_response(text.as_notify(f"{request.scheme}://{request.host}", self.clock()))
        return _notify_error(404, "NoResultFound", "No result found")

    async def template_list(self, request: web.Request) -> web.Response:
        refused = self._authorised(request)
        if refused:
            return refused
        return web.json_response({"templates": [
            {"id": template_id, "type": "sms", "name": f"{t['role']} ({t['language']})", "version": 1,
             "body": t["body"], "subject": None} for template_id, t in self.templates.items()
            if request.query.get("type", "sms") == "sms"]})

    async def messages(self, request: web.Request) -> web.Response:
        """Every simulated phone's texts, newest first, for the trainer's /phone page."""
        now = self.clock()
        phones: dict[str, list[dict]] = {}
        for text in reversed(self.texts):
            phones.setdefault(text.phone_number, []).append(text.as_shown(now))
        return web.json_response({"phones": [{"number": n, "texts": t} for n, t in phones.items()]})

    def texts_to(self, number: str, since: float = 0.0) -> list[dict]:
        """The texts to one phone sent at or after `since` (by this object's clock), newest first, however
        either number was written ("07700 900123" is "+447700900123"), for the trainer's console."""
        now, wanted = self.clock(), e164(number)
        return [text.as_shown(now) for text in reversed(self.texts)
                if text.sent_at >= since and e164(text.phone_number) == wanted]


def _loopback_host(request: web.Request) -> bool:
    """Whether the request names this computer's own address as its Host (a page reached through another
    name, as a DNS-rebinding site would be, names that one)."""
    host = request.host.rsplit(":", 1)[0] if not request.host.startswith("[") else request.host.split("]")[0] + "]"
    return host in ("127.0.0.1", "localhost", "[::1]")


def e164(number: str) -> str:
    """`number` in E.164 (UK numbers may be written the national way), or as given if it does not parse."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(number, "GB"), phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return number.strip()


def _fill(body: str, personalisation: dict) -> str:
    return re.sub(r"\(\((\w+)\)\)", lambda m: str(personalisation.get(m.group(1), m.group(0))), body)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _notify_error(status: int, error: str, message: str) -> web.Response:
    return web.json_response({"status_code": status, "errors": [{"error": error, "message": message}]},
                             status=status)
