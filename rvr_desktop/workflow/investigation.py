"""What the case file needs beyond the account: a short summary of the
incident for the referral forms, the offences, the actions still to do, and
the supervisor's review of the risk grade.

The offences are written as the officer records them (the force's own crime
recording decides the final classification); the supervisor's review is a
record of what a supervisor did, never inferred: until one is recorded the
summary says plainly that the grade has not been reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

from .account import Account, Child, CustodyStatus
from .case_actions import ActionOwner, Deadline, LineOfEnquiry, evidence_plan
from .instruments import RiskGrade
from .offences import offences_the_account_supports
from .referrals import decision_for, propose_referrals
from .risk import assess

if TYPE_CHECKING:
    from .case import Case
    from .policy import Policy


class GradeReviewResult(Enum):
    NOT_REVIEWED = "not_reviewed"
    AGREED = "agreed"
    CHANGED = "changed"


@dataclass
class GradeReview:
    """A supervisor's review of the officer's risk grade: who, when, agreed or changed (to what, and why)."""

    result: GradeReviewResult = GradeReviewResult.NOT_REVIEWED
    reviewed_by: str = ""
    reviewed_at: datetime | None = None
    changed_to: str = ""
    reason: str = ""


@dataclass
class OutstandingAction:
    """Something still to be done on the case, by whom and by when."""

    what: str = ""
    who: str = ""
    by_when: date | None = None


@dataclass
class EnquiryDone:
    """A line of the evidence plan the officer did on the call, and where it is recorded ("in her statement")."""

    note: str = ""
    recorded_at: datetime | None = None


@dataclass
class Investigation:
    """The officer's and supervisor's record for the case file; cases saved before it existed read as empty."""

    # The few factual lines on what happened, for forms whose readers need the gist and not the statement,
    # are the account's own (`Account.incident_summary`): one summary, written once.
    offences: str = ""
    actions: list[OutstandingAction] = field(default_factory=list)
    grade_review: GradeReview = field(default_factory=GradeReview)
    # Evidence-plan lines done on the call, by their key in policy/case_actions.json; cases saved before this
    # existed read as none done.
    done_on_call: dict[str, EnquiryDone] = field(default_factory=dict)


@dataclass(frozen=True)
class ShownAction:
    """An action the case shows, in plain words, with its owner and time limit from the force's policy."""

    key: str
    what: str
    owner: ActionOwner | None


def actions_the_case_shows(case: Case, policy: Policy) -> list[ShownAction]:
    """Outstanding actions that follow from the case itself, before any the officer typed.

    Worked out every time, like the step states, so one done drops off the
    list without anyone remembering to strike it through. Who does each and
    by when is the force's (policy/case_actions.json).
    """
    shown: list[tuple[str, str]] = []
    undecided = [proposal.kind.label for proposal in propose_referrals(case, policy)
                 if decision_for(case, proposal.key) is None]
    if undecided:
        shown.append(("decide_referrals", "Decide the referral(s): " + ", ".join(dict.fromkeys(undecided))))
    statement = case.statement
    if not statement.narrative.strip() and not statement.not_taken_reason.strip():
        shown.append(("take_statement", "Take the victim's statement, or record why it was not taken"))
    custody = case.account.suspect.custody
    if custody is CustodyStatus.NOT_ARRESTED:
        shown.append(("arrest", "Arrest the suspect" + (f", {case.account.suspect.name.strip()}"
                                                          if case.account.suspect.name.strip() else "")))
    elif custody is CustodyStatus.NOT_RECORDED and case.account.suspect.name.strip():
        shown.append(("record_custody", "Record whether the suspect has been arrested"))
    if case.investigation.grade_review.result is GradeReviewResult.NOT_REVIEWED:
        shown.append(("grade_review", "A supervisor to review the risk grade"))
    if case.account.police_records_checked_at is None:
        shown.append(("records_check", "Search police records for earlier incidents between the victim and the "
                                       "suspect, and record the search on the account (the MARAC's escalation "
                                       "criterion counts incidents reported to the police)"))
    children = strategy_discussion_children(case, policy)
    if children:
        shown.append(("strategy_discussion", "Ask children's social care for a strategy discussion about "
                      + names_of(children)))
    # A handover to a suspect still at large is when he gets into the house (the specimen's does): whether it
    # goes ahead, and a protection notice, are decided before it, not left to the contact arrangement.
    if custody in _AT_LARGE:
        shown += [("handover_safety", f"Decide with the victim and children's social care whether {_name(child)}'s "
                                      f"next handover to the suspect goes ahead ({child.next_handover.strip()}), "
                                      "and consider a domestic violence protection notice while he is not charged")
                  for child in case.account.children if _handover_due(child)]
    # A child who saw or heard the incident is a witness under 18, eligible for special measures (YJCEA 1999
    # s.16) and so for video-recorded evidence in chief (s.27): the interview is planned under the Ministry of
    # Justice's "Achieving Best Evidence in Criminal Proceedings" (2022), with children's social care.
    shown += [("abe_interview", f"Plan an Achieving Best Evidence (ABE) video-recorded interview with "
                                f"{_name(child)}, who saw or heard the incident")
              for child in child_witnesses(case.account)]
    owners = policy.case_actions.owners if policy.case_actions else {}
    return [ShownAction(key, what, owners.get(key)) for key, what in shown]


