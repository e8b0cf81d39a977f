"""The same file received twice is one exhibit: filing recognises it, and a
case made before that rule is mended without losing the second arrival."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from zoneinfo import ZoneInfo

from test_exhibit_references import DIGEST, exhibit

from rvr_desktop.training.specimen_cases import CALL_AT
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.exhibits import (
    MergedExhibit,
    exhibit_with_digest,
    file_exhibit,
    merge_duplicate_exhibits,
    merge_words,
    repeat_words,
)
from rvr_desktop.workflow.steps import Step

OTHER = hashlib.sha256(b"screenshot of the messages").hexdigest()
PHOTO = dict(initials="JS", description="Photo or screenshot sent by the caller", captured_by="PC 1234 J Smith",
             how_captured="Uploaded by the caller from the call page", file_name="exhibit-a.jpg")


def test_a_second_upload_with_the_same_digest_is_the_same_exhibit():
    exhibits = []
    first, new = file_exhibit(exhibits, captured_at=CALL_AT, sha256=DIGEST, **PHOTO)
    assert new and first.reference == "JS/1"
    other, new = file_exhibit(exhibits, captured_at=CALL_AT + timedelta(minutes=1), sha256=OTHER, **PHOTO)
    assert new and other.reference == "JS/2"
    again, new = file_exhibit(exhibits, captured_at=CALL_AT + timedelta(minutes=3), sha256=DIGEST,
                              **{**PHOTO, "file_name": "exhibit-b.jpg"})
    assert not new and again is first
    assert [e.reference for e in exhibits] == ["JS/1", "JS/2"]
    (arrival,) = first.also_received
    assert arrival.received_at == CALL_AT + timedelta(minutes=3) and arrival.file_name == "exhibit-b.jpg"
    assert arrival.withdrawn_reference == ""
    assert exhibit_with_digest(exhibits, OTHER) is other and exhibit_with_digest(exhibits, "0" * 64) is None


def test_merging_keeps_the_first_reference_and_records_the_second_arrival():
    exhibits = [exhibit("JS/1"), exhibit("JS/2", sha256=OTHER),
                exhibit("JS/3", captured_at=CALL_AT + timedelta(minutes=3), description="The same photo again",
                        file_name="exhibit-b.jpg")]
    merged = merge_duplicate_exhibits(exhibits)
    assert merged == [MergedExhibit("JS/1", "JS/3", DIGEST)]
    assert merge_words(merged) == "JS/3 merged into JS/1"
    assert [e.reference for e in exhibits] == ["JS/1", "JS/2"]
    (arrival,) = exhibits[0].also_received
    assert (arrival.withdrawn_reference, arrival.description, arrival.file_name) == (
        "JS/3", "The same photo again", "exhibit-b.jpg")
    assert merge_duplicate_exhibits(exhibits) == []  # a mended case stays as it is


def test_the_earliest_capture_stands_even_when_listed_later():
    later = exhibit("JS/1", captured_at=CALL_AT + timedelta(minutes=5))
    earlier = exhibit("JS/2", captured_at=CALL_AT)
    exhibits = [later, earlier]
    assert merge_duplicate_exhibits(exhibits) == [MergedExhibit("JS/2", "JS/1", DIGEST)]
    assert exhibits == [earlier] and earlier.also_received[0].withdrawn_reference == "JS/1"


def test_three_copies_become_one_exhibit_with_every_arrival_in_order():
    exhibits = [exhibit(f"JS/{n}", captured_at=CALL_AT + timedelta(minutes=n)) for n in (1, 2, 3)]
    assert [m.withdrawn for m in merge_duplicate_exhibits(exhibits)] == ["JS/2", "JS/3"]
    assert [a.withdrawn_reference for a in exhibits[0].also_received] == ["JS/2", "JS/3"]


def test_the_repeat_is_told_on_the_forces_wall_clock():
    exhibits = [exhibit("JS/1"), exhibit("JS/2", captured_at=CALL_AT + timedelta(minutes=3, seconds=7))]
    merge_duplicate_exhibits(exhibits)
    words = repeat_words(exhibits[0].also_received[0], ZoneInfo("Europe/London"))
    assert words.startswith("Received again at 14:03:07 GMT on Tuesday 4 November 2025 by PC 1234 J Smith")
    assert "(Still taken from the video call)" in words and "first recorded as JS/2, a reference now withdrawn" in words


def test_repeat_arrivals_survive_the_round_trip_and_old_cases_read_without_them(build):
    case = build.done_before(Step.REVIEW)
    case.exhibits = [exhibit("JS/1"), exhibit("JS/2", captured_at=CALL_AT + timedelta(minutes=2))]
    merge_duplicate_exhibits(case.exhibits)
    again = Case.from_dict(case.to_dict())
    assert again.exhibits == case.exhibits and again.exhibits[0].also_received[0].withdrawn_reference == "JS/2"
    old = case.to_dict()
    del old["exhibits"][0]["also_received"]
    assert Case.from_dict(old).exhibits[0].also_received == []
