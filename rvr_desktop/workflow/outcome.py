"""How a case ended: escalated, caller unreachable, or submitted; and the status the case list shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum


class OutcomeKind(Enum):
    # Stored by these stable codes; `label` is what people read.
    ESCALATED = "escalated"
    CALLER_UNREACHABLE = "caller_unreachable"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return {
            OutcomeKind.ESCALATED: "escalated \u2014 officers deployed",
            OutcomeKind.CALLER_UNREACHABLE: "caller unreachable",
            OutcomeKind.SUBMITTED: "submitted",
        }[self]


@dataclass
class Outcome:
    """The end of the case, when, and why."""

    kind: OutcomeKind
    at: datetime
    reason: str = ""

    def describe(self) -> str:
        return f"{self.kind.label.capitalize()}: {self.reason}" if self.reason else self.kind.label.capitalize()


class CaseStatus(StrEnum):
    """Where a case stands, as the case list shows it and the store keeps it.

    The values are what every released database holds in `cases.status`, so
    they never change; `label` is the officer's word for each.
    """

    DRAFT = "draft"
    ESCALATED = "escalated"
    UNREACHABLE = "unreachable"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @classmethod
    def of(cls, outcome: Outcome | None) -> CaseStatus:
        """A case without an outcome is still a draft; otherwise its outcome decides."""
        return _STATUS_OF_OUTCOME[outcome.kind] if outcome else cls.DRAFT


_STATUS_LABELS = {CaseStatus.DRAFT: "Draft", CaseStatus.ESCALATED: "Escalated",
                  CaseStatus.UNREACHABLE: "Caller unreachable", CaseStatus.SUBMITTED: "Submitted"}
_STATUS_OF_OUTCOME = {OutcomeKind.ESCALATED: CaseStatus.ESCALATED,
                      OutcomeKind.CALLER_UNREACHABLE: CaseStatus.UNREACHABLE,
                      OutcomeKind.SUBMITTED: CaseStatus.SUBMITTED}
