"""The hand-over from the control room: who called, how to reach them safely,
and when the call came in (the three-minute clock starts then)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .phone import PhoneCheck, PhonePolicy, check_mobile_number


@dataclass
class Intake:
    """What the control room hands over. Free text is kept exactly as typed."""

    incident_reference: str = ""
    caller_name: str = ""
    # The number as the officer typed it, so a half-typed draft survives a
    # crash, and the checked E.164 form the link is sent to ("" until valid).
    safe_phone_typed: str = ""
    safe_phone: str = ""
    safe_time_to_call: str = ""
    # Whether a voicemail or message may be left on the safe number: an IDVA's
    # first call must not be heard by the wrong person. Not recorded: None.
    safe_to_leave_message: bool | None = None
    language: str = ""
    interpreter_needed: bool = False
    accessibility_needs: str = ""
    call_received_at: datetime | None = None


def enter_safe_phone(intake: Intake, typed: str, policy: PhonePolicy) -> PhoneCheck:
    """Keep what was typed, and the E.164 form only when a text can go there."""
    check = check_mobile_number(typed, policy)
    intake.safe_phone_typed = typed
    intake.safe_phone = check.e164 or ""
    return check


def missing_from_intake(intake: Intake) -> list[str]:
    """What the officer still needs before the safety check, in plain words."""
    missing = []
    if not intake.incident_reference.strip():
        missing.append("the incident reference")
    if not intake.caller_name.strip():
        missing.append("the caller's name")
    if not intake.safe_phone:
        missing.append("a safe mobile number")
    if intake.call_received_at is None:
        missing.append("the time the call came in")
    return missing


def intake_started(intake: Intake) -> bool:
    return any(
        (
            intake.incident_reference,
            intake.caller_name,
            intake.safe_phone_typed,
            intake.safe_time_to_call,
            intake.language,
            intake.accessibility_needs,
            intake.call_received_at,
        )
    )
