"""The one background helper: work leaves the GUI thread, and its results, events and failures come back."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from rvr_desktop.ui.background import InOrder, follow, run_in_background, run_on_gui, when_done


def _on_gui() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_a_result_comes_back_on_the_gui_thread(qtbot):
    got = []
    when_done(run_in_background(lambda: (_on_gui(), 6 * 7)), lambda result: got.append((result, _on_gui())),
              tell=pytest.fail)
    qtbot.waitUntil(lambda: bool(got))
    assert got == [((False, 42), True)]


def test_a_failure_without_a_handler_is_logged_by_its_kind_and_told_in_plain_words(qtbot, caplog):
    told = []

    def fails():
        raise ValueError("Jane Doe, 12 Acacia Avenue")  # an error's message may carry a caller's details

    with caplog.at_level(logging.ERROR):
        when_done(run_in_background(fails), pytest.fail, tell=told.append, what="The documents were not made")
        qtbot.waitUntil(lambda: bool(told))
    assert told[0].startswith("The documents were not made (ValueError). The case is saved;")
    assert "ValueError" in caplog.text and "Acacia" not in caplog.text and "Acacia" not in told[0]


def test_a_failure_with_nowhere_to_go_is_refused_before_the_work_runs(qtbot):
    with pytest.raises(TypeError):
        when_done(run_in_background(lambda: None), lambda _r: None)


def test_a_worker_hands_work_to_the_gui_thread(qtbot):
    ran = []
    threading.Thread(target=lambda: run_on_gui(lambda: ran.append(_on_gui()))).start()
    qtbot.waitUntil(lambda: bool(ran))
    assert ran == [True]


def test_work_in_order_runs_one_piece_at_a_time_in_the_order_asked(qtbot):
    lane, said, overlapping = InOrder("test-lane"), [], []
    busy = threading.Lock()

    def line(n: int):
        def say() -> None:
            if not busy.acquire(blocking=False):
                overlapping.append(n)
                return
            time.sleep(0.02 * (5 - n))  # the first lines take longest: a pool of several would reorder them
            said.append(n)
            busy.release()
        return say

    for n in range(5):
        lane.submit(line(n))
    done = []
    when_done(lane.submit(lambda: None), lambda _r: done.append(True), tell=pytest.fail)
    lane.close()
    qtbot.waitUntil(lambda: bool(done))
    assert said == [0, 1, 2, 3, 4] and overlapping == []


def test_a_follower_delivers_each_item_in_order_on_the_gui_thread_and_says_when_the_stream_ends(qtbot):
    items, ended = [], []

    def stream(emit, stopped):
        for n in range(3):
            emit(n)

    follow(stream, lambda n: items.append((n, _on_gui())), what="a test stream", tell=pytest.fail,
           on_end=lambda: ended.append(True))
    qtbot.waitUntil(lambda: bool(ended))
    assert items == [(0, True), (1, True), (2, True)]


def test_once_stopped_a_follower_delivers_nothing_more_and_its_stream_is_told_to_stop(qtbot):
    items, returned, ended = [], threading.Event(), []
    first = threading.Event()

    def stream(emit, stopped):
        emit("before")
        first.set()
        while not stopped.wait(0.01):
            emit("after")  # already on their way to the GUI thread when the stop comes
        returned.set()

    follower = follow(stream, items.append, what="a test stream", tell=pytest.fail, on_end=lambda: ended.append(1))
    qtbot.waitUntil(lambda: "before" in items)
    follower.stop()
    assert returned.wait(2)
    count = len(items)
    qtbot.wait(100)
    assert len(items) == count and ended == []  # stopped on purpose: nobody is told it ended


def test_a_follower_that_crashes_tells_the_officer(qtbot, caplog):
    told = []

    def stream(emit, stopped):
        raise OSError("the network went")

    with caplog.at_level(logging.ERROR):
        follower = follow(stream, pytest.fail, what="the trainer's console", tell=told.append)
        qtbot.waitUntil(lambda: bool(told))
    assert told[0].startswith("This workstation stopped hearing the trainer's console (OSError).")
    assert follower.stopped and "network went" not in caplog.text
