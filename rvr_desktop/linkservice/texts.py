"""Texting a link with GOV.UK Notify's official client, and following its delivery.

The same code runs in both modes: live mode points the client at Notify with
the force's API key from the keyring; practice mode points it at this
service's own simulated Notify (practice_notify.py) with a key made for the
run. The Notify client is blocking, so each call runs on a worker thread and
gets a client of its own (the client is not thread-safe).

The `reference` Notify keeps is the invite's id prefix: it identifies the
text for us and tells anyone reading Notify's records nothing about the
caller.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from collections.abc import Callable

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from .config import LinkServiceConfig
from .links import LinkInvite
from .sessions import VideoSession

log = logging.getLogger(__name__)

DELIVERED = "delivered"
FAILED = frozenset({"permanent-failure", "temporary-failure", "technical-failure", "validation-failed",
                    "virus-scan-failed"})
MAX_POLL_SECONDS = 30.0  # the longest gap between two looks at a text's delivery


def notify_client_factory(api_key: str, base_url: str, verify: str | bool = True) -> Callable[[], NotificationsAPIClient]:
    def make() -> NotificationsAPIClient:
        client = NotificationsAPIClient(api_key, base_url=base_url, timeout=15)
        if isinstance(verify, str):
            # Practice over HTTPS: this service's own certificate, on loopback. The environment's CA
            # bundle (REQUESTS_CA_BUNDLE) would otherwise override it, and no proxy applies.
            client.request_session.trust_env = False
            client.request_session.verify = verify
        return client
    return make


def text_reference(invite: LinkInvite) -> str:
    return f"rvr-{invite.invite_id[:16]}"


class LinkTexts:
    """Sends link texts and records what became of each in the session's events."""

    def __init__(self, make_client: Callable[[], NotificationsAPIClient], config: LinkServiceConfig) -> None:
        self._make_client = make_client
        self._config = config
        self._following: set[asyncio.Task] = set()

    async def send(self, session: VideoSession, invite: LinkInvite, url: str) -> dict:
        """Text `url` to the invite's phone; returns what the officer's workstation is told."""
        template_id = self._config.notify_templates.template_for(invite.role.value, invite.language)
        if not template_id:
            return self._failed(session, invite, "not-configured",
                                f"No text template is configured for the {invite.role.value} in "
                                f"'{invite.language}'. The link works; read it out or ask the administrator "
                                "to add [notify.templates] to the link service configuration.")
        minutes = max(1, round((invite.expires_at - invite.created_at) / 60))
        try:
            response = await asyncio.to_thread(
                lambda: self._make_client().send_sms_notification(
                    phone_number=invite.phone_number, template_id=template_id,
                    personalisation={"link": url, "minutes": str(minutes)}, reference=text_reference(invite)))
        except APIError as exc:
            if exc.response is None:  # the client turns a connection failure into an APIError too
                return self._unreachable(session, invite)
            status = _REFUSALS.get(exc.status_code, "rejected" if 400 <= exc.status_code < 500 else "unreachable")
            return self._failed(session, invite, status, failure_advice(status, _notify_reason(exc)))
        except Exception as exc:  # noqa: BLE001 - network failures of every kind end the same way
            log.warning("text for invite %s could not reach Notify: %s", invite.invite_id[:8], type(exc).__name__)
            return self._unreachable(session, invite)
        invite.notification_id = str(response.get("id", ""))
        invite.delivery_status = "created"
        session.events.record("text_sent", invite_id=invite.invite_id, role=invite.role.value,
                              notification_id=invite.notification_id)
        self._start_following(session, invite, self._config.delivery_follow_seconds)
        return {"status": "sent", "notification_id": invite.notification_id}

    def follow_again(self, session: VideoSession, now: float) -> None:
        """Follow again, for what is left of their time, the texts of `session` whose fate was not known when
        the service following them stopped: this one, restarted, or another instance that died with the
        call (hosting.py). Each was sent once, and is not sent again; the officer is still told how it went."""
        if session.ended_at is not None:
            return
        sent = {event["invite_id"]: datetime.fromisoformat(event["at"]).timestamp()
                for event in session.events.after(0) if event["kind"] == "text_sent"}
        for invite in session.invites.values():
            unsettled = invite.delivery_status != DELIVERED and invite.delivery_status not in FAILED
            if not invite.notification_id or not unsettled or invite.revoked_at is not None or invite.invite_id not in sent:
                continue
            left = self._config.delivery_follow_seconds - (now - sent[invite.invite_id])
            if left > 0:
                self._start_following(session, invite, left)

    def _start_following(self, session: VideoSession, invite: LinkInvite, seconds: float) -> None:
        task = asyncio.get_running_loop().create_task(self._follow(session, invite, seconds))
        self._following.add(task)
        task.add_done_callback(self._following.discard)

    def _unreachable(self, session: VideoSession, invite: LinkInvite) -> dict:
        return self._failed(session, invite, "unreachable", failure_advice("unreachable"))

    def _failed(self, session: VideoSession, invite: LinkInvite, status: str, message: str) -> dict:
        invite.delivery_status = status
        session.events.record("text_failed", invite_id=invite.invite_id, role=invite.role.value, status=status,
                              message=message)
        return {"status": status, "message": message}

    async def _follow(self, session: VideoSession, invite: LinkInvite, seconds: float) -> None:
        # Asked often at first, when most texts arrive, then less and less (Notify's rate limit is per key,
        # and a busy shift follows many texts at once), until `seconds` have passed.
        give_up = time.monotonic() + seconds
        wait = self._config.delivery_poll_seconds
        while time.monotonic() < give_up and invite.revoked_at is None:
            await asyncio.sleep(min(wait, max(0.0, give_up - time.monotonic())))
            wait = min(wait * 1.5, MAX_POLL_SECONDS)
            try:
                status = (await asyncio.to_thread(
                    lambda: self._make_client().get_notification_by_id(invite.notification_id))).get("status", "")
            except Exception as exc:  # noqa: BLE001 - keep following through a passing outage
                log.info("delivery status for invite %s not read: %s", invite.invite_id[:8], type(exc).__name__)
                continue
            if status == invite.delivery_status:
                continue
            invite.delivery_status = status
            if status == DELIVERED:
                session.events.record("text_delivered", invite_id=invite.invite_id, role=invite.role.value)
                return
            if status in FAILED:
                session.events.record("text_failed", invite_id=invite.invite_id, role=invite.role.value,
                                      status=status, message=failure_advice(status))
                return

    async def close(self) -> None:
        for task in list(self._following):
            task.cancel()
        await asyncio.gather(*self._following, return_exceptions=True)


