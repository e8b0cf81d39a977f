"""Risk and statement as an officer meets them: a grade badge that waits for an answer, indicators in
plain words, details beside each answer, British spelling checked as the statement is typed, the maker
from the hand-over, and the over-18 question asked where it is needed."""

from __future__ import annotations

import logging
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.qt import QtGui, QtWidgets, Qt
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.ui import spelling
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import choose, click, field, keep_case, message, next_step, open_listed_case
from tests.gui.typing_in_any_script import type_text


def _open_at(qtbot, workstation, practice, step: Step, change=None):
    """A kept case walked to just before `step`, opened from the list (it opens at that step)."""
    case = CaseBuilder(policy_for(practice)).done_before(step)
    if change is not None:
        change(case)
    keep_case(practice, case)
    window = workstation()
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    assert view.current_step() is step
    return window, view


def _rail_tip(view, step: Step) -> str:
    for row in range(view.rail.count()):
        item = view.rail.item(row)
        if item.data(Qt.ItemDataRole.UserRole) is step:
            return item.toolTip()
    raise AssertionError(step)


def underlined(editor: QtWidgets.QPlainTextEdit) -> list[str]:
    """The words the officer sees with a spelling underline."""
    words = []
    block = editor.document().begin()
    while block.isValid():
        for span in block.layout().formats():
            if span.format.underlineStyle() == QtGui.QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                words.append(block.text()[span.start:span.start + span.length])
        block = block.next()
    return words


def test_the_grade_waits_for_an_answer_and_names_strong_indicators_in_plain_words(qtbot, workstation, practice):
    _, view = _open_at(qtbot, workstation, practice, Step.RISK)
    page = view.page(Step.RISK)
    assert page.badge.text() == "Not yet graded"
    shown = " ".join([page.badge.text(), page.verdict.text(), page.indicators.text(), _rail_tip(view, Step.RISK)])
    assert "standard" not in shown.lower()

    click(qtbot, page.buttons["threats_to_kill"][Answer.YES])
    assert page.badge.text() == "STANDARD"
    assert "Threats to kill" in page.indicators.text() and "_" not in page.indicators.text()
    click(qtbot, page.buttons["strangulation"][Answer.YES])
    assert page.indicators.text() == "Strong single indicators: Threats to kill; Strangling, choking or suffocating."
    assert "threat to kill that the victim believes" in page.indicators.toolTip()
    assert "consider raising the grade" in page.prompt.text()


def test_details_typed_beside_an_answer_are_kept_in_the_case(qtbot, workstation, practice):
    window, view = _open_at(qtbot, workstation, practice, Step.RISK)
    page = view.page(Step.RISK)
    click(qtbot, page.buttons["weapons"][Answer.YES])
    # The details box is the next stop after the answer, as the officer tabs on.
    qtbot.keyClick(page.buttons["weapons"][Answer.YES], Qt.Key.Key_Tab)
    box = page.details["weapons"]
    assert QtWidgets.QApplication.focusWidget() is box
    type_text(qtbot, box, "A kitchen knife — held to my throat. Łódź 🙂")
    assert view.session.case.risk.details == {"weapons": "A kitchen knife — held to my throat. Łódź 🙂"}
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # Tab leaves the box; it never types a tab
    assert "\t" not in box.toPlainText()

    case_id = view.session.store_id
    saver = view.session.saver
    window.close()
    qtbot.waitUntil(lambda: not saver.has_unsaved_changes)
    again = workstation()
    open_listed_case(qtbot, again, case_id)
    qtbot.waitUntil(lambda: again.case_view is not None)
    assert again.case_view.page(Step.RISK).details["weapons"].toPlainText() == "A kitchen knife — held to my " \
                                                                               "throat. Łódź 🙂"


# A popup menu asks the window manager to raise it and hand it the keyboard; offscreen there is none.
@pytest.mark.qt_log_ignore("^This plugin does not support raise\\(\\)", "^This plugin does not support grabbing")
def test_a_misspelt_word_in_the_statement_is_underlined_and_british_spellings_are_not(qtbot, workstation, practice):
    _, view = _open_at(qtbot, workstation, practice, Step.STATEMENT)
    narrative = view.page(Step.STATEMENT).narrative
    type_text(qtbot, narrative, "The colour of my neighbour's door. I recieved a text from him.")
    qtbot.waitUntil(lambda: underlined(narrative) == ["recieved"], timeout=10_000)

    # A right click on the word offers the correction, which replaces it in the case.
    cursor = narrative.document().find("recieved")
    narrative.setTextCursor(cursor)
    where = narrative.cursorRect(cursor).center()
    event = QtGui.QContextMenuEvent(QtGui.QContextMenuEvent.Reason.Mouse, where, narrative.viewport().mapToGlobal(where))
    QtWidgets.QApplication.sendEvent(narrative.viewport(), event)
    qtbot.waitUntil(lambda: isinstance(QtWidgets.QApplication.activePopupWidget(), QtWidgets.QMenu))
    menu = QtWidgets.QApplication.activePopupWidget()
    correction = next(action for action in menu.actions() if action.text() == "received")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(correction).center())
    assert view.session.case.statement.narrative == "The colour of my neighbour's door. I received a text from him."
    qtbot.waitUntil(lambda: underlined(narrative) == [])


