"""The trainer's console (practice mode): made by the workstation with its own client, opened by the
trainer's page with the key in its address, and followed by the workstation's event stream."""

from __future__ import annotations

import asyncio
import json
import threading

import aiohttp
import pytest
import requests

from rvr_desktop.linkservice import tokens
from rvr_desktop.linkservice.events import GONE
from rvr_desktop.linkservice.trainer_console import BriefError, checked_brief
from rvr_desktop.video import events as workstation_events
from rvr_desktop.video.client import LinkServiceError
from rvr_desktop.video.events import follow_console
from tests.unit.linkservice.harness import TOKEN, follow_until, phone_messages, run, start_service, stop_service

BRIEF = {
    "title": "TRAINING — A call from a flat",
    "summary": "The caller is alone for now; her partner is due back.",
    "facts": [["You play", "Sam Practice"], ["Really safe now?", "NO"]],
    "script": [{"heading": "Safety check", "lines": [{"prompt": "Are you safe to talk?",
                                                      "says": ["Yes, for now.", "<b>He</b> is out."]}]}],
    "events": [{"event_id": "door", "label": "A knock at the door", "expected": "The trainee should pause."},
               {"event_id": "drop", "label": "The video drops", "expected": "The trainee should call back."}],
}
OFFICER = {"Authorization": f"Bearer {TOKEN}"}


def _key(url: str) -> str:
    return url.split("#", 1)[1]


def _trainer(service, path: str, body: dict) -> requests.Response:
    """What the trainer's page asks."""
    return requests.post(f"{service.base_url}/api/trainer/{path}", json=body, timeout=5)


def _console_events(service, console_id: str, count: int, after: int = 0, timeout: float = 10) -> list[dict]:
    """`count` events of the console, through the workstation's own follow_console."""
    return follow_until(follow_console, service, console_id, lambda seen: len(seen) >= count, timeout, after)


def test_the_trainer_sees_the_brief_and_only_the_texts_to_the_callers_phone(service):
    officer = service.officer()
    console = officer.open_trainer_console(BRIEF, "07700 900123")  # written the national way
    assert console.url.startswith(service.base_url + "/trainer/#") and tokens.well_formed(_key(console.url))
    session = officer.open_session("CASE-TRAINER-1")
    first = officer.invite(session.session_id, "caller", phone_number="+447700900123")
    officer.invite(officer.open_session("CASE-OTHER").session_id, "caller", phone_number="+447700900999")
    answer = _trainer(service, "console", {"key": _key(console.url)})
    assert answer.status_code == 200
    assert answer.json()["brief"] == BRIEF and answer.json()["fired"] == {}
    texts = answer.json()["texts"]
    assert len(texts) == 1 and first.url in texts[0]["body"]  # not the other phone's text
    assert texts[0]["status"] in ("sending", "delivered") and texts[0]["sent_at"]
    newer = officer.invite(session.session_id, "caller", phone_number="07700900123")
    texts = _trainer(service, "console", {"key": _key(console.url)}).json()["texts"]
    assert [newer.url in texts[0]["body"], first.url in texts[1]["body"]] == [True, True]  # newest first


@pytest.mark.parametrize("consoles_clock_ahead", [3600.0, -3600.0])
def test_a_console_shows_only_the_texts_sent_since_it_opened(service, consoles_clock_ahead):
    """A later run of the same scenario texts the same fictitious number: an earlier run's links (which may still
    work) must not show. Texts are timed by the simulated phones' clock, which need not be the consoles' (here
    the consoles' runs an hour ahead, or behind), so the console notes its opening by the phones' clock."""
    officer = service.officer()
    session = officer.open_session("CASE-TRAINER-EARLIER")
    earlier = officer.invite(session.session_id, "caller", phone_number="+447700900123")
    service.clock.advance(consoles_clock_ahead)
    console = officer.open_trainer_console(BRIEF, "07700 900123")
    key = _key(console.url)
    assert _trainer(service, "console", {"key": key}).json()["texts"] == []
    later = officer.invite(session.session_id, "caller", phone_number="07700900123")
    texts = _trainer(service, "console", {"key": key}).json()["texts"]
    assert len(texts) == 1 and later.url in texts[0]["body"] and earlier.url not in texts[0]["body"]
    # The simulated phone itself still shows both: only the console starts afresh.
    phones = phone_messages(service.base_url)["phones"]
    assert sum(len(phone["texts"]) for phone in phones) == 2


