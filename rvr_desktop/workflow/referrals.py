"""Which referrals the rules propose, and the officer's decision on each.

The proposals are never stored: they are worked out from the case every time,
so going back and adding a child, or changing a risk answer, changes them at
once. Only the officer's decisions are stored, keyed by the proposal's key
(one per referral, one per child for Operation Encompass). A decision whose
proposal has gone away is kept in the record but no longer counts.

MARAC grounds are SafeLives' four referral criteria (SafeLives, "Marac
referral criteria and form"), with thresholds from policy
(`resources/policy/referrals.json`, which cites them):
- visible high risk: the grade by count is high on the checklist used; the
  rule names that checklist and says which checklist its threshold was set
  for (the instrument file's `threshold_basis`: SafeLives' 14 is for its
  24-question Dash, not the 27-question police DASH);
- professional judgement: the officer raised the grade to high;
- potential escalation: this incident and the dated earlier ones reported
  to the police within the window (counted back whole calendar months from
  the incident date) reach the force's threshold, for example 3 in 12
  months. An earlier incident not reported, or not known to have been, is
  left out, and the ground says how many were;
- repeat: this incident is within the window after the last MARAC referral.
`marac_grounds` gives all four, met or not, each with the rule behind it,
for the referral to print; the proposal's reason is the met ones.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

from .account import Account, PreviousIncident
from .answers import Answer
from .encompass import EncompassNotice, EncompassRules, encompass_notices
from .instruments import RiskGrade, RiskInstrument
from .risk import RiskResult, assess
from .times import as_utc, local_date, spoken_date

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from .case import Case
    from .policy import Policy


class ReferralKind(Enum):
    MARAC = "marac"
    IDVA = "idva"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    OPERATION_ENCOMPASS = "operation_encompass"
    ADULT_SOCIAL_CARE = "adult_social_care"
    SUPPORT_SERVICES = "support_services"

    @property
    def label(self) -> str:
        return {
            ReferralKind.MARAC: "MARAC (multi-agency risk assessment conference)",
            ReferralKind.IDVA: "IDVA (independent domestic violence adviser)",
            ReferralKind.CHILDRENS_SOCIAL_CARE: "Children's social care (MASH)",
            ReferralKind.OPERATION_ENCOMPASS: "Operation Encompass (the child's school)",
            ReferralKind.ADULT_SOCIAL_CARE: "Adult social care",
            ReferralKind.SUPPORT_SERVICES: "Victim support services",
        }[self]


@dataclass(frozen=True)
class MaracRules:
    escalation_incident_count: int = 3
    escalation_window_months: int = 12
    repeat_window_months: int = 12
    # SafeLives' escalation criterion counts incidents reported to the police;
    # a MARAC that counts other agencies' reports too says so in its policy.
    escalation_counts_only_reported: bool = True
    # Where each rule comes from, printed beside it on the referral (policy/referrals.json): the escalation
    # threshold is the local MARAC's to agree, so the force names the document it agreed it in.
    escalation_source: str = "SafeLives' suggested starting point"
    repeat_source: str = "SafeLives' definition of a repeat referral"
    judgement_source: str = "SafeLives' professional judgement criterion"


class MaracCriterion(Enum):
    """SafeLives' four criteria for a MARAC referral, in the order its form lists them."""

    VISIBLE_HIGH_RISK = "visible_high_risk"
    POTENTIAL_ESCALATION = "potential_escalation"
    REPEAT = "repeat"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class MaracGround:
    """One criterion: whether this case meets it, what the case shows, and the rule it is measured by."""

    criterion: MaracCriterion
    met: bool
    finding: str
    rule: str
    # False while the case lacks what the criterion is measured on (the police records, for escalation): the
    # referral then says "not known yet", never "not met".
    known: bool = True

    @property
    def reason(self) -> str:
        return f"{self.criterion.label}: {self.finding}"


@dataclass(frozen=True)
class ReferralProposal:
    """A referral the rules propose, why, and (for Encompass) by when."""

    key: str
    kind: ReferralKind
    reason: str
    due_at: datetime | None = None
    child_id: str | None = None


