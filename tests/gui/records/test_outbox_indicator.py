"""The outbox indicator and each case's state, driven the way the worker drives
them: callbacks from another thread, re-emitted as queued Qt signals."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from rvr_desktop.app import Workstation
from rvr_desktop.qt import Qt
from rvr_desktop.store.outbox import CaseDelivery, OutboxState, utc_text
from rvr_desktop.sync.worker import OutboxStatus
from rvr_desktop.ui.outbox_status import (
    OutboxIndicator,
    case_state_details,
    case_state_text,
    status_text,
)

NOW = datetime.now(UTC)


def _status(**changes) -> OutboxStatus:
    values = dict(online=True, paused=False, waiting=0, needs_attention=0, last_delivered_utc=None,
                  next_attempt_at=None, problem="")
    values.update(changes)
    return OutboxStatus(**values)


def test_status_from_the_worker_thread_reaches_the_indicator(qtbot, practice):
    indicator = OutboxIndicator()
    qtbot.addWidget(indicator)
    # The worker's callbacks are the workstation's signals, as the composition root wires them.
    relay = Workstation(practice, services=None)
    relay.outbox_status.connect(indicator.show_status)
    assert indicator.text.text() == "Records system: not contacted yet · nothing waiting"
    assert indicator.retry.isHidden()

    offline = _status(online=False, waiting=3, next_attempt_at=NOW + timedelta(minutes=2),
                      last_delivered_utc=utc_text(NOW - timedelta(minutes=5)),
                      problem="The records system could not be reached.")
    seen_on = []
    relay.outbox_status.connect(lambda _s: seen_on.append(threading.current_thread() is threading.main_thread()))
    worker = threading.Thread(target=relay.outbox_status.emit, args=(offline,), name="records-outbox")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "offline" in indicator.text.text())
    assert seen_on == [True]  # delivered on the GUI thread
    text = indicator.text.text()
    assert text.startswith("Records system offline · 3 cases waiting · last sent ")
    assert "next try" in text
    assert indicator.toolTip() == "The records system could not be reached."
    assert not indicator.retry.isHidden()

    asked = []
    indicator.retry_requested.connect(lambda: asked.append(True))
    qtbot.mouseClick(indicator.retry, Qt.MouseButton.LeftButton)
    assert asked == [True]
    relay.stop()


def test_the_status_says_paused_and_attention_in_words():
    paused = _status(paused=True, waiting=2, needs_attention=1, problem="The access token has expired.")
    assert status_text(paused, NOW) == "Sending paused (see details) · 2 cases waiting · 1 needs attention"
    assert status_text(_status(needs_attention=2), NOW) == "Records system online · nothing waiting · 2 need attention"


def test_each_case_state_in_one_line_with_the_full_message_behind_it():
    def delivery(state, **changes):
        values = dict(case_id="c1", state=state, attempts=0, last_error="", crime_reference="",
                      submitted_utc=utc_text(NOW), next_attempt_utc=utc_text(NOW), delivered_utc=None)
        values.update(changes)
        return CaseDelivery(**values)

    assert case_state_text(None) == "" and "draft" in case_state_details(None)
    assert case_state_text(delivery(OutboxState.QUEUED)) == "Queued — waiting to send"
    retrying = delivery(OutboxState.QUEUED, attempts=2, next_attempt_utc=utc_text(NOW + timedelta(minutes=1)),
                        last_error="The records system did not answer. The case is kept safe.")
    assert case_state_text(retrying, NOW).startswith("Queued — trying again at ")
    assert case_state_details(retrying) == retrying.last_error
    assert case_state_text(delivery(OutboxState.SENDING)) == "Sending to the records system…"
    done = delivery(OutboxState.DELIVERED, crime_reference="PRAC/2026/000007")
    assert case_state_text(done) == "Delivered — crime reference PRAC/2026/000007"
    assert "written acknowledgement" in case_state_details(done)
    refused = delivery(OutboxState.NEEDS_ATTENTION, last_error="Refused (422): /persons/0/name: too long.")
    assert case_state_text(refused).startswith("Needs attention")
    assert case_state_details(refused) == refused.last_error
