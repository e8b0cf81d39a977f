"""Criteria about the record the trainee made: risk answers and grade,
referrals, the statement, and the order the steps were done in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from rvr_desktop.workflow.encompass import encompass_notices
from rvr_desktop.workflow.instruments import RiskInstrument
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.referrals import ReferralKind, decision_for, propose_referrals
from rvr_desktop.workflow.risk import assess
from rvr_desktop.workflow.statement import missing_from_statement
from rvr_desktop.workflow.steps import Step

from .criteria import Criterion, CriterionResult, Marking, failed, not_applicable, passed
from .scenario import Decision, RiskScript


@dataclass(frozen=True)
class Milestone:
    """A moment in the run the debrief checks the order of, and shows on the timeline."""

    label: str
    at: datetime | None


def _not_reached(marking: Marking, criterion: Criterion) -> CriterionResult | None:
    decision = marking.scenario.expected.decision
    if decision is Decision.VIDEO_CALL:
        return None
    return not_applicable(criterion, f"Not reached: the right decision was to {decision.label}.")


def _risk_script(marking: Marking) -> RiskScript:
    script = marking.scenario.risk
    assert script is not None  # a checked video-call scenario has its risk answers
    return script


def _instrument(marking: Marking, criterion: Criterion) -> RiskInstrument | CriterionResult:
    script = _risk_script(marking)
    used = marking.case.risk.instrument_id
    if used != script.instrument_id:
        return failed(criterion, f"The case used the risk checklist '{used}', but the scenario's answers are for "
                                 f"'{script.instrument_id}', so they can't be compared.")
    return marking.policy.instrument_for(marking.case.risk)


def risk_answers(marking: Marking) -> CriterionResult:
    skipped = _not_reached(marking, Criterion.RISK_ANSWERS)
    instrument = skipped or _instrument(marking, Criterion.RISK_ANSWERS)
    if isinstance(instrument, CriterionResult):
        return instrument
    expected = _risk_script(marking).answers
    recorded = marking.case.risk.answers
    missing = [f"Not answered: {q.topic}." for q in instrument.questions if q.question_id not in recorded]
    wrong = [f"{q.topic}: the caller said {expected[q.question_id].label}, "
             f"{recorded[q.question_id].label} was recorded."
             for q in instrument.questions
             if q.question_id in recorded and recorded[q.question_id] is not expected[q.question_id]]
    if not missing and not wrong:
        return passed(Criterion.RISK_ANSWERS, f"All {len(instrument.questions)} questions were answered as the "
                                              "caller answered them.")
    return failed(Criterion.RISK_ANSWERS, f"{len(missing)} not answered and {len(wrong)} recorded differently "
                                          "from the caller's answers.", missing + wrong)


def risk_grade(marking: Marking) -> CriterionResult:
    skipped = _not_reached(marking, Criterion.RISK_GRADE)
    instrument = skipped or _instrument(marking, Criterion.RISK_GRADE)
    if isinstance(instrument, CriterionResult):
        return instrument
    script = _risk_script(marking)
    result = assess(marking.case.risk, instrument)
    how = " (raised by professional judgement)" if result.raised_by_judgement else ""
    if result.grade is script.grade:
        return passed(Criterion.RISK_GRADE, f"Graded {result.grade.value}{how}, as the scenario expects.")
    reason = (f"Graded {result.grade.value}{how} from {result.yes_count} \u201cyes\u201d answers; "
              f"the right grade is {script.grade.value}.")
    if script.judgement and script.grade.rank > result.grade_by_count.rank:
        reason += f" Professional judgement should raise it: {script.judgement}"
    return failed(Criterion.RISK_GRADE, reason)


def referrals(marking: Marking) -> CriterionResult:
    """The referrals confirmed are the ones the scenario calls for: none missing, none extra."""
    skipped = _not_reached(marking, Criterion.REFERRALS)
    if skipped:
        return skipped
    case = marking.case
    proposals = propose_referrals(case, marking.policy)
    decisions = {proposal.key: decision_for(case, proposal.key) for proposal in proposals}
    confirmed = Counter(p.kind for p in proposals if (d := decisions[p.key]) is not None and d.confirmed)
    expected = _expected_referrals(marking)
    missing, extra = expected - confirmed, confirmed - expected
    details = [f"Missing: {_missing(kind, count, expected[kind])}." for kind, count in missing.items()]
    details += [f"Not called for: {_extra(kind, count)}." for kind, count in extra.items()]
    details += [f"Still undecided: {p.kind.label}." for p in proposals if decisions[p.key] is None]
    if not missing and not extra:
        made = "; ".join(_extra(kind, count) for kind, count in expected.items()) or "none"
        return passed(Criterion.REFERRALS, f"Every referral the scenario calls for was made, and no other: {made}.",
                      details)
    return failed(Criterion.REFERRALS, f"{sum(missing.values())} missing and {sum(extra.values())} not called for.",
                  details)


def _expected_referrals(marking: Marking) -> Counter[ReferralKind]:
    kinds = marking.scenario.expected.referrals
    expected: Counter[ReferralKind] = Counter(kind for kind in kinds if kind is not ReferralKind.OPERATION_ENCOMPASS)
    if ReferralKind.OPERATION_ENCOMPASS in kinds:
        # One notice per school-age child, by the force's own rules, from the scenario's true facts.
        facts = marking.facts
        notices = encompass_notices(facts.children, facts.incident_at, marking.call_at, marking.policy.encompass)
        expected[ReferralKind.OPERATION_ENCOMPASS] = len(notices)
    return expected


def _missing(kind: ReferralKind, count: int, out_of: int) -> str:
    if kind is ReferralKind.OPERATION_ENCOMPASS and out_of > 1:
        return f"{kind.label}, for {count} of {out_of} children"
    return kind.label


def _extra(kind: ReferralKind, count: int) -> str:
    return f"{kind.label}, {count} of them" if count > 1 else kind.label


def statement(marking: Marking) -> CriterionResult:
    skipped = _not_reached(marking, Criterion.STATEMENT)
    if skipped:
        return skipped
    details = marking.case.statement
    not_taken = details.not_taken_reason.strip()
    if not marking.scenario.expected.statement_taken:
        if not_taken:
            return passed(Criterion.STATEMENT, f"No statement, as the victim wished, and the reason is recorded: "
                                               f"{not_taken}")
        return failed(Criterion.STATEMENT, "The victim did not want to make a statement; record why none was taken.")
    if not_taken:
        return failed(Criterion.STATEMENT, f"No statement was taken ({not_taken}), but the victim was willing to "
                                           "make one.")
    missing = missing_from_statement(details, marking.case.account.victim.date_of_birth)
    if missing:
        return failed(Criterion.STATEMENT, f"Still missing: {', '.join(missing)}.")
    return passed(Criterion.STATEMENT, "Taken, read back, confirmed true, with every detail around it recorded.")


def milestones(marking: Marking) -> list[Milestone]:
    """The run's milestones in the order the steps should produce them."""
    case, timeline = marking.case, marking.timeline
    answers = [given.answered_at for given in case.safety.answers]
    issued = [invite.issued_at for invite in case.link_invites]
    outcome = case.outcome
    ended = Milestone(f"Case {outcome.kind.label}" if outcome else "Case ended", outcome.at if outcome else None)
    escalated = outcome is not None and outcome.kind is OutcomeKind.ESCALATED
    found = [
        Milestone("Call came in", timeline.call_received),
        Milestone("First safety answer", min(answers) if answers else None),
        Milestone("Safety confirmed", timeline.safety_confirmed),
        Milestone("Link made", min(issued) if issued else None),
        Milestone("Link sent", timeline.link_sent),
        Milestone("Video connected", timeline.video_connected),
        Milestone("Account complete", timeline.account_complete),
        Milestone("Safeguarding advice recorded", case.safeguarding.recorded_at),
        Milestone("Statement read back", case.statement.read_back_at),
    ]
    # An escalation ends the path wherever it comes; a submission comes last.
    return found + [ended] if not escalated or ended.at is None else _placed(found, ended)


