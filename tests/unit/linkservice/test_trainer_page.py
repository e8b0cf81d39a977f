"""The trainer's page (resources/trainer-page/trainer.js) itself, run under Node with a minimal DOM
(trainer_page_driver.js) against a real link service on loopback: what it shows for a bad link, and how it
tells the trainer that the timetable fired an event they must now act."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from rvr_desktop.linkservice.pages import RESOURCES
from tests.unit.linkservice.test_trainer_console import BRIEF

NODE = shutil.which("node")
DRIVER = Path(__file__).with_name("trainer_page_driver.js")
TRAINER_JS = RESOURCES / "trainer-page" / "trainer.js"
NOT_RIGHT = ("This console link is not right",
             ("The practice service does not know this link. Open the whole link the workstation shows, including "
              "everything after the #."))
CLOSE_TAB = "Close the caller's tab now (the video drops); the trainee should call back."
PAGE_BRIEF = {**BRIEF, "events": [
    {"event_id": "door", "label": "A knock at the door", "expected": "The trainee should pause."},
    {"event_id": "drop", "label": "The video drops", "expected": CLOSE_TAB},
    {"event_id": "shout", "label": "A shout outside", "expected": "The trainee should ask what it was."},
]}

if NODE is None:
    # Not skipped: the README's test command installs npm, and with it Node.js.
    raise pytest.UsageError("tests/unit/linkservice/test_trainer_page.py runs the trainer's page under Node.js, "
                            "which is missing; installer/test installs it (installer/setup test).")


class Page:
    """One trainer's page in Node: each step returns what the page then shows."""

    def __init__(self, base_url: str, address_hash: str) -> None:
        self._node = subprocess.Popen([NODE, str(DRIVER), str(TRAINER_JS), base_url, address_hash],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True)
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.shown = self._next()

    def _read(self) -> None:
        for line in self._node.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _next(self) -> dict:
        try:
            line = self._lines.get(timeout=15)
        except queue.Empty:
            raise AssertionError("the trainer's page did not settle") from None
        if line is None:
            raise AssertionError(f"the trainer's page stopped: {self._node.stderr.read()}")
        return json.loads(line)

    def do(self, command: str) -> dict:
        self._node.stdin.write(command + "\n")
        self._node.stdin.flush()
        self.shown = self._next()
        return self.shown

    def close(self) -> None:
        self._node.stdin.close()
        try:
            self._node.wait(10)
        except subprocess.TimeoutExpired:
            self._node.kill()
            self._node.wait()
        self._node.stdout.close()
        self._node.stderr.close()


@pytest.fixture
def pages():
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.close()


def _open(pages: list, service, address_hash: str) -> Page:
    page = Page(service.base_url, address_hash)
    pages.append(page)
    return page


@pytest.mark.parametrize("address_hash", ["", "#", "#%E0%A4%A", "#abc%zz"])
def test_a_missing_or_garbled_key_says_the_link_is_not_right_without_asking_the_service(service, pages,
                                                                                         address_hash):
    shown = _open(pages, service, address_hash).shown
    assert shown["stopped"] and not shown["opening"] and not shown["console"]
    assert (shown["stopped_title"], shown["stopped_reason"]) == NOT_RIGHT
    assert shown["requested"] == [] and not shown["polling"]


def test_a_key_the_service_does_not_know_says_the_same(service, pages):
    shown = _open(pages, service, "#" + "A" * 43).shown
    assert shown["stopped"] and (shown["stopped_title"], shown["stopped_reason"]) == NOT_RIGHT
    assert shown["requested"] == ["/api/trainer/console"] and not shown["polling"]


def test_an_event_the_timetable_fires_is_announced_for_the_trainer_to_act_now(service, pages):
    officer = service.officer()
    console = officer.open_trainer_console(PAGE_BRIEF, "+447700900123")
    page = _open(pages, service, "#" + console.url.split("#", 1)[1])
    assert page.shown["console"] and page.shown["status"] == "" and page.shown["polling"]
    assert [e["can_fire"] for e in page.shown["events"]] == [True, True, True]

    officer.mark_console_event_fired(console.console_id, "door")
    shown = page.do("tick")
    assert shown["status"] == "Due now: A knock at the door. Act it now." and shown["status_kinds"] == ["due"]
    door = shown["events"][0]
    assert door["due"] and not door["can_fire"] and door["fired"].startswith("Due: the timetable fired it at ")
    assert page.do("tick")["status"] == "Due now: A knock at the door. Act it now."  # stays until replaced

    # An event whose expected text says to close the caller's tab: the instruction is in the status line too...
    officer.mark_console_event_fired(console.console_id, "drop")
    due = f"Due now: The video drops. Act it now. {CLOSE_TAB}"
    shown = page.do("tick")
    assert shown["status"] == due and shown["status_kinds"] == ["due"]
    assert [e["due"] for e in shown["events"]] == [False, True, False]
    assert shown["events"][1]["expected"] == CLOSE_TAB  # ...as well as under its event
    # ...and comes back once a passing problem has gone.
    page.do("offline")
    assert page.do("tick")["status_kinds"] == ["problem"]
    page.do("online")
    shown = page.do("tick")
    assert shown["status"] == due and shown["status_kinds"] == ["due"]

    # What the trainer fires themself is never announced as due.
    shown = page.do("click 2")
    assert shown["status"] == "Fired: A shout outside." and shown["status_kinds"] == []
    assert shown["events"][2]["fired"].startswith("Fired at ") and not any(e["due"] for e in shown["events"])
    assert page.do("tick")["status"] == "Fired: A shout outside."


def test_events_fired_before_the_page_loaded_are_marked_but_not_announced(service, pages):
    """A phone's browser may reload the page: it must not ask the trainer to act again what they have acted."""
    officer = service.officer()
    console = officer.open_trainer_console(PAGE_BRIEF, "+447700900123")
    officer.mark_console_event_fired(console.console_id, "drop")
    shown = _open(pages, service, "#" + console.url.split("#", 1)[1]).shown
    assert shown["console"] and shown["status"] == ""
    assert [bool(e["fired"]) for e in shown["events"]] == [False, True, False]
    assert shown["events"][1]["fired"].startswith("Due: the timetable fired it at ")


def test_the_page_shows_only_the_texts_sent_since_its_console_opened(service, pages):
    officer = service.officer()
    session = officer.open_session("CASE-TRAINER-PAGE")
    earlier = officer.invite(session.session_id, "caller", phone_number="+447700900123")
    console = officer.open_trainer_console(PAGE_BRIEF, "+447700900123")
    page = _open(pages, service, "#" + console.url.split("#", 1)[1])
    assert page.shown["texts"] == []
    later = officer.invite(session.session_id, "caller", phone_number="+447700900123")
    texts = page.do("tick")["texts"]
    assert len(texts) == 1 and later.url in texts[0] and earlier.url not in texts[0]
