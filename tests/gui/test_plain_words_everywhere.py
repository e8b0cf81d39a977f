"""No internal name reaches the officer's screen: every step of every kind of case, read word by word.

The officer once saw `threats_to_kill`, numbers as +447700…, "Not recorded"
beside "Not asked or not known" and a command-line flag in a dialog (issue
14). Each was fixed where it was seen; this reads everything a person can
see or hear on each step, panel and dialog reachable without a network, for
a new case, a case done up to Review with children, injuries, weapons and
strong risk indicators, the same case submitted, a case escalated half way
with its checklist, a caller who cannot be reached, and practice runs with
their debrief, so the next one is caught wherever it appears
(`words_on_screen` says what is read and what fails). The states are built
directly (`CaseBuilder`), not clicked through.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.logs import LOG_DIR, LOG_FILE
from rvr_desktop.qt import QtWidgets
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.outbox import OutboxState
from rvr_desktop.sync.status import OutboxStatus
from rvr_desktop.training import check_scenarios, model_run, practice_policy, score_run
from rvr_desktop.training.scenario_clock import call_moment
from rvr_desktop.training.specimen_cases import CALL_AT, CaseBuilder
from rvr_desktop.ui.debrief_window import DebriefWindow
from rvr_desktop.ui.fault_report import FaultReport
from rvr_desktop.workflow.account import Child, Dependant, Injury, PreviousIncident, WeaponOrObject, Witness
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.escalation_reasons import ESCALATION_REASONS
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.risk import raise_by_judgement
from rvr_desktop.workflow.steps import Step
from tests.gui.case_steps import click, confirm_submission, keep_case, open_listed_case
from tests.gui.trainee_steps import say_who_i_am, trainee_form
from tests.gui.words_on_screen import Shown, clashes, leaks, words_on_screen

# Answered "yes": strong single indicators of each kind, so their words are shown beside the grade.
STRONG = ("threats_to_kill", "strangulation", "stalking", "getting_worse", "others_threaten")
# A console's address as the link service makes it: its key is base64url, "_" and "--" included.
CONSOLE = "https://192.0.2.20:8443/trainer/#--Q" + "k" * 38 + "_zq"


class Reader:
    """Reads the windows open now, screen by screen, and keeps every finding with the screens it was on."""

    def __init__(self, window: QtWidgets.QMainWindow):
        self.window = window
        self.findings: dict[str, list[str]] = {}
        self.screens: list[str] = []

    def read(self, screen: str, part: QtWidgets.QWidget | None = None) -> None:
        """Read the main window and every other window open, or only `part` of it (what just changed)."""
        windows = [part] if part is not None else [
            self.window, *(w for w in QtWidgets.QApplication.topLevelWidgets()
                           if w.isVisible() and w is not self.window and not self.window.isAncestorOf(w))]
        shown = words_on_screen(windows)
        assert shown, f"{screen}: nothing read"
        for finding in leaks(shown) + clashes(shown):
            self.findings.setdefault(finding, []).append(screen)
        self.screens.append(screen)

    def report(self) -> str:
        return f"{len(self.findings)} things on the screen are not plain words:\n" + "\n".join(
            f"{finding} — on {screens[0]!r}" + (f" and {len(screens) - 1} more" if len(screens) > 1 else "")
            for finding, screens in self.findings.items())


def _everyone_in_the_account(case) -> None:
    account = case.account
    account.children = [Child(name="Ava Example", date_of_birth=date(2016, 3, 9), school="Example Primary",
                              lives_with_victim=True, present=True, where_during_incident="Upstairs",
                              what_seen_or_said="She came down and saw him shouting."),
                        Child(name="Leo Example", date_of_birth=date(2021, 7, 1), lives_with_victim=True)]
    account.injuries = [Injury("Left arm", "Bruising", "Grabbed hard")]
    account.weapons = [WeaponOrObject("Kitchen knife", "Held up while he shouted")]
    account.dependants = [Dependant("Rose Example", date(1941, 2, 2), "Mother", "Needs help to walk")]
    account.witnesses = [Witness("Pat Neighbour", "07911 123457", "Heard shouting through the wall")]
    account.previous_incidents = [PreviousIncident(date(2025, 6, 1), "Pushed her", "CAD-0101-2025")]


def _up_to_risk(builder: CaseBuilder):
    """The account taken with everyone in it; the risk questions half asked, the strong indicators "yes"."""
    case = builder.done_before(Step.ACCOUNT)
    _everyone_in_the_account(case)
    builder.do(Step.ACCOUNT, case, CALL_AT)
    case.risk.answers = {question: Answer.YES for question in STRONG}
    case.risk.details["threats_to_kill"] = "Said he would kill her if she called the police."
    return case


def _up_to_review(builder: CaseBuilder):
    """Every step done, the grade raised by judgement (so the grade by count is said too)."""
    case = builder.done_before(Step.ACCOUNT)
    _everyone_in_the_account(case)
    for step in (Step.ACCOUNT, Step.RISK):
        builder.do(step, case, CALL_AT)
    case.risk.answers.update({question: Answer.YES for question in STRONG})
    assert raise_by_judgement(case.risk, builder.policy.instrument_for(case.risk), RiskGrade.HIGH,
                              "Threats to kill, a knife in the house", CALL_AT + timedelta(minutes=25)) is None
    for step in (Step.SAFEGUARDING, Step.STATEMENT):
        builder.do(step, case, CALL_AT)
    return case


def _every_step(reader: Reader, view, state: str) -> None:
    """Each step as the officer opens it; one that cannot be opened yet is read as its notice says why, then
    as it will be shown."""
    for row, step in enumerate(Step):
        view.go_to(row)
        if view.current_step() is not step:
            reader.read(f"{state}, {step.label} asked for")
            view.stack.setCurrentWidget(view.page(step))
        reader.read(f"{state}, {step.label}")


def _documents(qtbot, reader: Reader, view, state: str, make: bool = False) -> None:
    view.show_documents(True)
    panel = view.documents
    qtbot.waitUntil(lambda: bool(panel.state.text()))
    if make:
        click(qtbot, panel.make_button)
        qtbot.waitUntil(lambda: panel.list.count() > 0, timeout=20_000)
        click(qtbot, panel.export_button)  # nothing chosen yet: the panel says what is missing
    reader.read(f"{state}, documents")
    view.show_documents(False)


def _delivery(settings, case_id: str):
    store = CaseStore(settings.data_dir, "reader")
    try:
        return store.outbox.delivery_of(case_id)
    finally:
        store.close()


def _open(qtbot, window, case):
    open_listed_case(qtbot, window, case.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    return window.case_view


def _closed(qtbot, window, view) -> None:
    view.close_case()
    qtbot.waitUntil(lambda: window.case_view is None)


@pytest.fixture
def cases(practice) -> dict:
    builder = CaseBuilder(policy_for(practice))
    kept = {"new": builder.done_before(Step.INTAKE), "review": _up_to_review(builder),
            "escalate": _up_to_risk(builder), "unreachable": builder.done_before(Step.VIDEO)}
    for case in kept.values():
        keep_case(practice, case)
    return kept


def test_no_internal_name_code_or_raw_value_reaches_any_screen(qtbot, practice, workstation, cases):
    window = workstation()
    reader = Reader(window)
    qtbot.waitUntil(lambda: len(window.cases.visible_case_ids()) == len(cases))
    reader.read("the case list")
    window.show_help()
    reader.read("the keyboard help")
    for dialog in window.findChildren(QtWidgets.QDialog):
        dialog.close()
    # The status bar while the records system is offline with cases waiting, and the dialog a fault opens.
    window.workstation.outbox_status.emit(OutboxStatus(
        online=False, paused=False, waiting=2, needs_attention=1, last_delivered_utc=None,
        next_attempt_at=datetime.now(UTC) + timedelta(minutes=5), problem=""))
    faults = FaultReport(window, practice.data_dir / LOG_DIR / LOG_FILE)
    faults.raised.emit("KeyError")
    qtbot.waitUntil(lambda: window.error_box is not None and window.error_box.isVisible())
    reader.read("the case list, the records system offline, a fault")
    window.error_box.close()

    # A new case: every step, the escalation panel as it asks, the documents before any are made.
    view = _open(qtbot, window, cases["new"])
    _every_step(reader, view, "a new case")
    view.start_escalation()
    reader.read("a new case, escalating")
    view.escalation.cancel()
    _documents(qtbot, reader, view, "a new case")
    _closed(qtbot, window, view)

    # Done up to Review: every step and Submit's question; then submitted (read only), delivered with its crime
    # reference, and its documents made.
    view = _open(qtbot, window, cases["review"])
    _every_step(reader, view, "a case done up to Review")
    review = view.page(Step.REVIEW)
    click(qtbot, review.submit)
    qtbot.waitUntil(lambda: review.confirmation is not None and review.confirmation.isVisible())
    reader.read("a case done up to Review, asked to confirm")
    confirm_submission(qtbot, review)
    qtbot.waitUntil(lambda: review.verdict.text() == "Submitted \u2014 read only.")
    _every_step(reader, view, "a submitted case")
    delivered = dataclasses.replace(_delivery(practice, view.session.store_id), state=OutboxState.DELIVERED,
                                    crime_reference="PRAC/2026/000042")
    window.workstation.case_delivery_changed.emit(delivered)
    qtbot.waitUntil(lambda: "PRAC/2026/000042" in review.delivery.text())
    reader.read("a submitted case, delivered")
    _documents(qtbot, reader, view, "a submitted case", make=True)
    _closed(qtbot, window, view)
    reader.read("the case list, a case submitted")

    # Escalated on the risk step, strong indicators answered: the details the panel asks for, then the checklist
    # with one item ticked and a note for the attending officers.
    view = _open(qtbot, window, cases["escalate"])
    view.escalate_now(ESCALATION_REASONS[0].words)
    reader.read("an escalated case, details of the escalation")
    view.escalation.close_panel()
    checklist = view.page(Step.REVIEW).checklist
    click(qtbot, next(iter(checklist.boxes.values())))
    checklist.note.setPlainText("Two children upstairs; he has a kitchen knife.")
    _every_step(reader, view, "an escalated case")
    _closed(qtbot, window, view)

    # A caller who cannot be reached, marked so on the link step: the checklist for it, and Submit's question.
    view = _open(qtbot, window, cases["unreachable"])
    view.go_to(list(Step).index(Step.LINK))
    link = view.page(Step.LINK)
    link.reason.setText("No answer to the link after three tries.")
    click(qtbot, link.unreachable)
    _every_step(reader, view, "a caller unreachable")
    review = view.page(Step.REVIEW)
    for box in review.checklist.boxes.values():
        click(qtbot, box)
    click(qtbot, review.submit)
    qtbot.waitUntil(lambda: review.confirmation is not None and review.confirmation.isVisible())
    reader.read("a caller unreachable, asked to confirm")
    review.confirmation.reject()
    _closed(qtbot, window, view)

    _practice_runs(qtbot, reader)
    if reader.findings:
        pytest.fail(reader.report(), pytrace=False)
    states = ("a new case", "a case done up to Review", "a submitted case", "an escalated case", "a caller unreachable",
              "a practice run")
    assert [f"{state}, {step.label}" for state in states for step in Step
            if f"{state}, {step.label}" not in reader.screens] == []


def _practice_runs(qtbot, reader: Reader) -> None:
    """A scenario chosen from its dialog, worked with its panel beside the steps and debriefed; then one whose
    caller a trainer plays; and a model run's debrief, every criterion passed."""
    window = reader.window
    window.choose_scenario()
    qtbot.waitUntil(lambda: getattr(window, "scenario_dialog", None) is not None and window.scenario_dialog.isVisible())
    dialog = window.scenario_dialog
    for row in range(dialog.list.count()):
        dialog.list.setCurrentRow(row)
        reader.read(f"the practice scenarios, scenario {row + 1}")
    dialog.close()
    policy = practice_policy(window.policy)
    scenario = next(checked.scenario for checked in check_scenarios(policy)
                    if checked.ok and checked.scenario.scenario_id == "suspect-returns")

    window.start_scenario(scenario)
    trainee_form(qtbot, window)
    reader.read("who is doing this run")
    say_who_i_am(qtbot, window)
    qtbot.waitUntil(lambda: window.case_view is not None and window.case_view.practice is not None)
    view, panel = window.case_view, window.case_view.training_panel
    view.practice.speak = lambda _prompt: None  # no simulated caller joins without the link service
    for row, step in enumerate(Step):
        view.go_to(row)
        if view.current_step() is not step:
            view.stack.setCurrentWidget(view.page(step))
            panel.show_step(step)
        reader.read(f"a practice run, {step.label}")
        for prompt in range(panel.prompts.count()):
            panel.prompts.setCurrentRow(prompt)  # the caller's answer to each question, shown in the panel
            reader.read(f"a practice run, {step.label}, the caller's answer {prompt + 1}", panel)
    view.practice.fire(scenario.events[0])
    reader.read("a practice run, an event fired")
    click(qtbot, panel.debrief_button)
    qtbot.waitUntil(lambda: panel.debrief_window is not None and panel.debrief_window.isVisible(), timeout=20_000)
    reader.read("a practice run's debrief")
    _closed(qtbot, window, view)

    window.start_scenario(scenario, by_trainer=True)
    say_who_i_am(qtbot, window)
    qtbot.waitUntil(lambda: window.case_view is not None and window.case_view.practice is not None)
    view = window.case_view
    reader.read("a practice run played by a trainer, the console opening")
    view.training_panel.device.show_console(CONSOLE)
    reader.read("a practice run played by a trainer, the console's code")
    _closed(qtbot, window, view)

    noon = datetime(2025, 11, 12, 12, 0, tzinfo=UTC)
    model = model_run(scenario, policy, call_moment(scenario, noon, policy.encompass.calendar))
    passed = DebriefWindow(score_run(dataclasses.replace(model, trainee="PC 1234 Jo Bloggs"), policy), window)
    passed.show()
    reader.read("a model run's debrief")
    passed.close()


