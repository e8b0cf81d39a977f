"""The workstation's main window: the case list, the open case, the mode."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from rvr_desktop import __version__
from rvr_desktop.qt import QtCore, QtGui, QtWidgets, Qt, Signal
from rvr_desktop.services import NO_SERVICES, Services
from rvr_desktop.store.errors import StoreError
from rvr_desktop.store.failures import sort_store_error
from rvr_desktop.ui.background import run_in_background, when_done
from rvr_desktop.ui.case_list import CaseListPanel
from rvr_desktop.ui.help_dialog import help_dialog
from rvr_desktop.ui.outbox_status import OutboxIndicator, case_state_details, case_state_text
from rvr_desktop.ui.theme import apply_theme

if TYPE_CHECKING:
    from rvr_desktop.app import Workstation
    from rvr_desktop.settings import Settings
    from rvr_desktop.ui.case_view import CaseView
    from rvr_desktop.ui.shift_lock import ShiftLock
    from rvr_desktop.ui.sign_in_window import SignInWindow
    from rvr_desktop.workflow.case import Case
    from rvr_desktop.workflow.policy import Policy

log = logging.getLogger(__name__)


class MainWindow(QtWidgets.QMainWindow):
    """Shown at once; fills in when the store and the policy are ready."""

    # Live, with sign-in: another officer signed in at the locked window (a SignedIn). The open case was closed
    # and saved; the workstation is opened again in their name (app.run_workstation).
    handed_over = Signal(object)

    def __init__(self, workstation: Workstation):
        super().__init__()
        self.workstation = workstation
        self.settings = settings = workstation.settings
        self.store = workstation.store
        self.case_view: CaseView | None = None
        self.error_box: QtWidgets.QMessageBox | None = None
        self.notice_box: QtWidgets.QMessageBox | None = None
        self._faults_shown: set[str] = set()
        mark = " — PRACTICE (TRAINING)" if settings.is_training else ""
        self.setWindowTitle(f"RVR Desktop{mark}")
        self.resize(1280, 860)

        self.cases = CaseListPanel()
        self.new_case_button = QtWidgets.QPushButton("New case")
        self.new_case_button.setToolTip("Start a new case (Ctrl+N)")
        self.new_case_button.setAccessibleName("New case")
        self.new_case_button.clicked.connect(self.new_case)
        list_page = QtWidgets.QWidget()
        list_layout = QtWidgets.QVBoxLayout(list_page)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.new_case_button)
        self.practice_button = QtWidgets.QPushButton("Practice scenario…")
        self.practice_button.setToolTip("Run a practice scenario with a simulated caller (Ctrl+Shift+N)")
        self.practice_button.setAccessibleName("Practice scenario")
        self.practice_button.clicked.connect(self.choose_scenario)
        self.practice_button.setVisible(settings.is_training)
        buttons.addWidget(self.practice_button)
        buttons.addStretch(1)
        list_layout.addLayout(buttons)
        list_layout.addWidget(self.cases)
        self.pages = QtWidgets.QStackedWidget()
        self.pages.addWidget(list_page)

        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        if settings.is_training:
            banner = QtWidgets.QLabel("TRAINING — practice mode. Nothing here reaches a live system.")
            banner.setObjectName("trainingBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(banner)
        layout.addWidget(self.pages)
        self.setCentralWidget(central)

        self.store_state = QtWidgets.QLabel("Opening the encrypted case store…")
        self.store_state.setAccessibleName("Case store state")
        self.statusBar().addWidget(self.store_state, 1)
        self.outbox = OutboxIndicator()
        self.notice = QtWidgets.QLabel()  # Services.notice, when there is one
        self.notice.setAccessibleName("Services not connected")
        self.notice.hide()
        self.statusBar().addPermanentWidget(self.notice)
        self.statusBar().addPermanentWidget(self.outbox)
        self.statusBar().addPermanentWidget(QtWidgets.QLabel(f"v{__version__}"))
        self.cases.setEnabled(False)
        self.new_case_button.setEnabled(False)
        self.cases.open_requested.connect(self.open_case)
        self._actions()
        self.theme = str(QtCore.QSettings().value("theme", "light"))
        self._apply_theme()
        self._follow(workstation)
        self.shift_lock: ShiftLock | None = None
        self.lock_page: SignInWindow | None = None
        if settings.sign_in is not None:
            self._lock_after(settings.sign_in)

    # -- the lock (live, with sign-in) ---------------------------------------------------------

    def _lock_after(self, sign_in) -> None:
        from rvr_desktop.ui.shift_lock import ShiftLock
        from rvr_desktop.ui.sign_in_window import SignInWindow

        minutes = sign_in.lock_minutes
        self._locked_why = f"Locked after {minutes} minutes without use. Sign in to go on."
        self.lock_page = SignInWindow(sign_in, why=self._locked_why)
        self.lock_page.signed_in.connect(self._unlocked)
        self.pages.addWidget(self.lock_page)
        self.shift_lock = ShiftLock(minutes, self._in_a_call, self)
        self.shift_lock.due.connect(self.lock)
        self.sign_out_action = QtGui.QAction("Sign out", self)
        self.sign_out_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+Q"))
        self.sign_out_action.triggered.connect(self.sign_out)
        self.addAction(self.sign_out_action)
        # Who is signed in, beside the way out: after a hand-over the officer sees at once whose workstation it is.
        self.signed_in_as = QtWidgets.QLabel(f"Signed in: {self.settings.profile.describe()}")
        self.statusBar().addPermanentWidget(self.signed_in_as)
        self.sign_out_button = QtWidgets.QPushButton("Sign out")
        self.sign_out_button.setToolTip("End your shift at this workstation (Ctrl+Shift+Q)")
        # Never the keyboard's first stop: Enter on a window just opened must not end the shift.
        self.sign_out_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sign_out_button.clicked.connect(self.sign_out)
        self.statusBar().addPermanentWidget(self.sign_out_button)
        # The sign-in lasts as long as the provider said (its ID token's expiry); then the officer signs in again.
        self._sign_in_ends = QtCore.QTimer(self)
        self._sign_in_ends.setSingleShot(True)
        self._sign_in_ends.timeout.connect(self._sign_in_ran_out)
        self._end_sign_in_at(self.settings.signed_in_until)

    def _end_sign_in_at(self, until: float | None) -> None:
        if until is None:
            return
        self._sign_in_ends.start(max(0, min(2**31 - 1, round((until - time.time()) * 1000))))

    def _sign_in_ran_out(self) -> None:
        if self._in_a_call():  # never in the middle of a call: asked again when it is over
            self._sign_in_ends.start(30_000)
            return
        self.lock(why="Your sign-in for this shift has run out. Sign in again to go on.")

    def sign_out(self) -> None:
        """The end of the shift: the case is saved and hidden as when locked, and the next officer signs in."""
        if self._in_a_call():
            self.show_notice("End the call first", "The call is still going on: end it before you sign out.")
            return
        self.lock(why="Signed out. The next officer signs in here.")

    def _in_a_call(self) -> bool:
        return self.case_view is not None and self.case_view.call_pane is not None

    @property
    def locked(self) -> bool:
        return self.lock_page is not None and self.pages.currentWidget() is self.lock_page

    def lock(self, why: str = "") -> None:
        """Hide the case list and any open case behind the sign-in; nothing in the window works until then."""
        if self.lock_page is None or self.locked:
            return
        self.save_open_case()
        self.lock_page.heading.setText(why or self._locked_why)
        self.pages.setCurrentWidget(self.lock_page)
        for action in self.actions():
            action.setEnabled(False)
        self.sign_out_button.setEnabled(False)
        self.lock_page.button.setFocus()
        log.info("the workstation locked: %s", self.lock_page.heading.text())  # the reason; nobody's name

    def _unlocked(self, who) -> None:
        if who.officer_id != self.settings.officer:
            log.info("another officer signed in at the locked workstation")
            if self.case_view is not None:
                self.case_view.close_case()  # saved; the next officer opens it themselves, in their name
            self.handed_over.emit(who)
            return
        for action in self.actions():
            action.setEnabled(True)
        self.sign_out_button.setEnabled(True)
        self._end_sign_in_at(who.until)
        if self.case_view is not None:
            self.pages.setCurrentWidget(self.case_view)
        else:
            self.pages.setCurrentIndex(0)
        if self.shift_lock is not None:
            self.shift_lock.restart()
        log.info("the officer unlocked the workstation")

    def _follow(self, workstation: Workstation) -> None:
        """Show what the workstation has done so far, then follow it."""
        workstation.store_opened.connect(self.store_opened)
        workstation.store_failed.connect(self.store_failed)
        workstation.policy_loaded.connect(self.policy_loaded)
        workstation.policy_failed.connect(self.policy_failed)
        workstation.services_ready.connect(self.services_ready)
        workstation.services_unavailable.connect(self.services_unavailable)
        workstation.outbox_status.connect(self.outbox.show_status)
        workstation.case_delivery_changed.connect(self.case_delivery_changed)
        workstation.cases_erased.connect(lambda _ids: self.refresh_cases())
        self.outbox.retry_requested.connect(workstation.retry_delivery)
        if workstation.store_ready:
            self.store_opened()
        if workstation.policy is not None:
            self.policy_loaded(workstation.policy)
        if workstation.services is not NO_SERVICES:
            self.services_ready(workstation.services)

    @property
    def policy(self) -> Policy | None:
        return self.workstation.policy

    @property
    def services(self) -> Services:
        return self.workstation.services

    def _actions(self) -> None:
        def action(text: str, keys: str, slot) -> QtGui.QAction:
            act = QtGui.QAction(text, self)
            act.setShortcut(QtGui.QKeySequence(keys))
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.new_case_action = action("New case", "Ctrl+N", self.new_case)
        if self.settings.is_training:
            action("Practice scenario", "Ctrl+Shift+N", self.choose_scenario)
        action("Search cases", "Ctrl+F", lambda: self.cases.search.setFocus())
        action("Light or dark theme", "Ctrl+Shift+T", self.toggle_theme)
        action("Keyboard help", "F1", self.show_help)

    def show_help(self) -> None:
        from rvr_desktop.ui.case_view import SHORTCUTS

        help_dialog(self, SHORTCUTS).open()

    # -- start-up ------------------------------------------------------------

    def store_opened(self) -> None:
        self.cases.setEnabled(True)
        self._enable_new_case()
        self.refresh_cases()

    def policy_loaded(self, policy: Policy) -> None:
        self.cases.model.set_zone(policy.zone)
        self.outbox.set_zone(policy.zone)
        self._enable_new_case()

    def _enable_new_case(self) -> None:
        ready = self.workstation.ready_for_cases
        self.new_case_button.setEnabled(ready)
        self.practice_button.setEnabled(ready)

    def services_ready(self, services: Services) -> None:
        """The outbox worker and the video link service are running: an open case uses them from now on."""
        if self.case_view is not None:
            self.case_view.session.services_started(services)
        self.notice.setText(services.notice)
        self.notice.setToolTip(services.notice_detail)
        self.notice.setVisible(bool(services.notice))
        if services.trainer_network_problem:
            self.show_error("A trainer's device cannot reach this workstation", services.trainer_network_problem)

    def services_unavailable(self, why: str) -> None:
        self.outbox.text.setText("Records system not connected")
        self.outbox.setToolTip(why)
        log.warning("records and video services not available")

    def case_delivery_changed(self, delivery) -> None:
        self.cases.model.set_delivery(delivery.case_id, case_state_text(delivery, zone=self.outbox.zone),
                                      case_state_details(delivery))
        if self.case_view is not None:
            self.case_view.delivery_changed(delivery)

    def store_task_failed(self, error: BaseException) -> None:
        """A task on the open store failed: say what to do (the environment) or report the fault (a bug). Only a
        store that is no longer open disables the case list."""
        if not self.store.is_open:
            self.store_failed(error)
            return
        failure = sort_store_error(error)
        if failure.environment:
            log.warning("a case store task failed: %s (%s)", failure.title, type(error).__name__)
            self.show_error(failure.title, failure.message())
            return
        log.error("a fault in a case store task", exc_info=error)
        # Shown once per kind of fault: the same bug again and again would bury the window in dialogs.
        if type(error).__name__ not in self._faults_shown:
            self._faults_shown.add(type(error).__name__)
            self.show_error(failure.title, failure.message())

    def store_failed(self, error: BaseException) -> None:
        """The store could not be opened (or has gone): nothing can be listed or opened until it is put right."""
        if isinstance(error, StoreError):
            log.error("case store not opened: %s (exit code %d)", type(error).__name__, error.exit_code)
            title, text = error.title, error.message()
        else:
            log.error("case store failed unexpectedly", exc_info=error)
            title = "The case store cannot be used"
            text = (f"An unexpected error stopped the case store ({type(error).__name__}).\n"
                    "Nothing was changed. Run 'rvr-desktop doctor' and send its output and the log to IT support.")
        self.cases.setEnabled(False)
        self._enable_new_case()
        self.store_state.setText(f"Case store closed: {title}.")
        self.show_error(title, text)

    def policy_failed(self, error: BaseException) -> None:
        log.error("policy files not loaded: %s", type(error).__name__)
        self.show_error("The force's policy files cannot be read",
                        f"{error}\nNo case was changed. Cases cannot be opened until the file is put right: "
                        "ask your RVR Desktop administrator.")

    def show_error(self, title: str, text: str) -> None:
        # Window-modal and opened, not exec'd: the event loop keeps running.
        self.error_box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Critical, title, text,
                                               QtWidgets.QMessageBox.StandardButton.Ok, self)
        self.error_box.open()

    def show_notice(self, title: str, text: str) -> None:
        """Something the officer must know that went right; opened like an error, not exec'd."""
        self.notice_box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, title, text,
                                                QtWidgets.QMessageBox.StandardButton.Ok, self)
        self.notice_box.open()

    # -- the case list ----------------------------------------------------------

    def refresh_cases(self) -> None:
        when_done(self.store.submit(lambda s: (s.cases.list_cases(), s.outbox.deliveries())), self._show_cases,
                  self.store_task_failed)

    def _show_cases(self, found) -> None:
        cases, deliveries = found
        self.cases.show_cases(cases, {case_id: (case_state_text(d, zone=self.outbox.zone), case_state_details(d))
                                      for case_id, d in deliveries.items()})
        log.info("case list shown: %d cases", len(cases))
        self.store_state.setText(f"Case store open (encrypted) — {len(cases)} case(s)")

    # -- opening a case ------------------------------------------------------------

    # The case view and the workflow load when the first case opens, not at
    # start-up: the window must show as fast as a bare one.

    def new_case(self) -> None:
        from rvr_desktop.casework.starting import start_new_case
        from rvr_desktop.ui.case_session import now

        policy = self.policy  # the button is enabled only once it is loaded
        if not self.new_case_button.isEnabled() or self.case_view is not None or policy is None:
            return
        at = now()
        when_done(self.store.submit(lambda s: start_new_case(s, policy, at)), self._show_case, self.store_task_failed)

    def choose_scenario(self) -> None:
        """Practice mode: pick a scenario, then work its case with a simulated caller."""
        from rvr_desktop.ui.scenario_dialog import ScenarioDialog, load_scenarios

        if not self.practice_button.isEnabled() or self.case_view is not None:
            return
        policy = self.policy

        trainer_url = self.services.trainer_url
        why = ScenarioDialog.NO_TRAINER_NETWORK
        problem = self.services.trainer_network_problem
        if problem:
            why = problem
        elif self.settings.trainer_network is not None and not trainer_url:
            why = ("The link service for the trainer's device has not started yet (or could not start: see the "
                   "notice at the foot of the window). Close this and try again in a moment.")

        def offer(scenarios) -> None:
            self.scenario_dialog = ScenarioDialog(scenarios, self, trainer_url=trainer_url, why_no_trainer=why)
            self.scenario_dialog.chosen.connect(self.start_scenario)
            self.scenario_dialog.open()

        when_done(run_in_background(lambda: load_scenarios(policy)), offer,
                  lambda error: self.show_error("The practice scenarios cannot be read", f"{error}"))

    def start_scenario(self, scenario, by_trainer: bool = False) -> None:
        """The trainee says who they are (the last trainee's details filled in), then the scenario's case opens."""
        from rvr_desktop.casework.practice_trainee import TraineeFileDamaged, read_last_trainee

        if not self.settings.is_training or self.policy is None:  # scenarios are offered only in practice, then
            return
        folder = self.settings.data_dir

        def ask(last, problem: str = "") -> None:
            from rvr_desktop.ui.trainee_form import TraineeForm

            self.trainee_form = TraineeForm(last, self, problem=problem)
            self.trainee_form.confirmed.connect(lambda trainee: self._trainee_confirmed(scenario, by_trainer, trainee))
            self.trainee_form.open()

        def unreadable(error: BaseException) -> None:
            # Either way the trainee can still start: with nothing filled in, and told why.
            if isinstance(error, TraineeFileDamaged):
                ask(None, str(error))
                return
            log.error("a fault reading the last trainee's details", exc_info=error)
            ask(None, f"The last trainee's details could not be read (a fault: {type(error).__name__}, in the log). "
                      "Type your details.")

        when_done(run_in_background(lambda: read_last_trainee(folder)), ask, unreadable)

    def _trainee_confirmed(self, scenario, by_trainer: bool, trainee) -> None:
        """Keep the trainee's details for the next run (in the background) and start this one in their name."""
        from rvr_desktop.casework.practice_trainee import keep_trainee
        from rvr_desktop.casework.starting import start_practice_case
        from rvr_desktop.training import start_clock
        from rvr_desktop.ui.case_session import now

        policy = self.policy
        if policy is None or self.case_view is not None:
            return
        folder = self.settings.data_dir
        when_done(run_in_background(lambda: keep_trainee(folder, trainee)), None,
                  lambda error: self.show_error(
                      "Your details were not kept for the next run",
                      f"They could not be saved in {folder} ({getattr(error, 'strerror', None) or error}). This run "
                      "names you all the same; type your details again next time, and ask IT support if this "
                      "happens again."))
        settings = self.settings.for_trainee(trainee)
        # The scenario's clock: its call comes in at its own weekday and hour
        # (a Friday night, say), and the whole run keeps that time. Its offset
        # is made whole seconds, as the case keeps it: an offset rounded when
        # kept would put the trainee's first answers before the call came in.
        clock = start_clock(scenario, now().replace(microsecond=0), policy.encompass.calendar)
        received = clock.now()
        when_done(self.store.submit(lambda s: start_practice_case(s, scenario, policy, received, clock.offset,
                                                                  trainee)),
                  lambda case: self._show_case(case, scenario=scenario, by_trainer=by_trainer, settings=settings),
                  self.store_task_failed)

    def open_case(self, case_id: str) -> None:
        if self.policy is None or self.case_view is not None:
            return
        from rvr_desktop.casework.opening import open_case_for_officer

        when_done(self.store.submit(lambda s: open_case_for_officer(s, case_id)),
                  lambda opened: self._opened(case_id, opened.payload, opened.notice), self.store_task_failed)

    def _opened(self, case_id: str, payload: dict, notice: str = "") -> None:
        from rvr_desktop.workflow.case import Case
        from rvr_desktop.workflow.plain_data import CaseFormatError

        try:
            case = Case.from_dict(payload)
        except CaseFormatError as exc:
            self.show_error("This case cannot be shown",
                            f"The stored case does not fit this version of RVR Desktop ({exc}).\n"
                            "It was left exactly as it was. Ask IT support to check the version.")
            return
        self._show_case(case, case_id, settings=self._reopened_settings(case))
        if notice:
            self.show_notice("Exhibits merged in this case", notice)

    def _reopened_settings(self, case: Case) -> Settings | None:
        """A practice run reopened later goes on in its trainee's name, as it began; anything else (and every live
        case) in the workstation's."""
        if not self.settings.is_training:
            return None
        from rvr_desktop.casework.practice_trainee import trainee_of_case

        trainee = trainee_of_case(case)
        return None if trainee is None else self.settings.for_trainee(trainee)

    def _show_case(self, case: Case, store_id: str | None = None, scenario=None, by_trainer: bool = False,
                   settings: Settings | None = None) -> None:
        """`settings`: a practice run's, naming its trainee; otherwise the workstation's."""
        from rvr_desktop.ui.case_session import CaseSession
        from rvr_desktop.ui.case_view import CaseView

        policy = self.policy
        assert policy is not None  # every way to a case starts only once the policy is loaded
        session = CaseSession(self.store, store_id or case.case_id, case, policy, settings or self.settings,
                              self.services)
        self.case_view = CaseView(session)
        if scenario is not None:
            from rvr_desktop.ui.practice_run import PracticeRun

            self.case_view.attach_practice(PracticeRun(scenario, session, session, by_trainer=by_trainer))
        self.case_view.closed.connect(self._case_closed)
        self.pages.addWidget(self.case_view)
        self.pages.setCurrentWidget(self.case_view)
        self.case_view.focus_step()
        log.info("case opened in the case view")

    def _case_closed(self) -> None:
        view, self.case_view = self.case_view, None
        if not self.locked:
            self.pages.setCurrentIndex(0)
        if view is not None:  # closed is emitted once, by the view shown
            self.pages.removeWidget(view)
            view.deleteLater()
        self.refresh_cases()
        self.cases.table.setFocus()

    # -- the window --------------------------------------------------------------------

    def toggle_theme(self) -> None:
        self.theme = "dark" if self.theme == "light" else "light"
        QtCore.QSettings().setValue("theme", self.theme)
        self._apply_theme()

    def _apply_theme(self) -> None:
        app = QtWidgets.QApplication.instance()
        if isinstance(app, QtWidgets.QApplication):  # a window exists only in a widgets application
            apply_theme(app, self.theme)

    def save_open_case(self) -> None:
        """Save the open case's draft now, if it has unsaved changes (after a fault, say)."""
        if self.case_view is not None:
            self.case_view.session.saver.flush()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.shift_lock is not None:
            self.shift_lock.stop()
        self.save_open_case()
        if self.case_view is not None:
            if self.case_view.call is not None:
                # Best effort as the workstation closes: the service forgets the caller's call (a practice
                # service stops with the workstation anyway; a force's is told here).
                self.case_view.call.end_and_forget("closed with the workstation")
            if self.case_view.practice is not None:
                # The simulated caller leaves now, so nothing the run started outlives the window.
                self.case_view.practice.stop()
            # The case is saved; its video view lets go of its page now, while QtWebEngine's profile still
            # exists (a page outliving its profile at exit is what QtWebEngine warns may crash).
            self.case_view.session.close()
        super().closeEvent(event)
