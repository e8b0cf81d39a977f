"""The case view: the step rail, the live response clock, the step pages and, while a call is live, the call
beside them (`call_pane`).

Every state shown here is worked out afresh from the case by the workflow
(`step_statuses`, `read_response_clock`), so going back and changing an
earlier step re-checks everything after it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rvr_desktop.qt import QtCore, QtGui, QtWidgets, Qt, Signal
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.ui.documents_panel import DocumentsPanel
from rvr_desktop.ui.escalation_panel import ESCALATE_KEYS, EscalationPanel
from rvr_desktop.ui.form import NOW_KEY, set_tone, show_message
from rvr_desktop.ui.input_guards import KeysNoFieldTakes
from rvr_desktop.ui.steps.pages import PAGES
from rvr_desktop.ui.steps.page import StepPage
from rvr_desktop.ui.steps.review_page import ReviewPage
from rvr_desktop.ui.theme import THEMES
from rvr_desktop.workflow.actions import escalate
from rvr_desktop.workflow.escalation import ended_early, is_submitted
from rvr_desktop.workflow.response_clock import ClockState, clock_words, read_response_clock
from rvr_desktop.workflow.steps import Step, StepState, step_statuses

if TYPE_CHECKING:
    from rvr_desktop.ui.call_pane import CallPane
    from rvr_desktop.ui.practice_run import PracticeRun
    from rvr_desktop.ui.training_panel import TrainingPanel

log = logging.getLogger(__name__)

MARKS = {StepState.DONE: "✓", StepState.IN_PROGRESS: "●", StepState.NOT_STARTED: "○", StepState.BLOCKED: "✕",
         StepState.ESCALATED: "!"}


def escalated_colour(widget: QtWidgets.QWidget) -> QtGui.QColor:
    """Where the video path stopped reads in the theme's danger colour, light or dark: never like "done"."""
    dark = widget.palette().color(QtGui.QPalette.ColorRole.Base).lightness() < 128
    return QtGui.QColor(THEMES["dark" if dark else "light"]["danger"])


SHORTCUTS = (
    ("Next step", "Ctrl+PgDown"),
    ("Previous step", "Ctrl+PgUp"),
    ("Go to step 1 to 9", "Alt+1 … Alt+9"),
    ("Escalate: officers deployed (then the reason's number; Esc cancels)", " or ".join(ESCALATE_KEYS)),
    ("The time now, in a time field (Ctrl+Z puts back a time it replaced)", NOW_KEY),
    ("Save now", "Ctrl+S"),
    ("Back to the case list", "Ctrl+L"),
    ("The case's documents", "Ctrl+D"),
)


