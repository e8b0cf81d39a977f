"""What each event from the link service means for a case, decided in one place.

Every time a link records is set here: `record_link_made` when the officer
makes one, and the service's own moments as they arrive. The workstation
follows its call's event stream (rvr_desktop/video/events.py lists the
kinds). `apply_call_event` records on the case what the event
settles (a link's times, the caller joining or leaving, a quick exit) and
says what the officer must be shown (`CallNews`); the window only shows it.
No Qt, no network, no database: it is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rvr_desktop.casework.statement_signing import record_signature
from rvr_desktop.workflow.actions import StepBlocked, issue_link_invite, record_video_event
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.link import LinkInvite
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.times import as_utc
from rvr_desktop.workflow.video import VideoEvent, VideoEventKind

# Joining and leaving, as the case records them. The caller's joining is recorded as connected only once
# their sound or picture reaches the officer (the window reports that), not when their page joins.
_PRESENCE = {
    ("left", "caller"): VideoEventKind.DISCONNECTED,
    ("joined", "interpreter"): VideoEventKind.INTERPRETER_JOINED,
    ("left", "interpreter"): VideoEventKind.INTERPRETER_LEFT,
}

TOO_MANY_WAITING = ("Several devices are trying the caller's link at once; more are refused until you answer those "
                    "waiting. If the caller cannot get in, give a new link or a spoken code.")
DEAD_LINK_TRIED = ("Someone tried a link that no longer works; nothing was shared. Send a new link if the caller "
                   "needs one.")
PHONE_INSTEAD = "The caller asked to carry on by phone: call them on their safe number and record it."


@dataclass(frozen=True)
class WaitingDevice:
    """A device that opened a link already held by the caller's tab (or after Leave quickly): it waits for the
    officer to admit or refuse it."""

    request_id: str
    invite_id: str
    role: str
    why: str  # other_device | after_quick_exit
    asked_at: datetime
    holder_in_call: bool = False  # the link's own tab is in the call now: admitting puts it out

    def question(self, at_text: str) -> str:
        after = "After the caller left with Leave quickly, the" if self.why == "after_quick_exit" else "The"
        text = (f"{after} {self.role}'s link was opened again at {at_text} on a device that is not the "
                f"{self.role}'s tab. It may not be the {self.role}.")
        if self.holder_in_call:
            return text + (f" The {self.role} is in the call now: admitting this device disconnects the "
                           f"{self.role}'s tab and gives it the call. Refuse unless the {self.role} asked you to.")
        return text + " Admit it to the call, or refuse it?"


@dataclass(frozen=True)
class CallNews:
    """What one event means for the officer's screen."""

    case_changed: bool = False  # save the case and refresh what shows it
    notice: str = ""  # to tell the officer, in plain words
    left_quickly_at: datetime | None = None  # the caller pressed Leave quickly: shown on every step
    waiting: WaitingDevice | None = None  # a device waits for the officer's answer
    settled: str = ""  # the id of a waiting device that no longer waits
    photo: dict | None = None  # a photo or screenshot waiting for the officer to file or decline
    caller_gone: bool = False  # the caller's media stopped: a rejoin is connected again once it arrives


def service_moment(text: str | None, clock_offset: timedelta, fallback: datetime) -> datetime:
    """A moment the link service gave (its clock, ISO UTC) on the case's clock: real time, or a practice
    scenario's, which may run days away from it."""
    if not text:
        return fallback
    return datetime.fromisoformat(text.replace("Z", "+00:00")) + clock_offset


def record_link_made(case: Case, policy: Policy, issued: datetime, *, text_status: str = "sending",
                     by_code: bool = False, invite_id: str = "", session_id: str = "",
                     expires_at: datetime | None = None) -> LinkInvite:
    """A new link (or spoken code) for the caller, made when the officer asked (`issued`); any earlier one is
    revoked. `text_status` is what became of its text ("sent", "sending" when recorded by hand, or a reason it
    was not sent). A texted link counts as sent when it was asked for, until the service's own moment
    (`text_sent`) replaces it; a code counts as sent at once, as it is read out. `expires_at`, where the link
    service made it, is the service's answer: the record keeps one number for a link's life."""
    invite = issue_link_invite(case, policy, issued, by_code=by_code, expires_at=expires_at)
    if invite_id:
        invite.invite_id = invite_id
    invite.video_session_id = session_id
    invite.delivery_status = "" if by_code else text_status
    if by_code or text_status in ("sent", "sending"):
        invite.sent_at = invite.issued_at
    return invite


