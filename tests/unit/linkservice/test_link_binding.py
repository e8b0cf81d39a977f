"""The one-time link's binding to the first device that opens it (links.py), without a server."""

from __future__ import annotations

from rvr_desktop.linkservice import tokens
from rvr_desktop.linkservice.links import LinkInvite, Refusal, Role, claim, device_connected, device_gone
from rvr_desktop.linkservice.sessions import SessionBook

PHONE, OTHER = "phone browser", "another browser"
GRACE = 30.0


def _invite(now: float = 1000.0, life: float = 900.0) -> LinkInvite:
    return LinkInvite("i", "s", Role.CALLER, tokens.digest(tokens.new_token()), now, now + life)


def test_first_device_is_bound_and_a_second_is_refused_while_it_is_there():
    invite = _invite()
    first = claim(invite, 1001, "", PHONE, GRACE)
    assert first.ok and tokens.well_formed(first.device_key)
    device_connected(invite)
    assert claim(invite, 1002, "", OTHER, GRACE).refusal is Refusal.IN_USE
    assert claim(invite, 1002, "", PHONE, GRACE).refusal is Refusal.IN_USE  # same model of phone, other tab
    assert claim(invite, 1003, first.device_key, PHONE, GRACE).device_key == first.device_key


def test_a_dropped_network_keeps_the_place_for_the_grace_then_the_same_browser_may_reopen():
    invite = _invite()
    key = claim(invite, 1001, "", PHONE, GRACE).device_key
    device_connected(invite)
    device_gone(invite, 1010, properly=False)
    assert claim(invite, 1010 + GRACE - 1, "", PHONE, GRACE).refusal is Refusal.IN_USE
    assert claim(invite, 1010 + GRACE - 1, key, PHONE, GRACE).ok  # the same tab, still holding its key
    device_gone(invite, 1010, properly=False)
    assert claim(invite, 1010 + GRACE + 1, "", OTHER, GRACE).refusal is Refusal.IN_USE
    again = claim(invite, 1010 + GRACE + 1, "", PHONE, GRACE)
    assert again.ok and again.reopened and again.device_key != key
    assert not tokens.same_secret(key, invite.device_digest)  # the old tab's key no longer works


def test_a_tab_that_left_properly_frees_the_link_at_once_for_the_same_browser_only():
    invite = _invite()
    claim(invite, 1001, "", PHONE, GRACE)
    device_connected(invite)
    device_gone(invite, 1005, properly=True)
    assert claim(invite, 1006, "", OTHER, GRACE).refusal is Refusal.IN_USE
    assert claim(invite, 1006, "", PHONE, GRACE).reopened


def test_a_claimed_tab_that_never_connects_frees_the_link_after_the_grace():
    invite = _invite()
    claim(invite, 1001, "", PHONE, GRACE)
    assert claim(invite, 1001 + GRACE / 2, "", PHONE, GRACE).refusal is Refusal.IN_USE
    assert claim(invite, 1001 + GRACE + 1, "", PHONE, GRACE).ok


def test_expiry_stops_new_opens_but_never_cuts_off_the_tab_in_the_call():
    invite = _invite(life=60)
    key = claim(invite, 1001, "", PHONE, GRACE).device_key
    assert claim(invite, 1061, "", OTHER, GRACE).refusal is Refusal.EXPIRED
    assert claim(invite, 1500, key, PHONE, GRACE).ok
    fresh = _invite(life=60)
    assert claim(fresh, 1060, "", PHONE, GRACE).refusal is Refusal.EXPIRED


def test_a_revoked_link_opens_for_nobody_not_even_its_own_tab():
    book = SessionBook(clock=lambda: 1000.0)
    session = book.open_session("CASE-1")
    invite, token = book.issue(session, Role.CALLER, 900)
    key = claim(invite, 1001, "", PHONE, GRACE).device_key
    replacement, new_token = book.issue(session, Role.CALLER, 900)  # re-send
    assert invite.revoked_at is not None and invite.revoked_reason == "replaced by a new link"
    assert claim(invite, 1002, key, PHONE, GRACE).refusal is Refusal.REVOKED
    assert book.find(new_token) is replacement and book.find(token) is invite
    assert session.live_invite(Role.CALLER) is replacement


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
    book.forget(session)
    assert book.find(token) is None and len(book) == 0


def test_sessions_the_workstation_never_cleared_are_forgotten_in_time():
    now = [1000.0]
    book = SessionBook(clock=lambda: now[0])
    ended, running = book.open_session("A"), book.open_session("B")
    book.end(ended)
    now[0] += 7201
    assert book.sweep(ended_for=7200, oldest=86400) == 1
    assert book.all() == [running]
    now[0] += 86400
    assert book.sweep(ended_for=7200, oldest=86400) == 1 and len(book) == 0
