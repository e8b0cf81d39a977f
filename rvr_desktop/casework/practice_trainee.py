"""Who is doing a practice run: the trainee's name, rank and number, kept for the next run on this workstation.

A training room often shares one login, so the account cannot say who ran a
scenario. Each trainee says who they are before a run starts, and those
details name them in the debrief, the run's documents and the trainer's
cohort report. The last trainee's details stay in the practice data folder
(`trainee.json`) so the same person starts their next run with one key. They
are not secret, but the file is private and written atomically like
everything else in that folder. A damaged file is reported and left alone
until the trainee saves their details in its place.
"""

from __future__ import annotations

import json
from pathlib import Path

from rvr_desktop.settings import OfficerProfile
from rvr_desktop.store.folder import write_private_file
from rvr_desktop.workflow.case import Case, PracticeTrainee

TRAINEE_FILE = "trainee.json"
_FORMAT = 1
_FIELDS = ("name", "rank", "number", "unit")
# Said where the trainee typed the details (the form's inline message), so each names the field to fill in.
NAME_NEEDED = "Type your name: the debrief and the trainer's cohort report name you by it."
NUMBER_NEEDED = ("Type your collar or staff number: it tells you apart from anyone else of the same name in the "
                 "trainer's cohort report.")


class TraineeFileDamaged(Exception):
    """The last trainee's file cannot be read; the message says what happened, what was kept and what to do."""


def trainee_problems(trainee: OfficerProfile) -> dict[str, str]:
    """What is missing before a run can name `trainee`, by field ('name', 'number'); empty when nothing is."""
    problems = {}
    if not trainee.name.strip():
        problems["name"] = NAME_NEEDED
    if not trainee.number.strip():
        problems["number"] = NUMBER_NEEDED
    return problems


def trainee_from_form(name: str, rank: str, number: str, unit: str = "") -> OfficerProfile:
    """The trainee as typed, with stray spaces trimmed (a space typed after a name must not make a second person
    in the cohort report)."""
    return OfficerProfile(*(" ".join(part.split()) for part in (name, rank, number, unit)))


def read_last_trainee(folder: Path) -> OfficerProfile | None:
    """The details the last trainee saved in `folder`; None before anyone has. Reads the disk: off the GUI thread.

    Raises TraineeFileDamaged when the file is there but cannot be used; the file is left exactly as it is.
    """
    path = folder / TRAINEE_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _damaged(path, exc.strerror or type(exc).__name__) from exc
    try:
        doc = json.loads(raw)
    except ValueError as exc:
        raise _damaged(path, "it is not a trainee's details") from exc
    if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
        raise _damaged(path, "it is not a trainee's details in a form this version reads")
    if not all(isinstance(doc.get(field, ""), str) for field in _FIELDS):
        raise _damaged(path, "some of its details are not text")
    trainee = trainee_from_form(*(doc.get(field, "") for field in _FIELDS))
    if trainee_problems(trainee):
        raise _damaged(path, "it has no name or no number")
    return trainee


def keep_trainee(folder: Path, trainee: OfficerProfile) -> None:
    """Keep `trainee` as the last trainee in `folder` (atomic, mode 0600), in place of whatever was there.

    Only details that name someone are kept: ValueError otherwise, and the file is not touched.
    """
    problems = trainee_problems(trainee)
    if problems:
        raise ValueError(" ".join(problems.values()))
    doc = {"format": _FORMAT, **{field: getattr(trainee, field) for field in _FIELDS},
           "about": "The last trainee to start a practice run on this workstation: their details are filled in "
                    "for the next run. Practice only; holds no secret."}
    write_private_file(folder / TRAINEE_FILE, json.dumps(doc, indent=2, ensure_ascii=False).encode())


def trainee_for_case(trainee: OfficerProfile) -> PracticeTrainee:
    """`trainee` as their practice case keeps them (the workflow knows nothing of the workstation's settings)."""
    return PracticeTrainee(**{field: getattr(trainee, field) for field in _FIELDS})


def trainee_of_case(case: Case) -> OfficerProfile | None:
    """Who ran a practice case, as its documents name them when it is reopened; None when it names no one."""
    kept = case.practice_trainee
    if kept is None:
        return None
    trainee = trainee_from_form(*(getattr(kept, field) for field in _FIELDS))
    # A case whose kept details name no one (edited by hand, say) stays in the practice officer's name.
    return None if trainee_problems(trainee) else trainee


def _damaged(path: Path, why: str) -> TraineeFileDamaged:
    return TraineeFileDamaged(
        f"The last trainee's details in {path} cannot be read ({why}). The file was left as it is. Type your "
        "details: starting the run saves them in its place.")
