"""The witness signs her statement on her own phone over the call: the real practice link service, real headless
Chromium as her phone, and the case and MG11 made from what the service reports. What the abuser finds on the
phone afterwards: nothing of the statement, in the page, its storage or its address."""

from __future__ import annotations

from contextlib import contextmanager

import hashlib
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from rvr_desktop.casework.call_events import apply_call_event, service_moment
from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.casework.signing_requests import SigningRequests, WhyWithdrawn
from rvr_desktop.casework.statement_signing import signature_standing, to_sign
from rvr_desktop.documents import DocumentInput, Marks
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER, specimen_case
from rvr_desktop.documents.statement import witness_statement
from rvr_desktop.video.client import LinkServiceError
from rvr_desktop.video.events import follow_events
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.policy import load_policy
from rvr_desktop.workflow.signing import Signer, Standing
from rvr_desktop.workflow.steps import Step
from tests.e2e.video.test_caller_page import LEFT_BEHIND, NOTHING, serious_accessibility_problems
from tests.e2e.video.test_video_call import consent_and_join, open_officer_page, tap_link_on_phone
from tests.e2e.video.workstation import open_in_workstation
from tests.gui.case_steps import click
from tests.helpers.chromium import wait_for
from tests.unit.documents.pdf_reading import flat, pages

pytestmark = pytest.mark.slow
# A phrase of the specimen statement, looked for wherever the phone might keep it.
PHRASE = "both hands"


def _events_until(officer_api, link_service, session_id: str, kind: str, count: int = 1) -> list[dict]:
    seen: list[dict] = []
    stop = threading.Event()
    timer = threading.Timer(20, stop.set)
    timer.start()

    def on_event(event: dict) -> None:
        seen.append(event)
        if sum(e["kind"] == kind for e in seen) >= count:
            stop.set()
    try:
        follow_events(link_service.base_url, link_service.token, session_id, on_event, stop)
    finally:
        timer.cancel()
    return seen


