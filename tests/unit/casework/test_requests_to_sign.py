"""The requests to sign out on the call, as the workstation follows them (casework/signing_requests.py): which are
out of date once the statement changes, and what the officer reads for each signer."""

from __future__ import annotations

import pytest

from rvr_desktop.casework.signing_requests import SigningRequests, WhyWithdrawn
from rvr_desktop.casework.statement_signing import to_sign
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.signing import Signer
from rvr_desktop.workflow.steps import Step


@pytest.fixture
def case(policy):
    case = CaseBuilder(policy).done_before(Step.STATEMENT)
    case.statement.narrative = "He came home at ten and pushed me against the door."
    case.intake.language = "Polish"
    return case


def _asked(case, requests: SigningRequests, signer: Signer = Signer.WITNESS, request_id: str = "req-1") -> None:
    asked = to_sign(case, signer)
    assert asked is not None
    requests.asked(signer, request_id, asked.digest)


def test_a_request_is_out_of_date_once_the_statement_or_the_interpreters_language_changes(case):
    requests = SigningRequests()
    _asked(case, requests)
    _asked(case, requests, Signer.INTERPRETER, "req-2")
    assert requests.out_of_date(case) == []
    case.statement.narrative += "  \n"  # nothing a reader could see: still the text she was sent
    assert requests.out_of_date(case) == []
    case.intake.language = "Polish (Silesian)"  # only the interpreter's declaration names it
    assert [r.signer for r in requests.out_of_date(case)] == [Signer.INTERPRETER]
    case.statement.narrative = "He came home at eleven."
    assert {r.signer for r in requests.out_of_date(case)} == {Signer.WITNESS, Signer.INTERPRETER}
    case.statement.narrative = ""
    assert len(requests.out_of_date(case)) == 2  # nothing to sign at all


def test_the_officer_reads_waiting_then_withdrawing_until_the_service_confirms_then_why(case):
    requests = SigningRequests()
    assert requests.line(Signer.WITNESS) == ""
    _asked(case, requests)
    assert requests.line(Signer.WITNESS) == "Waiting for her signature: the statement is on her page now."
    withdrawn = requests.withdrawing(Signer.WITNESS, WhyWithdrawn.STATEMENT_CHANGED)
    assert withdrawn is not None and withdrawn.request_id == "req-1"
    # Asked, not confirmed: the statement may still be on her page, and the officer reads so.
    assert requests.line(Signer.WITNESS).startswith(
        "Withdrawing the request (the statement changed \u2014 ask again): the link service has not yet confirmed "
        "it is off her page")
    assert "ask them to close the page, or end the call" in requests.line(Signer.WITNESS)
    assert requests.withdrawing(Signer.WITNESS, WhyWithdrawn.LEFT_STEP) is None  # nothing open: nothing to tell
    assert requests.withdrawal_confirmed("req-1")
    assert requests.line(Signer.WITNESS) == "Request withdrawn: the statement changed \u2014 ask again."
    assert not requests.withdrawal_confirmed("req-1")  # once
    # The service's own record of that withdrawal, arriving later, changes nothing the officer reads.
    assert not requests.heard({"kind": "signing_withdrawn", "request_id": "req-1", "reason": "withdrawn by the officer"})
    _asked(case, requests, request_id="req-3")
    assert requests.line(Signer.WITNESS).startswith("Waiting for her signature")


def test_the_services_own_news_of_a_request_being_withdrawn_confirms_it(case):
    requests = SigningRequests()
    _asked(case, requests)
    requests.withdrawing(Signer.WITNESS, WhyWithdrawn.BY_OFFICER)
    # The service's event arrives before the answer to the withdrawal itself: off her page either way.
    assert requests.heard({"kind": "signing_withdrawn", "request_id": "req-1", "reason": "withdrawn by the officer"})
    assert requests.line(Signer.WITNESS) == "Request withdrawn: you withdrew it."
    # A signature that crossed a withdrawal on the wire takes it off her page too; it stands for the old text
    # only (workflow.signing.standing), so the line is why it was withdrawn.
    _asked(case, requests, request_id="req-2")
    requests.withdrawing(Signer.WITNESS, WhyWithdrawn.STATEMENT_CHANGED)
    assert requests.heard({"kind": "statement_signed", "request_id": "req-2"})
    assert requests.line(Signer.WITNESS) == "Request withdrawn: the statement changed \u2014 ask again."


def test_a_withdrawal_confirmed_after_a_newer_request_leaves_the_newer_ones_line(case):
    requests = SigningRequests()
    _asked(case, requests)
    requests.withdrawing(Signer.WITNESS, WhyWithdrawn.STATEMENT_CHANGED)
    _asked(case, requests, request_id="req-2")  # asked again for the new text before the old one was confirmed
    assert requests.withdrawal_confirmed("req-1")
    assert requests.line(Signer.WITNESS).startswith("Waiting for her signature")


def test_the_services_news_closes_the_request_it_names_and_no_other(case):
    requests = SigningRequests()
    _asked(case, requests)
    _asked(case, requests, request_id="req-2")  # asked again: the first was replaced
    assert not requests.heard({"kind": "signing_withdrawn", "request_id": "req-1", "reason": "asked again"})
    assert not requests.heard({"kind": "signing_withdrawn", "request_id": "someone-elses", "reason": "left"})
    assert requests.heard({"kind": "signing_withdrawn", "request_id": "req-2", "reason": "left"})
    assert requests.line(Signer.WITNESS) == ("Request withdrawn: their page left the call and the statement went "
                                             "with it \u2014 ask again once they are back.")
    _asked(case, requests, request_id="req-4")
    assert requests.heard({"kind": "statement_signed", "request_id": "req-4"})
    assert requests.open == {} and requests.line(Signer.WITNESS) == ""  # signed: the case's own line says so
