"""The trainee's debrief PDF (read back with poppler's pdftotext) and the trainer's cohort CSV."""

from __future__ import annotations

import csv
import io

from training_runs import TERM_TIME_NOON, Trainee, correct_run

from rvr_desktop.training import Criterion, cohort_csv, debrief_pdf, score_run
from rvr_desktop.training.cohort_csv import COLUMNS
from tests.unit.documents.pdf_reading import flat, info, pages


def _debriefs(scenarios, policy):
    right = score_run(correct_run(scenarios["standard-risk"], policy), policy)
    wrong_run = Trainee(scenarios["not-safe-at-start"], policy, name="=HYPERLINK(\"x\")").hands_over()
    wrong_run.records_safety().sends_link(80)
    return right, score_run(wrong_run.run, policy)


def test_the_pdf_names_every_criterion_and_is_marked_training_on_every_page(scenarios, policy):
    right, wrong = _debriefs(scenarios, policy)
    for debrief in (right, wrong):
        pdf = debrief_pdf(debrief, policy, TERM_TIME_NOON)
        text = pages(pdf)
        assert text and all("TRAINING" in page and "OFFICIAL-SENSITIVE" in page for page in text)
        whole = flat(" ".join(text))
        for criterion in Criterion:
            assert criterion.label in whole, criterion
        assert f"{debrief.passed} of {debrief.out_of} criteria passed" in whole
        assert debrief.scenario_title in whole
        for result in debrief.results:
            assert flat(result.reason) in whole
            for detail in result.details:
                assert flat(detail) in whole
        assert "Call came in" in whole and "What this scenario teaches" in whole
        # No names in the metadata: only the title and the marking.
        metadata = info(pdf)
        assert metadata["Title"] == "Training debrief"
        assert debrief.trainee not in " ".join(metadata.values())


def test_the_pdf_says_which_criteria_failed(scenarios, policy):
    _, wrong = _debriefs(scenarios, policy)
    whole = flat(" ".join(pages(debrief_pdf(wrong, policy, TERM_TIME_NOON))))
    assert "Safety confirmed before any link Failed A link was sent" in whole
    assert "Time to link Not applicable No link was due" in whole
    assert "1 of 2 criteria passed" in whole


def test_the_cohort_csv_has_a_row_per_run_and_no_formulas(scenarios, policy):
    right, wrong = _debriefs(scenarios, policy)
    data = cohort_csv([right, wrong], policy.zone)
    assert data.startswith("\ufeff".encode())  # spreadsheets then read any script
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    # Every row is marked as practice data.
    assert [row[0] for row in rows] == ["marking", "TRAINING", "TRAINING"]
    rows = [row[1:] for row in rows]
    assert rows[0] == list(COLUMNS) == ["trainee", "scenario", "date", "safety", "time_to_link", "time_to_video",
                                        "risk_answers", "risk_grade", "referrals", "statement", "steps_in_order",
                                        "scripted_events", "call_ended_on_escalation", "language_and_access",
                                        "passed", "out_of"]
    assert rows[1] == ["PC Trainee", "standard-risk", "2025-11-12", "passed", "passed", "passed", "passed", "passed",
                       "passed", "passed", "passed", "not applicable", "not applicable", "not applicable", "8",
                       "8"]
    assert rows[2][:4] == ["'=HYPERLINK(\"x\")", "not-safe-at-start", "2025-11-12", "failed"]
    assert rows[2][-2:] == ["1", "2"]
    assert len(rows) == 3
