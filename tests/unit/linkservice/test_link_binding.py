"""The one-time link's binding to the first device that opens it (links.py), without a server."""

from __future__ import annotations

import asyncio

from rvr_desktop.linkservice import tokens
from rvr_desktop.linkservice import codes
from rvr_desktop.linkservice.links import (
    REJOIN_SECONDS, LinkInvite, Refusal, Role, Why, claim, decide, expire_admissions, follow_up, holds, holds_now,
    lock_after_quick_exit, tab_connected, tab_let_go,
)
from rvr_desktop.linkservice.sessions import SessionBook


def _invite(now: float = 1000.0, life: float = 900.0) -> LinkInvite:
    return LinkInvite("i", "s", Role.CALLER, tokens.digest(tokens.new_token()), now, now + life)


def test_the_first_device_is_bound_and_any_other_opening_waits_for_the_officer():
    invite = _invite()
    first = claim(invite, 1001, "")
    assert first.ok and first.first_opening and tokens.well_formed(first.device_key)
    other = claim(invite, 1002, "")
    assert not other.ok and other.waiting is not None and other.waiting.why is Why.OTHER_DEVICE
    assert tokens.well_formed(other.waiting_secret) and other.waiting_secret != first.device_key
    assert claim(invite, 1003, first.device_key).device_key == first.device_key  # its own tab, reconnecting


def test_no_rule_of_time_or_browser_ever_lets_another_device_in():
    invite = _invite()
    key = claim(invite, 1001, "").device_key
    tab_connected(invite)
    # However long the first tab has been gone, whatever it said as it went, another opening still waits.
    for later in (1002, 1100, 1800):
        assert claim(invite, later, "").waiting is not None
        expire_admissions(invite, later + 1000)
    assert claim(invite, 1850, key).ok  # the tab in the call, reconnecting


def test_a_tab_that_lost_the_call_comes_back_by_its_key_only_for_a_short_while():
    invite = _invite()
    key = claim(invite, 1001, "").device_key
    tab_connected(invite)
    tab_let_go(invite, 1100)  # the signal dropped, or the caller pressed End call
    assert claim(invite, 1100 + REJOIN_SECONDS - 1, key).ok
    tab_let_go(invite, 1300)
    # Left on the phone for longer: whoever taps Rejoin then is asked about like any other device.
    assert claim(invite, 1300 + REJOIN_SECONDS + 1, key).waiting is not None
    assert not holds_now(invite, key, 1300 + REJOIN_SECONDS + 1) and holds(invite, key)
    never = _invite()
    unused = claim(never, 1001, "").device_key  # opened but never connected
    assert claim(never, 1001 + REJOIN_SECONDS + 1, unused).waiting is not None
    officer = LinkInvite("o", "s", Role.OFFICER, tokens.digest(tokens.new_token()), 1000, 1900)
    officer_key = claim(officer, 1001, "").device_key
    assert claim(officer, 1800, officer_key).ok  # the workstation's own page


def test_the_officer_admitting_moves_the_link_to_the_waiting_device_once():
    invite = _invite()
    old_key = claim(invite, 1001, "").device_key
    asked = claim(invite, 1010, "")
    assert follow_up(invite, 1012, asked.waiting_secret).waiting is asked.waiting  # still waiting
    assert follow_up(invite, 1012, tokens.new_token()).refusal is Refusal.NOT_ADMITTED  # not the tab that asked
    assert decide(invite, asked.waiting.request_id, admit=True, now=1100) == [asked.waiting]
    admitted = follow_up(invite, 1014, asked.waiting_secret)
    assert admitted.ok and tokens.well_formed(admitted.device_key)
    assert follow_up(invite, 1015, asked.waiting_secret).refusal is Refusal.NOT_ADMITTED  # handed over once
    assert claim(invite, 1016, admitted.device_key).ok
    assert claim(invite, 1016, old_key).waiting is not None  # the earlier tab's key no longer works
    assert decide(invite, asked.waiting.request_id, admit=False, now=1100) == []  # answered already


def test_refused_and_unanswered_openings_never_get_in():
    invite = _invite()
    claim(invite, 1001, "")
    refused, ignored, also_waiting = claim(invite, 1002, ""), claim(invite, 1003, ""), claim(invite, 1004, "")
    assert claim(invite, 1005, "").refusal is Refusal.IN_USE  # no more than three wait at once
    decide(invite, refused.waiting.request_id, admit=False, now=1100)
    assert follow_up(invite, 1006, refused.waiting_secret).refusal is Refusal.NOT_ADMITTED
    assert [a.request_id for a in expire_admissions(invite, 1004 + 181)] == [ignored.waiting.request_id,
                                                                            also_waiting.waiting.request_id]
    assert follow_up(invite, 1200, ignored.waiting_secret).refusal is Refusal.NOT_ADMITTED
    # Admitting one refuses the others: one device holds a link.
    again, rival = claim(invite, 1300, ""), claim(invite, 1301, "")
    assert decide(invite, again.waiting.request_id, admit=True, now=1100) == [again.waiting, rival.waiting]
    assert follow_up(invite, 1302, rival.waiting_secret).refusal is Refusal.NOT_ADMITTED


