"""Risk questionnaires as data: questions, high-risk indicators and grading bands.

A force swaps its instrument by dropping a JSON file into
`resources/instruments/` and naming it in `resources/policy/risk.json`; no
code changes. An instrument's id must change whenever its questions do, so a
stored assessment is never graded against questions it wasn't asked.

Every file says where its wording comes from (`source`) and whether a force
may change it (`may_change`): a licensed or approved text (a force's own
approved DASH wording, say) must be printed exactly as it stands, and the
referral that attaches the checklist says which it is. A file without either
is refused, so no checklist reaches a MARAC without its provenance.

Every file also says which checklist its count threshold was set for
(`threshold_basis`): SafeLives' 14 "yes" line is for its own 24-question
Dash risk checklist, not for the 27-question police DASH, and the MARAC
referral prints the basis beside the visible-high-risk ground so the
coordinator knows what was counted on what.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from itertools import pairwise
from pathlib import Path

from .policy_files import Fields, PolicyFileError, read_policy_file


class RiskGrade(Enum):
    """Grades in rising order of risk."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(RiskGrade).index(self)


@dataclass(frozen=True)
class Indicator:
    """A strong single indicator: its name in plain words, and why it matters."""

    label: str
    meaning: str


@dataclass(frozen=True)
class RiskQuestion:
    question_id: str
    topic: str
    text: str
    indicator: str | None = None
    # The question bears on a child's safety, so the children's social care
    # referral carries it with its answer, "no" as well as "yes": a child who sees or hears the abuse of another is
    # harmed (Children Act 1989 s.31(9); Domestic Abuse Act 2021 s.3, cited in
    # Working Together to Safeguard Children 2023).
    for_children: bool = False


@dataclass(frozen=True)
class GradeBand:
    """The grade given from `min_yes` "yes" answers upwards (until the next band)."""

    grade: RiskGrade
    min_yes: int


@dataclass(frozen=True)
class RiskInstrument:
    """One questionnaire, with its bands and what each high-risk indicator means."""

    instrument_id: str
    name: str
    questions: tuple[RiskQuestion, ...]
    bands: tuple[GradeBand, ...]
    indicators: dict[str, Indicator]
    source: str
    may_change: bool
    # Which checklist the high band's count was set for, and how this one uses it, with its source.
    threshold_basis: str = ""

    @property
    def high_from(self) -> int | None:
        """The count of "yes" answers from which this checklist grades high (None if it never does)."""
        return next((band.min_yes for band in self.bands if band.grade is RiskGrade.HIGH), None)

    def grade_for(self, yes_count: int) -> RiskGrade:
        return [band.grade for band in self.bands if yes_count >= band.min_yes][-1]

    def question(self, question_id: str) -> RiskQuestion:
        for question in self.questions:
            if question.question_id == question_id:
                return question
        raise KeyError(question_id)


def load_instruments(directory: Path) -> dict[str, RiskInstrument]:
    """Every instrument file in `directory`, by id; a bad file stops the load with its name."""
    instruments: dict[str, RiskInstrument] = {}
    for path in sorted(directory.glob("*.json")):
        instrument = load_instrument(path)
        if instrument.instrument_id in instruments:
            raise PolicyFileError(path, "id", f"another file already uses the id {instrument.instrument_id!r}")
        instruments[instrument.instrument_id] = instrument
    if not instruments:
        raise PolicyFileError(directory, "(folder)", "no instrument files (*.json) were found")
    return instruments


def load_instrument(path: Path) -> RiskInstrument:
    fields = read_policy_file(path)
    instrument_id = fields.text("id")
    name = fields.text("name")
    source = fields.text("source")
    may_change = fields.boolean("may_change")
    threshold_basis = fields.text("threshold_basis")
    indicators = _read_indicators(fields.section("indicators"))
    questions = tuple(_read_question(entry, indicators) for entry in fields.sections("questions", at_least=1))
    _refuse_repeated_ids(fields, questions)
    bands = _read_bands(fields, len(questions))
    fields.finish()
    return RiskInstrument(instrument_id, name, questions, bands, indicators, source, may_change, threshold_basis)


def _read_indicators(section: Fields) -> dict[str, Indicator]:
    indicators = {key: _read_indicator(section.section(key)) for key in section.names()}
    section.finish()
    return indicators


def _read_indicator(entry: Fields) -> Indicator:
    indicator = Indicator(entry.text("label"), entry.text("meaning"))
    entry.finish()
    return indicator


def _read_question(entry: Fields, indicators: dict[str, Indicator]) -> RiskQuestion:
    question = RiskQuestion(entry.text("id"), entry.text("topic"), entry.text("text"))
    if entry.has("indicator"):
        indicator = entry.text("indicator")
        if indicator not in indicators:
            raise entry.error("indicator", f"{indicator!r} is not listed under 'indicators'")
        question = RiskQuestion(question.question_id, question.topic, question.text, indicator)
    if entry.has("for_children"):
        question = RiskQuestion(question.question_id, question.topic, question.text, question.indicator,
                                entry.boolean("for_children"))
    entry.finish()
    return question


def _refuse_repeated_ids(fields: Fields, questions: tuple[RiskQuestion, ...]) -> None:
    seen: set[str] = set()
    for index, question in enumerate(questions):
        if question.question_id in seen:
            raise PolicyFileError(fields.file, f"questions[{index}].id", f"{question.question_id!r} is used twice")
        seen.add(question.question_id)


def _read_bands(fields: Fields, question_count: int) -> tuple[GradeBand, ...]:
    bands = []
    for entry in fields.sections("grading", at_least=1):
        name = entry.text("grade")
        try:
            grade = RiskGrade(name)
        except ValueError:
            choices = [grade.value for grade in RiskGrade]
            raise entry.error("grade", f"expected one of {choices}, found {name!r}") from None
        bands.append(GradeBand(grade, entry.integer("min_yes", minimum=0, maximum=question_count)))
        entry.finish()
    # Bands must start at no "yes" answers and rise in both count and grade,
    # or some counts would have no grade, or a higher count a lower grade.
    if bands[0].min_yes != 0:
        raise fields.error("grading[0].min_yes", "the first band must start at 0")
    for index, (lower, upper) in enumerate(pairwise(bands), start=1):
        if upper.min_yes <= lower.min_yes or upper.grade.rank <= lower.grade.rank:
            raise fields.error(
                f"grading[{index}]", "each band must start higher, and give a higher grade, than the one before"
            )
    return tuple(bands)
