"""Choosing a practice scenario, and who plays its caller."""

from __future__ import annotations

from rvr_desktop.training import check_scenarios, practice_policy
from rvr_desktop.qt import Qt
from rvr_desktop.ui.scenario_dialog import ScenarioDialog
from rvr_desktop.ui.trainer_device import grouped, qr_pixmap
from rvr_desktop.workflow.policy import load_policy
from tests.gui.case_steps import click
from tests.gui.trainee_steps import say_who_i_am


def _scenarios():
    return [checked.scenario for checked in check_scenarios(practice_policy(load_policy())) if checked.ok]


def _dialog(qtbot, **kwargs) -> tuple[ScenarioDialog, list]:
    dialog = ScenarioDialog(_scenarios(), **kwargs)
    qtbot.addWidget(dialog)
    chosen: list = []
    dialog.chosen.connect(lambda scenario, by_trainer: chosen.append((scenario.scenario_id, by_trainer)))
    dialog.show()
    return dialog, chosen


def test_without_a_trainer_network_the_simulated_caller_plays_and_the_dialog_says_how_to_change_that(qtbot):
    dialog, chosen = _dialog(qtbot)
    assert dialog.by_simulated.isChecked() and not dialog.by_trainer.isEnabled()
    said = [label.text() for label in dialog.findChildren(type(dialog.about)) if label is not dialog.about]
    # How to change it, in a trainee's words: who to ask and where it is written, not a command-line flag.
    assert any("Training from two devices" in text for text in said)
    assert not any("--" in text for text in said)
    dialog.list.setCurrentRow(1)
    # The times the debrief scores are told before the run starts, as the practice panel tells them during it.
    assert "Your targets, from the call coming in: link sent within" in dialog.about.text()
    click(qtbot, dialog.start)
    assert chosen == [(dialog.scenarios[1].scenario_id, False)]


def test_with_a_trainer_network_the_trainee_can_hand_the_caller_to_a_trainer(qtbot):
    dialog, chosen = _dialog(qtbot, trainer_url="https://192.0.2.20:8443")
    assert dialog.by_trainer.isEnabled() and "https://192.0.2.20:8443" in dialog.by_trainer.text()
    click(qtbot, dialog.by_trainer)
    click(qtbot, dialog.start)
    assert chosen == [(dialog.scenarios[0].scenario_id, True)]


def test_the_consoles_address_is_drawn_as_a_qr_code_a_phone_can_read(qtbot):
    pixmap = qr_pixmap("https://192.0.2.20:8443/trainer/#" + "k" * 43)
    assert not pixmap.isNull()
    # Version 5 with a four-module border at 4 px a module: big enough for a phone's camera at arm's length.
    assert pixmap.width() == pixmap.height() == (37 + 8) * 4


def _run_scenario(qtbot, workstation, scenario_id: str, by_trainer: bool = False):
    window = workstation()
    scenario = next(s for s in _scenarios() if s.scenario_id == scenario_id)
    window.start_scenario(scenario, by_trainer=by_trainer)
    say_who_i_am(qtbot, window)
    qtbot.waitUntil(lambda: window.case_view is not None and window.case_view.practice is not None)
    return window.case_view


def test_the_trainees_panel_words_each_question_and_the_caller_answers_only_when_asked(qtbot, workstation):
    view = _run_scenario(qtbot, workstation, "standard-risk")
    panel = view.training_panel
    asked: list[str] = []
    view.practice.speak = asked.append  # what the simulated caller would say aloud (no caller in this call)
    shown = [panel.prompts.item(row).text() for row in range(panel.prompts.count())]
    assert "Are you somewhere safe right now?" in shown
    # Moving through the list shows each answer, and the caller says nothing.
    panel.prompts.setCurrentRow(shown.index("Are you somewhere safe right now?"))
    assert panel.says.text() == "Yes, I'm at home. I've locked the door."
    assert asked == []
    # Enter asks it: the caller answers aloud.
    qtbot.keyClick(panel.prompts, Qt.Key.Key_Return)
    assert asked == ["safety.safe_place"]
    # Another step (back to the hand-over): the list is refilled without the caller saying anything.
    view.go_to(0)
    assert asked == ["safety.safe_place"] and panel.says.text() == panel.ASK
    view.close_case()


def test_when_a_trainer_plays_the_caller_the_trainee_sees_neither_script_nor_console(qtbot, workstation):
    view = _run_scenario(qtbot, workstation, "suspect-returns", by_trainer=True)
    panel, run = view.training_panel, view.practice
    assert panel.event_buttons == [] and not panel.prompts.isVisible()
    assert panel.device.isVisible()
    # No link service is running here, so no console opens and nothing is said to have opened.
    assert panel.device.address.text() == "Opening the trainer's console…"
    # When the suspect arrives, the trainee learns it from the call, not from the panel.
    run.fire(run.scenario.events[0])
    assert [fired.event_id for fired in run.fired] == [run.scenario.events[0].event_id]
    assert "his car" not in panel.notice.text() and "expected" not in panel.notice.text()
    view.close_case()


def test_the_trainers_code_is_hidden_once_their_device_has_the_console(qtbot, workstation):
    view = _run_scenario(qtbot, workstation, "suspect-returns", by_trainer=True)
    device = view.training_panel.device
    device.show_console("https://192.0.2.20:8443/trainer/#" + "k" * 43)
    assert device.code.isVisible() and device.address.isVisible()
    view.practice.console_link.opened_on_device.emit()
    assert not device.code.isVisible() and not device.address.isVisible()
    click(qtbot, device.show_again)
    assert device.code.isVisible() and not device.show_again.isVisible()
    view.close_case()


def test_a_fingerprint_is_shown_in_groups_that_can_be_read_aloud():
    fingerprint = ":".join(f"{n:02X}" for n in range(32))
    lines = grouped(fingerprint).splitlines()
    assert len(lines) == 4 and lines[0] == "00:01:02:03:04:05:06:07"


def _ink(label) -> tuple[int, int, int]:
    """The colour the label's text is drawn in: its darkest pixel (the light theme: dark ink on a light ground)."""
    image = label.grab().toImage()
    pixels = [image.pixelColor(x, y) for x in range(0, image.width(), 2) for y in range(image.height())]
    darkest = min(pixels, key=lambda c: c.red() + c.green() + c.blue())
    return darkest.red(), darkest.green(), darkest.blue()


def test_neutral_news_in_the_training_panel_looks_neutral_and_problems_stay_red(qtbot, workstation):
    view = _run_scenario(qtbot, workstation, "standard-risk")
    panel, run = view.training_panel, view.practice
    run.noted.emit("The simulated caller has joined the call.")
    assert panel.notice.isVisible() and panel.notice.text() == "The simulated caller has joined the call."
    red, green, blue = _ink(panel.notice)
    assert max(red, green, blue) - min(red, green, blue) < 40, (red, green, blue)  # grey or black ink, not red
    run.told.emit("The simulated caller could not join (TimeoutException).")
    red, green, blue = _ink(panel.notice)
    assert red > green + 60 and red > blue + 60, (red, green, blue)
