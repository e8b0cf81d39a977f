"""How a case ended: escalated, caller unreachable, or submitted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


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
