"""Who does each action the case shows is still to do, and by when; and the evidence each offence needs.

Both from the force's policy file `resources/policy/case_actions.json`, each
entry with the guidance it follows cited beside it. The code decides which
actions a case shows (an arrest while the suspect is not arrested, an ABE
interview for each child who saw or heard it); the file says who owns each
and its time limit, which are the force's to set. The evidence plan lists
the lines of enquiry the force expects for every domestic-abuse case and
those an offence adds (strangulation: a medical assessment and photographs
in person, repeated as bruising shows), for whoever takes the investigation
on; the officer's own actions sit beside them. And the records this
workstation makes that are relevant material under the CPIA 1996 Code (the
first account as typed, the call's log, the DASH, the referral forms, the
summary itself), each with the schedule the force expects it on, for the
disclosure officer, who decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .policy_files import Fields, read_policy_file

# The actions the code can show; the file gives each its owner and time limit, and must give every one.
SHOWN_ACTIONS = ("decide_referrals", "take_statement", "arrest", "record_custody", "grade_review",
                 "records_check", "strategy_discussion", "abe_interview", "handover_safety")


# The records the workstation makes that are relevant material; the file names the schedule for each.
RELEVANT_MATERIAL = ("first_account", "call_log", "risk_assessment", "referral_forms", "case_summary")
# The CPS/NPCC schedules of unused material: non-sensitive, and sensitive (never shown to the defence).
SCHEDULES = ("MG6C", "MG6D")


@dataclass(frozen=True)
class Deadline:
    """Hours from the call (0: at once), or a moment in words ("before the case is submitted")."""

    within_hours: int | None = None
    in_words: str = ""

    def due_at(self, call_received_at: datetime | None) -> datetime | None:
        if self.within_hours is None or call_received_at is None:
            return None
        return call_received_at + timedelta(hours=self.within_hours)


@dataclass(frozen=True)
class ActionOwner:
    """Who does an action the case shows, by when, and the guidance that puts it there."""

    who: str
    deadline: Deadline
    source: str


@dataclass(frozen=True)
class LineOfEnquiry:
    """Evidence to gather: for every case, or for the offences whose rule keys it lists."""

    key: str
    action: str
    for_offences: tuple[str, ...]
    who: str
    deadline: Deadline
    source: str

    @property
    def every_case(self) -> bool:
        return not self.for_offences


@dataclass(frozen=True)
class MaterialRule:
    """Where one kind of record the workstation makes is expected to be scheduled, why, and on what guidance."""

    schedule: str  # one of SCHEDULES
    why: str
    source: str


@dataclass(frozen=True)
class CaseActionRules:
    owners: dict[str, ActionOwner]
    lines_of_enquiry: tuple[LineOfEnquiry, ...]
    material: dict[str, MaterialRule]


def _deadline(entry: Fields) -> Deadline:
    if entry.has("within_hours"):
        return Deadline(within_hours=entry.integer("within_hours", minimum=0, maximum=24 * 60))
    return Deadline(in_words=entry.text("by"))


def load_case_action_rules(path: Path, offence_keys: frozenset[str]) -> CaseActionRules:
    """The file at `path`; an action the code shows left without an owner, or an offence key no offence rule
    has, is refused by name (a misspelling would otherwise drop a line of enquiry silently)."""
    fields = read_policy_file(path)
    shown = fields.section("shown")
    owners = {}
    for key in SHOWN_ACTIONS:
        entry = shown.section(key)
        owners[key] = ActionOwner(entry.text("who"), _deadline(entry), entry.text("source"))
        entry.finish()
    shown.finish()
    lines = []
    for entry in fields.sections("lines_of_enquiry", at_least=1):
        offences = entry.texts("for_offences") if not entry.boolean("every_case") else ()
        unknown = sorted(set(offences) - offence_keys)
        if unknown:
            raise entry.error("for_offences", f"no offence rule has the key {unknown[0]!r}")
        lines.append(LineOfEnquiry(entry.text("key"), entry.text("action"), offences, entry.text("who"),
                                   _deadline(entry), entry.text("source")))
        entry.finish()
    material = fields.section("relevant_material")
    kinds = {}
    for key in RELEVANT_MATERIAL:
        entry = material.section(key)
        schedule = entry.text("schedule")
        if schedule not in SCHEDULES:
            raise entry.error("schedule", f"is {schedule!r}: it must be one of {', '.join(SCHEDULES)}")
        kinds[key] = MaterialRule(schedule, entry.text("why"), entry.text("source"))
        entry.finish()
    material.finish()
    fields.finish()
    return CaseActionRules(owners, tuple(lines), kinds)


def evidence_plan(rules: CaseActionRules, offence_keys: list[str]) -> list[LineOfEnquiry]:
    """The lines of enquiry for a case whose account supports the offences keyed `offence_keys`: every case's
    first, then each offence's, in the file's order."""
    return [line for line in rules.lines_of_enquiry
            if line.every_case or any(key in offence_keys for key in line.for_offences)]
