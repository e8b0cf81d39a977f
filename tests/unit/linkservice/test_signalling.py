"""The participants' WebSocket: who may connect, what is relayed to whom, and bad input."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from rvr_desktop.video.client import LinkServiceError
from rvr_desktop.video.events import follow_events
from tests.unit.linkservice.harness import PHONE_UA, Tab, follow_until, link_token, run, start_service, stop_service


async def _call(service, http, *roles: str, case: str = "CASE-1") -> tuple[str, dict[str, Tab]]:
    """A session with the officer and the given roles connected and in the call."""
    officer_client = service.officer()
    session = await asyncio.to_thread(officer_client.open_session, case)
    tabs = {"officer": Tab(http, service.base_url, link_token(session.officer_page_url), agent="Officer browser")}
    for role in roles:
        invitation = await asyncio.to_thread(officer_client.invite, session.session_id, role)
        tabs[role] = Tab(http, service.base_url, link_token(invitation.url))
    for tab in tabs.values():
        status, _ = await tab.claim()
        assert status == 200
        assert (await tab.connect())["type"] == "welcome"
        await tab.join()
    return session.session_id, tabs


def test_signals_reach_only_the_named_participant_of_the_same_call(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            _, first = await _call(service, http, "caller", "interpreter", case="CASE-A")
            _, second = await _call(service, http, "caller", case="CASE-B")
            await first["officer"].send({"type": "signal", "to": "caller", "data": {"description": {"sdp": "A"}}})
            got = await first["caller"].receive_until("signal")
            assert got == {"type": "signal", "from": "officer", "data": {"description": {"sdp": "A"}}}
            await second["caller"].send({"type": "signal", "to": "officer", "data": {"candidate": {"c": "B"}}})
            assert (await second["officer"].receive_until("signal"))["data"] == {"candidate": {"c": "B"}}
            # Nothing from call B reached call A, and the interpreter of A saw nothing addressed to the caller.
            for tab in (first["officer"], first["caller"], first["interpreter"]):
                try:
                    message = await tab.receive(timeout=0.3)
                except TimeoutError:
                    continue
                assert message["type"] != "signal", message
            for tab in (*first.values(), *second.values()):
                await tab.close()
    run(scenario())


def test_the_newcomer_is_told_who_is_there_and_the_others_are_told_it_came(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller")
            invitation = await asyncio.to_thread(service.officer().invite, session_id, "interpreter")
            interpreter = Tab(http, service.base_url, link_token(invitation.url), agent="Interpreter laptop")
            await interpreter.claim()
            await interpreter.connect()
            joined = await interpreter.join()
            assert sorted(joined["peers"]) == ["caller", "officer"]
            for role in ("officer", "caller"):
                assert (await tabs[role].receive_until("peer-joined", role="interpreter"))["type"] == "peer-joined"
            await interpreter.leave("quick_exit")
            left = await tabs["officer"].receive_until("peer-left")
            assert left["role"] == "interpreter" and left["reason"] == "quick exit"
            for tab in tabs.values():
                await tab.close()
    run(scenario())


def test_bad_messages_get_clear_errors_and_the_call_goes_on(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            _, tabs = await _call(service, http, "caller")
            caller = tabs["caller"]
            for raw, code in (("{not json", "malformed_json"), ("[1,2]", "malformed_json"),
                              (json.dumps({"type": "teleport"}), "unknown_type"),
                              (json.dumps({"type": "signal", "to": "caller", "data": {}}), "bad_signal"),
                              (json.dumps({"type": "signal", "to": "interpreter", "data": {}}), "peer_absent"),
                              (json.dumps({"type": "signal", "to": "officer", "data": "x"}), "bad_signal"),
                              (json.dumps({"type": "location", "latitude": "north"}), "bad_location"),
                              (json.dumps({"type": "location", "latitude": 91, "longitude": 0}), "bad_location"),
                              (json.dumps({"type": "quality", "peer": "nobody"}), "bad_quality")):
                await caller.socket.send_str(raw)
                reply = await caller.receive_until("error")
                assert reply["code"] == code and reply["message"], raw
            await caller.socket.send_bytes(b"\x00\x01")
            assert (await caller.receive_until("error"))["code"] == "not_text"
            await caller.send({"type": "ping"})
            assert (await caller.receive_until("pong"))["type"] == "pong"
            for tab in tabs.values():
                await tab.close()
    run(scenario())


def test_only_the_tab_holding_the_device_key_may_connect(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session = await asyncio.to_thread(service.officer().open_session, "CASE-2")
            invitation = await asyncio.to_thread(service.officer().invite, session.session_id, "caller")
            # A real link without its key is answered exactly as a made-up link is.
            not_here = {"type": "refused", "reason": "unknown"}
            tab = Tab(http, service.base_url, link_token(invitation.url))
            assert await tab.connect(key="") == not_here  # never claimed: no key to hold
            await tab.close()
            await tab.claim()
            thief = Tab(http, service.base_url, link_token(invitation.url))
            assert await thief.connect(key="A" * 43) == not_here
            status, body = await thief.claim()
            assert status == 202 and body["waiting"] is True  # it waits for the officer; it is not let in
            stranger = Tab(http, service.base_url, "B" * 43)
            assert await stranger.connect(key=tab.key) == not_here
            for t in (thief, stranger):
                await t.close()
            assert (await tab.connect())["type"] == "welcome"
            await tab.close()
    run(scenario())


def test_a_closed_tab_cannot_be_replaced_by_another_but_a_dropped_one_reconnects_with_its_key(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller")
            caller, officer = tabs["caller"], tabs["officer"]
            await caller.leave("closed")  # the page's beacon as the tab closes
            assert (await officer.receive_until("peer-left"))["reason"] == "closed the page"
            # The same phone, the same browser, the link from its history: it waits for the officer.
            reopened = Tab(http, service.base_url, caller.link, agent=PHONE_UA)
            assert (await reopened.claim())[0] == 202
            # The tab that closed kept its key in memory (Rejoin, not a reload): it comes straight back.
            rejoin = Tab(http, service.base_url, caller.link, key=caller.key, agent=PHONE_UA)
            assert (await rejoin.connect())["type"] == "welcome"
            await rejoin.join()
            assert (await officer.receive_until("peer-joined", role="caller"))["type"] == "peer-joined"
            # The network drops without a word: the same tab reconnects with its key and replaces its old socket.
            again = Tab(http, service.base_url, caller.link, key=rejoin.key, agent=PHONE_UA)
            assert (await again.connect())["type"] == "welcome"
            assert (await rejoin.receive_until("closed"))["type"] == "closed"
            await again.join()
            assert (await asyncio.to_thread(service.officer().session, session_id))["connected"] == ["caller",
                                                                                                     "officer"]
            for tab in (again, officer):
                await tab.close()
    run(scenario())


async def _wait_for_answer(tab: Tab, secret: str) -> tuple[int, dict]:
    async with tab.http.post(f"{tab.base_url}/api/claim", json={"link": tab.link, "waiting": secret}) as response:
        body = await response.json()
        if response.status == 200:
            tab.key = body["key"]
        return response.status, body


def test_after_leave_quickly_the_link_opens_only_where_the_officer_admits_it(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller")
            caller, officer = tabs["caller"], tabs["officer"]
            await caller.send({"type": "bye", "reason": "quick_exit"})
            await caller.leave("quick_exit")  # and its beacon: the service is told once
            assert (await officer.receive_until("peer-left"))["reason"] == "quick exit"
            # Even the tab's own key no longer opens it.
            locked_out = Tab(http, service.base_url, caller.link, key=caller.key)
            assert (await locked_out.connect())["type"] == "refused"
            await locked_out.close()
            first, second = (Tab(http, service.base_url, caller.link, agent=PHONE_UA) for _ in range(2))
            (status, one), (_, two) = await first.claim(), await second.claim()
            assert status == 202 and one["secret"] != two["secret"]
            assert (await _wait_for_answer(first, one["secret"]))[0] == 202  # still waiting
            seen = await asyncio.to_thread(follow_until, follow_events, service, session_id,
                                           lambda s: sum(e["kind"] == "admission_requested" for e in s) >= 2)
            assert [e["kind"] for e in seen].count("quick_exit") == 1
            asked = [e for e in seen if e["kind"] == "admission_requested"]
            assert {e["why"] for e in asked} == {"after_quick_exit"}
            invite_id = asked[0]["invite_id"]
            officer_api = service.officer()
            await asyncio.to_thread(officer_api.answer_admission, session_id, invite_id, asked[1]["request_id"],
                                    False)
            assert (await _wait_for_answer(second, two["secret"]))[1]["error"] == "not_admitted"
            await asyncio.to_thread(officer_api.answer_admission, session_id, invite_id, asked[0]["request_id"],
                                    True)
            status, admitted = await _wait_for_answer(first, one["secret"])
            assert status == 200 and (await first.connect())["type"] == "welcome"
            await first.join()
            assert (await officer.receive_until("peer-joined", role="caller"))["type"] == "peer-joined"
            with pytest.raises(LinkServiceError) as twice:
                await asyncio.to_thread(officer_api.answer_admission, session_id, invite_id, asked[0]["request_id"],
                                        True)
            assert twice.value.code == "not_waiting"
            for tab in (first, second, officer):
                await tab.close()
    run(scenario())


def test_a_spoken_code_opens_the_call_once_and_never_travels_in_an_address(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            officer_api = service.officer()
            session = await asyncio.to_thread(officer_api.open_session, "CASE-CODE")
            code = await asyncio.to_thread(officer_api.spoken_code, session.session_id)
            assert code.address == service.base_url + "/" and len(code.code) == 8
            async with http.post(f"{service.base_url}/api/claim", json={"code": code.spoken.lower()}) as response:
                assert response.status == 200
                answer = await response.json()
            tab = Tab(http, service.base_url, answer["link"], key=answer["key"])
            assert (await tab.connect())["type"] == "welcome"
            async with http.post(f"{service.base_url}/api/claim", json={"code": code.code}) as response:
                assert response.status == 404 and (await response.json())["error"] == "unknown"  # used up
            opened = await asyncio.to_thread(follow_until, follow_events, service, session.session_id,
                                             lambda s: any(e["kind"] == "link_opened" for e in s))
            assert next(e for e in opened if e["kind"] == "link_opened")["by_code"] is True
            await tab.close()
    run(scenario())


def test_revoking_or_ending_puts_people_out_with_a_reason(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller", "interpreter")
            invite_id = next(i["invite_id"] for i in (await asyncio.to_thread(service.officer().session, session_id))
                             ["invites"] if i["role"] == "interpreter")
            await asyncio.to_thread(service.officer().revoke, session_id, invite_id)
            assert (await tabs["interpreter"].receive_until("revoked"))["type"] == "revoked"
            assert (await tabs["caller"].receive_until("peer-left", role="interpreter"))["type"] == "peer-left"
            await tabs["officer"].send({"type": "end"})
            assert (await tabs["caller"].receive_until("ended"))["by"] == "officer"
            status, body = await Tab(http, service.base_url, tabs["caller"].link, key=tabs["caller"].key).claim()
            assert status == 410 and body["error"] == "ended"
            for tab in tabs.values():
                await tab.close()
    run(scenario())


def test_the_caller_can_end_only_their_own_part(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller")
            await tabs["caller"].send({"type": "end"})
            assert (await tabs["officer"].receive_until("peer-left"))["reason"] == "ended the call"
            assert (await asyncio.to_thread(service.officer().session, session_id))["ended_at"] is None
            await tabs["officer"].close()
    run(scenario())


def test_location_quality_and_phone_requests_become_events_for_the_officer(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller")
            await tabs["caller"].send({"type": "location", "latitude": 51.48, "longitude": -3.18, "accuracy_m": 12})
            assert (await tabs["caller"].receive_until("ack"))["what"] == "location"
            await tabs["caller"].send({"type": "phone-instead"})
            await tabs["officer"].send({"type": "quality", "peer": "caller", "rtt_ms": 40, "loss_pct": 0.5,
                                        "fps": 30, "width": 640, "height": 480, "rating": "good",
                                        "bitrate_kbps": 900, "evil": "<script>"})
            await tabs["caller"].receive_until("ack")
            await asyncio.sleep(0.2)
            events = service.book.session(session_id).events.after(0)
            by_kind = {e["kind"]: e for e in events}
            assert by_kind["location_shared"]["latitude"] == 51.48
            assert by_kind["phone_call_requested"]["role"] == "caller"
            assert by_kind["quality"]["rtt_ms"] == 40 and "evil" not in by_kind["quality"]
            assert [e["kind"] for e in events].count("joined") == 2
            for tab in tabs.values():
                await tab.close()
    run(scenario())


def test_a_page_that_never_says_hello_is_closed(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            socket = await http.ws_connect(service.base_url + "/ws")
            await socket.send_str(json.dumps({"type": "join"}))
            reply = json.loads((await socket.receive(timeout=5)).data)
            assert reply["code"] == "no_hello"
            await socket.close()
    run(scenario())


def test_a_stopping_service_tells_every_tab_at_once_and_does_not_wait_on_tabs_that_never_answer(service_config):
    running = start_service(service_config)

    async def scenario():
        async with aiohttp.ClientSession() as http:
            _session_id, tabs = await _call(running, http, "caller", "interpreter")
            # Nobody reads from now on, so no tab answers the service's closing handshake.
            await asyncio.to_thread(stop_service, running)
            for tab in tabs.values():
                told = await tab.receive_until("error")
                assert told["code"] == "service_stopping"
                assert "officer will contact you" in told["message"]

    run(scenario())
    assert not running.thread.is_alive()  # stopped, though no tab answered
