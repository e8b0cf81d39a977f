"""Where a force runs a relay, each tab is handed a TURN credential of its own, minted when it joins the call
(and again at every join), never one shared by every link holder, and never to a tab that only opened the link;
relay-only is passed to every page."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import aiohttp

from rvr_desktop.linkservice.turn import GRACE_SECONDS, TurnRelay, password_for
from tests.unit.linkservice.harness import Tab, link_token, run, start_service, stop_service

SECRET = b"the force's coturn secret, 32+ bytes long"


def test_each_joining_tab_gets_its_own_relay_credential_lasting_a_call_and_relay_only_is_passed_on(service_config):
    relay = TurnRelay(("turn:relay.force.example:3478?transport=udp", "turns:relay.force.example:443"), SECRET,
                      relay_only=True)
    service = start_service(replace(service_config, turn=relay, call_max_minutes=90))
    try:
        async def scenario():
            async with aiohttp.ClientSession() as http:
                officer = service.officer()
                session = await asyncio.to_thread(officer.open_session, "CASE-R")
                invitation = await asyncio.to_thread(officer.invite, session.session_id, "caller")
                caller = Tab(http, service.base_url, link_token(invitation.url))
                officer_tab = Tab(http, service.base_url, link_token(session.officer_page_url), agent="Officer")
                handed = []
                for tab in (caller, officer_tab):
                    status, claimed = await tab.claim()
                    assert status == 200 and claimed["ice_transport_policy"] == "relay"
                    welcome = await tab.connect()
                    assert welcome["type"] == "welcome" and welcome["ice_transport_policy"] == "relay"
                    # Opening the link, or connecting, gives no way through the relay: only joining does.
                    assert claimed["ice_servers"] == welcome["ice_servers"] == []
                    for _ in range(2):  # joining again (after a dropped network) mints afresh
                        joined = await tab.join()
                        assert joined["ice_transport_policy"] == "relay"
                        handed.append(joined["ice_servers"])
                    await tab.close()
                return handed

        handed = run(scenario())
        usernames = set()
        for servers in handed:
            [turn] = [s for s in servers if s["urls"] == list(relay.urls)]
            expiry, _, tag = turn["username"].partition(":")
            # Valid for the longest call and a little more, from now; the tag is random, not the case or session.
            assert abs(int(expiry) - (time.time() + 90 * 60 + GRACE_SECONDS)) < 30
            assert "CASE" not in tag and len(tag) == 16
            assert turn["credential"] == password_for(SECRET, turn["username"])
            usernames.add(turn["username"])
        assert len(usernames) == len(handed)  # one of its own at every join
    finally:
        stop_service(service)


def test_without_a_relay_pages_use_every_route(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            officer = service.officer()
            session = await asyncio.to_thread(officer.open_session, "CASE-N")
            invitation = await asyncio.to_thread(officer.invite, session.session_id, "caller")
            caller = Tab(http, service.base_url, link_token(invitation.url))
            _, claimed = await caller.claim()
            welcome = await caller.connect()
            await caller.close()
            return claimed, welcome

    claimed, welcome = run(scenario())
    assert claimed["ice_transport_policy"] == welcome["ice_transport_policy"] == "all"
    assert claimed["ice_servers"] == welcome["ice_servers"] == []
