"""Guessing is slowed without ever locking out the right credential: after a hundred wrong requests from
one address the officer's token, a caller's link, its uploads and its socket still work at once; each
kind of secret is limited apart; every 429 says when to try again; X-Forwarded-For counts only from a
trusted proxy."""

from __future__ import annotations

import json

import aiohttp
import pytest
import requests

from rvr_desktop.linkservice.config import LinkServiceConfig
from tests.unit.linkservice.harness import PHONE_UA, TOKEN, link_token, png_image, run, start_service, stop_service

WRONG = "W" * 43


def _officer_status(service, token: str) -> requests.Response:
    return requests.get(f"{service.base_url}/api/officer/status", headers={"Authorization": f"Bearer {token}"},
                        timeout=5)


def _claim(service, link: str, **headers: str) -> requests.Response:
    return requests.post(f"{service.base_url}/api/claim", json={"link": link},
                         headers={"User-Agent": PHONE_UA, **headers}, timeout=5)


def _upload(service, link: str, key: str, content: bytes) -> requests.Response:
    return requests.post(f"{service.base_url}/api/upload", data=content, timeout=10,
                         headers={"X-Link": link, "X-Device-Key": key})


def _console(service, key: str) -> requests.Response:
    return requests.post(f"{service.base_url}/api/trainer/console", json={"key": key}, timeout=5)


async def _hello(http: aiohttp.ClientSession, service, link: str, key: str) -> dict:
    async with http.ws_connect(service.ws_url) as socket:
        await socket.send_str(json.dumps({"type": "hello", "link": link, "key": key}))
        return json.loads((await socket.receive(timeout=5)).data)


def _wrong_hellos(service, count: int) -> list[dict]:
    async def guesses() -> list[dict]:
        async with aiohttp.ClientSession() as http:
            return [await _hello(http, service, WRONG, WRONG) for _ in range(count)]
    return run(guesses())


def _caller_link(service) -> str:
    officer = service.officer()
    session = officer.open_session("CASE-G")
    return link_token(officer.invite(session.session_id, "caller").url)


def _slowed(response: requests.Response) -> int:
    """The wait a 429 asks for, checked to be the same in its header and its body."""
    assert response.status_code == 429 and response.json()["error"] == "too_many_attempts"
    assert "Wait" in response.json()["message"]
    wait = int(response.headers["Retry-After"])
    assert wait == response.json()["retry_after"] and 1 <= wait <= 61
    return wait


def test_a_hundred_wrong_requests_lock_out_no_right_credential(service):
    link = _caller_link(service)
    first = _claim(service, link)
    assert first.status_code == 200
    key = first.json()["key"]
    for _ in range(25):
        assert _officer_status(service, "guess").status_code in (401, 429)
        assert _claim(service, WRONG).status_code in (404, 429)
        assert _upload(service, link, WRONG, png_image()).status_code in (403, 429)
    assert {m["reason"] for m in _wrong_hellos(service, 25)} == {"unknown", "too_many_attempts"}
    # Every bucket is over its limit now: wrong secrets are slowed ...
    _slowed(_officer_status(service, "guess"))
    _slowed(_claim(service, WRONG))
    _slowed(_upload(service, link, WRONG, png_image()))
    # ... and the right ones pass at once.
    assert _officer_status(service, TOKEN).status_code == 200
    assert _claim(service, _caller_link(service)).status_code == 200
    assert requests.post(f"{service.base_url}/api/claim", json={"link": link, "key": key}, timeout=5,
                         headers={"User-Agent": PHONE_UA}).status_code == 200
    assert _upload(service, link, key, png_image()).status_code == 201

    async def right_hello() -> dict:
        async with aiohttp.ClientSession() as http:
            return await _hello(http, service, link, key)
    assert run(right_hello())["type"] == "welcome"


def test_each_kind_of_secret_is_limited_apart(service):
    link = _caller_link(service)
    for _ in range(20):
        _claim(service, WRONG)
    _slowed(_claim(service, WRONG))
    # Links are over their limit; nothing else is.
    assert _officer_status(service, "guess").status_code == 401
    assert _upload(service, link, WRONG, png_image()).status_code == 403
    assert _wrong_hellos(service, 1) == [{"type": "refused", "reason": "unknown"}]
    for _ in range(18):
        _officer_status(service, "guess")
    assert _officer_status(service, "guess").status_code == 401  # the twentieth is still only wrong
    _slowed(_officer_status(service, "guess"))
    assert _claim(service, link).status_code == 200


