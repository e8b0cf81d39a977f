"""Sending the one-time link: through the link service when it runs (the
practice workstation starts one), otherwise recorded by hand.

The workflow refuses to issue a link unless the caller was confirmed safe;
this page is only reachable then, and the guard holds even if it were not.
"""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.ui.form import show_message
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.casework.call_events import record_link_made
from rvr_desktop.workflow.actions import mark_caller_unreachable, record_video_event
from rvr_desktop.workflow.phone import shown_number
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind


class LinkPage(StepPage):
    step = Step.LINK
    shows_call_messages = True
    intro = ("Text the caller a one-time link to the safe number. Record each stage as it happens. "
             "Sending a new link cancels the old one.")

    def __init__(self, session):
        super().__init__(session)
        self.verdict = status_line()
        self.column.addWidget(self.verdict)
        buttons = QtWidgets.QHBoxLayout()
        self.send = QtWidgets.QPushButton("Record link sent")
        self.delivered = QtWidgets.QPushButton("Record text delivered")
        self.opened = QtWidgets.QPushButton("Record link opened")
        for button in (self.send, self.delivered, self.opened):
            button.setAccessibleName(button.text())
            buttons.addWidget(button)
        self.column.addLayout(buttons)
        # For a caller who must not receive a text: a code read out, typed at the service's plain address.
        self.code_button = QtWidgets.QPushButton("Give a spoken code instead")
        self.code_button.setAccessibleName("Give a spoken code instead of a text")
        self.code_button.setToolTip("For a caller who must not receive a text: read out a short code they type "
                                    "at a plain web address. It works once, for a few minutes.")
        self.code_button.hide()
        self.code = QtWidgets.QLabel()
        self.code.setObjectName("spokenCode")
        self.code.setWordWrap(True)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.hide()
        self.column.addWidget(self.code_button)
        self.column.addWidget(self.code)
        self.invites = QtWidgets.QLabel()
        self.invites.setWordWrap(True)
        self.column.addWidget(self.invites)

        other = QtWidgets.QGroupBox("If the link cannot be used")
        form = QtWidgets.QFormLayout(other)
        self.reason = QtWidgets.QLineEdit()
        self.reason.setAccessibleName("Why (for the record)")
        form.addRow("Why (for the record)", self.reason)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.hide()
        form.addRow(self.message)
        self.by_phone = QtWidgets.QPushButton("Carry on by phone")
        self.unreachable = QtWidgets.QPushButton("Caller unreachable")
        for button in (self.by_phone, self.unreachable):
            button.setAccessibleName(button.text())
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.by_phone)
        row.addWidget(self.unreachable)
        form.addRow(row)
        self.column.addWidget(other)
        self.finish()

        self.call = session.video_call()
        if self.call is not None:
            # The link service sends the text and reports each stage itself.
            self.send.setText("Text the caller a link")
            self.send.setAccessibleName("Text the caller a link")
            self.delivered.hide()
            self.opened.hide()
            self.call.changed.connect(self.on_case_changed)
            self.call.told.connect(lambda text: show_message(self.message, text))
            self.call.code_given.connect(self._show_code)
            self.code_button.show()
            self.code_button.clicked.connect(self.call.give_spoken_code)
        self.send.clicked.connect(self._send)
        self.delivered.clicked.connect(lambda: self._mark("delivered_at", "delivered"))
        self.opened.clicked.connect(lambda: self._mark("opened_at", None))
        self.by_phone.clicked.connect(self._by_phone)
        self.unreachable.clicked.connect(self._unreachable)

    def _send(self) -> None:
        if self.call is not None:
            show_message(self.message, None)
            self.call.send_link()
            return
        record_link_made(self.session.case, self.session.policy, self.session.now())
        self.session.touch(at_once=True)

    def _show_code(self, code) -> None:
        local = self.session.policy.zone
        until = self.call.on_case_clock(code.expires_at).astimezone(local)
        self.code.setText(f"Read this out to the caller: <b style='font-size:20pt; letter-spacing:3px'>{code.spoken}</b>"
                          f"<br>They type it at <b>{code.address}</b>. It works once, until {until:%H:%M}; any "
                          "earlier link stops working.")
        self.code.show()

    def _mark(self, attr: str, status: str | None) -> None:
        live = [i for i in self.session.case.link_invites if i.revoked_at is None]
        if not live:
            show_message(self.message, "Record the link as sent first.")
            return
        setattr(live[-1], attr, self.session.now())
        if status:
            live[-1].delivery_status = status
        self.session.touch(at_once=True)

    def _by_phone(self) -> None:
        record_video_event(self.session.case, self.session.policy, VideoEventKind.CONTINUED_BY_PHONE, self.session.now(),
                           self.reason.text())
        self.session.touch(at_once=True)

    def _unreachable(self) -> None:
        unfiled = self.call.unfiled_photos("ending") if self.call is not None else None
        problem = unfiled or mark_caller_unreachable(self.session.case, self.reason.text(), self.session.now())
        show_message(self.message, problem)
        if problem:
            return
        if self.call is not None:
            # Whoever holds the phone next must find nothing that still opens: the service forgets the call.
            self.call.end_and_forget("caller unreachable")
        self.session.touch(at_once=True)

    def on_case_changed(self) -> None:
        local = self.session.policy.zone
        lines = []
        for number, invite in enumerate(self.session.case.link_invites, start=1):
            stages = [f"{label} {moment.astimezone(local):%H:%M:%S}" for label, moment in (
                ("sent", invite.sent_at), ("delivered", invite.delivered_at), ("opened", invite.opened_at),
                ("joined", invite.joined_at), ("cancelled", invite.revoked_at)) if moment]
            to = shown_number(invite.sent_to, self.session.policy.phone)
            what = f"Code {number}, read out" if invite.by_code else f"Link {number} to {to}"
            lines.append(f"{what}: " + ", ".join(stages))
        self.invites.setText("\n".join(lines) or "No link sent yet.")
        phone = self.session.case.intake.safe_phone
        self.verdict.setText(f"Safe number: {shown_number(phone, self.session.policy.phone)}" if phone else
                             "No safe number recorded: go back to the hand-over.")
        if self.call is not None:
            # One text at a time: a second press while the first is on its way would send two links.
            self.send.setEnabled(not self.call.sending)
            if self.call.sending:
                self.send.setText("Texting the link\u2026")
            elif self.session.case.link_invites:
                self.send.setText("Text a new link (the old one stops working)")
            else:
                self.send.setText("Text the caller a link")
