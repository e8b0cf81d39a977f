"""Each case's clock offset beside it in the store (a practice scenario's; 0 for a real call): the case list says
a case's last change on the case's own clock without opening it."""

from __future__ import annotations

import pytest

from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline

BACK = -(2 * 86400 + 18 * 3600 + 43 * 60)  # a scenario's clock 2 days 18 h 43 min behind real time


@pytest.fixture
def store(data_dir):
    opened = CaseStore(data_dir, "practice:tester")
    yield opened
    opened.close()


def test_the_offset_is_kept_with_the_case_and_listed_with_it(store):
    practice = store.cases.create({"practice_clock_offset_seconds": BACK}, CaseHeadline("INC-P", "A", "draft", BACK))
    real = store.cases.create({}, CaseHeadline("INC-R", "B", "draft"))
    listed = {c.case_id: c.headline.clock_offset_seconds for c in store.cases.list_cases()}
    assert listed == {practice.case_id: BACK, real.case_id: 0}
    assert store.cases.open_case(practice.case_id).summary.headline.clock_offset_seconds == BACK


def test_a_changed_offset_is_saved_and_named_in_the_audit_log_and_an_unchanged_one_writes_nothing(store):
    stored = store.cases.create({"practice_clock_offset_seconds": 0}, CaseHeadline("INC-P", "A", "draft"))
    payload = {"practice_clock_offset_seconds": BACK}
    assert store.cases.save_draft(stored.case_id, payload, CaseHeadline("INC-P", "A", "draft", BACK)) == 2
    assert store.cases.save_draft(stored.case_id, payload, CaseHeadline("INC-P", "A", "draft", BACK)) == 2
    # The headline alone differing from the stored one (an upgrade left it 0) is a change too.
    assert store.cases.save_draft(stored.case_id, payload, CaseHeadline("INC-P", "A", "draft", BACK + 60)) == 3
    alterations = [e.fields for e in store.audit.entries() if e.action == "alteration"]
    assert alterations == [tuple(sorted({"practice_clock_offset_seconds", "headline.clock_offset_seconds"})),
                           ("headline.clock_offset_seconds",)]
    (listed,) = store.cases.list_cases()
    assert listed.headline.clock_offset_seconds == BACK + 60