def _placed(found: list[Milestone], ended: Milestone) -> list[Milestone]:
    assert ended.at is not None
    before = [milestone for milestone in found if milestone.at is None or milestone.at <= ended.at]
    return before + [ended] + [milestone for milestone in found if milestone not in before]


def steps_in_order(marking: Marking) -> CriterionResult:
    """The case's own times come in the steps' order, and so do the steps the trainee first opened."""
    out_of_order = []
    latest: Milestone | None = None
    for milestone in milestones(marking):
        if milestone.at is None:
            continue
        if latest is not None and latest.at is not None and milestone.at < latest.at:
            out_of_order.append(f"{milestone.label} ({marking.after_call(milestone.at)}) came before "
                                f"{latest.label.lower()} ({marking.after_call(latest.at)}).")
        else:
            latest = milestone
    out_of_order += _visits_out_of_order(marking)
    source = (f"the case's times and the {len(marking.run.visits)} steps the trainee opened"
              if marking.run.visits else "the case's times")
    if out_of_order:
        # The reason names the first step out of order, so a one-line view says which; the rest are particulars.
        more = len(out_of_order) - 1
        also = f" ({more} more below, from {source})" if more else f" (from {source})"
        return failed(Criterion.STEPS_IN_ORDER, f"{out_of_order[0].removesuffix('.')}{also}.", out_of_order)
    return passed(Criterion.STEPS_IN_ORDER, f"Every step was done in order (from {source}).")


def _visits_out_of_order(marking: Marking) -> list[str]:
    order = list(Step)
    first_opened: dict[Step, datetime] = {}
    for visit in sorted(marking.run.visits, key=lambda visit: visit.at):
        first_opened.setdefault(visit.step, visit.at)
    problems = []
    furthest: Step | None = None
    for step, _ in sorted(first_opened.items(), key=lambda item: item[1]):
        if furthest is not None and order.index(step) < order.index(furthest):
            problems.append(f"The {furthest.label} step was opened before the {step.label} step.")
        elif furthest is None or order.index(step) > order.index(furthest):
            furthest = step
    return problems