# What the officer's link step says when a text does not arrive, in one place. Keys are Notify's documented
# end states for a text (GOV.UK Notify API docs, "Get message status - text message") and the ways its client
# can refuse a send. Product text, not policy: each says what happened and the ways on. Nothing here ever
# reaches the phone - no second text says that a link failed.
_ADVICE = {
    "permanent-failure": "The phone network says this number does not exist or cannot get texts. "
                         "The link still works: check the number with the caller and re-send, "
                         "read out the spoken code, or carry on by phone.",
    "temporary-failure": "The phone could not be reached (switched off, full or out of signal). "
                         "The link still works: re-send in a few minutes, read out the spoken code, "
                         "or carry on by phone.",
    "technical-failure": "The texting service had a technical problem and did not send the text. "
                         "The link still works: re-send, read out the spoken code, or carry on by phone.",
    "rejected": "Notify did not accept the text: {reason}. The link was made and still works: "
                "check the number with the caller and re-send, or read out the spoken code.",
    "bad-key": "Notify refused this service's key ({reason}). The link was made and still works: "
               "read out the spoken code or carry on by phone, and ask the administrator to check the Notify key.",
    "rate-limited": "Notify is refusing texts for the moment because too many were sent ({reason}). "
                    "The link still works: re-send in a minute, or read out the spoken code.",
    "unreachable": "The texting service could not be reached. The link was made and still works: "
                   "re-send in a moment, read out the spoken code, or carry on by phone.",
    "other": "The text could not be delivered. The link still works: re-send, read out the spoken code, "
             "or carry on by phone.",
}
# Notify's HTTP answers to a send, as the client raises them (Notify API docs, "Error codes").
_REFUSALS = {400: "rejected", 403: "bad-key", 429: "rate-limited"}


def failure_advice(status: str, reason: str = "") -> str:
    """What the officer is told for `status`; `reason` is Notify's own words where it gave any."""
    return _ADVICE.get(status, _ADVICE["other"]).format(reason=reason)


def _notify_reason(exc: APIError) -> str:
    if exc.response is not None:  # None when the request never reached Notify
        try:
            return "; ".join(str(e.get("message", "")) for e in exc.response.json().get("errors", [])) \
                or str(exc.status_code)
        except Exception:  # noqa: BLE001 - any unreadable error body
            pass
    return f"HTTP {getattr(exc, 'status_code', '?')}"
