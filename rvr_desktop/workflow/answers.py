"""The three answers a safety or risk question can have."""

from __future__ import annotations

from enum import Enum


class Answer(Enum):
    """Yes, no, or not known: a victim may not know, or may not want to say."""

    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return "not known" if self is Answer.NOT_KNOWN else self.value
