"""A text that does not arrive, as the officer meets it: the trainer, on the trainer's console in a browser, tells
the practice Notify that the next text to the caller's phone fails, the officer texts the link from the real link
step, and the step says what happened and what to do, while the link and the spoken code still work."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from rvr_desktop.casework.policy_in_force import policy_for
from rvr_desktop.linkservice.texts import failure_advice
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.training.specimen_cases import CaseBuilder
from rvr_desktop.workflow.steps import Step
from tests.e2e.video.workstation import open_in_workstation
from tests.helpers.chromium import wait_for
from tests.gui.case_steps import click, next_step

BRIEF = {"title": "TRAINING — A text that does not arrive", "summary": "", "facts": [], "script": [], "events": []}


@pytest.mark.parametrize("failure", ["permanent-failure", "temporary-failure", "technical-failure"])
def test_a_failed_text_reaches_the_officers_link_step_with_what_to_do(qtbot, data_dir, link_service, officer_api,
                                                                      browsers, failure):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:tester", fake_camera=True)
    policy = policy_for(settings)
    case = CaseBuilder(policy).done_before(Step.LINK)
    console = officer_api.open_trainer_console(BRIEF, case.intake.safe_phone)
    trainer = browsers.start()
    trainer.get(console.url)
    wait_for(trainer, "!document.getElementById('screen-console').hidden", what="the trainer's console")
    Select(trainer.find_element(By.ID, "failure")).select_by_value(failure)
    trainer.find_element(By.ID, "fail-next").click()
    wait_for(trainer, "document.getElementById('status').textContent.startsWith('The next text')",
             what="the console saying the next text will fail")
    window, view, thread = open_in_workstation(qtbot, settings, policy, case, link_service)
    try:
        if view.current_step() is not Step.LINK:  # a case done up to the link opens at it
            next_step(qtbot, view, Step.LINK)
        page = view.page(Step.LINK)
        click(qtbot, page.send)
        # The GUI thread never waits: the text is sent and followed in the background, and the step is told.
        qtbot.waitUntil(lambda: page.message.isVisible() and failure_advice(failure) in page.message.text(),
                        timeout=20_000)
        invite = view.session.case.link_invites[-1]
        assert invite.delivery_status == failure and invite.revoked_at is None  # the case keeps the record
        click(qtbot, page.code_button)
        qtbot.waitUntil(lambda: page.code.isVisible() and "Read this out" in page.code.text(), timeout=15_000)
    finally:
        view.close_case()
        window.close()
        thread.shutdown()
