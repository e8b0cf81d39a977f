"""A practice run's debrief (casework/practice_debrief.py), scored and kept in a real encrypted store."""

from __future__ import annotations

import json

import pytest

from rvr_desktop.casework.practice_debrief import keep_debrief, run_record, score_debrief
from rvr_desktop.casework.practice_run import ScenarioRun
from rvr_desktop.settings import OfficerProfile
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline, CaseNotFound
from rvr_desktop.training import practice_policy
from rvr_desktop.training.cohort import StoredRun, rescore
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.policy import load_policy
from rvr_desktop.workflow.steps import Step
from tests.unit.casework.practice_cases import CALL_AT, HandClock, shipped_scenario


@pytest.fixture(scope="module")
def policy():
    return practice_policy(load_policy())


@pytest.fixture
def store(data_dir):
    store = CaseStore(data_dir, "practice:trainee")
    yield store
    store.close()


def _a_run_of_suspect_returns(policy):
    """A trainee who store the safety check and the link step; the suspect came home on the timetable."""
    clock = HandClock()
    run = ScenarioRun(shipped_scenario(policy, "suspect-returns"), policy, clock, CALL_AT)
    case = CaseBuilder(policy).done_before(Step.ACCOUNT, call_at=CALL_AT)  # the video connected
    run.visited(Step.SAFETY)
    clock.advance(minutes=1)
    run.visited(Step.LINK)
    clock.advance(minutes=12)
    assert [news.event.event_id for news in run.tick(case)] == ["he-is-back"]
    return run.snapshot(case, OfficerProfile("Practice Trainee", "PC", "TR9")), clock


def test_the_debrief_and_the_run_are_kept_with_the_case_and_the_cohort_report_scores_it_the_same(store, policy):
    snapshot, clock = _a_run_of_suspect_returns(policy)
    case_id = store.cases.create(snapshot.case.to_dict(), CaseHeadline("CAD-1", "Sam Example", "draft")).case_id

    scored = score_debrief(snapshot, policy, clock())
    pdf_file = keep_debrief(store, case_id, scored)

    kept = {stored.kind: stored for stored in store.files.list_for_case(case_id)}
    assert set(kept) == {"training-run", "document"} and kept["document"] == pdf_file
    assert (kept["training-run"].name, kept["document"].name) == ("training-run.json", "debrief.pdf")
    _, pdf = store.files.get(pdf_file.file_id)
    assert pdf == scored.pdf and pdf.startswith(b"%PDF")
    _, record = store.files.get(kept["training-run"].file_id)
    assert json.loads(record) == {
        "format": 1, "scenario": "suspect-returns", "trainee": "PC TR9 Practice Trainee",
        "visits": [["safety", CALL_AT.isoformat()], ["link", "2025-11-12T12:01:00+00:00"]],
        "fired": [["he-is-back", "2025-11-12T12:13:00+00:00"]],
    }
    assert record == run_record(snapshot)

    # What the trainer's cohort report reads back gives the trainee's own score.
    payload = store.cases.open_case(case_id).payload
    [again], skipped = rescore([StoredRun(record, payload)], {snapshot.scenario.scenario_id: snapshot.scenario},
                               policy)
    assert skipped == [] and again.results == scored.debrief.results
    assert (again.trainee, again.scenario_id) == ("PC TR9 Practice Trainee", "suspect-returns")


def test_a_debrief_for_a_case_the_store_does_not_hold_is_refused_and_nothing_is_kept(store, policy):
    snapshot, clock = _a_run_of_suspect_returns(policy)
    with pytest.raises(CaseNotFound):
        keep_debrief(store, "no-such-case", score_debrief(snapshot, policy, clock()))
    assert store.files.list_for_case("no-such-case") == []
