"""Asking for a signature over the call (linkservice/signing.py): only the tab asked may sign, once, for the text
it was sent; the text is held only while the request is open."""

from __future__ import annotations

import asyncio
import hashlib

import aiohttp
import pytest

from rvr_desktop.casework.signing_requests import SigningRequests, WhyWithdrawn
from rvr_desktop.video.client import LinkServiceError
from rvr_desktop.video.events import follow_events
from rvr_desktop.workflow.signing import Signer
from tests.unit.linkservice.harness import Tab, follow_until, link_token, run
from tests.unit.linkservice.test_signalling import _call

STATEMENT = "He came home at ten.\n\nHe pushed me against the door."
DECLARATION = "This statement is true to the best of my knowledge and belief."
DIGEST = hashlib.sha256((STATEMENT + "\n\n" + DECLARATION).encode()).hexdigest()


def _signed_events(service, session_id: str) -> list[dict]:
    seen = follow_until(follow_events, service, session_id, lambda s: False, timeout=1)
    return [e for e in seen if e["kind"] in ("statement_signed", "signing_asked", "signing_withdrawn")]


async def _caller_asked(service, http):
    """A call with the caller and an interpreter, the caller asked to sign STATEMENT and her page sent it."""
    session_id, tabs = await _call(service, http, "caller", "interpreter")
    officer = service.officer()
    request_id = await asyncio.to_thread(officer.ask_to_sign, session_id, "caller", STATEMENT, DECLARATION)
    await tabs["caller"].receive_until("sign-request")
    return session_id, tabs, officer, request_id


