"""The review page's summary: the case in plain words, children by name, each section tied to its step."""

from __future__ import annotations

from datetime import date

from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.workflow import actions
from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.case_summary import case_summary
from rvr_desktop.workflow.steps import Step


def _sections(case, policy) -> dict[str, tuple[Step, tuple[str, ...]]]:
    return {section.title: (section.step, section.lines) for section in case_summary(case, policy)}


def _with_two_school_children(build: CaseBuilder):
    case = build.done_before(Step.REVIEW)
    case.account.children = [Child(name="Amy Example", date_of_birth=date(2017, 3, 2), school="Hill Primary",
                                   lives_with_victim=True, present=True),
                             Child(name="Ben Example", date_of_birth=date(2015, 6, 9), school="Oak Juniors",
                                   lives_with_victim=True, present=False)]
    return case


def test_the_summary_names_the_people_and_ties_each_section_to_its_step(build: CaseBuilder, policy):
    case = _with_two_school_children(build)
    case.account.suspect.name = "Mark Example"
    found = _sections(case, policy)
    assert list(found) == ["Victim", "Suspect", "Children", "Risk", "Referrals", "Statement", "Exhibits"]
    assert found["Victim"][0] is Step.INTAKE and any(case.intake.caller_name in line for line in found["Victim"][1])
    assert "Name: Mark Example" in found["Suspect"][1]
    children = found["Children"][1]
    assert children[0].startswith("Amy Example (born 02/03/2017, Hill Primary)") and "present at the incident: yes" \
        in children[0]
    assert children[1].startswith("Ben Example") and found["Children"][0] is Step.ACCOUNT
    assert found["Risk"][1][0] == "Grade: standard \u2014 0 of 27 questions answered \u201cyes\u201d"
    assert "He shouted and pushed me against the door." in found["Statement"][1][1]


def test_two_encompass_notices_are_told_apart_by_the_child_and_school(build: CaseBuilder, policy):
    referrals = _sections(_with_two_school_children(build), policy)["Referrals"][1]
    encompass = [line for line in referrals if line.startswith("Operation Encompass")]
    assert len(encompass) == 2 and len(set(encompass)) == 2
    assert encompass[0].startswith("Operation Encompass: Amy Example's school (Hill Primary)")
    assert encompass[1].startswith("Operation Encompass: Ben Example's school (Oak Juniors)")


def test_a_long_statement_is_shown_as_an_extract(build: CaseBuilder, policy):
    case = build.done_before(Step.REVIEW)
    case.statement.narrative = "word " * 400
    extract = _sections(case, policy)["Statement"][1][1]
    assert len(extract) < 320 and extract.endswith("\u2026\u201d")


def test_an_escalated_case_leads_with_its_escalation_and_what_to_pass_on(build: CaseBuilder, policy):
    case = build.done_before(Step.RISK)
    instrument = policy.instrument_for(case.risk)
    strong = next(q for q in instrument.questions if q.indicator is not None)
    case.risk.answers = {strong.question_id: Answer.YES}
    actions.escalate(case, "Suspect came back during the call.", CALL_AT)
    actions.record_escalation_step(case, policy, "cad_updated", True, CALL_AT)
    actions.write_note_for_attending(case, policy, "Back door is open.")
    first = case_summary(case, policy)[0]
    assert first.title == "Escalation" and first.step is Step.REVIEW
    assert "Suspect came back during the call." in first.lines[0]
    assert any(line.startswith("CAD updated: done at") for line in first.lines)
    assert any(line.startswith("Location confirmed: not done") for line in first.lines)
    assert "The note says: Back door is open." in first.lines
    assert any(strong.topic in line for line in first.lines)
    # Graded from the first answer, as on the risk page, with what is still to ask.
    assert _sections(case, policy)["Risk"][1][0].endswith("26 still to answer")
    indicators = _sections(case, policy)["Risk"][1][1]
    assert indicators.startswith("Strong indicators: ") and "_" not in indicators  # plain words, not ids


def test_many_exhibits_are_counted_after_the_first_few(build: CaseBuilder, policy):
    from rvr_desktop.workflow.case_summary import EXHIBITS_LISTED
    from rvr_desktop.workflow.exhibits import Exhibit

    case = build.done_before(Step.REVIEW)
    case.exhibits = [Exhibit(f"PO/{n}", "Still of the caller's video", "PC 1 Example", CALL_AT,
                             "still taken from the video call", f"{n:064x}", f"still-{n}.png") for n in range(1, 51)]
    lines = _sections(case, policy)["Exhibits"][1]
    assert len(lines) == EXHIBITS_LISTED + 1 and lines[0].startswith("PO/1:")
    assert lines[-1].startswith("… and 42 more (50 in all)")
