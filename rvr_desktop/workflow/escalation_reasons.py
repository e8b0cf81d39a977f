"""Why the officer escalates mid-call: a short list picked with one key.

The officer escalates when something the safety gate confirmed no longer
holds (the suspect has come back, the caller is in danger, someone needs an
ambulance...). So the reasons offered are the gate's questions, grouped as
the officer meets them on a call, plus one for the officer's own judgement.
They are not a force's wording to replace: they follow the gate in `safety`
(DOMAIN brief, "The officer's path", step 2: any unsafe answer ends the video
path and officers are deployed), and a test keeps every gate question
covered. The reason is picked first, on one key, because officers must be
on their way before anything is typed; details are added afterwards
(`actions.add_escalation_details`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EscalationReason:
    """One reason on the escalation panel: the key that picks it, and the words recorded."""

    key: str
    words: str
    gate_questions: tuple[str, ...]  # the safety questions whose safe answer no longer holds


ESCALATION_REASONS = (
    EscalationReason("1", "The suspect is back, or on the way", ("suspect_present", "suspect_expected_back")),
    EscalationReason("2", "The caller is in danger now", ("safe_place", "immediate_threat")),
    EscalationReason("3", "Someone needs a doctor or an ambulance", ("medical_help_needed",)),
    EscalationReason("4", "Someone else has the phone or can overhear", ("own_phone", "can_talk_privately")),
    EscalationReason("5", "The caller no longer wants to go on by video", ("consents_to_video",)),
    EscalationReason("6", "Another reason, in my judgement (details to follow)", ()),
)