def test_the_caller_in_the_call_is_sent_the_statement_and_signs_it_once(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller", "interpreter")
            officer = service.officer()
            request_id = await asyncio.to_thread(officer.ask_to_sign, session_id, "caller", STATEMENT, DECLARATION)
            asked = await tabs["caller"].receive_until("sign-request")
            assert (asked["request_id"], asked["statement"], asked["declaration"]) == (request_id, STATEMENT,
                                                                                      DECLARATION)
            # The interpreter signs only what they are asked to: they never see her request.
            with pytest.raises(TimeoutError):
                await tabs["interpreter"].receive_until("sign-request", timeout=0.3)
            await tabs["interpreter"].send({"type": "sign", "request_id": request_id, "name": "Not Her",
                                            "digest": DIGEST})
            assert (await tabs["interpreter"].receive_until("error"))["code"] == "not_asked"

            answer = {"type": "sign", "request_id": request_id, "name": " Amira  Haddad ", "digest": DIGEST}
            await tabs["caller"].send(answer)
            assert (await tabs["caller"].receive_until("ack"))["what"] == "signed"
            # The same answer replayed, or a second signature, records nothing.
            await tabs["caller"].send(answer)
            assert (await tabs["caller"].receive_until("error"))["code"] == "not_asked"
            await tabs["caller"].send({**answer, "name": "Someone Else"})
            assert (await tabs["caller"].receive_until("error"))["code"] == "not_asked"
            for tab in tabs.values():
                await tab.close()
            return session_id
    session_id = run(scenario())
    events = _signed_events(service, session_id)
    signed = [e for e in events if e["kind"] == "statement_signed"]
    assert [(e["role"], e["name"], e["digest"]) for e in signed] == [("caller", "Amira Haddad", DIGEST)]
    # The statement's words are never in the event log.
    assert all("pushed" not in str(e) for e in follow_until(follow_events, service, session_id, lambda s: False,
                                                             timeout=1))


def test_a_signature_for_other_text_or_without_a_name_is_refused_and_the_request_stays_open(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller")
            request_id = await asyncio.to_thread(service.officer().ask_to_sign, session_id, "caller", STATEMENT,
                                                 DECLARATION)
            await tabs["caller"].receive_until("sign-request")
            other = hashlib.sha256(b"something else").hexdigest()
            await tabs["caller"].send({"type": "sign", "request_id": request_id, "name": "Amira", "digest": other})
            assert (await tabs["caller"].receive_until("error"))["code"] == "not_what_was_shown"
            await tabs["caller"].send({"type": "sign", "request_id": request_id, "name": " ", "digest": DIGEST})
            assert (await tabs["caller"].receive_until("error"))["code"] == "bad_name"
            await tabs["caller"].send({"type": "sign", "request_id": request_id, "name": "Amira", "digest": DIGEST})
            assert (await tabs["caller"].receive_until("ack"))["what"] == "signed"
            for tab in tabs.values():
                await tab.close()
    run(scenario())


def test_withdrawing_or_asking_again_takes_the_text_off_the_page_and_the_old_request_cannot_be_signed(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http, "caller")
            officer = service.officer()
            first = await asyncio.to_thread(officer.ask_to_sign, session_id, "caller", STATEMENT, DECLARATION)
            second = await asyncio.to_thread(officer.ask_to_sign, session_id, "caller", STATEMENT + " More.",
                                             DECLARATION)
            assert (await tabs["caller"].receive_until("sign-withdrawn"))["request_id"] == first
            await tabs["caller"].send({"type": "sign", "request_id": first, "name": "Amira", "digest": DIGEST})
            assert (await tabs["caller"].receive_until("error"))["code"] == "not_asked"
            await asyncio.to_thread(officer.withdraw_signing, session_id, second)
            assert (await tabs["caller"].receive_until("sign-withdrawn", request_id=second))["type"] == "sign-withdrawn"
            with pytest.raises(LinkServiceError) as gone:
                await asyncio.to_thread(officer.withdraw_signing, session_id, second)
            assert gone.value.code == "not_open"
            assert service.book.session(session_id).signing == {}
            for tab in tabs.values():
                await tab.close()
    run(scenario())


def test_only_a_tab_in_the_call_is_asked_and_a_device_admitted_later_cannot_sign_what_the_first_was_sent(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs = await _call(service, http)
            officer = service.officer()
            with pytest.raises(LinkServiceError) as absent:
                await asyncio.to_thread(officer.ask_to_sign, session_id, "caller", STATEMENT, DECLARATION)
            assert absent.value.code == "not_in_call"
            invitation = await asyncio.to_thread(officer.invite, session_id, "caller")
            caller = Tab(http, service.base_url, link_token(invitation.url))
            await caller.claim()
            await caller.connect()
            await caller.join()
            request_id = await asyncio.to_thread(officer.ask_to_sign, session_id, "caller", STATEMENT, DECLARATION)
            await caller.receive_until("sign-request")
            # Her tab goes (closed, or its link taken by another device): the request and its text go with it.
            await caller.close()
            for _ in range(50):
                if not service.book.session(session_id).signing:
                    break
                await asyncio.sleep(0.05)
            assert service.book.session(session_id).signing == {}
            again = Tab(http, service.base_url, caller.link, key=caller.key)
            await again.connect()
            await again.join()
            await again.send({"type": "sign", "request_id": request_id, "name": "Amira", "digest": DIGEST})
            assert (await again.receive_until("error"))["code"] == "not_asked"
            await again.close()
            await tabs["officer"].close()
    run(scenario())


def test_a_page_back_in_view_is_sent_the_request_again_only_while_it_stands_and_only_to_the_tab_asked(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs, officer, request_id = await _caller_asked(service, http)
            # Back in view after taking the statement out of its page: the same request, the same text.
            await tabs["caller"].send({"type": "sign-show", "request_id": request_id})
            again = await tabs["caller"].receive_until("sign-request")
            assert (again["request_id"], again["statement"], again["declaration"]) == (request_id, STATEMENT,
                                                                                      DECLARATION)
            # Another tab naming her request learns nothing of it.
            await tabs["interpreter"].send({"type": "sign-show", "request_id": request_id})
            refused = await tabs["interpreter"].receive_until("sign-withdrawn")
            assert set(refused) <= {"type", "request_id"} and "statement" not in str(refused)
            # Withdrawn while she was away: back in view, she is told so, and sent nothing.
            await asyncio.to_thread(officer.withdraw_signing, session_id, request_id)
            await tabs["caller"].receive_until("sign-withdrawn", request_id=request_id)
            await tabs["caller"].send({"type": "sign-show", "request_id": request_id})
            assert (await tabs["caller"].receive_until("sign-withdrawn"))["request_id"] == request_id
            with pytest.raises(TimeoutError):
                await tabs["caller"].receive_until("sign-request", timeout=0.3)
            for tab in tabs.values():
                await tab.close()
    run(scenario())


def test_a_page_back_after_too_long_out_of_view_withdraws_its_request_and_the_officer_is_told_why(service):
    async def scenario():
        async with aiohttp.ClientSession() as http:
            session_id, tabs, officer, request_id = await _caller_asked(service, http)
            # Another tab naming her request cannot withdraw it, and learns nothing of it.
            await tabs["interpreter"].send({"type": "sign-away", "request_id": request_id})
            refused = await tabs["interpreter"].receive_until("sign-withdrawn")
            assert set(refused) <= {"type", "request_id"} and "statement" not in str(refused)
            assert request_id in (r.request_id for r in service.book.session(session_id).signing.values())
            # Her page, back after too long away, asks for nothing: the request goes, and is not sent again.
            await tabs["caller"].send({"type": "sign-away", "request_id": request_id})
            assert (await tabs["caller"].receive_until("sign-withdrawn"))["request_id"] == request_id
            assert service.book.session(session_id).signing == {}
            await tabs["caller"].send({"type": "sign-show", "request_id": request_id})
            assert (await tabs["caller"].receive_until("sign-withdrawn"))["request_id"] == request_id
            with pytest.raises(TimeoutError):
                await tabs["caller"].receive_until("sign-request", timeout=0.3)
            await tabs["caller"].send({"type": "sign", "request_id": request_id, "name": "Amira", "digest": DIGEST})
            assert (await tabs["caller"].receive_until("error"))["code"] == "not_asked"
            with pytest.raises(LinkServiceError) as gone:
                await asyncio.to_thread(officer.withdraw_signing, session_id, request_id)
            assert gone.value.code == "not_open"
            for tab in tabs.values():
                await tab.close()
            return session_id, request_id
    session_id, request_id = run(scenario())
    events = _signed_events(service, session_id)
    assert not [e for e in events if e["kind"] == "statement_signed"]
    withdrawn = [e for e in events if e["kind"] == "signing_withdrawn"]
    assert [(e["request_id"], e["reason"]) for e in withdrawn] == [(request_id, "out of view")]
    # The officer's workstation, hearing that, says why on the statement step.
    requests = SigningRequests()
    requests.asked(Signer.WITNESS, request_id, DIGEST)
    assert requests.heard(withdrawn[0])
    assert requests.line(Signer.WITNESS) == f"Request withdrawn: {WhyWithdrawn.PAGE_AWAY.value}."
    assert "out of view" in requests.line(Signer.WITNESS) and "ask again" in requests.line(Signer.WITNESS)