@dataclass
class ReferralDecision:
    """The officer's answer to one proposal: confirmed, or declined with a reason."""

    proposal_key: str
    kind: ReferralKind
    confirmed: bool
    reason: str
    decided_at: datetime


def propose_referrals(case: Case, policy: Policy) -> list[ReferralProposal]:
    """Every referral the rules propose for this case as it stands now."""
    account = case.account
    risk = assess(case.risk, policy.instrument_for(case.risk))
    proposals = []
    marac = [ground.reason for ground in marac_grounds(case, policy, risk) if ground.met]
    if marac:
        proposals.append(ReferralProposal("marac", ReferralKind.MARAC, " ".join(marac)))
    if risk.grade is RiskGrade.HIGH:
        proposals.append(ReferralProposal("idva", ReferralKind.IDVA, "High risk: an IDVA should be offered."))
    children = _children_grounds(case)
    if children:
        proposals.append(ReferralProposal("childrens_social_care", ReferralKind.CHILDRENS_SOCIAL_CARE, children))
    notices = encompass_notices(account.children, account.incident_at, case.intake.call_received_at, policy.encompass)
    proposals.extend(_encompass_proposal(notice, policy.encompass) for notice in notices)
    adults = _adult_grounds(account)
    if adults:
        proposals.append(ReferralProposal("adult_social_care", ReferralKind.ADULT_SOCIAL_CARE, adults))
    proposals.append(
        ReferralProposal(
            "support_services",
            ReferralKind.SUPPORT_SERVICES,
            "Every victim has the right to be referred to support services (Victims' Code).",
        )
    )
    return proposals


def _encompass_proposal(notice: EncompassNotice, rules: EncompassRules) -> ReferralProposal:
    if notice.due_at is None:
        when = " Record the time of the call to work out the deadline."
    else:
        local = notice.due_at.astimezone(rules.calendar.zone)
        when = f" Due before {local:%H:%M} on {spoken_date(local.date())}."
    child_id = notice.child.child_id
    check = f" {notice.date_problem}" if notice.date_problem else ""
    return ReferralProposal(
        f"encompass:{child_id}", ReferralKind.OPERATION_ENCOMPASS, notice.reason + when + check, notice.due_at, child_id
    )


# What the school hears of the other referrals: only those about the children. The victim's own
# referrals (MARAC, IDVA) stay with those agencies: the statutory Encompass guidance shares what the
# school needs to support the child, and SafeLives' MARAC form keeps a referral to member agencies.
_TOLD_TO_SCHOOL = (ReferralKind.CHILDRENS_SOCIAL_CARE,)


def referrals_told_to_school(case: Case) -> list[ReferralDecision]:
    """The confirmed referrals about the children, for the Encompass notice's "other referrals made"."""
    return [decision for decision in case.referral_decisions
            if decision.confirmed and decision.kind in _TOLD_TO_SCHOOL]


def marac_grounds(case: Case, policy: Policy, risk: RiskResult | None = None) -> list[MaracGround]:
    """SafeLives' four MARAC criteria for this case as it stands, each met or not, with its rule."""
    instrument = policy.instrument_for(case.risk)
    risk = risk or assess(case.risk, instrument)
    incident_day = _incident_day(case, policy)
    return [
        _visible_high_risk(risk, instrument),
        _escalation(case.account, incident_day, policy.marac, policy.zone),
        _repeat(case.account, incident_day, policy.marac),
        _judgement(case, risk, policy.marac.judgement_source),
    ]


def _visible_high_risk(risk: RiskResult, instrument: RiskInstrument) -> MaracGround:
    threshold = instrument.high_from
    rule = (f"high risk from {threshold} \u201cyes\u201d answers on {instrument.name}" if threshold is not None
            else f"{instrument.name} never grades high by count")
    total = len(instrument.questions)
    if not risk.graded:
        finding = f"not yet assessed: no question of {instrument.name} answered"
    else:
        finding = f"{risk.yes_count} \u201cyes\u201d answers of {total} on {instrument.name}"
        if risk.still_to_answer:
            finding += f" ({len(risk.still_to_answer)} still to answer)"
    rule = rule[0].upper() + rule[1:] + "."
    if instrument.threshold_basis:
        rule += " " + instrument.threshold_basis
    return MaracGround(MaracCriterion.VISIBLE_HIGH_RISK, risk.grade_by_count is RiskGrade.HIGH, finding + ".", rule)


