"""One file received twice reaches the records system as one exhibit: new
filings never name it twice, and a case already stuck on it is mended at start
and delivers, under the key and the filing it was submitted with."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from records_cases import filed_as_before_repeats_were_recognised, refused_once, submit_stored_case, wait_until

from rvr_desktop.casework.opening import open_case_for_officer
from rvr_desktop.records_server.checks import cross_reference_problems
from rvr_desktop.records_server.records import investigations_by_case
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.sync.backoff import RetryPolicy
from rvr_desktop.sync.contract import problems_with
from rvr_desktop.sync.pole import Submission, investigation_from_case
from rvr_desktop.sync.repeat_exhibits import FilingNotMendable, merge_filing_exhibits, mend_repeated_exhibits
from rvr_desktop.sync.worker import OutboxWorker
from rvr_desktop.training.specimen_cases import finished_case
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.exhibits import MergedExhibit, merge_duplicate_exhibits
from tests.unit.store.test_migrations import RELEASED, released_store

PHOTO = b"\xff\xd8the same photo of the bruising\xff\xd9"
SUBMISSION = Submission("0f6b1e2a-1111-4222-8333-444455556666", "PC 1234", datetime(2025, 11, 4, 15, tzinfo=UTC),
                        True, "0.1.0")
ZONE = ZoneInfo("Europe/London")


def _exhibit_objects(filing: dict) -> list[dict]:
    return [o for o in filing["objects"] if o["kind"] == "exhibit"]


def test_a_new_filing_names_one_file_once_and_tells_its_second_arrival(policy):
    case = finished_case(policy, [PHOTO, b"a screenshot", PHOTO])
    before = case.to_dict()
    filing = investigation_from_case(case, policy, SUBMISSION)
    assert problems_with("InvestigationRequest", filing) == [] and cross_reference_problems(filing) == []
    photo, screenshot = _exhibit_objects(filing)
    assert (photo["reference"], screenshot["reference"]) == ("JS/1", "JS/2")
    assert photo["how_captured"].startswith("still taken from the video call Received again at 14:13:00 GMT")
    assert "first recorded as JS/3, a reference now withdrawn" in photo["how_captured"]
    assert case.to_dict() == before  # filing is pure: the case itself is mended only where it is stored


def test_an_old_filing_is_mended_to_what_the_mended_case_would_file(policy):
    case = finished_case(policy, [PHOTO, PHOTO])
    with filed_as_before_repeats_were_recognised():
        old = investigation_from_case(case, policy, SUBMISSION)
    assert [p.detail for p in cross_reference_problems(old)] == [f"two exhibits have the same sha256 "
                                                                 f"{case.exhibits[0].sha256}"]
    merged = merge_filing_exhibits(old, ZONE)
    assert merged == [MergedExhibit("JS/1", "JS/2", case.exhibits[0].sha256)]
    merge_duplicate_exhibits(case.exhibits)
    assert old == investigation_from_case(case, policy, SUBMISSION)
    assert merge_filing_exhibits(old, ZONE) == []


@pytest.mark.parametrize(("damage", "says"), [
    (lambda o: o.pop("captured_at"), "KeyError"),
    (lambda o: o.update(captured_at="2025-11-04T14:12:00"), "has no time zone"),
    (lambda o: o.update(how_captured=7), "its how_captured is not text"),
    (lambda o: o.update(file_name=None), "its file_name is not text"),
])
def test_a_filing_whose_exhibits_cannot_be_read_is_left_as_it_is(policy, damage, says):
    with filed_as_before_repeats_were_recognised():
        old = investigation_from_case(finished_case(policy, [PHOTO, PHOTO]), policy, SUBMISSION)
    damage(_exhibit_objects(old)[1])
    kept = copy.deepcopy(old)
    with pytest.raises(FilingNotMendable, match=f"JS/2 cannot be read.*{says}"):
        merge_filing_exhibits(old, ZONE)
    assert old == kept


def _deliver_all(store, client, policy, **callbacks) -> None:
    worker = OutboxWorker(store, client, policy, officer="PC 1234", training=True,
                          retry=RetryPolicy(first_delay=0.01, longest_delay=0.05), **callbacks)
    worker.start()
    try:
        wait_until(lambda: store.submit(lambda s: s.outbox.summary().waiting == 0
                                        and s.outbox.summary().needs_attention == 0).result())
    finally:
        worker.stop()


def test_a_case_stuck_on_a_repeated_photo_is_mended_at_start_and_delivers_once(store, server, client, policy):
    with filed_as_before_repeats_were_recognised():
        case_id = store.submit(lambda s: submit_stored_case(s, policy, contents=[PHOTO, PHOTO])).result()
    refused = store.submit(lambda s: refused_once(s, client, case_id)).result()
    assert refused.state is OutboxState.NEEDS_ATTENTION and "two exhibits have the same sha256" in refused.last_error
    key_before = store.submit(lambda s: s.outbox.undelivered()[0].idempotency_key).result()

    told = []
    _deliver_all(store, client, policy, on_case=told.append)

    assert [d.state for d in told][:1] == [OutboxState.QUEUED] and "JS/2 merged into JS/1" in told[0].last_error
    delivery = store.submit(lambda s: s.outbox.delivery_of(case_id)).result()
    assert delivery.state is OutboxState.DELIVERED
    (investigation,) = investigations_by_case(server.database)[case_id]
    (held,) = _exhibit_objects(investigation["request"])
    assert held["reference"] == "JS/1" and "first recorded as JS/2" in held["how_captured"]
    assert investigation["files"] == {held["sha256"]: PHOTO}
    # The same key carried the corrected filing: the refusal kept nothing under it.
    records = sqlite3.connect(f"file:{server.database}?mode=ro", uri=True)
    try:
        assert records.execute("SELECT status FROM idempotency WHERE key = ?", (key_before,)).fetchall() == [(201,)]
    finally:
        records.close()

    stored = store.submit(lambda s: s.cases.open_case(case_id)).result()
    (exhibit,) = Case.from_dict(stored.payload).exhibits
    assert exhibit.reference == "JS/1" and exhibit.also_received[0].withdrawn_reference == "JS/2"
    entries = store.submit(lambda s: list(s.audit.entries())).result()
    (mend,) = [e for e in entries if e.action == "alteration" and "JS/2 merged into JS/1" in e.justification]
    assert "(outbox filing)" in mend.fields and "exhibits" in mend.fields
    assert store.submit(lambda s: s.audit.verify().ok).result()


def test_a_delivered_case_is_never_touched_and_a_sound_one_is_left_alone(store, client, policy):
    with filed_as_before_repeats_were_recognised():
        stuck = store.submit(lambda s: submit_stored_case(s, policy, contents=[PHOTO, PHOTO])).result()
    sound = store.submit(lambda s: submit_stored_case(s, policy)).result()

    def deliver_in_name_only(s):
        # As if a records system that takes repeated digests had accepted it.
        item = s.outbox.next_due(datetime.now(UTC) + timedelta(seconds=1))
        s.outbox.start_sending(item.seq, item.request_body)
        s.outbox.record_delivered(item.seq, "PRAC/2026/000009", "inv-9", recipient="a records system",
                                  fields=("objects",))
        return item.request_body

    body = store.submit(deliver_in_name_only).result()
    before = store.submit(lambda s: (len(list(s.audit.entries())), s.outbox.deliveries())).result()
    assert store.submit(lambda s: mend_repeated_exhibits(s, ZONE)).result() == []
    after = store.submit(lambda s: (len(list(s.audit.entries())), s.outbox.deliveries())).result()
    assert after == before and before[1][stuck].state is OutboxState.DELIVERED
    assert json.loads(body)["source"]["case_id"] == stuck and sound in after[1]


def test_a_stuck_filing_that_cannot_be_mended_stays_as_it_is_and_says_so(store, client, policy):
    with filed_as_before_repeats_were_recognised():
        case_id = store.submit(lambda s: submit_stored_case(s, policy, contents=[PHOTO, PHOTO])).result()
    refused_once_delivery = store.submit(lambda s: refused_once(s, client, case_id)).result()

    def damage(s):
        item = s.outbox.undelivered()[0]
        filing = json.loads(item.request_body)
        _exhibit_objects(filing)[0]["captured_at"] = "yesterday"
        text = json.dumps(filing)
        s._conn.execute("UPDATE outbox SET request_body = ? WHERE seq = ?", (text, item.seq))
        return text

    damaged = store.submit(damage).result()
    (result,) = store.submit(lambda s: mend_repeated_exhibits(s, ZONE)).result()
    assert result.merged == () and "JS/1 cannot be read" in result.problem
    assert result.delivery.state is OutboxState.NEEDS_ATTENTION
    assert "could not merge them" in result.delivery.last_error and "kept safe, unchanged" in result.delivery.last_error
    item = store.submit(lambda s: s.outbox.undelivered()[0]).result()
    assert item.request_body == damaged and item.delivery.attempts == refused_once_delivery.attempts


def test_mending_races_no_delivery(store, policy):
    # A mend is refused for an entry the records system has meanwhile accepted.
    case_id = store.submit(lambda s: submit_stored_case(s, policy, contents=[PHOTO, PHOTO])).result()

    def accepted_then_mended(s):
        item = s.outbox.undelivered()[0]
        s.outbox.start_sending(item.seq, item.request_body)
        s.outbox.record_delivered(item.seq, "PRAC/2026/000010", "inv-10", recipient="r", fields=())
        with pytest.raises(LookupError, match="never changed"):
            s.outbox.mend_filing(item.seq, item.payload, "{}", message="m", justification="j")
        return s.outbox.delivery_of(case_id)

    assert store.submit(accepted_then_mended).result().state is OutboxState.DELIVERED


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.name)
def test_released_databases_come_through_the_mends_unchanged(fixture, tmp_path):
    with released_store(fixture, tmp_path) as store:
        before = (store.outbox.deliveries(), [store.cases.revision(c) for c in store.cases.iter_ids()])
        assert mend_repeated_exhibits(store, ZONE) == []
        assert all(open_case_for_officer(store, c).merged == () for c in list(store.cases.iter_ids()))
        assert (store.outbox.deliveries(), [store.cases.revision(c) for c in store.cases.iter_ids()]) == before
        assert store.audit.verify().ok
