"""Filing evidence from the call, with no window: stills checked, bytes kept
encrypted in the real store, references given in arrival order, the same
bytes never a second exhibit, declined photos audited, recordings assembled."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from rvr_desktop.casework.exhibits import (
    STILL_CHANGED, CallRecording, Evidence, NotKept, declined_photo, discarded_photo, exhibit_file_name,
    file_stored_exhibit, photo_arrived, photo_from_caller, still_from_view, store_exhibit,
)
from rvr_desktop.settings import OfficerProfile
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.video.client import UploadInfo
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.steps import Step

OFFICER = OfficerProfile("Jo Smith", rank="PC", number="1234")
AT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
PHOTO = b"\xff\xd8a bruise on the forearm\xff\xd9"


@pytest.fixture
def case(policy) -> Case:
    built = CaseBuilder(policy).done_before(Step.VIDEO)
    built.exhibits = []
    return built


def _kept(store: CaseStore, case: Case) -> str:
    return store.cases.create(case.to_dict(), CaseHeadline("CAD-1", "Sam Example", "draft")).case_id


def _upload(content: bytes = PHOTO, upload_id: str = "u1") -> UploadInfo:
    return UploadInfo(upload_id, "caller", "image/jpeg", hashlib.sha256(content).hexdigest(), 3 * 1048576,
                      "2026-03-02T14:29:00Z")


def _still(content: bytes, sha256: str | None = None) -> dict:
    return {"base64": base64.b64encode(content).decode(), "sha256": sha256 or hashlib.sha256(content).hexdigest(),
            "media_type": "image/png", "role": "caller"}


def test_a_still_is_kept_only_if_it_arrived_unchanged():
    evidence = still_from_view(_still(b"\x89PNG the caller"))
    assert evidence == Evidence(b"\x89PNG the caller", "image/png", "Still of the caller's video",
                                "still taken from the video call")
    assert still_from_view(_still(b"\x89PNG the caller", sha256="0" * 64)) == NotKept(STILL_CHANGED)


def test_a_stored_file_is_named_by_its_type_and_says_nothing_of_the_caller():
    assert exhibit_file_name("image/jpeg").endswith(".jpg") and exhibit_file_name("video/webm").endswith(".webm")
    assert exhibit_file_name("application/x-unknown").endswith(".bin")
    assert exhibit_file_name("image/png") != exhibit_file_name("image/png")


def test_evidence_is_kept_encrypted_then_given_references_in_the_order_it_arrived(store, case):
    case_id = _kept(store, case)
    first = store_exhibit(store, case_id, still_from_view(_still(b"\x89PNG one")))  # type: ignore[arg-type]
    second = store_exhibit(store, case_id, photo_from_caller(_upload(), PHOTO))
    # Nothing is filed in the case by storing: the case belongs to the thread that files.
    assert case.exhibits == []

    one = file_stored_exhibit(case, first, OFFICER, AT)
    two = file_stored_exhibit(case, second, OFFICER, AT + timedelta(seconds=5))
    # The still is the officer's to produce; the photo she sent is hers, under her initials and her own numbering.
    assert case.intake.caller_name.startswith("S") and case.intake.caller_name.split()[-1].startswith("E")
    assert (one.new, one.exhibit.reference, two.new, two.exhibit.reference) == (True, "JS/1", True, "SE/1")
    assert one.notice == "" and one.note == "exhibit JS/1 kept (still of the caller's video)"
    photo = two.exhibit
    assert photo.description == "Photo or screenshot sent by the caller"
    assert photo.how_captured == "uploaded by the caller from the call page"
    assert photo.captured_by == "PC 1234 Jo Smith" and photo.file_name == second.file.name
    assert photo.file_name.endswith(".jpg")
    _file, content = store.files.get(second.file.file_id)
    assert content == PHOTO and photo.sha256 == hashlib.sha256(PHOTO).hexdigest()


def test_the_same_bytes_stored_twice_are_one_exhibit_with_the_second_arrival_noted(store, case):
    case_id = _kept(store, case)
    evidence = photo_from_caller(_upload(), PHOTO)
    # Filed while the first was still being stored: both reach the store before either is filed.
    first, again = store_exhibit(store, case_id, evidence), store_exhibit(store, case_id, evidence)
    file_stored_exhibit(case, first, OFFICER, AT)
    repeat = file_stored_exhibit(case, again, OFFICER, AT + timedelta(minutes=1))
    assert not repeat.new and repeat.note == ""
    assert repeat.notice == "That file is already exhibit SE/1; no second exhibit was made."
    (exhibit,) = case.exhibits
    assert [a.file_name for a in exhibit.also_received] == [again.file.name]


def test_a_photo_that_repeats_an_exhibit_is_noted_on_it_and_never_waits_for_the_officer(store, case):
    case_id = _kept(store, case)
    assert photo_arrived(case, _upload(), OFFICER, AT) is None  # new: it waits to be filed or declined
    assert case.exhibits == []

    file_stored_exhibit(case, store_exhibit(store, case_id, photo_from_caller(_upload(), PHOTO)), OFFICER, AT)
    repeat = photo_arrived(case, _upload(upload_id="u2"), OFFICER, AT + timedelta(minutes=2))
    assert repeat is not None and not repeat.new and repeat.exhibit is case.exhibits[0]
    assert "already exhibit SE/1" in repeat.notice and "no second exhibit" in repeat.notice
    assert len(case.exhibits) == 1
    (arrival,) = case.exhibits[0].also_received
    assert arrival.how == "uploaded again by the caller from the call page" and arrival.file_name == ""
    assert arrival.received_by == "PC 1234 Jo Smith"
    assert photo_arrived(case, _upload(b"another photo", "u3"), OFFICER, AT) is None


def test_a_declined_or_discarded_photo_is_an_erasure_in_the_audit_log_naming_never_its_content(store, case):
    case_id = _kept(store, case)
    declined = declined_photo(_upload())
    declined.record(store, case_id)
    discarded_photo(_upload(upload_id="u2"), "escalated").record(store, case_id)
    assert declined.note == "photo from the caller declined"

    first, second = list(store.audit.entries())[-2:]
    assert (first.action, first.record) == ("erasure", f"case:{case_id}/upload:u1")
    assert first.fields == ("photo from the caller (image/jpeg, 3.0 MB)",)
    assert first.justification == "declined by the officer: not filed as an exhibit, discarded by the link service"
    assert (second.action, second.record) == ("erasure", f"case:{case_id}/upload:u2")
    assert second.justification == "discarded unfiled: the call was ended and forgotten as the case was escalated"
    assert store.audit.verify().ok


def test_a_recording_is_assembled_from_its_parts_in_order_and_starts_afresh():
    recording = CallRecording()
    assert recording.finished() is None  # nothing recorded: nothing to keep
    for part in (b"\x1aE\xdf\xa3", b"cluster one", b"cluster two"):
        recording.add_part(base64.b64encode(part).decode())
    made = recording.finished()
    assert made == Evidence(b"\x1aE\xdf\xa3cluster onecluster two", "video/webm", "Recording of the video call",
                            "recorded on the workstation during the call")
    assert recording.finished() is None