@dataclass(frozen=True)
class HandedOn:
    """One thing still to do that goes to the records system with the case, for the investigation's owner to
    give a named officer there: an action the case shows, or a line of the evidence plan."""

    kind: str  # "shown" or "evidence"
    key: str
    what: str
    who: str
    deadline: Deadline
    source: str
    done: EnquiryDone | None = None  # an evidence-plan line done on the call


def record_done_on_call(case: Case, key: str, note: str, at: datetime) -> None:
    """Record that the evidence-plan line `key` was done on the call, `note` saying where; an empty note
    clears it (the line is still to do)."""
    if note.strip():
        case.investigation.done_on_call[key] = EnquiryDone(note, at)
    else:
        case.investigation.done_on_call.pop(key, None)


def the_evidence_plan(case: Case, policy: Policy) -> list[LineOfEnquiry]:
    """The lines of enquiry for this case: every case's, and those the offences its risk answers support add."""
    if policy.case_actions is None:
        return []
    offences = [rule.key for rule in offences_the_account_supports(case.risk, policy.offences)]
    return evidence_plan(policy.case_actions, offences)


def handed_on(case: Case, policy: Policy) -> list[HandedOn]:
    """The actions the case shows and its evidence plan, as the records system receives them: the workstation
    is not where an investigation is run, so who exactly does each is decided there."""
    shown = [HandedOn("shown", action.key, action.what, action.owner.who, action.owner.deadline, action.owner.source)
             for action in actions_the_case_shows(case, policy) if action.owner is not None]
    return shown + [HandedOn("evidence", line.key, line.action, line.who, line.deadline, line.source,
                             case.investigation.done_on_call.get(line.key))
                    for line in the_evidence_plan(case, policy)]


def strategy_discussion_children(case: Case, policy: Policy) -> list[Child]:
    """The children a strategy discussion is asked for: every child involved, once one saw or heard the abuse
    or the risk is high. Seeing or hearing the ill-treatment of another is harm (Children Act 1989 s.31(9)),
    and reasonable cause to suspect significant harm calls for a strategy discussion between children's social
    care, the police and health (Working Together to Safeguard Children 2023, chapter 4)."""
    involved = [child for child in case.account.children if child.involved]
    if not involved:
        return []
    high = assess(case.risk, policy.instrument_for(case.risk)).grade is RiskGrade.HIGH
    return involved if high or child_witnesses(case.account) else []


# Neither held nor under bail conditions that could govern contact.
_AT_LARGE = (CustodyStatus.NOT_RECORDED, CustodyStatus.NOT_ARRESTED, CustodyStatus.RELEASED_UNDER_INVESTIGATION)


def _handover_due(child: Child) -> bool:
    # "None: she is not handed to him" is an answer that there is no handover.
    words = child.next_handover.strip().casefold()
    return bool(words) and words.split()[0].strip(":;,.") not in {"none", "no", "not", "n/a"}


def names_of(children: list[Child]) -> str:
    """'Maja Example', 'Maja Example and Leon Example', 'A, B and C': children named in a sentence."""
    names = [_name(child) for child in children]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# What a child "saw or heard" reads when the account records nothing: such a child is no witness.
_NOTHING = {"", "nothing", "nothing known", "none", "not known", "no"}


def child_witnesses(account: Account) -> list[Child]:
    """Children present at the incident who saw or heard something of it: potential witnesses."""
    return [child for child in account.children
            if child.present and child.what_seen_or_said.strip().rstrip(".").casefold() not in _NOTHING]


def _name(child: Child) -> str:
    return child.name.strip() or "a child not yet named"