def test_the_timetable_marks_an_event_fired_and_the_console_says_who_fired_it(service):
    officer = service.officer()
    console = officer.open_trainer_console(BRIEF, "+447700900123")
    key = _key(console.url)
    assert officer.mark_console_event_fired(console.console_id, "door") is None
    seen = _trainer(service, "console", {"key": key}).json()
    assert set(seen["fired"]) == {"door"} and seen["fired_by"] == {"door": "timetable"}
    # Once per event, whoever fires it first: the trainer's tap after the timetable records nothing...
    again = _trainer(service, "fire", {"key": key, "event_id": "door"})
    assert again.status_code == 200 and again.json() == {"fired": seen["fired"], "fired_by": {"door": "timetable"}}
    # ...nor the timetable's after the trainer's.
    assert _trainer(service, "fire", {"key": key, "event_id": "drop"}).json()["fired_by"]["drop"] == "trainer"
    marked = requests.post(f"{service.base_url}/api/officer/trainer-consoles/{console.console_id}/fired",
                           headers=OFFICER, json={"event_id": "drop"}, timeout=5)
    assert marked.status_code == 200 and marked.json() == {"fired": _trainer(service, "console", {"key": key})
                                                           .json()["fired"]}
    assert set(marked.json()["fired"]) == {"door", "drop"}
    assert _trainer(service, "console", {"key": key}).json()["fired_by"] == {"door": "timetable", "drop": "trainer"}
    # The workstation hears each once, with who fired it.
    heard = _console_events(service, console.console_id, 3)
    assert [(e["kind"], e.get("event_id"), e.get("by")) for e in heard] == [
        ("fired", "door", "timetable"), ("console_opened", None, None), ("fired", "drop", "trainer")]
    assert heard[0]["at"] == seen["fired"]["door"]


def test_marking_an_unknown_event_or_on_a_closed_console_is_refused(service):
    officer = service.officer()
    console = officer.open_trainer_console(BRIEF, "+447700900123")
    url = f"{service.base_url}/api/officer/trainer-consoles/{console.console_id}/fired"
    for wrong in ("nope", "", None, ["door"], {"event_id": "door"}):
        refused = requests.post(url, headers=OFFICER, json={"event_id": wrong}, timeout=5)
        assert refused.status_code == 400 and refused.json()["error"] == "unknown_event", wrong
    assert requests.post(url, headers=OFFICER, json={}, timeout=5).json()["error"] == "unknown_event"
    assert requests.post(url, headers=OFFICER, data=b"[", timeout=5).json()["error"] == "malformed_json"
    with pytest.raises(LinkServiceError) as unknown:
        officer.mark_console_event_fired(console.console_id, "nope")
    assert unknown.value.status == 400 and unknown.value.code == "unknown_event"
    assert _trainer(service, "console", {"key": _key(console.url)}).json()["fired"] == {}
    for console_id in ("no-such-console", console.console_id):
        if console_id == console.console_id:
            officer.close_trainer_console(console_id)
        with pytest.raises(LinkServiceError) as gone:
            officer.mark_console_event_fired(console_id, "door")
        assert gone.value.status == 404 and gone.value.code == "no_such_console", console_id


def test_the_service_keeps_only_the_keys_digest_and_the_brief_it_can_show(service):
    made = requests.post(f"{service.base_url}/api/officer/trainer-consoles", headers=OFFICER, timeout=5,
                         json={"brief": {**BRIEF, "extra": "<script>"}, "phone_number": "+447700900123"})
    assert made.status_code == 201
    body = made.json()
    key = _key(body["console_page"])
    assert body["console_page"] == f"/trainer/#{key}" and body["url"] == service.base_url + body["console_page"]
    console = service.consoles.find(key)
    assert console is not None and console.console_id == body["console_id"]
    assert console.key_digest == tokens.digest(key) and key not in repr(vars(console))
    assert "extra" not in console.brief


def test_each_event_is_fired_once_and_unknown_events_are_refused(service):
    console = service.officer().open_trainer_console(BRIEF, "+447700900123")
    key = _key(console.url)
    fired = _trainer(service, "fire", {"key": key, "event_id": "door"})
    assert fired.status_code == 200 and set(fired.json()["fired"]) == {"door"}
    again = _trainer(service, "fire", {"key": key, "event_id": "door"})
    assert again.status_code == 200 and again.json()["fired"] == fired.json()["fired"]
    for wrong in ("nope", "", None, ["door"]):
        refused = _trainer(service, "fire", {"key": key, "event_id": wrong})
        assert refused.status_code == 400 and refused.json()["error"] == "unknown_event", wrong
    assert _trainer(service, "console", {"key": key}).json()["fired"] == fired.json()["fired"]
    assert [e["kind"] for e in service.consoles.console(console.console_id).events.after(0)] == \
        ["fired", "console_opened"]