def record_call_event(case: Case, policy: Policy, kind: VideoEventKind, at: datetime, note: str = "") -> bool:
    """Record a moment of the call on the case; False when the case has ended (escalated, say) and the call is
    no longer part of it."""
    try:
        record_video_event(case, policy, kind, at, note)
    except StepBlocked:
        return False
    return True


def officer_ended_call(case: Case, at: datetime, why: str) -> bool:
    """The officer ended the case's call and had the link service forget it (escalated, submitted, closed: `why`).

    Recorded at the moment the officer acts, whatever step the case is at: the case has usually just ended,
    which closes the video step to other events, and the record (and a practice run's debrief, which may be
    asked for a second later) must still show the call was ended and when. The service's own "ended" event may
    arrive first, or be lost as the service forgets the call: False when the call's latest moment already says
    it ended, and nothing is added; nor to a submitted case, which stands as it was sent.
    """
    events = case.video_events
    submitted = case.outcome is not None and case.outcome.kind is OutcomeKind.SUBMITTED
    if submitted or (events and events[-1].kind is VideoEventKind.ENDED):
        return False
    events.append(VideoEvent(VideoEventKind.ENDED, as_utc(at), f"call ended by the officer: {why}"))
    return True


def apply_call_event(case: Case, policy: Policy, event: dict, at: datetime) -> CallNews:
    """Apply one event of the case's call, which happened at `at` on the case's clock (`service_moment`)."""
    # An event with no role (a text's delivery, say) has "": it matches no role below, as None did.
    kind, role = event.get("kind", ""), event.get("role", "")
    invite = _invite(case, event.get("invite_id"))
    if kind == "text_sent" and invite is not None:
        # The service's moment, not when its answer reached us: the record's timeline must never show a text
        # delivered, or a link opened, before it was sent.
        invite.sent_at = as_utc(at)
    elif kind == "text_delivered" and invite is not None:
        invite.delivered_at, invite.delivery_status = as_utc(at), "delivered"
    elif kind == "text_failed" and invite is not None:
        invite.delivery_status = event.get("status", "failed")
        return CallNews(case_changed=True, notice=f"The text did not arrive: {event.get('message', '')}")
    elif kind == "link_opened" and invite is not None:
        invite.opened_at = invite.opened_at or as_utc(at)
    elif kind == "link_refused":
        # Told, not saved: refusals change nothing in the case (and the service reports each kind at most once
        # a minute, so a flood of tries cannot swamp the screen).
        reason = event.get("reason")
        return CallNews(notice=TOO_MANY_WAITING if reason == "too_many_waiting"
                        else DEAD_LINK_TRIED if reason in ("expired", "revoked") else "")
    elif kind == "quick_exit" and role == "caller":
        record_call_event(case, policy, VideoEventKind.LEFT_QUICKLY, at)
        return CallNews(case_changed=True, left_quickly_at=at, caller_gone=True)
    elif kind == "admission_requested":
        return CallNews(waiting=WaitingDevice(event["request_id"], event["invite_id"], role or "caller",
                                              event.get("why", ""), at, bool(event.get("holder_connected"))))
    elif kind == "admission_decided":
        return CallNews(settled=event.get("request_id", ""))
    elif kind == "joined" and role == "caller":
        live = _latest_on_the_service(case)
        if invite is None and live is not None:
            live.joined_at = live.joined_at or as_utc(at)
    elif (kind, role) in _PRESENCE:
        record_call_event(case, policy, _PRESENCE[(kind, role)], at)
        return CallNews(case_changed=True, caller_gone=role == "caller")
    elif kind == "ended":
        record_call_event(case, policy, VideoEventKind.ENDED, at)
    elif kind == "location_shared":
        record_call_event(case, policy, VideoEventKind.LOCATION_SHARED, at,
                          f"{event.get('latitude')}, {event.get('longitude')} (±{event.get('accuracy_m')} m)")
    elif kind == "upload_received":
        return CallNews(photo=event)
    elif kind == "phone_call_requested":
        return CallNews(notice=PHONE_INSTEAD)
    elif kind == "statement_signed":
        notice = record_signature(case, event, at)
        return CallNews(case_changed=bool(notice), notice=notice)
    else:
        return CallNews()
    return CallNews(case_changed=True)


def _invite(case: Case, invite_id: object) -> LinkInvite | None:
    return next((i for i in reversed(case.link_invites) if i.invite_id == invite_id), None)


def _latest_on_the_service(case: Case) -> LinkInvite | None:
    invites = [i for i in case.link_invites if i.video_session_id]
    return invites[-1] if invites else None
