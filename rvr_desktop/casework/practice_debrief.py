"""A practice run's debrief: scored, made into a PDF, and kept with the case beside the run itself.

The run's record (`training-run.json`) is kept too, so a trainer's cohort
report (`training.cohort.rescore`, its reader) can score every run again with
the scenario files and rules as they are then. Scoring and the PDF are slow
(reportlab): `score_debrief` runs off the GUI thread, `keep_debrief` on the
store's thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rvr_desktop.store.case_files import CaseFile, CaseFileKind
from rvr_desktop.training import Debrief, TrainingRun, debrief_pdf, score_run
from rvr_desktop.workflow.policy import Policy

if TYPE_CHECKING:
    from rvr_desktop.store.case_store import CaseStore

RECORD_NAME = "training-run.json"
DEBRIEF_NAME = "debrief.pdf"


@dataclass(frozen=True)
class ScoredRun:
    """A run's debrief, its PDF, and the record the cohort report reads."""

    debrief: Debrief
    pdf: bytes
    record: bytes


def run_record(run: TrainingRun) -> bytes:
    """What a run adds to its case: the scenario, the trainee, the steps opened, the events fired."""
    return json.dumps({
        "format": 1, "scenario": run.scenario.scenario_id, "trainee": run.trainee,
        "visits": [[visit.step.value, visit.at.isoformat()] for visit in run.visits],
        "fired": [[event.event_id, event.at.isoformat()] for event in run.fired],
    }).encode()


def score_debrief(run: TrainingRun, policy: Policy, made_at: datetime) -> ScoredRun:
    """The run scored against its scenario, with the trainee's PDF made at `made_at` (the case's clock)."""
    debrief = score_run(run, policy)
    return ScoredRun(debrief, debrief_pdf(debrief, policy, made_at), run_record(run))


def keep_debrief(store: CaseStore, store_id: str, scored: ScoredRun) -> CaseFile:
    """Keeps the run's record and its debrief PDF with case `store_id`; returns the PDF's file (the store's thread)."""
    store.files.add(store_id, CaseFileKind.TRAINING_RUN, RECORD_NAME, "application/json", scored.record)
    return store.files.add(store_id, CaseFileKind.DOCUMENT, DEBRIEF_NAME, "application/pdf", scored.pdf)
