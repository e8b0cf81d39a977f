"""The force's policy, loaded from JSON under `resources/` and checked at load.

    resources/instruments/*.json   risk instruments (see `instruments`)
    resources/policy/risk.json     which instrument this force uses
    resources/policy/referrals.json  MARAC escalation and repeat thresholds
    resources/policy/encompass.json  school-day start, school ages, holidays
    resources/policy/phone.json    which numbers a link may be texted to
    resources/policy/video_call.json  response target, link lifetime, recording
    resources/policy/escalation.json  what the officer does once officers are deployed
    resources/policy/caller_unreachable.json  what the officer does when no video contact can be made
    resources/policy/unsigned_statement.json  why a statement may be left unsigned over the call
    resources/policy/offences.json  offences the account may support, each with its statute
    resources/policy/case_actions.json  who does each outstanding action and by when; the evidence plan

A broken file stops the load with a `PolicyFileError` naming the file and the
field: guessing a default for a safeguarding threshold would be worse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers

from .encompass import EncompassRules
from .case_actions import CaseActionRules, load_case_action_rules
from .escalation import EscalationChecklist, load_escalation_checklist
from .instruments import RiskInstrument, load_instruments
from .not_signed import NotSignedReasons, load_not_signed_reasons
from .offences import OffenceRule, load_offence_rules
from .phone import PhonePolicy
from .policy_files import Fields, read_policy_file
from .referrals import MaracRules
from .risk import RiskAssessment
from .school_days import SchoolCalendar
from .shipped_files import default_resources_dir
from .times import zone

# A school holiday longer than this is a typing slip in a date.
_LONGEST_HOLIDAY_DAYS = 80


@dataclass(frozen=True)
class VideoCallPolicy:
    response_target: timedelta = timedelta(minutes=3)
    link_valid_for: timedelta = timedelta(minutes=30)
    records_video_calls: bool = False


@dataclass(frozen=True)
class Policy:
    """Everything the rules need from the force's policy files."""

    instruments: Mapping[str, RiskInstrument]
    instrument_id: str
    marac: MaracRules
    encompass: EncompassRules
    phone: PhonePolicy
    video_call: VideoCallPolicy
    escalation: EscalationChecklist
    caller_unreachable: EscalationChecklist
    not_signed: NotSignedReasons
    # Policies built before this file existed suggest no offence.
    offences: tuple[OffenceRule, ...] = ()
    # Policies built before this file existed give no owner to an action and plan no evidence.
    case_actions: CaseActionRules | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The force's time zone: every wall-clock time an officer reads or types is on it."""
        return self.encompass.calendar.zone

    @property
    def instrument(self) -> RiskInstrument:
        """The instrument new cases use."""
        return self.instruments[self.instrument_id]

    def instrument_for(self, assessment: RiskAssessment) -> RiskInstrument:
        """The instrument an existing assessment was made with (it may be an older one)."""
        try:
            return self.instruments[assessment.instrument_id]
        except KeyError:
            raise ValueError(
                f"This case was assessed with the risk instrument {assessment.instrument_id!r}, "
                "which is no longer installed; put its file back in resources/instruments."
            ) from None


def load_policy(resources_dir: Path | None = None) -> Policy:
    """Read and check every policy file under `resources_dir` (default: the repository's)."""
    resources = resources_dir or default_resources_dir()
    folder = resources / "policy"
    instruments = load_instruments(resources / "instruments")
    offences = load_offence_rules(folder / "offences.json", frozenset(
        question.question_id for instrument in instruments.values() for question in instrument.questions))
    return Policy(
        instruments=instruments,
        instrument_id=_read_choice_of_instrument(folder / "risk.json", instruments),
        marac=_read_marac(folder / "referrals.json"),
        encompass=_read_encompass(folder / "encompass.json"),
        phone=_read_phone(folder / "phone.json"),
        video_call=_read_video_call(folder / "video_call.json"),
        escalation=load_escalation_checklist(folder / "escalation.json"),
        caller_unreachable=load_escalation_checklist(folder / "caller_unreachable.json"),
        not_signed=load_not_signed_reasons(folder / "unsigned_statement.json"),
        offences=offences,
        case_actions=load_case_action_rules(folder / "case_actions.json", frozenset(rule.key for rule in offences)),
    )


def _read_choice_of_instrument(path: Path, instruments: Mapping[str, RiskInstrument]) -> str:
    fields = read_policy_file(path)
    chosen = fields.text("instrument")
    if chosen not in instruments:
        raise fields.error("instrument", f"no instrument has the id {chosen!r}; installed: {sorted(instruments)}")
    fields.finish()
    return chosen


def _read_marac(path: Path) -> MaracRules:
    fields = read_policy_file(path)
    marac = fields.section("marac")
    rules = MaracRules(
        escalation_incident_count=marac.integer("escalation_incident_count", minimum=2, maximum=50),
        escalation_window_months=marac.integer("escalation_window_months", minimum=1, maximum=60),
        repeat_window_months=marac.integer("repeat_window_months", minimum=1, maximum=60),
        escalation_counts_only_reported=marac.boolean("escalation_counts_only_reported"),
        escalation_source=marac.text("escalation_source"),
        repeat_source=marac.text("repeat_source"),
        judgement_source=marac.text("judgement_source"),
    )
    marac.finish()
    fields.finish()
    return rules


def _read_encompass(path: Path) -> EncompassRules:
    fields = read_policy_file(path)
    zone_name = fields.text("time_zone")
    try:
        zone(zone_name)
    except ValueError as error:
        raise fields.error("time_zone", str(error).rstrip(".")) from None
    ages = fields.section("school_age")
    first = ages.integer("from", minimum=2, maximum=7)
    last = ages.integer("to", minimum=first, maximum=25)
    ages.finish()
    duty = fields.section("statutory_duty")
    duty_from = duty.day("from")
    duty.finish()
    calendar = SchoolCalendar(
        zone_name=zone_name,
        day_starts_at=fields.time_of_day("school_day_starts_at"),
        holidays=frozenset(day for entry in fields.sections("holidays") for day in _holiday_days(entry)),
    )
    fields.finish()
    return EncompassRules(calendar, first, last, duty_from)


def _holiday_days(entry: Fields) -> list[date]:
    entry.text("name")
    first = entry.day("first")
    last = entry.day("last") if entry.has("last") else first
    length = (last - first).days + 1
    if not 1 <= length <= _LONGEST_HOLIDAY_DAYS:
        raise entry.error("last", f"must be on or after 'first' and within {_LONGEST_HOLIDAY_DAYS} days of it")
    entry.finish()
    return [first + timedelta(days=offset) for offset in range(length)]


def _read_phone(path: Path) -> PhonePolicy:
    fields = read_policy_file(path)
    region = fields.text("home_region")
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise fields.error("home_region", f"{region!r} is not a two-letter region code such as \"GB\"")
    policy = PhonePolicy(
        default_region=region,
        international_mobiles_allowed=fields.boolean("international_mobiles_allowed"),
        drama_range_allowed=fields.boolean("ofcom_drama_numbers_allowed"),
    )
    fields.finish()
    return policy


def _read_video_call(path: Path) -> VideoCallPolicy:
    fields = read_policy_file(path)
    policy = VideoCallPolicy(
        response_target=timedelta(seconds=fields.integer("response_target_seconds", minimum=10, maximum=3600)),
        link_valid_for=timedelta(minutes=fields.integer("link_valid_minutes", minimum=1, maximum=24 * 60)),
        records_video_calls=fields.boolean("records_video_calls"),
    )
    fields.finish()
    return policy