def test_wrong_keys_are_not_found_and_guessing_is_slowed(service):
    console = service.officer().open_trainer_console(BRIEF, "+447700900123")
    for wrong in ("A" * 43, "short", None, 12):
        refused = _trainer(service, "console", {"key": wrong})
        assert refused.status_code == 404 and refused.json()["error"] == "unknown"
    for _ in range(16):
        assert _trainer(service, "fire", {"key": "B" * 43, "event_id": "door"}).status_code == 404
    blocked = _trainer(service, "console", {"key": "C" * 43})
    assert blocked.status_code == 429 and blocked.json()["retry_after"] > 0 and "Wait" in blocked.json()["message"]
    assert blocked.headers["Retry-After"] == str(blocked.json()["retry_after"])
    # The right key is never slowed, whatever else came from this address.
    assert _trainer(service, "console", {"key": _key(console.url)}).status_code == 200


def test_a_closed_console_says_the_run_has_ended_and_its_stream_stops(service):
    officer = service.officer()
    console = officer.open_trainer_console(BRIEF, "+447700900123")
    key = _key(console.url)
    assert _trainer(service, "console", {"key": key}).status_code == 200
    finished, opened, give_up = threading.Event(), threading.Event(), threading.Event()
    seen: list[dict] = []

    def follow() -> None:
        follow_console(service.base_url, TOKEN, console.console_id, lambda e: (seen.append(e), opened.set()),
                       give_up)
        finished.set()

    follower = threading.Thread(target=follow)
    follower.start()
    try:
        assert opened.wait(5), "the workstation's stream did not start"
        officer.close_trainer_console(console.console_id)
        assert finished.wait(5), "the workstation's stream did not end when the console closed"
    finally:
        give_up.set()
        follower.join(10)
    assert [e["kind"] for e in seen] == ["console_opened"]
    for path, body in (("console", {"key": key}), ("fire", {"key": key, "event_id": "door"})):
        closed = _trainer(service, path, body)
        assert closed.status_code == 410 and closed.json()["error"] == "closed"
        assert "practice run has ended" in closed.json()["message"]
    with pytest.raises(LinkServiceError) as gone:
        officer.close_trainer_console(console.console_id)
    assert gone.value.status == 404 and gone.value.code == "no_such_console"
    assert service.consoles.find(key).brief == {}  # nothing of the scenario is kept


def test_closing_a_console_closes_its_stream_as_a_forgotten_session_does(service):
    officer = service.officer()
    console = officer.open_trainer_console(BRIEF, "+447700900123")

    async def follow_then_close() -> int | None:
        url = f"{service.base_url}/api/officer/trainer-consoles/{console.console_id}/events"
        async with aiohttp.ClientSession(headers=OFFICER) as http, http.ws_connect(url) as stream:
            await asyncio.get_running_loop().run_in_executor(None, officer.close_trainer_console, console.console_id)
            message = await stream.receive(timeout=5)
            assert message.type == aiohttp.WSMsgType.CLOSE
            # The code the service closed with, from its CLOSE frame (the client's close_code can read 1006 if
            # the service drops the connection before the client's closing reply arrives).
            return message.data

    assert run(follow_then_close()) == 4404


def test_the_workstation_stops_following_on_the_code_the_service_closes_with():
    # The workstation's follower returns (rather than reconnecting for ever) on its LOG_GONE close code.
    assert workstation_events.LOG_GONE == GONE == 4404


def test_the_event_stream_delivers_in_order_and_resumes_after_the_last_seen(service):
    console = service.officer().open_trainer_console(BRIEF, "+447700900123")
    key = _key(console.url)
    _trainer(service, "console", {"key": key})
    _trainer(service, "console", {"key": key})  # loading it again is not a second opening
    _trainer(service, "fire", {"key": key, "event_id": "drop"})
    first = _console_events(service, console.console_id, 2)
    assert [(e["seq"], e["kind"]) for e in first] == [(1, "console_opened"), (2, "fired")]
    assert first[1]["event_id"] == "drop" and first[1]["at"]
    _trainer(service, "fire", {"key": key, "event_id": "door"})
    later = _console_events(service, console.console_id, 1, after=first[-1]["seq"])
    assert [(e["seq"], e["kind"], e["event_id"], e["by"]) for e in later] == [(3, "fired", "door", "trainer")]
    fired = _trainer(service, "console", {"key": key}).json()["fired"]
    assert fired == {"drop": first[1]["at"], "door": later[0]["at"]}