def test_leave_quickly_locks_the_link_even_for_its_own_tab():
    invite = _invite()
    key = claim(invite, 1001, "").device_key
    assert lock_after_quick_exit(invite, 1050) and not lock_after_quick_exit(invite, 1051)
    assert claim(invite, 1052, key).waiting.why is Why.AFTER_QUICK_EXIT
    fresh = _invite()
    lock_after_quick_exit(fresh, 1002)  # pressed before the link was ever opened on the phone
    assert claim(fresh, 1003, "").waiting.why is Why.AFTER_QUICK_EXIT
    asked = claim(invite, 1060, "")
    decide(invite, asked.waiting.request_id, admit=True, now=1100)
    assert invite.quick_exit_at is None and follow_up(invite, 1061, asked.waiting_secret).ok


def test_expiry_stops_new_opens_but_never_cuts_off_the_tab_in_the_call():
    invite = _invite(life=60)
    key = claim(invite, 1001, "").device_key
    tab_connected(invite)
    assert claim(invite, 1061, "").refusal is Refusal.EXPIRED
    assert claim(invite, 1500, key).ok
    fresh = _invite(life=60)
    assert claim(fresh, 1060, "").refusal is Refusal.EXPIRED


def test_a_revoked_link_opens_for_nobody_not_even_its_own_tab():
    book = SessionBook(clock=lambda: 1000.0)
    session = book.open_session("CASE-1")
    invite, token = book.issue(session, Role.CALLER, 900)
    key = claim(invite, 1001, "").device_key
    replacement, new_token = book.issue(session, Role.CALLER, 900)  # re-send
    assert invite.revoked_at is not None and invite.revoked_reason == "replaced by a new link"
    assert claim(invite, 1002, key).refusal is Refusal.REVOKED
    assert book.find(new_token) is replacement and book.find(token) is invite
    assert session.live_invite(Role.CALLER) is replacement


def test_a_spoken_code_is_short_sayable_and_opens_its_call_once():
    book = SessionBook(clock=lambda: 1000.0)
    session = book.open_session("CASE-1")
    invite, code = book.issue_code(session, Role.CALLER, 3600)
    assert len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET) and not set(code) & set("IL1O0UV")
    assert invite.expires_at - invite.created_at == codes.CODE_MINUTES * 60  # never an hour, whatever was asked
    typed = f" {code[:4].lower()}-{code[4:]} "
    assert book.find_by_code(typed) is invite and codes.spoken(code) == f"{code[:4]} {code[4:]}"
    book.use_up_code(invite)
    assert book.find_by_code(code) is None
    token = book.token_for(invite)
    assert book.find(token) is invite
    for nonsense in (None, 12345678, "", "ABCD", code + "A", "I" * 8, "x" * 40):
        assert book.find_by_code(nonsense) is None
    second, second_code = book.issue_code(session, Role.CALLER, 600)
    book.issue(session, Role.CALLER, 600)  # a texted link instead: the code stops working
    assert second.revoked_at is not None and book.find_by_code(second_code) is None


def test_links_carry_256_random_bits_and_only_their_digest_is_kept():
    book = SessionBook()
    session = book.open_session("CASE-1")
    seen = set()
    for _ in range(200):
        invite, token = book.issue(session, Role.INTERPRETER, 900)
        assert tokens.well_formed(token) and token not in seen
        seen.add(token)
        assert token not in repr(invite) and invite.token_digest == tokens.digest(token)
    assert len(tokens.new_token()) * 6 >= 256  # 43 base64url characters
    assert book.find("not-a-token") is None and book.find("A" * 43) is None and book.find(None) is None


def test_forgetting_a_session_drops_its_links_and_uploads():
    book = SessionBook()
    session = book.open_session("CASE-9")
    _, token = book.issue(session, Role.CALLER, 900, phone_number="+447700900123")
    asyncio.run(book.forget(session))
    assert book.find(token) is None and len(book) == 0


def test_sessions_the_workstation_never_cleared_are_forgotten_in_time():
    now = [1000.0]
    book = SessionBook(clock=lambda: now[0])
    ended, running = book.open_session("A"), book.open_session("B")
    book.end(ended)
    now[0] += 7201
    assert asyncio.run(book.sweep(ended_for=7200, oldest=86400)) == 1
    assert book.all() == [running]
    now[0] += 86400
    assert asyncio.run(book.sweep(ended_for=7200, oldest=86400)) == 1 and len(book) == 0
