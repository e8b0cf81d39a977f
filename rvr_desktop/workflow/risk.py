"""Grading a risk assessment, and professional judgement.

The grade by count comes from the instrument's bands. Professional judgement
may raise it, never lower it: an attempt to lower (or to "raise" to the same
grade) is refused with a message. The final grade is always worked out again
from the answers and the judgement, so changing an answer later can't leave a
stale grade behind, and a judgement can never pull a grade below the count.

Until a question is answered (or judgement used) the case is not graded at
all: the count of no "yes" answers would read as "standard", which is a
grade the victim has not been given.

When a strong single indicator is present and the count gives less than
high, the officer must answer "is professional judgement used?": yes, with
the grade and the reason, or no, with the reason it is not. A referral then
never shows a bare "not used" beside strangulation: SafeLives' MARAC
criteria make judgement a ground of its own, to be articulated either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .answers import Answer
from .instruments import Indicator, RiskGrade, RiskInstrument, RiskQuestion
from .times import as_utc


@dataclass
class ProfessionalJudgement:
    """The officer's decision to raise the grade, with their reason."""

    raised_to: RiskGrade
    reason: str
    recorded_at: datetime


@dataclass
class JudgementNotUsed:
    """The officer considered professional judgement and chose not to raise the grade, and why."""

    reason: str
    recorded_at: datetime


@dataclass
class RiskAssessment:
    """The answers given to one instrument's questions, and any judgement.

    `details` holds what the victim said beside an answer (what was used,
    when, who), by question id, as typed.
    """

    instrument_id: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    judgement: ProfessionalJudgement | None = None
    details: dict[str, str] = field(default_factory=dict)
    judgement_not_used: JudgementNotUsed | None = None


NOT_GRADED = "not yet graded"


@dataclass(frozen=True)
class RiskResult:
    """What the answers so far add up to."""

    yes_count: int
    still_to_answer: tuple[RiskQuestion, ...]
    grade_by_count: RiskGrade
    grade: RiskGrade
    raised_by_judgement: bool
    indicators_present: tuple[RiskQuestion, ...]
    # False until a question is answered or judgement used: `grade` then
    # holds the lowest grade only so rules comparing grades still work.
    graded: bool
    strong_indicators: tuple[Indicator, ...]
    # The officer has answered "is professional judgement used?", either way.
    judgement_considered: bool = False

    @property
    def complete(self) -> bool:
        return not self.still_to_answer

    @property
    def grade_in_words(self) -> str:
        """The grade as the officer and documents show it: "not yet graded" until something is answered."""
        return self.grade.value if self.graded else NOT_GRADED

    @property
    def prompts_judgement(self) -> bool:
        """A strong single indicator is present and the grade could still go up."""
        return bool(self.indicators_present) and self.grade is not RiskGrade.HIGH

    @property
    def judgement_awaited(self) -> bool:
        """Judgement is prompted and the officer has not yet said whether it is used."""
        return self.prompts_judgement and not self.judgement_considered


def assess(assessment: RiskAssessment, instrument: RiskInstrument) -> RiskResult:
    """Grade the answers given so far ("not known" is not a "yes")."""
    if assessment.instrument_id != instrument.instrument_id:
        raise ValueError(
            f"The assessment was made with {assessment.instrument_id!r}, not {instrument.instrument_id!r}."
        )
    asked = {question.question_id for question in instrument.questions}
    strangers = sorted((set(assessment.answers) | set(assessment.details)) - asked)
    if strangers:
        raise ValueError(f"{instrument.instrument_id!r} has no question {strangers[0]!r}; was the instrument edited?")
    said_yes = [q for q in instrument.questions if assessment.answers.get(q.question_id) is Answer.YES]
    by_count = instrument.grade_for(len(said_yes))
    judged = assessment.judgement.raised_to if assessment.judgement else by_count
    grade = judged if judged.rank > by_count.rank else by_count
    present = tuple(q for q in said_yes if q.indicator)
    return RiskResult(
        yes_count=len(said_yes),
        still_to_answer=tuple(q for q in instrument.questions if q.question_id not in assessment.answers),
        grade_by_count=by_count,
        grade=grade,
        raised_by_judgement=grade is not by_count,
        indicators_present=present,
        graded=bool(assessment.answers) or assessment.judgement is not None,
        strong_indicators=_indicators_of(present, instrument),
        judgement_considered=assessment.judgement is not None or assessment.judgement_not_used is not None,
    )


def _indicators_of(questions: tuple[RiskQuestion, ...], instrument: RiskInstrument) -> tuple[Indicator, ...]:
    """Each indicator once, in question order (two questions can point to the same one)."""
    keys = dict.fromkeys(q.indicator for q in questions if q.indicator)
    return tuple(instrument.indicators[key] for key in keys)


def record_detail(assessment: RiskAssessment, question_id: str, text: str) -> None:
    """Keep the details beside one answer exactly as typed; an emptied box keeps nothing."""
    if text.strip():
        assessment.details[question_id] = text
    else:
        assessment.details.pop(question_id, None)


def raise_by_judgement(
    assessment: RiskAssessment, instrument: RiskInstrument, to: RiskGrade, reason: str, at: datetime
) -> str | None:
    """Record professional judgement raising the grade to `to`; a message says why if refused."""
    result = assess(assessment, instrument)
    current = result.grade
    if to.rank < current.rank:
        return (
            f"Professional judgement can only raise a grade. The grade is {current.value} "
            f"and can't be lowered to {to.value}; nothing was changed."
        )
    if to is current:
        if not result.graded:
            return f"Judgement raises a grade above {current.value}; choose medium or high. Nothing was changed."
        return f"The grade is already {current.value}; nothing was changed."
    if not reason.strip():
        return "Say why you are raising the grade; the reason goes on the referral."
    assessment.judgement = ProfessionalJudgement(to, reason, as_utc(at))
    assessment.judgement_not_used = None
    return None


def judgement_not_used(assessment: RiskAssessment, reason: str, at: datetime) -> str | None:
    """Record that professional judgement was considered and not used; a message says why if refused.

    It replaces a judgement recorded earlier (the officer changed their mind),
    so the grade goes back to the count.
    """
    if not reason.strip():
        return "Say why professional judgement is not used; the reason goes on the referral."
    assessment.judgement_not_used = JudgementNotUsed(reason, as_utc(at))
    assessment.judgement = None
    return None
