"""The network-facing socket (link-service --network): the caller's and the trainer's routes over HTTPS,
nothing else. Bound to 127.0.0.2 (loopback) with a practice certificate; see harness.py."""

from __future__ import annotations

import asyncio
import http.client
import ssl

import aiohttp
import requests

from tests.unit.linkservice.harness import NETWORK_HOST, TOKEN, Tab, link_token, phone_messages, run

OFFICER = {"Authorization": f"Bearer {TOKEN}"}
# What the workstation, the simulated phone and practice Notify use: never reachable from the network.
NOT_THERE = [("GET", "/api/officer/status"), ("POST", "/api/officer/sessions"), ("GET", "/officer/"),
             ("GET", "/static/officer/officer.js"), ("GET", "/phone"), ("GET", "/phone/messages"),
             ("POST", "/v2/notifications/sms"), ("GET", "/v2/notifications/anything"),
             ("POST", "/api/officer/trainer-consoles"), ("GET", "/nothing-at-all")]
THERE = ["/j", "/", "/static/caller/caller.js", "/static/caller/strings/en.json", "/trainer/",
         "/static/trainer/trainer.js", "/static/trainer/trainer.css"]


def test_the_officer_api_the_phone_and_notify_are_refused_on_the_network_but_served_on_loopback(
        networked_service, network_tls):
    network, loopback = networked_service.network_url, networked_service.base_url
    for method, path in NOT_THERE:
        response = requests.request(method, network + path, headers=OFFICER, json={}, timeout=5,
                                    verify=str(network_tls.authority))
        assert response.status_code == 404, path
        assert response.json()["error"] == "callers_and_trainer_only", path
        assert "caller's and the trainer's" in response.json()["message"]
        assert "Content-Security-Policy" in response.headers and "Strict-Transport-Security" in response.headers
    assert requests.get(loopback + "/api/officer/status", headers=OFFICER, timeout=5).status_code == 200
    assert requests.get(loopback + "/officer/", timeout=5).status_code == 200
    assert phone_messages(loopback) == {"phones": []}


def test_the_callers_and_trainers_pages_are_served_on_the_network_over_https(networked_service, network_tls):
    network = networked_service.network_url
    for path in THERE:
        response = requests.get(network + path, timeout=5, verify=str(network_tls.authority))
        assert response.status_code == 200, path
    page = requests.get(network + "/trainer/", timeout=5, verify=str(network_tls.authority))
    assert f"connect-src 'self' wss://{NETWORK_HOST}:" in page.headers["Content-Security-Policy"]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    # The trainer's and the caller's API answer there (their own refusals, not the network's).
    for path, body, status in (("/api/claim", {"link": "B" * 43}, 404), ("/api/trainer/console", {"key": "x"}, 404),
                               ("/api/leave", {"link": "B" * 43, "key": "k"}, 204)):
        response = requests.post(network + path, json=body, timeout=5, verify=str(network_tls.authority))
        assert response.status_code == status, path
        assert status == 204 or response.json()["error"] != "callers_and_trainer_only"


def test_paths_dressed_up_as_allowed_ones_do_not_reach_the_officer_api(networked_service, network_tls):
    context = ssl.create_default_context(cafile=str(network_tls.authority))
    port = int(networked_service.network_url.rsplit(":", 1)[1])
    for path in ("/j/../api/officer/status", "/static/caller/../../api/officer/status", "/trainer/../phone",
                 "/api/trainer/../officer/status", "//api/officer/status", "/j/%2e%2e/api/officer/status"):
        connection = http.client.HTTPSConnection(NETWORK_HOST, port, context=context, timeout=5)
        try:
            connection.request("GET", path, headers=OFFICER)  # sent as written: no client tidies the path
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        assert response.status == 404 or b"<!doctype html>" in body[:20], (path, response.status, body[:200])
        assert b'"version"' not in body and b'"phones"' not in body, path


def test_texted_links_point_at_the_network_and_a_caller_joins_there(networked_service, network_tls):
    officer = networked_service.officer()
    assert officer.status()["public_url"] == networked_service.network_url
    session = officer.open_session("CASE-NET-1")
    assert session.officer_page_url.startswith(networked_service.base_url + "/officer/")
    # Practice Notify is reached on the loopback socket, so the text is still sent.
    invitation = officer.invite(session.session_id, "caller", phone_number="+447700900123")
    assert invitation.text_status == "sent"
    assert invitation.url.startswith(networked_service.network_url + "/j#")

    async def caller_over_the_network() -> dict:
        context = ssl.create_default_context(cafile=str(network_tls.authority))
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context)) as http:
            tab = Tab(http, networked_service.network_url, link_token(invitation.url))
            status, _ = await tab.claim()
            assert status == 200
            welcome = await tab.connect()
            await tab.close()
        # aiohttp closes a TLS connection in the background: give it the moment its documentation asks for,
        # or the socket is found open later and its warning fails whichever test is running then.
        await asyncio.sleep(0.25)
        return welcome

    assert run(caller_over_the_network())["type"] == "welcome"
    kinds = [e["kind"] for e in networked_service.book.session(session.session_id).events.after(0)]
    assert "link_opened" in kinds


def test_officer_token_guesses_on_the_network_are_refused_before_they_are_checked(networked_service, network_tls):
    for _ in range(25):
        response = requests.get(networked_service.network_url + "/api/officer/status",
                                headers={"Authorization": "Bearer guess"}, timeout=5,
                                verify=str(network_tls.authority))
        assert response.status_code == 404
    # Nothing was counted against this address: the officer's own request still goes through.
    assert requests.get(networked_service.base_url + "/api/officer/status", headers=OFFICER,
                        timeout=5).status_code == 200
