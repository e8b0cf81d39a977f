"""A trainer plays the caller from their own device on the training room's network.

The workstation is started with --trainer-network; the trainer's "phone" is
headless Chromium that trusts the practice authority (as a trainer's phone
does once they install it) and reaches the workstation over HTTPS at a
non-loopback address. It scans the console's address from the trainee's
window, taps the texted link to join the call as the caller, and fires the
suspect's arrival; the trainee's run records it and the debrief scores the
escalation.

Run by tests/e2e/test_two_device_training.py inside a network namespace of its
own (a veth pair at RVR_TEST_TRAINER_ADDRESS), never on the machine's real
network.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import requests
from selenium.webdriver.common.by import By

from rvr_desktop.qt import Qt
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.training import Verdict, model_run
from rvr_desktop.training.criteria import Criterion
from rvr_desktop.video.practice_service import start_practice_link_service
from rvr_desktop.video.trainer_network import TrainerNetwork
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.steps import Step
from tests.conftest import REPO
from tests.e2e.video.test_video_call import consent_and_join
from tests.e2e.video.workstation import debrief_of, send_link_and_open_the_call, start_scenario, trainee_workstation
from tests.gui.case_steps import answer_safety, next_step
from tests.helpers.chromium import wait_for

ADDRESS = os.environ.get("RVR_TEST_TRAINER_ADDRESS", "")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not ADDRESS, reason="needs a network of its own; tests/e2e/test_two_device_training.py runs it inside one")]


@pytest.fixture
def networked_service(tmp_path_factory, weather_site):
    folder = tmp_path_factory.mktemp("trainer-network")
    config = folder / "link-service.toml"
    config.write_text(f'[links]\nquick_exit_url = "{weather_site}"\n')
    with (folder / "stderr.txt").open("w") as log:
        running = start_practice_link_service(config=config, stderr=log, certificates_dir=folder,
                                              trainer_network=TrainerNetwork(ADDRESS))
        yield running
        running.stop()
    assert "Traceback" not in (folder / "stderr.txt").read_text(), "the link service logged a fault"


@pytest.fixture
def trainee(qtbot, data_dir, networked_service):
    settings = Settings(Mode.PRACTICE, data_dir, "practice:trainee", trainer_network=TrainerNetwork(ADDRESS),
                        fake_camera=True)
    with trainee_workstation(qtbot, settings, networked_service) as window:
        yield window


def test_the_trainer_joins_as_the_caller_and_fires_the_suspect_arriving(qtbot, trainee, networked_service, browsers,
                                                                        screenshots_dir):
    service = networked_service
    assert service.network_url == f"https://{ADDRESS}:8443" and service.public_url == service.network_url
    # Nothing of the officer's side is reachable from the network, whatever the caller's device tries.
    refused = requests.get(f"{service.network_url}/api/officer/status", verify=str(service.certificate.authority),
                           headers={"Authorization": f"Bearer {service.token}"}, timeout=10)
    assert refused.status_code == 404 and refused.json()["error"] == "callers_and_trainer_only"

    view = start_scenario(qtbot, trainee, "suspect-returns", by_trainer=True)
    panel, run = view.training_panel, view.practice
    qtbot.waitUntil(lambda: panel.device.address.text().startswith(f"https://{ADDRESS}:8443/trainer/#"),
                    timeout=15_000)
    console_url = panel.device.address.text()
    assert not panel.device.code.pixmap().isNull()

    # The trainer's phone, trusting this workstation's practice authority, opens the console.
    phone = browsers.start(phone=True, trusting=service.certificate.authority)
    phone.get(console_url)
    wait_for(phone, "!document.getElementById('screen-console').hidden", what="the trainer's console")
    assert phone.find_element(By.ID, "title").text == "TRAINING — Suspect returns mid-call"
    assert "Sophie Marchetti" in phone.find_element(By.ID, "facts").text
    qtbot.waitUntil(lambda: "console is open on their device" in panel.notice.text(), timeout=10_000)
    assert not panel.device.code.isVisible()  # the code (and the console's key) leave the trainee's screen
    console_tab = phone.current_window_handle

    case, policy = view.session.case, view.session.policy
    model = model_run(run.scenario, policy, case.intake.call_received_at).case
    answer_safety(qtbot, view, {k: model.safety.latest(k).answer for k in case.safety.asked})
    next_step(qtbot, view, Step.LINK)

    def trainer_joins() -> None:
        # The text reaches the console; the trainer taps its link and joins as the caller with the phone's camera.
        link = wait_for(phone, "document.querySelector('#texts a')", timeout=30, what="the texted link on the console")
        assert link.get_attribute("href").startswith(f"https://{ADDRESS}:8443/j#")
        link.click()
        caller_tab = next(handle for handle in phone.window_handles if handle != console_tab)
        phone.switch_to.window(caller_tab)
        consent_and_join(phone)

    send_link_and_open_the_call(qtbot, view, caller_joins=trainer_joins)
    assert run.caller is None  # no simulated caller was started: the trainer is the caller
    invite = case.link_invites[-1]
    qtbot.waitUntil(lambda: invite.joined_at is not None, timeout=10_000)
    assert invite.sent_at <= invite.delivered_at and invite.sent_at <= invite.opened_at <= invite.joined_at

    # The suspect comes home: the trainer fires it from the console, and the trainee's run hears of it.
    phone.switch_to.window(console_tab)
    phone.find_element(By.CSS_SELECTOR, "#events button").click()
    wait_for(phone, "document.querySelector('#events .fired-at') && "
                    "!document.querySelector('#events .fired-at').hidden", what="the fired time")
    qtbot.waitUntil(lambda: [fired.event_id for fired in run.fired] == [run.scenario.events[0].event_id],
                    timeout=10_000)
    # The trainee learns of it from the call, not from a notice with the script's words.
    assert "his car" not in panel.notice.text() and "expected" not in panel.notice.text()
    if screenshots_dir:
        _pictures(qtbot, trainee, view, phone, screenshots_dir)

    view.activateWindow()
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.escalation.reasons["1"], Qt.Key.Key_1)  # the suspect is back
    assert case.outcome.kind is OutcomeKind.ESCALATED
    verdicts, debrief = debrief_of(qtbot, view)
    assert verdicts[Criterion.EVENTS] is Verdict.PASSED, [(r.criterion, r.reason) for r in debrief.results]

    # Closing the case closes the console: the trainer's page says the run has ended.
    view.close_case()
    wait_for(phone, "!document.getElementById('screen-stopped').hidden", timeout=15,
             what="the console saying the run ended")
    assert "ended" in phone.find_element(By.ID, "stopped-title").text


def _pictures(qtbot, window, view, phone, folder) -> None:
    """The trainee's window with the console's QR code, and the trainer's console on their phone, for the README."""
    window.resize(1500, 960)
    view.go_to(2)
    view.training_panel.device.show_again.click()  # the code hid itself once the console opened
    qtbot.wait(1000)
    window.grab().save(str(folder / "trainer-device-trainee.png"))
    phone.execute_script("window.scrollTo(0, 0);")
    phone.save_screenshot(str(folder / "trainer-device-console.png"))


def test_the_workstation_started_with_trainer_network_serves_the_trainer_over_https(data_dir):
    """As a trainer starts it: `rvr-desktop --trainer-network ADDRESS`, its certificate made on the way."""
    workstation = subprocess.Popen([sys.executable, "-m", "rvr_desktop", "--data-dir", str(data_dir),
                                    "--trainer-network", ADDRESS, "--log-level", "INFO"], cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    authority = data_dir / "trainer-network" / ADDRESS / "rvr-practice-ca.pem"
    try:
        deadline, page = time.monotonic() + 60, None
        while page is None and time.monotonic() < deadline and workstation.poll() is None:
            try:
                page = requests.get(f"https://{ADDRESS}:8443/trainer/", verify=str(authority), timeout=5)
            except (requests.ConnectionError, OSError):
                time.sleep(0.5)
        assert page is not None, f"the trainer's page never answered; the workstation exited {workstation.poll()}"
        assert page.status_code == 200 and "Trainer's console" in page.text
    finally:
        workstation.send_signal(signal.SIGTERM)
        _, said = workstation.communicate(timeout=60)
    assert workstation.returncode == 0, said[-3000:]
    assert "for the trainer's device at https://" in said
