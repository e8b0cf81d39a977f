"""A trainer's cohort report: every debriefed practice run in a data folder, scored again.

Runs are kept with their cases (`training-run.json`, written at debrief);
scoring them again here means the report always uses the scenario files
and rules as they are now, and needs nothing but the practice store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.steps import Step

from .cohort_csv import cohort_csv
from .debrief import Debrief, score_run
from .run import FiredEvent, StepVisit, TrainingRun
from .scenario import Scenario


@dataclass(frozen=True)
class StoredRun:
    """A run as kept with its case: the record written at debrief, and the case's payload."""

    record: bytes
    case_payload: dict


def rescore(runs: list[StoredRun], scenarios: dict[str, Scenario], policy: Policy) -> tuple[list[Debrief], list[str]]:
    """The debriefs of the runs whose scenario still exists, and a line for each that was left out."""
    debriefs, skipped = [], []
    for stored in runs:
        record = json.loads(stored.record)
        scenario = scenarios.get(record["scenario"])
        if scenario is None:
            skipped.append(f"a run of '{record['scenario']}', a scenario no longer installed")
            continue
        run = TrainingRun(
            record["trainee"], scenario, Case.from_dict(stored.case_payload),
            [StepVisit(Step(step), datetime.fromisoformat(at)) for step, at in record["visits"]],
            [FiredEvent(event_id, datetime.fromisoformat(at)) for event_id, at in record["fired"]])
        debriefs.append(score_run(run, policy))
    return debriefs, skipped


def cohort_report(runs: list[StoredRun], scenarios: dict[str, Scenario], policy: Policy) -> tuple[bytes, list[str]]:
    debriefs, skipped = rescore(runs, scenarios, policy)
    return cohort_csv(debriefs, policy.zone), skipped
