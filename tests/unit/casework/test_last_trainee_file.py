"""The last trainee's details on a practice workstation (casework/practice_trainee.py): kept private and whole,
read back, and a damaged file reported and left alone."""

from __future__ import annotations

import json
import stat

import pytest

from rvr_desktop.casework.practice_trainee import (
    NAME_NEEDED,
    NUMBER_NEEDED,
    TRAINEE_FILE,
    TraineeFileDamaged,
    keep_trainee,
    read_last_trainee,
    trainee_from_form,
    trainee_problems,
)
from rvr_desktop.settings import OfficerProfile

JO = OfficerProfile("Jo Bloggs", "PC", "1234", "RVR team")


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "practice"
    folder.mkdir(mode=0o700)
    return folder


def test_before_anyone_has_saved_their_details_there_is_no_last_trainee(folder):
    assert read_last_trainee(folder) is None


def test_a_trainees_details_are_kept_privately_and_read_back_whole(folder):
    keep_trainee(folder, JO)
    path = folder / TRAINEE_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == [TRAINEE_FILE]  # no temporary file left beside it
    assert read_last_trainee(folder) == JO
    # The next trainee's replace them.
    sam = OfficerProfile("Sam Ó Briain", "DC", "5678")
    keep_trainee(folder, sam)
    assert read_last_trainee(folder) == sam
    assert json.loads(path.read_text(encoding="utf-8"))["name"] == "Sam Ó Briain"


def test_a_name_and_a_number_are_needed_and_each_missing_one_is_said(folder):
    assert trainee_problems(JO) == {}
    assert trainee_problems(trainee_from_form("  ", "PC", "")) == {"name": NAME_NEEDED, "number": NUMBER_NEEDED}
    assert trainee_problems(trainee_from_form("Jo Bloggs", "", "")) == {"number": NUMBER_NEEDED}
    # Details that name nobody are never kept, and whoever was kept stays.
    keep_trainee(folder, JO)
    with pytest.raises(ValueError, match="collar or staff number"):
        keep_trainee(folder, OfficerProfile("Jo Bloggs", "PC", ""))
    assert read_last_trainee(folder) == JO


def test_stray_spaces_do_not_make_a_second_person():
    assert trainee_from_form(" Jo  Bloggs ", "PC ", " 1234", "") == OfficerProfile("Jo Bloggs", "PC", "1234", "")


@pytest.mark.parametrize("damaged", [
    b"{\"format\": 1, \"name\": \"Jo Blo",  # cut short
    b"\xff\xfe not text",
    b"[\"Jo Bloggs\"]",
    b"{\"format\": 2, \"name\": \"Jo Bloggs\", \"number\": \"1234\"}",  # a newer version's
    b"{\"format\": 1, \"name\": \"Jo Bloggs\", \"number\": 1234}",
    b"{\"format\": 1, \"name\": \"Jo Bloggs\", \"number\": \"\"}",
])
def test_a_damaged_file_is_reported_plainly_and_left_as_it_is_until_a_trainee_saves_theirs(folder, damaged):
    path = folder / TRAINEE_FILE
    path.write_bytes(damaged)
    with pytest.raises(TraineeFileDamaged) as raised:
        read_last_trainee(folder)
    said = str(raised.value)
    assert str(path) in said and "left as it is" in said and "Type your details" in said
    assert path.read_bytes() == damaged  # reading it changed nothing
    keep_trainee(folder, JO)  # the trainee saved their details: theirs take its place
    assert read_last_trainee(folder) == JO


def test_a_file_that_cannot_be_opened_is_reported_not_raised_as_a_fault(folder):
    (folder / TRAINEE_FILE).mkdir()  # where the file should be, something that is not one
    with pytest.raises(TraineeFileDamaged, match="cannot be read"):
        read_last_trainee(folder)
