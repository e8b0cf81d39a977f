"""Screenshots of the workstation for the README: the case list and every step.

Run under a virtual screen with a throw-away keyring and data folder:

    dbus-run-session -- installer/with-test-keyring xvfb-run -a -s "-screen 0 1400x1000x24" \\
        .venv/bin/python tools/take_screenshots.py docs/screenshots

The case shown is fictitious, walked through the steps as the tests do.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rvr_desktop.app import Workstation, services_for_mode  # noqa: E402
from rvr_desktop.casework.starting import headline_of  # noqa: E402
from rvr_desktop.qt import QtCore, QtWidgets  # noqa: E402
from rvr_desktop.settings import Mode, Settings  # noqa: E402
from rvr_desktop.sync.submission import submit_case  # noqa: E402
from rvr_desktop.training.specimen_cases import CaseBuilder  # noqa: E402
from rvr_desktop.ui.main_window import MainWindow  # noqa: E402
from rvr_desktop.ui.steps.pages import PAGES  # noqa: E402
from rvr_desktop.workflow.account import Child  # noqa: E402
from rvr_desktop.workflow.referrals import decide_referral, undecided  # noqa: E402
from rvr_desktop.workflow.steps import Step  # noqa: E402

LONDON = ZoneInfo("Europe/London")


def settle(app, seconds=0.4):
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QtWidgets.QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="rvr-shots-")) / "data"
    settings = Settings(Mode.PRACTICE, folder, "practice:trainer")
    # Built as `rvr-desktop` builds it; its services start once the cases to deliver are in the store.
    workstation = Workstation(settings, services=None)
    workstation.start()
    while not workstation.ready_for_cases:
        settle(app, 0.1)
    policy, store = workstation.policy, workstation.store
    assert policy is not None
    call_at = datetime.now(LONDON) - timedelta(minutes=2)
    case = CaseBuilder(policy).done_before(Step.REVIEW, call_at=call_at)
    case.intake.incident_reference = "WM-20261127-0412"
    case.intake.caller_name = "Amira Haddad"
    case.account.children.append(Child(name="Sami Haddad", school="Example Primary School", lives_with_victim=True,
                                       present=True))
    # The child brings new referrals; decide them so every step can be shown.
    for proposal in undecided(case, policy):
        decide_referral(case, proposal, confirmed=True, reason="", at=call_at + timedelta(minutes=20))
    for other in ("Katarzyna Nowak", "Jane Example"):
        extra = CaseBuilder(policy).done_before(Step.SAFETY, call_at=call_at)
        extra.intake.caller_name = other
        store.submit(lambda s, c=extra: s.cases.create(c.to_dict(), headline_of(c), c.case_id)).result()
    store.submit(lambda s: s.cases.create(case.to_dict(), headline_of(case), case.case_id)).result()

    window = MainWindow(workstation)
    window.resize(1360, 940)
    window.show()
    settle(app, 1.0)
    window.grab().save(str(out / "case-list.png"))
    window.open_case(case.case_id)
    settle(app, 1.0)
    view = window.case_view
    for row, page_class in enumerate(PAGES, start=1):
        view.go_to(row - 1)
        settle(app)
        window.grab().save(str(out / f"step-{row}-{page_class.step.value}.png"))
    # A step with every kind of field (text, drop-down, tick boxes): the dark theme's borders are what it shows.
    view.go_to([page_class.step for page_class in PAGES].index(Step.SAFEGUARDING))
    window.toggle_theme()
    settle(app)
    window.grab().save(str(out / "dark-theme.png"))
    window.toggle_theme()
    view.close_case()
    settle(app)

    # Starting a practice scenario, on a workstation a trainer's device can reach.
    from rvr_desktop.ui.scenario_dialog import ScenarioDialog, load_scenarios

    scenarios = load_scenarios(policy)
    dialog = ScenarioDialog(scenarios, window, trainer_url="https://192.168.1.20:8443")
    dialog.list.setCurrentRow([s.scenario_id for s in scenarios].index("suspect-returns"))
    dialog.by_trainer.setChecked(True)
    dialog.resize(640, 520)
    dialog.show()
    settle(app)
    dialog.grab().save(str(out / "scenario-dialog.png"))
    dialog.close()

    # Delivery: two submitted cases go to the practice records server.
    for _ in range(2):
        done = CaseBuilder(policy).submitted(call_at=call_at)
        store.submit(lambda s, c=done: (s.cases.create(c.to_dict(), headline_of(c), c.case_id),
                                        submit_case(s, c.case_id, c, policy, officer=settings.officer,
                                                    training=True))).result()
    workstation.start_services(services_for_mode)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (window.outbox.status.online and window.outbox.status.waiting == 0):
        settle(app, 0.3)
    window.refresh_cases()
    settle(app, 1.0)
    window.grab().save(str(out / "case-list-delivered.png"))
    workstation.stop()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
