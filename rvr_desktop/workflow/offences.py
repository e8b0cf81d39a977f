"""Offences the account may support, from the force's policy file `resources/policy/offences.json`.

Each rule names an offence and its statute and is suggested when every risk
answer it lists is "yes": strangulation answered yes suggests s.75A of the
Serious Crime Act 2015, and so on. The rules are data, each with its
legislation cited beside it, so a force's legal lead can read and correct
them without reading code. A suggestion is for the officer and the reviewing
lawyer to consider; the force's crime recording and the CPS charging
decision settle the offences.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .answers import Answer
from .policy_files import read_policy_file

if TYPE_CHECKING:
    from .risk import RiskAssessment


@dataclass(frozen=True)
class OffenceRule:
    """One offence, its statute, the risk answers that suggest it, and where the statute is published."""

    key: str
    offence: str
    statute: str
    when_yes: tuple[str, ...]
    source: str

    def describe(self) -> str:
        """'Threats to kill (Offences Against the Person Act 1861, s.16)'."""
        return f"{self.offence} ({self.statute})"


def load_offence_rules(path: Path, question_ids: frozenset[str]) -> tuple[OffenceRule, ...]:
    """The rules in `path`; a rule naming a question no installed instrument asks is refused (a misspelling)."""
    fields = read_policy_file(path)
    rules = []
    for entry in fields.sections("offences", at_least=1):
        when_yes = entry.texts("when_yes")
        unknown = sorted(set(when_yes) - question_ids)
        if unknown:
            raise entry.error("when_yes", f"no installed risk instrument asks {unknown[0]!r}")
        rules.append(OffenceRule(entry.text("key"), entry.text("offence"), entry.text("statute"), when_yes,
                                 entry.text("source")))
        entry.finish()
    fields.finish()
    return tuple(rules)


def offences_the_account_supports(risk: RiskAssessment, rules: tuple[OffenceRule, ...]) -> list[OffenceRule]:
    """The rules whose every listed risk answer is "yes", in the file's order."""
    return [rule for rule in rules if all(risk.answers.get(key) is Answer.YES for key in rule.when_yes)]