class CaseView(QtWidgets.QWidget):
    """Everything about one case; `closed` when the officer goes back to the list."""

    closed = Signal()

    def __init__(self, session: CaseSession, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("caseTitle")
        self.clock = QtWidgets.QLabel()
        self.clock.setObjectName("responseClock")
        self.clock.setAccessibleName("Response clock")
        self.saved = QtWidgets.QLabel("Saved")
        self.saved.setObjectName("savedState")
        self.saved.setAccessibleName("Save state")
        header = QtWidgets.QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.clock)
        header.addSpacing(16)
        header.addWidget(self.saved)

        self.rail = QtWidgets.QListWidget()
        self.rail.setAccessibleName("Steps")
        self.rail.setObjectName("steps")
        self.rail.setFixedWidth(250)
        # Pages are built the first time they are shown: opening a case then
        # costs one page, not nine (the risk page alone has 80-odd buttons).
        self._built: dict[int, StepPage] = {}
        self.stack = QtWidgets.QStackedWidget()
        for number, page_class in enumerate(PAGES, start=1):
            self.stack.addWidget(QtWidgets.QWidget())
            item = QtWidgets.QListWidgetItem(page_class.step.label)
            item.setData(Qt.ItemDataRole.UserRole, page_class.step)
            item.setToolTip(f"Alt+{number}")
            self.rail.addItem(item)

        self.previous = QtWidgets.QPushButton("← Previous step")
        self.next = QtWidgets.QPushButton("Next step →")
        self.back = QtWidgets.QPushButton("Case list")
        self.documents_button = QtWidgets.QPushButton("Documents")
        self.documents_button.setCheckable(True)
        self.escalate_button = QtWidgets.QPushButton("Escalate…")
        self.escalate_button.setObjectName("dangerButton")
        for button, tip in ((self.previous, "Ctrl+PgUp"), (self.next, "Ctrl+PgDown"), (self.back, "Ctrl+L"),
                            (self.documents_button, "Ctrl+D"), (self.escalate_button, " or ".join(ESCALATE_KEYS))):
            button.setToolTip(f"{button.text()} ({tip})")
            button.setAccessibleName(button.text().strip("←→… "))
        nav = QtWidgets.QHBoxLayout()
        nav.addWidget(self.back)
        nav.addWidget(self.documents_button)
        nav.addWidget(self.escalate_button)
        nav.addStretch(1)
        nav.addWidget(self.previous)
        nav.addWidget(self.next)

        self.notice = QtWidgets.QLabel()
        self.notice.setObjectName("fieldMessage")
        self.notice.setAccessibleName("Notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.escalation = EscalationPanel(session)
        self.escalation.picked.connect(self.escalate_now)
        self.escalation.finished.connect(self.rail.setFocus)
        self.call = session.video_call()
        self.alerts = None
        if self.call is not None:
            from rvr_desktop.ui.call_alerts import CallAlerts

            self.alerts = CallAlerts(self.call, session.policy.zone)
            self.alerts.escalate.connect(self.escalate_now)
            self.call.told.connect(self._call_told)
        steps = QtWidgets.QWidget()
        body = QtWidgets.QHBoxLayout(steps)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.rail)
        # The steps and, while a call is live, the call beside them (the officer sets the split).
        self.beside = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        self.beside.setChildrenCollapsible(False)
        self.beside.addWidget(self.stack)
        body.addWidget(self.beside, 1)
        self._steps_row = body  # a practice run's panel joins the row
        self.call_pane: CallPane | None = None
        # The steps, or the documents: one at a time, the documents made on demand.
        self.body = QtWidgets.QStackedWidget()
        self.body.addWidget(steps)
        self.documents: DocumentsPanel | None = None
        self.practice: PracticeRun | None = None  # when the case is a practice scenario
        self.training_panel: TrainingPanel | None = None
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.notice)
        if self.alerts is not None:
            layout.addWidget(self.alerts)
        layout.addWidget(self.escalation)
        layout.addWidget(self.body, 1)
        layout.addLayout(nav)

        self.rail.currentRowChanged.connect(self._show_step)
        self.previous.clicked.connect(lambda: self.go(-1))
        self.next.clicked.connect(lambda: self.go(+1))
        self.back.clicked.connect(self.close_case)
        self.escalate_button.clicked.connect(self.start_escalation)
        self.documents_button.toggled.connect(self.show_documents)
        session.changed.connect(self._case_changed)
        session.saver.state_changed.connect(self.saved.setText)
        self._add_shortcuts()

        self._ticker = QtCore.QTimer(self, interval=1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()

        self._had_ended_early = ended_early(session.case)  # a case opened so opens where it stands
        self._case_changed()
        self.rail.setCurrentRow(self._first_unfinished())
        if self.call is not None:
            self.call.changed.connect(self._show_call_when_live)
            self.call.closing.connect(self._call_closing)
            self._show_call_when_live()

    # -- building ----------------------------------------------------------

    def _add_shortcuts(self) -> None:
        def bind(keys: str, action) -> None:
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

        bind("Ctrl+PgDown", lambda: self.go(+1))
        bind("Ctrl+PgUp", lambda: self.go(-1))
        for keys in ESCALATE_KEYS:
            # On the whole application, not only this view: the call's pop-out window or a panel beside the
            # steps may have the focus when the suspect comes back. The guard keeps fields from taking them.
            escalate_key = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            escalate_key.setContext(Qt.ShortcutContext.ApplicationShortcut)
            escalate_key.activated.connect(self.start_escalation)
        self._key_guard = KeysNoFieldTakes(ESCALATE_KEYS, self)
        bind("Ctrl+S", self.session.saver.flush)
        bind("Ctrl+L", self.close_case)
        bind("Ctrl+D", self.documents_button.toggle)
        for number in range(1, len(PAGES) + 1):
            bind(f"Alt+{number}", lambda n=number: self.go_to(n - 1))

    # -- the call beside the steps ----------------------------------------------------

    def _show_call_when_live(self) -> None:
        """From the moment the caller's link is made, the call stays beside every step."""
        call = self.call
        if self.call_pane is not None or call is None or not call.live:
            return
        from rvr_desktop.ui.call_pane import CallPane

        self.call_pane = CallPane(call)
        self.call_pane.dock_in(self.beside)
        self.beside.setSizes([3 * max(self.stack.width(), 400) // 2, max(self.stack.width(), 400)])
        log.info("the call is shown beside the steps")

    def _flag_in_call(self, news: str) -> None:
        if self.call_pane is not None:
            self.call_pane.raise_flag(news.rstrip("."))

    def _call_closing(self) -> None:
        if self.call_pane is not None:
            self.call_pane.close_pane()

    # -- navigation ----------------------------------------------------------

    def current_step(self) -> Step:
        return PAGES[self.stack.currentIndex()].step

    def page(self, step: Step) -> StepPage:
        return self._page_at(self._row_of(step))

    def _page_at(self, row: int) -> StepPage:
        if row not in self._built:
            page = PAGES[row](self.session)
            page.refresh()
            status = step_statuses(self.session.case, self.session.policy)[row]
            page.set_editable(status.can_enter and not self.session.submitting)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if placeholder is not None:  # every row has one until its page is built
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self._built[row] = page
            page.open_step.connect(lambda step: self.go_to(self._row_of(step)))
        return self._built[row]

    def _row_of(self, step: Step) -> int:
        return next(row for row, page_class in enumerate(PAGES) if page_class.step is step)

    def go(self, offset: int) -> None:
        self.go_to(self.rail.currentRow() + offset)

    def _call_told(self, text: str) -> None:
        # A message about the call (the service failing to forget it, say) reaches the officer on any step.
        if not getattr(self.stack.currentWidget(), "shows_call_messages", False):
            show_message(self.notice, text)

    def go_to(self, row: int) -> None:
        """Open step `row` if it may be entered; otherwise say why not."""
        if not 0 <= row < self.rail.count():
            return
        self._case_changed()  # Judge by what was just typed, not the last refresh.
        item = self.rail.item(row)
        if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            show_message(self.notice, item.toolTip())
            return
        show_message(self.notice, None)
        self.rail.setCurrentRow(row)

    def _show_step(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentWidget(self._page_at(row))
        self.focus_step()
        self._update_nav()

    def focus_step(self) -> None:
        """Put the cursor in the current step's first input, ready to type."""
        first = self._page_at(self.stack.currentIndex()).first_input()
        if first is not None:
            first.setFocus()

    def _first_unfinished(self) -> int:
        statuses = step_statuses(self.session.case, self.session.policy)
        for row, status in enumerate(statuses):
            if status.state is not StepState.DONE and status.can_enter:
                return row
        return 0

    # -- keeping the view in step with the case ---------------------------------

    def _case_changed(self) -> None:
        case = self.session.case
        self.title.setText(f"{case.intake.incident_reference or 'New case'} — {case.intake.caller_name or 'caller'}")
        for row, status in enumerate(step_statuses(case, self.session.policy)):
            item = self.rail.item(row)
            item.setText(f"{MARKS[status.state]} {status.step.label}")
            tip = f"{status.step.label}: {status.state.value}. {status.reason}".strip()
            item.setToolTip(f"{tip} (Alt+{row + 1})")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, tip)
            item.setData(Qt.ItemDataRole.ForegroundRole,
                         escalated_colour(self.rail) if status.state is StepState.ESCALATED else None)
            flags = item.flags()
            enabled = status.can_enter or status.state in (StepState.DONE, StepState.ESCALATED)
            item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if enabled else flags & ~Qt.ItemFlag.ItemIsEnabled)
            if row in self._built:
                self._built[row].set_editable(status.can_enter and not self.session.submitting)
        for page in self._built.values():
            page.on_case_changed()
        self.escalate_button.setEnabled(case.outcome is None)
        self._update_nav()
        self._tick()
        self._after_ending_early()

    def _after_ending_early(self) -> None:
        # Newly escalated (by the banner or an unsafe safety answer) or the caller marked unreachable: what to do
        # next, the checklist and the record, is on the review step.
        ended, newly = ended_early(self.session.case), not self._had_ended_early
        self._had_ended_early = ended
        if ended and newly and not is_submitted(self.session.case):
            self.go_to(self._row_of(Step.REVIEW))

    def delivery_changed(self, delivery) -> None:
        """The outbox's news of a submitted case (`CaseDelivery`), for the review step if it is open."""
        review = self._built.get(self._row_of(Step.REVIEW))
        if isinstance(review, ReviewPage):
            review.show_delivery(delivery)

    def _update_nav(self) -> None:
        row = self.rail.currentRow()
        self.previous.setEnabled(row > 0)
        following = self.rail.item(row + 1) if row + 1 < self.rail.count() else None
        self.next.setEnabled(following is not None and bool(following.flags() & Qt.ItemFlag.ItemIsEnabled))
        if following is not None:
            self.next.setToolTip(f"Next step (Ctrl+PgDown). {following.toolTip()}")

    def _tick(self) -> None:
        policy = self.session.policy
        reading = read_response_clock(self.session.case, policy.video_call.response_target, self.session.now())
        self.clock.setText(clock_words(reading))
        set_tone(self.clock, {ClockState.BREACHED: "danger", ClockState.MET: "ok"}.get(reading.state, ""))

    def attach_practice(self, run: PracticeRun) -> None:
        """A practice run: its panel beside the steps, told of every step opened."""
        from rvr_desktop.ui.training_panel import TrainingPanel

        self.practice = run
        # What the scenario does (the trainer fires the suspect's return, say) is flagged in the call too.
        run.told.connect(self._flag_in_call)
        self.training_panel = TrainingPanel(run)
        self._steps_row.addWidget(self.training_panel)
        self.rail.currentRowChanged.connect(self._practice_step)
        self._practice_step(self.rail.currentRow())

    def _practice_step(self, row: int) -> None:
        run, panel = self.practice, self.training_panel
        if row >= 0 and run is not None and panel is not None:  # both set before this is connected
            step = PAGES[row].step
            run.visited(step)
            panel.show_step(step)

    def show_documents(self, shown: bool) -> None:
        """Switch between the steps and the case's documents."""
        if shown:
            documents = self.documents
            if documents is None:
                documents = self.documents = DocumentsPanel(self.session)
                self.body.addWidget(documents)
            documents.refresh()
            self.body.setCurrentWidget(documents)
            documents.make_button.setFocus()
        else:
            self.body.setCurrentIndex(0)
            self.focus_step()
        self.documents_button.setChecked(shown)

    # -- ending -------------------------------------------------------------------

    def start_escalation(self) -> None:
        """Offer the reasons; the caller's quick exit is a reason already, so it escalates at once."""
        if self.session.case.outcome is not None:
            return
        if self.alerts is not None and self.alerts.quick_exit_reason:
            self.escalate_now(self.alerts.quick_exit_reason)
            return
        self.escalation.ask(self.call is not None and self.call.live,
                            len(self.call.pending_uploads) if self.call is not None else 0)

    def escalate_now(self, reason: str, end_call: bool = True) -> None:
        """Escalate with this reason at once (officers deployed), then let the officer add details of it."""
        case = self.session.case
        problem = escalate(case, reason, self.session.now())
        if problem is not None or case.outcome is None:
            self.escalation.refused(problem or "")
            return
        if self.alerts is not None:
            self.alerts.dismiss_quick_exit()
        if self.call is not None and end_call:
            self.call.end_and_forget("escalated")
        self.session.touch(at_once=True)
        self.escalation.escalated(reason, case.outcome.at)

    def close_case(self) -> None:
        unfiled = self.call.unfiled_photos("closing") if self.call is not None else None
        if unfiled:
            show_message(self.notice, unfiled)
            return
        if self.practice is not None:
            self.practice.stop()
        if self.call is not None:
            # The case leaves the screen: nothing about the caller stays on the link service.
            self.call.end_and_forget("closed")
        self.session.close()
        self._ticker.stop()
        self._key_guard.stop()
        self.closed.emit()

