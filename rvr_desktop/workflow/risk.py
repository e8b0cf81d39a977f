"""Grading a risk assessment, and professional judgement.

The grade by count comes from the instrument's bands. Professional judgement
may raise it, never lower it: an attempt to lower (or to "raise" to the same
grade) is refused with a message. The final grade is always worked out again
from the answers and the judgement, so changing an answer later can't leave a
stale grade behind, and a judgement can never pull a grade below the count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .answers import Answer
from .instruments import RiskGrade, RiskInstrument, RiskQuestion
from .times import as_utc


@dataclass
class ProfessionalJudgement:
    """The officer's decision to raise the grade, with their reason."""

    raised_to: RiskGrade
    reason: str
    recorded_at: datetime


@dataclass
class RiskAssessment:
    """The answers given to one instrument's questions, and any judgement."""

    instrument_id: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    judgement: ProfessionalJudgement | None = None


@dataclass(frozen=True)
class RiskResult:
    """What the answers so far add up to."""

    yes_count: int
    still_to_answer: tuple[RiskQuestion, ...]
    grade_by_count: RiskGrade
    grade: RiskGrade
    raised_by_judgement: bool
    indicators_present: tuple[RiskQuestion, ...]

    @property
    def complete(self) -> bool:
        return not self.still_to_answer

    @property
    def prompts_judgement(self) -> bool:
        """A strong single indicator is present and the grade could still go up."""
        return bool(self.indicators_present) and self.grade is not RiskGrade.HIGH


def assess(assessment: RiskAssessment, instrument: RiskInstrument) -> RiskResult:
    """Grade the answers given so far ("not known" is not a "yes")."""
    if assessment.instrument_id != instrument.instrument_id:
        raise ValueError(
            f"The assessment was made with {assessment.instrument_id!r}, not {instrument.instrument_id!r}."
        )
    asked = {question.question_id for question in instrument.questions}
    strangers = sorted(set(assessment.answers) - asked)
    if strangers:
        raise ValueError(f"{instrument.instrument_id!r} has no question {strangers[0]!r}; was the instrument edited?")
    said_yes = [q for q in instrument.questions if assessment.answers.get(q.question_id) is Answer.YES]
    by_count = instrument.grade_for(len(said_yes))
    judged = assessment.judgement.raised_to if assessment.judgement else by_count
    grade = judged if judged.rank > by_count.rank else by_count
    return RiskResult(
        yes_count=len(said_yes),
        still_to_answer=tuple(q for q in instrument.questions if q.question_id not in assessment.answers),
        grade_by_count=by_count,
        grade=grade,
        raised_by_judgement=grade is not by_count,
        indicators_present=tuple(q for q in said_yes if q.indicator),
    )


def raise_by_judgement(
    assessment: RiskAssessment, instrument: RiskInstrument, to: RiskGrade, reason: str, at: datetime
) -> str | None:
    """Record professional judgement raising the grade to `to`; a message says why if refused."""
    current = assess(assessment, instrument).grade
    if to.rank < current.rank:
        return (
            f"Professional judgement can only raise a grade. The grade is {current.value} "
            f"and can't be lowered to {to.value}; nothing was changed."
        )
    if to is current:
        return f"The grade is already {current.value}; nothing was changed."
    if not reason.strip():
        return "Say why you are raising the grade; the reason goes on the referral."
    assessment.judgement = ProfessionalJudgement(to, reason, as_utc(at))
    return None