def test_without_the_dictionary_the_fields_still_work_and_the_log_says_so_once(qtbot, monkeypatch, caplog):
    def missing():
        raise ImportError("The 'enchant' C library was not found.")

    monkeypatch.setattr(spelling, "_load_speller", missing)
    monkeypatch.setattr(spelling, "_shared", None)
    caplog.set_level(logging.WARNING, logger=spelling.__name__)
    editors = []
    for _ in range(2):
        editor = QtWidgets.QPlainTextEdit()
        qtbot.addWidget(editor)
        spelling.check_spelling(editor)
        editors.append(editor)
    qtbot.waitUntil(lambda: spelling.british_spelling().available is False)
    for editor in editors:
        type_text(qtbot, editor, "I recieved it")
        assert editor.toPlainText() == "I recieved it" and underlined(editor) == []
    said = [r for r in caplog.records if "Spell-checking is off" in r.getMessage()]
    assert len(said) == 1 and "hunspell-en-gb" in said[0].getMessage()


def test_the_maker_comes_from_the_hand_over_and_what_the_officer_types_stays(qtbot, workstation, practice):
    window, view = _open_at(qtbot, workstation, practice, Step.STATEMENT)
    page = view.page(Step.STATEMENT)
    name = field(page, "maker_name")
    assert name.text() == "Sam Example"  # the caller's name in the hand-over
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, name, "Samantha Example")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    next_step(qtbot, view, Step.STATEMENT)  # back again: opened a second time
    assert field(page, "maker_name").text() == "Samantha Example"

    case_id = view.session.store_id
    saver = view.session.saver
    window.close()
    qtbot.waitUntil(lambda: not saver.has_unsaved_changes)
    again = workstation()
    open_listed_case(qtbot, again, case_id)
    qtbot.waitUntil(lambda: again.case_view is not None)
    assert field(again.case_view.page(Step.STATEMENT), "maker_name").text() == "Samantha Example"


def test_over_18_is_asked_with_a_prompt_and_the_step_says_what_is_missing(qtbot, workstation, practice):
    def finished_but_over_18(case):
        CaseBuilder(policy_for(practice)).do(Step.STATEMENT, case, case.intake.call_received_at)
        case.statement.maker_over_18 = None

    _, view = _open_at(qtbot, workstation, practice, Step.STATEMENT, finished_but_over_18)
    page = view.page(Step.STATEMENT)
    prompt = message(page, "maker_over_18")
    assert prompt.isVisible()
    assert prompt.text() == "Still needed: whether the maker is 18 or over (the account has no date of birth)."
    assert "whether the maker is 18 or over" in _rail_tip(view, Step.STATEMENT)
    assert not view.next.isEnabled()

    choose(qtbot, field(page, "maker_over_18"), "Yes")
    qtbot.waitUntil(lambda: not prompt.isVisible())  # derived lines follow typing a moment later
    assert view.session.case.statement.maker_over_18 is True
    next_step(qtbot, view, Step.REVIEW)


@pytest.mark.parametrize("british", ["colour", "neighbour", "organise", "programme"])
def test_british_spellings_are_not_underlined_in_a_details_box(qtbot, workstation, practice, british):
    _, view = _open_at(qtbot, workstation, practice, Step.RISK)
    box = view.page(Step.RISK).details["injury"]
    type_text(qtbot, box, f"{british} bruse")
    qtbot.waitUntil(lambda: underlined(box) == ["bruse"], timeout=10_000)


def _marked(text: str, start: int = 0, end: int | None = None):
    """A stand-in dictionary for the rescan test: a word with a "q" in it is misspelt."""
    return [(at, len(word)) for at, word in spelling.words_in(text, start, end) if "q" in word], False


@given(old=st.text(alphabet="aqz 'é.\n", max_size=60), at=st.integers(0, 60), cut=st.integers(0, 6),
       typed=st.text(alphabet="aqz 'é.", max_size=6))
def test_checking_only_around_a_change_finds_what_checking_everything_finds(old, at, cut, typed):
    at = min(at, len(old))
    new = old[:at] + typed + old[at + cut:]
    again, _ = spelling.respan(old, _marked(old)[0], new, partial(_marked, new))
    assert again == _marked(new)[0]


def test_strangulation_alone_asks_whether_professional_judgement_is_used(qtbot, workstation, practice):
    window, view = _open_at(qtbot, workstation, practice, Step.RISK)
    page = view.page(Step.RISK)
    assert page.recorded.text() == "Not answered yet."
    click(qtbot, page.buttons["strangulation"][Answer.YES])
    assert "Is professional judgement used?" in page.prompt.text()
    assert page.prompt.property("tone") == "danger"

    # No answer chosen: refused in words, nothing recorded.
    click(qtbot, page.record_button)
    assert "Say whether professional judgement is used" in page.message.text()
    click(qtbot, page.used_no)
    assert not page.raise_to.isEnabled()  # no grade to raise to when judgement is not used
    click(qtbot, page.record_button)
    assert "Say why professional judgement is not used" in page.message.text()
    type_text(qtbot, page.reason, "Once, two years ago; no threats since.")
    click(qtbot, page.record_button)
    risk = view.session.case.risk
    assert risk.judgement is None and risk.judgement_not_used.reason == "Once, two years ago; no threats since."
    assert page.recorded.text() == "Recorded: considered, not used."
    assert page.prompt.property("tone") == ""

    case_id = view.session.store_id
    saver = view.session.saver
    window.close()
    qtbot.waitUntil(lambda: not saver.has_unsaved_changes)
    again = workstation()
    open_listed_case(qtbot, again, case_id)
    qtbot.waitUntil(lambda: again.case_view is not None)
    page = again.case_view.page(Step.RISK)
    assert page.used_no.isChecked() and page.reason.toPlainText() == "Once, two years ago; no threats since."

    # Changing the answer to "yes" raises the grade and drops the "not used".
    click(qtbot, page.used_yes)
    choose(qtbot, page.raise_to, "High")
    click(qtbot, page.record_button)
    risk = again.case_view.session.case.risk
    assert risk.judgement is not None and risk.judgement_not_used is None
    assert page.badge.text() == "HIGH"
