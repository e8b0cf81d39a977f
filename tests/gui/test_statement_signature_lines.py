"""The Statement step's signing controls as the officer meets them: "Ask her to sign", and a line saying whether
her signature stands for the statement as it is now (void once it is edited)."""

from __future__ import annotations

from datetime import timedelta

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.casework.statement_signing import to_sign
from rvr_desktop.qt import QtWidgets
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.signing import HOW_SIGNED, Signer, StatementSignature
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEvent, VideoEventKind
from tests.gui.case_steps import click, keep_case, open_listed_case


def _signed_case(practice, interpreter: bool):
    case = CaseBuilder(policy_for(practice)).done_before(Step.STATEMENT)
    case.statement.narrative = "He came home at ten and pushed me against the door."
    asked = to_sign(case, Signer.WITNESS)
    assert asked is not None
    case.statement.signatures.append(StatementSignature(Signer.WITNESS, "Amira Haddad",
                                                        case.created_at + timedelta(minutes=40), HOW_SIGNED,
                                                        asked.digest))
    if interpreter:
        case.video_events.append(VideoEvent(VideoEventKind.INTERPRETER_JOINED, case.created_at + timedelta(minutes=5)))
    return case


def _page(qtbot, workstation, practice, case):
    keep_case(practice, case)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    assert view.current_step() is Step.STATEMENT
    return view.page(Step.STATEMENT)


def test_her_signature_shows_as_standing_until_the_statement_is_edited(qtbot, workstation, practice):
    page = _page(qtbot, workstation, practice, _signed_case(practice, interpreter=False))
    button, line = page.signing[Signer.WITNESS]
    assert button.text() == "Ask her to sign" and button.isVisibleTo(page)
    assert line.text().startswith("Signed by Amira Haddad, ")
    # No interpreter on the call: no interpreter's signature to ask for.
    assert not page.signing[Signer.INTERPRETER][0].isVisibleTo(page)

    page.narrative.moveCursor(page.narrative.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.narrative, " Then he left.")
    qtbot.waitUntil(lambda: line.text().startswith("Signature void"), timeout=5000)
    assert line.text() == "Signature void: the statement changed after it was signed \u2014 ask her to sign again."


def test_without_a_link_service_asking_says_why_nobody_can_sign_on_their_device(qtbot, workstation, practice):
    page = _page(qtbot, workstation, practice, _signed_case(practice, interpreter=True))
    interpreter_button, interpreter_line = page.signing[Signer.INTERPRETER]
    assert interpreter_button.isVisibleTo(page) and interpreter_line.text() == "Not signed yet."
    click(qtbot, page.signing[Signer.WITNESS][0])
    message: QtWidgets.QLabel = page.signing_message
    assert message.isVisibleTo(page) and "no video link service" in message.text()