def _escalation(account: Account, incident_day: date | None, rules: MaracRules, zone: ZoneInfo) -> MaracGround:
    kind = "reported to the police " if rules.escalation_counts_only_reported else ""
    rule = (f"{rules.escalation_incident_count} or more incidents {kind}in {rules.escalation_window_months} months, "
            f"this one included. Source: {rules.escalation_source}.")
    if incident_day is None:
        return MaracGround(MaracCriterion.POTENTIAL_ESCALATION, False,
                           "can't be counted: record when this incident happened, or when the call came in.", rule,
                           known=False)
    since = months_before(incident_day, rules.escalation_window_months)
    undated = [incident for incident in account.previous_incidents if incident.occurred_on is None]
    window = [incident for incident in account.previous_incidents
              if incident.occurred_on is not None and since <= incident.occurred_on <= incident_day]
    counted = [incident for incident in window if incident.reported or not rules.escalation_counts_only_reported]
    total = 1 + len(counted)
    before = f"this one and {len(counted)} before it" if counted else "this one only"
    finding = (f"{total} incident{'s' * (total != 1)} {kind}in the {rules.escalation_window_months} months to "
               f"{spoken_date(incident_day)} ({before}).")
    finding += _left_out(window, undated, rules)
    met = total >= rules.escalation_incident_count
    checked = account.police_records_checked_at
    if checked is not None:
        note = account.police_records_note.strip().rstrip(".")
        finding += (f" Police records checked on {spoken_date(local_date(checked, zone))} at "
                    f"{as_utc(checked).astimezone(zone):%H:%M}" + (f": {note}." if note else "."))
    elif not met:
        # What the victim remembers reporting is not the police's record of it: until the records are searched
        # the criterion is open, and the referral says so rather than "not met".
        finding += (" Counted from what the victim said: police records not checked yet. Search them and record "
                    "the check, with any incident found, on the account.")
        return MaracGround(MaracCriterion.POTENTIAL_ESCALATION, False, finding, rule, known=False)
    return MaracGround(MaracCriterion.POTENTIAL_ESCALATION, met, finding, rule)


def _left_out(window: list[PreviousIncident], undated: list[PreviousIncident], rules: MaracRules) -> str:
    """The earlier incidents the count leaves out, and why, so a coordinator can weigh them."""
    if not rules.escalation_counts_only_reported:
        not_reported: list[PreviousIncident] = []
        unknown: list[PreviousIncident] = []
    else:
        not_reported = [i for i in window if i.reported_to_police is Answer.NO]
        unknown = [i for i in window if i.reported_to_police in (None, Answer.NOT_KNOWN)]
    parts = []
    for found, why in ((not_reported, "not reported to the police"),
                       (unknown, "not known to have been reported to the police"),
                       (undated, "with no date")):
        if found:
            parts.append(f"{len(found)} {'was' if len(found) == 1 else 'were'} {why}")
    return f" Not counted: {len(not_reported) + len(unknown) + len(undated)} earlier ({'; '.join(parts)})." \
        if parts else ""


def _repeat(account: Account, incident_day: date | None, rules: MaracRules) -> MaracGround:
    rule = (f"A new incident within {rules.repeat_window_months} months of the last MARAC referral. "
            f"Source: {rules.repeat_source}.")
    last = account.last_marac_referral_on
    if last is not None:
        met = incident_day is not None and last <= incident_day <= months_after(last, rules.repeat_window_months)
        finding = f"the last MARAC referral was on {spoken_date(last)}"
        finding += f", within {rules.repeat_window_months} months of this incident." if met else \
            f", not within {rules.repeat_window_months} months before this incident."
        return MaracGround(MaracCriterion.REPEAT, met, finding, rule)
    if account.previous_marac is Answer.NO:
        finding = "no previous MARAC referral."
    elif account.previous_marac is Answer.YES:
        finding = "referred to a MARAC before, date not known: give it for the repeat criterion."
    else:
        finding = "not known whether referred to a MARAC before."
    return MaracGround(MaracCriterion.REPEAT, False, finding, rule)