def _ask(officer_api, session_id: str, statement: str, declaration: str, role: str = "caller") -> str:
    """Ask `role` to sign once their page has joined the call (Join was just pressed: the service may not know
    yet)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return officer_api.ask_to_sign(session_id, role, statement, declaration)
        except LinkServiceError as error:
            if error.code != "not_in_call" or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _asked_on_their_page(officer_api, browsers, case_ref: str, role: str = "caller",
                         statement: str = f"He put {PHRASE} round my neck.",
                         declaration: str = "This statement is true."):
    """A call for `case_ref` with `role` joined from their own browser (a phone for the caller), asked to sign
    `statement` under `declaration`, the text on their page: (the session, their browser, the request's id)."""
    session, _officer = open_officer_page(browsers, officer_api, case_ref)
    page = browsers.start(phone=role == "caller")
    page.get(officer_api.invite(session.session_id, role).url)
    consent_and_join(page)
    request_id = _ask(officer_api, session.session_id, statement, declaration, role=role)
    wait_for(page, "document.getElementById('signing-text')", what="the statement to sign")
    return session, page, request_id


def _files_keeping(folder: Path, text: str) -> list[str]:
    """Files under a browser's profile holding `text` as UTF-8 or UTF-16 (Chromium keeps page state in UTF-16)."""
    wanted = (text.encode("utf-8"), text.encode("utf-16-le"))
    return [str(path.relative_to(folder)) for path in folder.rglob("*")
            if path.is_file() and any(w in path.read_bytes() for w in wanted)]


def _nothing_of_the_statement(phone) -> None:
    assert phone.execute_async_script(LEFT_BEHIND) == NOTHING
    assert phone.get_cookies() == []
    dom = phone.execute_script("return document.documentElement.outerHTML")
    assert PHRASE not in dom and "signing-text" not in dom
    assert phone.execute_script("return document.getElementById('sign-name')") is None
    assert PHRASE not in phone.current_url and "#" not in phone.current_url


def test_the_witness_signs_on_her_phone_and_the_mg11_prints_her_signature_until_the_text_changes(
        link_service, officer_api, browsers, screenshots_dir):
    policy = load_policy()
    case = specimen_case(policy)
    case.outcome = None  # still being taken: the specimen's signatures are replaced by hers
    case.statement.signatures.clear()
    assert PHRASE in case.statement.narrative

    session, _officer = open_officer_page(browsers, officer_api, "CASE-SIGN-1")
    phone = browsers.start(phone=True)
    link = officer_api.invite(session.session_id, "caller").url
    phone.get(link)
    consent_and_join(phone)

    asked = to_sign(case, Signer.WITNESS)
    assert asked is not None
    request_id = _ask(officer_api, session.session_id, asked.statement, asked.declaration)
    wait_for(phone, "document.getElementById('signing-text')", what="the statement to sign on her phone")
    shown = phone.find_element(By.ID, "signing-text").text
    assert flat(shown) == flat(asked.statement + " " + asked.declaration)
    assert phone.find_element(By.ID, "sign").text == "I sign this statement"
    assert PHRASE in phone.execute_script("return document.documentElement.outerHTML")  # so its absence later counts
    assert serious_accessibility_problems(phone) == []
    if screenshots_dir:
        phone.save_screenshot(str(screenshots_dir / "caller-signing.png"))
    # Signing with no name asks for it, and sends nothing.
    phone.find_element(By.ID, "sign").click()
    wait_for(phone, "document.getElementById('sign-problem').textContent !== ''", what="the name asked for")
    phone.find_element(By.ID, "sign-name").send_keys("Zofia Wiśniewska")
    phone.find_element(By.ID, "sign").click()
    wait_for(phone, "document.getElementById('signing-status').textContent.includes('You have signed')", what="signed")
    _nothing_of_the_statement(phone)

    events = _events_until(officer_api, link_service, session.session_id, "statement_signed")
    [signed] = [e for e in events if e["kind"] == "statement_signed"]
    assert (signed["request_id"], signed["name"], signed["digest"]) == (request_id, "Zofia Wiśniewska", asked.digest)
    at = service_moment(signed["at"], timedelta(0), MADE_AT)
    news = apply_call_event(case, policy, signed, at)
    assert news.case_changed and signature_standing(case, Signer.WITNESS)[0] is Standing.SIGNED

    # The same signature sent again from her page (a replay) is refused and records nothing.
    phone.execute_script("window.rvrCaller.page.call.send(arguments[0])",
                         {"type": "sign", "request_id": request_id, "name": "Someone Else", "digest": asked.digest})
    wait_for(phone, "document.getElementById('signing-status').textContent.includes('not recorded')", what="the refusal")
    later = _events_until(officer_api, link_service, session.session_id, "statement_signed", count=2)
    assert sum(e["kind"] == "statement_signed" for e in later) == 1
    # Closed, the browser has written all it keeps of the page (history, session, form data): none of it.
    folder = phone.profile_folder
    phone.quit()
    assert _files_keeping(folder, link.split("#")[1])  # the search finds what a browser does keep (README)
    assert _files_keeping(folder, PHRASE) == [] and _files_keeping(folder, "Wiśniewska") == []

    document = flat("\n".join(pages(witness_statement(DocumentInput(case, policy, SPECIMEN_OFFICER, MADE_AT, Marks())))))
    digest = " ".join(asked.digest[i:i + 8] for i in range(0, 64, 8))
    assert "Signed: Zofia Wiśniewska, by typed name and confirmation on her own device over the video call," in document
    assert f"SHA-256 of the text signed: {digest}" in document

    # Edited after she signed: the signature is void, and the document says so plainly.
    case.statement.narrative = case.statement.narrative.replace(PHRASE, "his hands")
    assert signature_standing(case, Signer.WITNESS)[0] is Standing.VOID
    document = flat("\n".join(pages(witness_statement(DocumentInput(case, policy, SPECIMEN_OFFICER, MADE_AT, Marks())))))
    assert "Signature of the maker Not signed" in document and "Signed: Zofia" not in document


def test_a_withdrawn_request_leaves_nothing_on_the_phone(link_service, officer_api, browsers):
    session, phone, request_id = _asked_on_their_page(officer_api, browsers, "CASE-SIGN-2")
    phone.find_element(By.ID, "sign-name").send_keys("Zofia")
    officer_api.withdraw_signing(session.session_id, request_id)
    wait_for(phone, "!document.getElementById('signing')", what="the statement taken down")
    assert "Nothing was signed" in phone.find_element(By.ID, "signing-status").text
    _nothing_of_the_statement(phone)


def test_the_interpreter_confirms_their_declaration_on_their_own_page_with_their_reference(
        link_service, officer_api, browsers):
    policy = load_policy()
    case = specimen_case(policy)
    case.outcome = None
    case.statement.signatures.clear()
    session, _officer = open_officer_page(browsers, officer_api, "CASE-SIGN-3")
    interpreter = browsers.start()
    interpreter.get(officer_api.invite(session.session_id, "interpreter").url)
    consent_and_join(interpreter)
    asked = to_sign(case, Signer.INTERPRETER)
    assert asked is not None and "Polish" in asked.declaration
    request_id = _ask(officer_api, session.session_id, asked.statement, asked.declaration, role="interpreter")
    wait_for(interpreter, "document.getElementById('sign-reference')", what="the interpreter's reference box")
    assert "I interpreted this statement" in interpreter.find_element(By.ID, "signing-text").text
    interpreter.find_element(By.ID, "sign-name").send_keys("Ewa Nowak")
    interpreter.find_element(By.ID, "sign-reference").send_keys("NRPSI 12345")
    interpreter.find_element(By.ID, "sign").click()
    wait_for(interpreter, "document.getElementById('signing-status').textContent.includes('You have signed')", what="signed")
    _nothing_of_the_statement(interpreter)

    events = _events_until(officer_api, link_service, session.session_id, "statement_signed")
    [signed] = [e for e in events if e["kind"] == "statement_signed"]
    assert (signed["role"], signed["request_id"], signed["reference"]) == ("interpreter", request_id, "NRPSI 12345")
    apply_call_event(case, policy, signed, service_moment(signed["at"], timedelta(0), MADE_AT))
    assert signature_standing(case, Signer.INTERPRETER)[0] is Standing.SIGNED
    assert signature_standing(case, Signer.WITNESS)[0] is Standing.NOT_SIGNED  # hers is her own to give
    document = flat("\n".join(pages(witness_statement(DocumentInput(case, policy, SPECIMEN_OFFICER, MADE_AT, Marks())))))
    assert "Interpreter Ewa Nowak Interpreter's reference NRPSI 12345 Language Polish" in document
    assert "Signature of the interpreter Signed: Ewa Nowak, by typed name and confirmation on their own device" in document
    assert "Signature of the maker Not signed" in document


def _asked_from_the_statement_step(qtbot, view, link_service, phone):
    """The officer sends a link, she joins, and the officer asks her to sign from the Statement step: the page."""
    case = view.session.case
    before = len(case.link_invites)
    click(qtbot, view.page(Step.LINK).send)  # a fresh link for this call, sent from the link step
    qtbot.waitUntil(lambda: len(case.link_invites) > before and case.link_invites[-1].sent_at is not None,
                    timeout=15_000)
    tap_link_on_phone(phone, link_service, case.intake.safe_phone)
    consent_and_join(phone)
    call = view.session.video_call()
    assert call is not None
    qtbot.waitUntil(lambda: any(i["role"] == "caller" and i["connected"]
                                for i in officer_api_session(link_service, call.session_id)), timeout=15_000)
    page = view.page(Step.STATEMENT)
    button, line = page.signing[Signer.WITNESS]
    assert line.text() == "Not signed yet."
    for _ in range(50):  # Join was just pressed: until the service has her in the call, it says so
        page.signing_message.hide()
        click(qtbot, button)
        qtbot.waitUntil(lambda: page.signing_message.isVisible(), timeout=15_000)
        if "waiting for their signature" in page.signing_message.text():
            break
        qtbot.wait(200)
    qtbot.waitUntil(lambda: "Waiting for her signature" in line.text(), timeout=5_000)
    wait_for(phone, "document.getElementById('signing-text')", what="the statement on her phone")
    return page


@contextmanager
def _at_the_statement_step(qtbot, data_dir, link_service, browsers):
    """A practice case open at the Statement step, its caller in the call on a phone: (the case view, the phone)."""
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    case = CaseBuilder(policy).done_before(Step.STATEMENT, call_at=datetime.now(UTC) - timedelta(minutes=30))
    case.statement.narrative = f"He put {PHRASE} round my neck in the kitchen."
    window, view, thread = open_in_workstation(qtbot, settings, policy, case, link_service)
    phone = browsers.start(phone=True)
    try:
        yield view, phone
    finally:
        view.close_case()
        window.close()
        thread.shutdown()


def test_the_officer_asks_from_the_statement_step_and_her_signature_reaches_the_case(
        qtbot, data_dir, link_service, browsers):
    with _at_the_statement_step(qtbot, data_dir, link_service, browsers) as (view, phone):
        case = view.session.case
        page = _asked_from_the_statement_step(qtbot, view, link_service, phone)
        line = page.signing[Signer.WITNESS][1]
        phone.find_element(By.ID, "sign-name").send_keys("Amira Haddad")
        phone.find_element(By.ID, "sign").click()
        qtbot.waitUntil(lambda: bool(case.statement.signatures), timeout=15_000)
        assert case.statement.signatures[-1].name == "Amira Haddad"
        qtbot.waitUntil(lambda: line.text().startswith("Signed by Amira Haddad"), timeout=5_000)
        assert "Waiting" not in line.text() and "withdrawn" not in line.text()
        assert "signed the statement on their own device" in page.signing_message.text()


def test_the_request_is_withdrawn_by_itself_when_the_statement_changes_or_the_officer_leaves_the_step(
        qtbot, data_dir, link_service, browsers):
    with _at_the_statement_step(qtbot, data_dir, link_service, browsers) as (view, phone):
        case = view.session.case
        assert view.current_step() is Step.STATEMENT
        page = _asked_from_the_statement_step(qtbot, view, link_service, phone)
        line = page.signing[Signer.WITNESS][1]
        phone.find_element(By.ID, "sign-name").send_keys("Amira Haddad")
        # The officer corrects the statement while it is on her phone: it comes off her phone at once, and
        # the officer reads why.
        page.narrative.moveCursor(page.narrative.textCursor().MoveOperation.End)
        qtbot.keyClicks(page.narrative, " Then he left.")
        # (The workstation's loop runs only while qtbot waits: the phone is looked at once it has acted.)
        qtbot.waitUntil(lambda: "Request withdrawn: the statement changed \u2014 ask again." in line.text(),
                        timeout=5_000)
        qtbot.wait(500)
        wait_for(phone, "!document.getElementById('signing')", what="the old text taken off her phone")
        assert case.statement.signatures == []

        # Asked again for the new text, then the officer goes to another step: withdrawn again.
        click(qtbot, page.signing[Signer.WITNESS][0])
        qtbot.waitUntil(lambda: "Waiting for her signature" in line.text(), timeout=15_000)
        wait_for(phone, "document.getElementById('signing-text')", what="the new text on her phone")
        assert "Then he left." in phone.find_element(By.ID, "signing-text").text
        view.go_to(view._row_of(Step.RISK))
        assert view.current_step() is Step.RISK
        qtbot.waitUntil(lambda: "Request withdrawn: you left the statement step" in line.text(), timeout=5_000)
        qtbot.wait(500)
        wait_for(phone, "!document.getElementById('signing')", what="the statement taken off her phone")
        _nothing_of_the_statement(phone)


def officer_api_session(link_service, session_id: str) -> list[dict]:
    with link_service.client() as client:
        return client.session(session_id)["invites"] if session_id else []


def _out_of_view(phone) -> None:
    """The phone's browser goes out of view, as when she switches app (headless Chromium: its window minimised)."""
    phone.minimize_window()


def _back_in_view(phone) -> None:
    phone.set_window_rect(width=412, height=915)


def test_out_of_view_the_statement_leaves_the_page_and_comes_back_from_the_service_while_the_request_stands(
        link_service, officer_api, browsers):
    # What the app switcher's picture of the page, or whoever picks up the phone while she is in another app,
    # could see: nothing of the statement, in the page or anywhere the browser keeps things.
    session, phone, request_id = _asked_on_their_page(officer_api, browsers, "CASE-SIGN-4")
    phone.find_element(By.ID, "sign-name").send_keys("Zofia")

    _out_of_view(phone)  # she goes to another app
    wait_for(phone, "document.visibilityState === 'hidden'", what="the call's tab out of view")
    wait_for(phone, "!document.getElementById('signing')", what="the statement taken out of the page")
    _nothing_of_the_statement(phone)

    # Back in view: the service sends the same request again, and she can sign it.
    _back_in_view(phone)
    wait_for(phone, "document.visibilityState === 'visible'", what="the call's tab back in view")
    wait_for(phone, "document.getElementById('signing-text')", what="the statement shown again")
    assert PHRASE in phone.find_element(By.ID, "signing-text").text
    assert phone.find_element(By.ID, "sign-name").get_attribute("value") == ""  # her name was not kept either

    # Withdrawn while she is away: back in view, nothing comes back, and the page says so.
    _out_of_view(phone)
    wait_for(phone, "document.visibilityState === 'hidden'", what="out of view again")
    wait_for(phone, "!document.getElementById('signing')", what="the statement taken out again")
    officer_api.withdraw_signing(session.session_id, request_id)
    _back_in_view(phone)
    wait_for(phone, "document.visibilityState === 'visible'", what="back in view")
    wait_for(phone, "document.getElementById('signing-status').textContent.includes('Nothing was signed')",
             what="the page saying the request was withdrawn")
    assert phone.execute_script("return document.getElementById('signing')") is None
    _nothing_of_the_statement(phone)


def test_out_of_view_past_the_limit_the_statement_never_comes_back_and_the_officer_is_told_to_ask_again(
        link_service, officer_api, browsers):
    # Her phone locked or put down mid-request, and picked up later by someone else: unlocking it shows nothing,
    # and the request cannot be signed any more.
    statement, declaration = f"He put {PHRASE} round my neck.", "This statement is true."
    session, phone, request_id = _asked_on_their_page(officer_api, browsers, "CASE-SIGN-5", statement=statement,
                                                      declaration=declaration)

    _out_of_view(phone)
    wait_for(phone, "document.visibilityState === 'hidden'", what="the call's tab out of view")
    wait_for(phone, "!document.getElementById('signing')", what="the statement taken out of the page")
    time.sleep(21)  # past the page's AWAY_LIMIT_MS (20 s), once
    _back_in_view(phone)
    wait_for(phone, "document.visibilityState === 'visible'", what="the call's tab back in view")
    wait_for(phone, "document.getElementById('signing-status').textContent.includes('Nothing was signed')",
             what="the page saying the request was withdrawn")
    withdrawn = [e for e in _events_until(officer_api, link_service, session.session_id, "signing_withdrawn")
                 if e["kind"] == "signing_withdrawn"]
    assert [(e["request_id"], e["reason"]) for e in withdrawn] == [(request_id, "out of view")]
    time.sleep(1)  # whatever the service might still send has arrived
    assert phone.execute_script("return document.getElementById('signing')") is None
    _nothing_of_the_statement(phone)

    # Her very tab answering for that request, with the right text, is refused: nothing can be signed now.
    digest = hashlib.sha256((statement + "\n\n" + declaration).encode()).hexdigest()
    phone.execute_script("window.rvrCaller.page.call.send(arguments[0])",
                         {"type": "sign", "request_id": request_id, "name": "Zofia", "digest": digest})
    wait_for(phone, "document.getElementById('signing-status').dataset.text === 'sign_failed'", what="the signature refused")
    with pytest.raises(LinkServiceError) as gone:
        officer_api.withdraw_signing(session.session_id, request_id)
    assert gone.value.code == "not_open"
    assert not [e for e in _events_until(officer_api, link_service, session.session_id, "signing_withdrawn")
                if e["kind"] == "statement_signed"]

    # The officer's statement step, hearing the service, says why and what to do.
    requests = SigningRequests()
    requests.asked(Signer.WITNESS, request_id, digest)
    assert requests.heard(withdrawn[0])
    assert requests.line(Signer.WITNESS) == f"Request withdrawn: {WhyWithdrawn.PAGE_AWAY.value}."


def test_an_interpreter_looking_something_up_in_another_window_keeps_the_request_however_long(
        link_service, officer_api, browsers):
    # On a desktop the page can stay on screen behind another window (her dictionary): not out of view. The
    # statement stays and no clock runs: longer than the 20 s a hidden phone gets, it can still be signed.
    session, interpreter, request_id = _asked_on_their_page(officer_api, browsers, "CASE-SIGN-7", role="interpreter",
                                                            declaration="I interpreted this statement.")

    # Headless Chromium keeps every window focused (a second window in front changes nothing), so the window's
    # own blur and focus events are dispatched as a desktop browser sends them when another window comes in
    # front and when she clicks back.
    interpreter.execute_script("window.dispatchEvent(new FocusEvent('blur'))")  # her dictionary, in front
    assert interpreter.execute_script("return document.visibilityState") == "visible"
    time.sleep(21)  # longer than a hidden page may be away
    assert interpreter.execute_script("return !!document.getElementById('signing-text')"), "blur took it down"
    interpreter.execute_script("window.dispatchEvent(new FocusEvent('focus'))")  # she clicks back into the call
    assert interpreter.execute_script("return !!document.getElementById('signing-text')")
    # Minimised (hidden, not merely behind another window): taken out of the page as on a phone.
    _out_of_view(interpreter)
    wait_for(interpreter, "document.visibilityState === 'hidden'", what="her window minimised")
    wait_for(interpreter, "!document.getElementById('signing')", what="the statement taken out of the page")
    _back_in_view(interpreter)
    wait_for(interpreter, "document.getElementById('signing-text')", what="the statement shown again")
    interpreter.find_element(By.ID, "sign-name").send_keys("Ewa Nowak")
    interpreter.find_element(By.ID, "sign-reference").send_keys("NRPSI 12345")
    interpreter.find_element(By.ID, "sign").click()
    events = _events_until(officer_api, link_service, session.session_id, "statement_signed")
    assert [e["request_id"] for e in events if e["kind"] == "statement_signed"] == [request_id]
    assert not [e for e in events if e["kind"] == "signing_withdrawn"]


def test_a_withdrawal_the_service_does_not_confirm_is_asked_again_and_the_officer_reads_it_may_still_be_there(
        qtbot, data_dir, link_service, browsers, monkeypatch):
    """The link service fails to answer the first two withdrawals (as the forget test does it: the client's
    answer replaced, the service itself real). Until it confirms, the officer does not read "withdrawn" but that
    the statement may still be on her page, and what to do; the workstation asks again by itself."""
    from rvr_desktop.video.client import LinkServiceClient

    real_withdraw, refusals = LinkServiceClient.withdraw_signing, []

    def unreliable_withdraw(client, session_id, request_id):
        if len(refusals) < 2:
            refusals.append(request_id)
            raise LinkServiceError("The link service did not answer.", status=503)
        return real_withdraw(client, session_id, request_id)

    with _at_the_statement_step(qtbot, data_dir, link_service, browsers) as (view, phone):
        page = _asked_from_the_statement_step(qtbot, view, link_service, phone)
        line = page.signing[Signer.WITNESS][1]
        monkeypatch.setattr(LinkServiceClient, "withdraw_signing", unreliable_withdraw)
        page.narrative.moveCursor(page.narrative.textCursor().MoveOperation.End)
        qtbot.keyClicks(page.narrative, " Then he left.")
        qtbot.waitUntil(lambda: len(refusals) == 1, timeout=10_000)
        qtbot.waitUntil(lambda: "Withdrawing the request" in line.text(), timeout=5_000)
        assert "not yet confirmed it is off her page" in line.text() and "Request withdrawn" not in line.text()
        # Still on her page: the service never heard.
        assert phone.execute_script("return !!document.getElementById('signing-text')")
        # Asked again after 2 s and 5 s: then confirmed, and off her page.
        qtbot.waitUntil(lambda: "Request withdrawn: the statement changed" in line.text(), timeout=20_000)
        assert len(refusals) == 2
        qtbot.wait(500)
        wait_for(phone, "!document.getElementById('signing')", what="the old text taken off her phone")


def test_on_the_callers_page_time_out_of_focus_counts_against_the_limit(link_service, officer_api, browsers):
    # Her phone may lie unlocked with another app beside the page (a split screen) for whoever picks it up:
    # on her page, unlike an interpreter's, time out of focus counts as time away.
    session, phone, request_id = _asked_on_their_page(officer_api, browsers, "CASE-SIGN-8")
    phone.execute_script("window.dispatchEvent(new FocusEvent('blur'))")  # as in the interpreter's test above
    wait_for(phone, "!document.getElementById('signing')", what="the statement taken out of the page")
    time.sleep(21)
    phone.execute_script("window.dispatchEvent(new FocusEvent('focus'))")
    wait_for(phone, "document.getElementById('signing-status').textContent.includes('Nothing was signed')",
             what="the page saying the request was withdrawn")
    withdrawn = [e for e in _events_until(officer_api, link_service, session.session_id, "signing_withdrawn")
                 if e["kind"] == "signing_withdrawn"]
    assert [(e["request_id"], e["reason"]) for e in withdrawn] == [(request_id, "out of view")]
    assert phone.execute_script("return document.getElementById('signing')") is None
