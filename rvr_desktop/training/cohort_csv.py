"""A cohort's runs as one CSV for the trainer: one row per run.

    trainee, scenario, date, <one column per criterion>, passed, out_of

Each criterion's cell is "passed", "failed" or "not applicable". The score
is two numbers rather than "7/8", which a spreadsheet would read as a date.
Like the audit export (`store.audit.entries_as_csv`), a cell that a
spreadsheet would run as a formula (a trainee's name typed as "=HYPERLINK(…)",
say) is kept as text with a leading apostrophe, and the file is UTF-8 with a
byte-order mark so spreadsheet programs read names in any script.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from rvr_desktop.workflow.times import local_date

from rvr_desktop.spreadsheet import TRAINING, csv_bytes

from .criteria import Criterion
from .debrief import Debrief

COLUMNS = ("trainee", "scenario", "date", *(criterion.value for criterion in Criterion), "passed", "out_of")


def cohort_csv(debriefs: Iterable[Debrief], local: ZoneInfo) -> bytes:
    """The CSV's bytes, every row marked TRAINING; `date` is the day each run's call came in, on the force's clock."""
    rows = ([debrief.trainee, debrief.scenario_id, local_date(debrief.call_received, local).isoformat(),
             *(debrief.result(criterion).verdict.value for criterion in Criterion), debrief.passed, debrief.out_of]
            for debrief in debriefs)
    return csv_bytes(COLUMNS, rows, marking=TRAINING)
