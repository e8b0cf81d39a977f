"""Which referrals the rules propose, and the officer's decision on each.

The proposals are never stored: they are worked out from the case every time,
so going back and adding a child, or changing a risk answer, changes them at
once. Only the officer's decisions are stored, keyed by the proposal's key
(one per referral, one per child for Operation Encompass). A decision whose
proposal has gone away is kept in the record but no longer counts.

MARAC grounds, with thresholds from policy:
- high risk: the grade by count is high;
- professional judgement: the officer raised the grade to high;
- escalation: this incident and the dated earlier ones within the window
  (counted back whole calendar months from the incident date) reach the
  threshold, for example 3 in 12 months;
- repeat: this incident is within the window after the last MARAC referral.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

from .account import Account
from .answers import Answer
from .encompass import EncompassNotice, EncompassRules, encompass_notices
from .instruments import RiskGrade
from .risk import RiskResult, assess
from .times import as_utc, local_date, spoken_date

if TYPE_CHECKING:
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
    marac = _marac_grounds(case, risk, policy)
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
    return ReferralProposal(
        f"encompass:{child_id}", ReferralKind.OPERATION_ENCOMPASS, notice.reason + when, notice.due_at, child_id
    )


def _marac_grounds(case: Case, risk: RiskResult, policy: Policy) -> list[str]:
    grounds = []
    if risk.grade_by_count is RiskGrade.HIGH:
        grounds.append(f"High risk: {risk.yes_count} \u201cyes\u201d answers.")
    elif risk.grade is RiskGrade.HIGH and case.risk.judgement is not None:
        grounds.append(f"Professional judgement raised the risk to high: {case.risk.judgement.reason}")
    incident_day = _incident_day(case, policy)
    if incident_day is not None:
        grounds.extend(_history_grounds(case.account, incident_day, policy.marac))
    return grounds


def _history_grounds(account: Account, incident_day: date, rules: MaracRules) -> list[str]:
    grounds = []
    since = months_before(incident_day, rules.escalation_window_months)
    earlier = [
        incident
        for incident in account.previous_incidents
        if incident.occurred_on is not None and since <= incident.occurred_on <= incident_day
    ]
    if 1 + len(earlier) >= rules.escalation_incident_count:
        grounds.append(
            f"Escalation: {1 + len(earlier)} incidents in the last {rules.escalation_window_months} months "
            f"(this one and {len(earlier)} before it); the threshold is {rules.escalation_incident_count}."
        )
    last = account.last_marac_referral_on
    if last is not None and last <= incident_day <= months_after(last, rules.repeat_window_months):
        grounds.append(
            f"Repeat: the last MARAC referral was on {spoken_date(last)}, "
            f"within {rules.repeat_window_months} months of this incident."
        )
    return grounds


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