def test_console_routes_need_the_officer_token(service):
    console = service.officer().open_trainer_console(BRIEF, "+447700900123")
    base = f"{service.base_url}/api/officer/trainer-consoles"
    for method, url in (("POST", base), ("DELETE", f"{base}/{console.console_id}"),
                        ("GET", f"{base}/{console.console_id}/events"), ("POST", f"{base}/{console.console_id}/fired")):
        assert requests.request(method, url, json={"brief": BRIEF, "event_id": "door"}, timeout=5).status_code == 401, \
            url
    answer = _trainer(service, "console", {"key": _key(console.url)})
    assert answer.status_code == 200 and answer.json()["fired"] == {}  # still open, nothing fired


def test_a_brief_in_the_wrong_shape_or_too_large_makes_no_console(service):
    base = f"{service.base_url}/api/officer/trainer-consoles"
    wrong = [None, [], {**BRIEF, "title": 3}, {k: v for k, v in BRIEF.items() if k != "events"},
             {**BRIEF, "facts": [["only a label"]]}, {**BRIEF, "script": [{"heading": "h", "lines": "x"}]},
             {**BRIEF, "events": BRIEF["events"] * 2}, {**BRIEF, "events": [{**BRIEF["events"][0], "event_id": ""}]}]
    for brief in wrong:
        refused = requests.post(base, headers=OFFICER, json={"brief": brief, "phone_number": "1"}, timeout=5)
        assert refused.status_code == 400 and refused.json()["error"] == "bad_brief", brief
    bad_number = requests.post(base, headers=OFFICER, json={"brief": BRIEF, "phone_number": 7700900123}, timeout=5)
    assert bad_number.status_code == 400 and bad_number.json()["error"] == "bad_phone_number"
    # A long script is fine (well past the 16 KiB other requests may be); a quarter of a megabyte is not.
    long = {**BRIEF, "summary": "x" * 200_000}
    assert requests.post(base, headers=OFFICER, json={"brief": long}, timeout=5).status_code == 201
    huge = {**BRIEF, "summary": "x" * 270_000}
    assert requests.post(base, headers=OFFICER, data=json.dumps({"brief": huge}), timeout=5).status_code == 413
    assert len(service.consoles) == 1  # only the long one


def test_checked_brief_names_what_is_wrong():
    with pytest.raises(BriefError, match=r"script\[0\]\.lines\[0\]\.says\[1\] must be text"):
        checked_brief({**BRIEF, "script": [{"heading": "h", "lines": [{"prompt": "p", "says": ["ok", 2]}]}]})
    assert checked_brief(BRIEF) == BRIEF


def test_consoles_exist_in_practice_mode_only(service_config):
    live = start_service(service_config, mode="live")
    try:
        with pytest.raises(LinkServiceError) as refused:
            live.officer().open_trainer_console(BRIEF, "+447700900123")
        assert refused.value.status == 404 and refused.value.code == "practice_only"
        with pytest.raises(LinkServiceError) as refused:
            live.officer().mark_console_event_fired("any-console", "door")
        assert refused.value.status == 404 and refused.value.code == "practice_only"
    finally:
        stop_service(live)


def test_consoles_left_open_are_closed_after_a_day(service):
    console = service.officer().open_trainer_console(BRIEF, "+447700900123")
    service.clock.advance(25 * 3600)
    assert service.consoles.sweep(24 * 3600) == 1
    assert _trainer(service, "console", {"key": _key(console.url)}).status_code == 410
    service.clock.advance(25 * 3600)
    service.consoles.sweep(24 * 3600)
    assert _trainer(service, "console", {"key": _key(console.url)}).status_code == 404


def test_a_stream_that_connects_as_its_log_closes_is_told_at_once():
    from rvr_desktop.linkservice.events import SessionEvents

    events = SessionEvents()
    events.close()
    # A follower that subscribed a moment too late still hears that the log is gone, instead of waiting forever.
    assert events.follow().get_nowait() is None


def test_the_trainer_makes_the_next_text_to_the_callers_phone_fail_and_the_officer_is_told(service):
    officer = service.officer()
    console = officer.open_trainer_console(BRIEF, "07700 900123")
    unknown = _trainer(service, "fail-next-text", {"key": _key(console.url), "status": "lost"})
    assert unknown.status_code == 400 and "Nothing was changed" in unknown.json()["message"]
    told = _trainer(service, "fail-next-text", {"key": _key(console.url), "status": "technical-failure"})
    assert told.status_code == 200 and told.json() == {"fails_next": "technical-failure"}
    session = officer.open_session("CASE-TRAINER-FAIL")
    officer.invite(session.session_id, "caller", phone_number="+447700900123")
    seen = follow_until(workstation_events.follow_events, service, session.session_id,
                        lambda s: any(e["kind"] == "text_failed" for e in s))
    assert next(e for e in seen if e["kind"] == "text_failed")["status"] == "technical-failure"
    assert _trainer(service, "fail-next-text", {"key": "x" * 43}).status_code == 404
