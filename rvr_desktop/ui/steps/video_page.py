"""The video call step: what happened on the call, and the caller's photos
waiting to be filed. With a link service the call itself is shown beside
every step (`ui/call_pane.py`) from the moment the link is made; without one,
the officer records each stage by hand (and whenever the video fails)."""

from __future__ import annotations

from rvr_desktop.qt import QtWidgets, Qt
from rvr_desktop.ui.form import show_message
from rvr_desktop.ui.steps.page import StepPage, status_line
from rvr_desktop.workflow.actions import record_video_event
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind

BUTTONS = (
    (VideoEventKind.CONNECTED, "Video connected"),
    (VideoEventKind.FAILED, "Video failed"),
    (VideoEventKind.CONTINUED_BY_PHONE, "Carry on by phone"),
    (VideoEventKind.INTERPRETER_JOINED, "Interpreter joined"),
    (VideoEventKind.INTERPRETER_LEFT, "Interpreter left"),
    (VideoEventKind.ENDED, "Call ended"),
)


class VideoPage(StepPage):
    step = Step.VIDEO
    shows_call_messages = True
    intro = ("Record what happens on the call. Connecting stops the response clock. The call itself stays beside "
             "every step once the link is made.")

    def __init__(self, session):
        super().__init__(session)
        self.verdict = status_line()
        self.column.addWidget(self.verdict)
        self.note = QtWidgets.QLineEdit(placeholderText="a note to go with what you record next (optional)")
        self.note.setAccessibleName("A note to go with what you record next")
        self.column.addWidget(self.note)
        grid = QtWidgets.QGridLayout()
        self.buttons: dict[VideoEventKind, QtWidgets.QPushButton] = {}
        for index, (kind, text) in enumerate(BUTTONS):
            button = QtWidgets.QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _=False, k=kind: self._record(k))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[kind] = button
        self.column.addLayout(grid)
        self.events = QtWidgets.QLabel()
        self.events.setWordWrap(True)
        self.column.addWidget(self.events)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.message.hide()
        self.column.insertWidget(2, self.message)
        # Photos the caller sent, each waiting for the officer to file it as an exhibit or decline it.
        self.uploads_box = QtWidgets.QGroupBox("Photos from the caller")
        self.uploads_box.setAccessibleName("Photos from the caller")
        self.uploads_layout = QtWidgets.QVBoxLayout(self.uploads_box)
        self.uploads_box.hide()
        self.column.addWidget(self.uploads_box)
        self._shown_uploads: tuple[str, ...] = ()
        self.call = session.video_call()
        if self.call is not None:
            # The service records joining and leaving; the officer records failures by hand.
            for kind in (VideoEventKind.CONNECTED, VideoEventKind.INTERPRETER_JOINED, VideoEventKind.INTERPRETER_LEFT,
                         VideoEventKind.ENDED):
                self.buttons[kind].hide()
            self.call.changed.connect(self.on_case_changed)
            self.call.told.connect(lambda text: show_message(self.message, text))
        self.finish()

    def _record(self, kind: VideoEventKind) -> None:
        record_video_event(self.session.case, self.session.policy, kind, self.session.now(), self.note.text())
        self.note.clear()
        self.session.touch(at_once=True)

    def on_case_changed(self) -> None:
        local = self.session.policy.zone
        events = self.session.case.video_events
        self.events.setText("\n".join(
            f"{e.at.astimezone(local):%H:%M:%S} {e.kind.label}" + (f" — {e.note}" if e.note else "") for e in events)
            or "Nothing recorded yet.")
        if self.session.case.exhibits:
            self.events.setText(self.events.text() + "\n\nExhibits:\n" + "\n".join(
                f"{e.reference}: {e.description} (SHA-256 {e.sha256[:12]}…)" for e in self.session.case.exhibits))
        connected = any(e.kind is VideoEventKind.CONNECTED for e in events)
        self.verdict.setText("Video connected." if connected else "Waiting for the caller to join.")
        self._show_uploads()

    def _show_uploads(self) -> None:
        waiting = dict(self.call.pending_uploads) if self.call is not None else {}
        if tuple(waiting) == self._shown_uploads:
            return
        self._shown_uploads = tuple(waiting)
        while self.uploads_layout.count():
            item = self.uploads_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for upload_id, info in waiting.items():
            row = QtWidgets.QWidget()
            line = QtWidgets.QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            kind = info.media_type.split("/")[-1].upper()
            text = (f"{kind} from the {info.from_role}, {info.size / 1048576:.1f} MB, SHA-256 "
                    f"{' '.join(info.sha256[i:i + 8] for i in range(0, 64, 8))}")
            label = QtWidgets.QLabel(text)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            file_it = QtWidgets.QPushButton("File as exhibit")
            file_it.setAccessibleName(f"File as exhibit: {text}")
            decline = QtWidgets.QPushButton("Decline")
            decline.setAccessibleName(f"Decline: {text}")
            file_it.clicked.connect(lambda _=False, u=upload_id: self.call.file_upload(u))
            decline.clicked.connect(lambda _=False, u=upload_id: self.call.decline_upload(u))
            line.addWidget(label, 1)
            line.addWidget(file_it)
            line.addWidget(decline)
            self.uploads_layout.addWidget(row)
        self.uploads_box.setVisible(bool(waiting))