def test_the_checks_catch_each_kind_of_word_that_reached_the_officer_before():
    """Each check fails on what it is for, and lets plain words through."""
    said = ["Strong single indicators: threats_to_kill", "Grade: RiskGrade.HIGH", "Answer: NOT_KNOWN",
            "Over 18: None", "Children: []", "<Case object at 0x7f>", "Trainee: practice:root",
            "Link sent to +447700900751", "Run it with --trainer-network", "TODO: wording", "Hand-over  done"]
    found = leaks([Shown(f"label {n}", text) for n, text in enumerate(said)])
    assert [finding.split(":")[0] for finding in found] == [f"label {n}" for n in range(len(said))]
    plain = ["Threats to kill; Strangling, choking or suffocating", "Safe number: 07700 900751",
             "Delivered \u2014 crime reference PRAC/2026/000042.", "None of the children was present.",
             f"Scan the code or open {CONSOLE}", "Written to the log: /home/pc_1234/.local/share/rvr/rvr-desktop.log",
             "witness-statement.pdf \u2014 04/11/2025 14:45"]
    assert leaks([Shown("label", text) for text in plain]) == []
    assert leaks([Shown("label", CONSOLE.removeprefix("https://"))]) != []  # it is the allow-list that passes it
    assert clashes([Shown("a", "Over 18: not recorded"), Shown("b", "Not asked or not known")]) != []
    assert clashes([Shown("a", "Not answered yet"), Shown("b", "Not asked or not known")]) == []