def test_wrong_hellos_are_counted_and_then_told_when_to_try_again(service):
    answers = _wrong_hellos(service, 22)
    assert answers[:20] == [{"type": "refused", "reason": "unknown"}] * 20
    for slowed in answers[20:]:
        assert slowed["type"] == "refused" and slowed["reason"] == "too_many_attempts"
        assert 1 <= slowed["retry_after"] <= 61


def test_only_the_tab_holding_the_key_hears_that_its_call_ended(service):
    officer = service.officer()
    session = officer.open_session("CASE-E")
    link = link_token(officer.invite(session.session_id, "caller").url)
    key = _claim(service, link).json()["key"]
    officer.end(session.session_id)

    async def hellos() -> tuple[dict, dict]:
        async with aiohttp.ClientSession() as http:
            return await _hello(http, service, link, key), await _hello(http, service, link, WRONG)
    holder, other = run(hellos())
    assert holder == {"type": "refused", "reason": "ended"}
    assert other == {"type": "refused", "reason": "unknown"}


def test_x_forwarded_for_from_an_untrusted_peer_counts_for_nothing(service):
    for n in range(20):
        _claim(service, WRONG, **{"X-Forwarded-For": f"198.51.100.{n}"})
    _slowed(_claim(service, WRONG, **{"X-Forwarded-For": "198.51.100.200"}))


@pytest.fixture
def proxied_service():
    """A service that trusts this computer as its reverse proxy."""
    running = start_service(LinkServiceConfig(trusted_proxies=("127.0.0.1",), practice_delivery_seconds=0.2))
    yield running
    stop_service(running)


def test_behind_a_trusted_proxy_each_client_is_counted_apart_and_ipv6_by_its_64(proxied_service):
    service = proxied_service

    def claim_from(address: str) -> requests.Response:
        return _claim(service, WRONG, **{"X-Forwarded-For": address})
    for _ in range(20):
        assert claim_from("198.51.100.7").status_code == 404
    _slowed(claim_from("198.51.100.7"))
    _slowed(claim_from("::ffff:198.51.100.7"))  # the same client seen through IPv6
    assert claim_from("198.51.100.8").status_code == 404  # someone else behind the same proxy
    # A client cannot escape its count by writing its own entry to the left of the proxy's.
    _slowed(claim_from("192.0.2.1, 198.51.100.7"))
    for host in range(1, 21):  # a new address in the same /64 for every guess
        claim_from(f"2001:db8:5:6::{host:x}")
    _slowed(claim_from("2001:db8:5:6:abcd::1"))
    assert claim_from("2001:db8:5:7::1").status_code == 404
    assert _claim(service, _caller_link(service), **{"X-Forwarded-For": "198.51.100.7"}).status_code == 200


def test_spoken_codes_have_a_lower_limit_of_their_own_that_holds_before_the_code_is_checked(proxied_service):
    service = proxied_service
    officer = service.officer()
    session = officer.open_session("CASE-CODES")
    code = officer.spoken_code(session.session_id).code

    def typed(text: str, asker: str) -> requests.Response:
        return requests.post(f"{service.base_url}/api/claim", json={"code": text}, timeout=5,
                             headers={"User-Agent": PHONE_UA, "X-Forwarded-For": asker})
    guesser, caller = "198.51.100.66", "203.0.113.20"
    wrong = "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA"
    assert [typed(wrong, guesser).status_code for _ in range(5)] == [404] * 5
    # Over its limit, the guesser is not told whether a code is right: a short code could be found that way.
    _slowed(typed(wrong, guesser))
    _slowed(typed(code, guesser))
    # Links are counted apart, and the caller on another network types the code and is in.
    assert _claim(service, WRONG, **{"X-Forwarded-For": guesser}).status_code == 404
    assert typed(code, caller).status_code == 200