def _judgement(case: Case, risk: RiskResult, source: str) -> MaracGround:
    rule = ("The officer's judgement may raise the grade, never lower it, and a referral may rest on it alone, "
            f"with the reasons given; a strong single indicator below high prompts it. Source: {source}.")
    judgement, not_used = case.risk.judgement, case.risk.judgement_not_used
    indicators = "; ".join(indicator.label.lower() for indicator in risk.strong_indicators)
    if judgement is not None and risk.raised_by_judgement:
        finding = (f"used, raising the grade from {risk.grade_by_count.value} to {judgement.raised_to.value}: "
                   f"{judgement.reason}")
    elif not_used is not None:
        finding = f"considered, not used: {not_used.reason}"
    elif risk.judgement_awaited:
        finding = (f"not yet answered, though strong single indicators are present ({indicators}): "
                   "the officer must say whether it is used, and why.")
    elif risk.strong_indicators:
        finding = f"not needed: the count already gives high risk ({indicators} present)."
    else:
        finding = "not used: no strong single indicator, and the officer did not raise the grade."
    met = risk.raised_by_judgement and risk.grade is RiskGrade.HIGH
    return MaracGround(MaracCriterion.PROFESSIONAL_JUDGEMENT, met, finding, rule)


def _incident_day(case: Case, policy: Policy) -> date | None:
    moment = case.account.incident_at or case.intake.call_received_at
    return local_date(moment, policy.zone) if moment else None


def _children_grounds(case: Case) -> str:
    grounds = []
    involved = [child for child in case.account.children if child.involved]
    if involved:
        names = ", ".join(child.name.strip() or "a child with no name recorded" for child in involved)
        grounds.append(f"Children live there or were present: {names}.")
    said = case.safety.latest("children_present")
    if said is not None and said.answer is Answer.YES:
        grounds.append("The caller said at the safety check that children were there.")
    return " ".join(grounds)


def _adult_grounds(account: Account) -> str:
    grounds = []
    if account.victim.adult_at_risk:
        grounds.append(f"The victim is an adult at risk: {account.victim.adult_at_risk_reason}".rstrip(": "))
    for dependant in account.dependants:
        if dependant.care_and_support_needs.strip():
            who = dependant.name.strip() or "A dependant"
            grounds.append(f"{who} has care and support needs: {dependant.care_and_support_needs}")
    return " ".join(grounds)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (31 March less one month is 28 or 29 February)."""
    return _shift_months(day, -months)


def months_after(day: date, months: int) -> date:
    return _shift_months(day, months)


def _shift_months(day: date, months: int) -> date:
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def decision_for(case: Case, key: str) -> ReferralDecision | None:
    for decision in case.referral_decisions:
        if decision.proposal_key == key:
            return decision
    return None


def undecided(case: Case, policy: Policy) -> list[ReferralProposal]:
    """Proposals still waiting for the officer to confirm or decline them."""
    return [proposal for proposal in propose_referrals(case, policy) if decision_for(case, proposal.key) is None]


def decide_referral(
    case: Case, proposal: ReferralProposal, *, confirmed: bool, reason: str, at: datetime
) -> str | None:
    """Record the officer's decision; declining needs a reason. Returns a message if refused.

    A new decision on the same proposal replaces the earlier one.
    """
    if not confirmed and not reason.strip():
        return f"Say why {proposal.kind.label} is not being made; a declined referral needs a reason."
    decision = ReferralDecision(proposal.key, proposal.kind, confirmed, reason, as_utc(at))
    case.referral_decisions = [d for d in case.referral_decisions if d.proposal_key != proposal.key]
    case.referral_decisions.append(decision)
    return None
