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
from .referrals import decision_for, propose_referrals

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
class Investigation:
    """The officer's and supervisor's record for the case file; cases saved before it existed read as empty."""

    # The few factual lines on what happened, for forms whose readers need the gist and not the statement,
    # are the account's own (`Account.incident_summary`): one summary, written once.
    offences: str = ""
    actions: list[OutstandingAction] = field(default_factory=list)
    grade_review: GradeReview = field(default_factory=GradeReview)


def actions_the_case_shows(case: Case, policy: Policy) -> list[str]:
    """Outstanding actions that follow from the case itself, in plain words, before any the officer typed.

    Worked out every time, like the step states, so one done drops off the
    list without anyone remembering to strike it through.
    """
    shown = []
    undecided = [proposal.kind.label for proposal in propose_referrals(case, policy)
                 if decision_for(case, proposal.key) is None]
    if undecided:
        shown.append("Decide the referral(s): " + ", ".join(dict.fromkeys(undecided)))
    statement = case.statement
    if not statement.narrative.strip() and not statement.not_taken_reason.strip():
        shown.append("Take the victim's statement, or record why it was not taken")
    custody = case.account.suspect.custody
    if custody is CustodyStatus.NOT_ARRESTED:
        shown.append("Arrest the suspect")
    elif custody is CustodyStatus.NOT_RECORDED and case.account.suspect.name.strip():
        shown.append("Record whether the suspect has been arrested")
    if case.investigation.grade_review.result is GradeReviewResult.NOT_REVIEWED:
        shown.append("A supervisor to review the risk grade")
    # A child who saw or heard the incident is a witness under 18, eligible for special measures (YJCEA 1999
    # s.16) and so for video-recorded evidence in chief (s.27): the interview is planned under the Ministry of
    # Justice's "Achieving Best Evidence in Criminal Proceedings" (2022), with children's social care.
    shown += [f"Plan an Achieving Best Evidence (ABE) video-recorded interview with {_name(child)}, who "
              "saw or heard the incident, with children's social care" for child in child_witnesses(case.account)]
    return shown


# What a child "saw or heard" reads when the account records nothing: such a child is no witness.
_NOTHING = {"", "nothing", "nothing known", "none", "not known", "no"}


def child_witnesses(account: Account) -> list[Child]:
    """Children present at the incident who saw or heard something of it: potential witnesses."""
    return [child for child in account.children
            if child.present and child.what_seen_or_said.strip().rstrip(".").casefold() not in _NOTHING]


def _name(child: Child) -> str:
    return child.name.strip() or "a child not yet named"
