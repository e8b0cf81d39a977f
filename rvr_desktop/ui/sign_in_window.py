"""The window a live workstation opens with when its officers sign in per shift, and shows again to unlock it:
one button that opens the force's sign-in page in the system browser (sign_in.py), what is happening, and
what went wrong in the force's or the workstation's words."""

from __future__ import annotations

from rvr_desktop.qt import QtCore, QtGui, QtWidgets, Qt, Signal
from rvr_desktop.sign_in import SignedIn, SignInFailed, SignInSettings, sign_in
from rvr_desktop.ui.background import StopFlag, run_on_gui, run_waiting, when_done


class SignInWindow(QtWidgets.QWidget):
    """Signs an officer in: `signed_in` with who they are, once the force's provider has said so."""

    signed_in = Signal(object)  # SignedIn

    def __init__(self, settings: SignInSettings, *, why: str = "Sign in to start your shift.",
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("RVR Desktop — sign in")
        self._cancelled: StopFlag | None = None
        self.heading = QtWidgets.QLabel(why)
        self.heading.setObjectName("signInHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.button = QtWidgets.QPushButton("Sign in")
        self.button.setAccessibleName("Sign in at the force's sign-in page")
        self.button.setDefault(True)
        self.cancel = QtWidgets.QPushButton("Cancel")
        self.cancel.hide()
        self.state = QtWidgets.QLabel("Your browser opens the force's sign-in page; come back here afterwards.")
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Sign-in state")
        # Where the browser was sent, for when it did not open: copied into one by hand. It holds no secret (the
        # code comes back to this workstation, never to the page's address).
        self.address = QtWidgets.QLabel()
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setWordWrap(True)
        self.address.hide()
        # A narrow column in the middle of the window (this is the whole window when locked).
        column = QtWidgets.QWidget()
        column.setMaximumWidth(560)
        inner = QtWidgets.QVBoxLayout(column)
        for widget in (self.heading, self.button, self.cancel, self.state, self.address):
            inner.addWidget(widget)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addStretch(1)
        self.button.clicked.connect(self.start)
        self.cancel.clicked.connect(self._cancel)
        self.resize(520, 260)

    def start(self) -> None:
        """Open the force's sign-in page and wait for its answer, away from the GUI thread (it waits on a person)."""
        if self._cancelled is not None:
            return
        cancelled = self._cancelled = StopFlag()
        self.button.setEnabled(False)
        self.cancel.show()
        self.state.setText("Opening the force's sign-in page in your browser…")

        def opened(url: str) -> None:
            run_on_gui(lambda: self._open(url))

        when_done(run_waiting(lambda: sign_in(self.settings, opened, cancelled=cancelled)),
                  lambda who: self._finished(who, ""), self._failed)

    def _failed(self, error: BaseException) -> None:
        self._finished(None, str(error) if isinstance(error, SignInFailed) else (
            f"Signing in failed in this workstation ({type(error).__name__}). Try again; if it goes on, tell IT "
            "support."))

    def _open(self, url: str) -> None:
        if QtGui.QDesktopServices.openUrl(QtCore.QUrl(url)):
            self.state.setText("Sign in at the force's page in your browser, then come back here.")
            self.address.setText(f"If no browser opened, open this address in one: {url}")
        else:
            self.state.setText("No browser could be opened from here. Open this address in a browser on this "
                               "computer, sign in there, then come back here.")
            self.address.setText(url)
        self.address.show()

    def _cancel(self) -> None:
        if self._cancelled is not None:
            self._cancelled.set()

    def _finished(self, who: SignedIn | None, message: str) -> None:
        self._cancelled = None
        self.button.setEnabled(True)
        self.cancel.hide()
        self.address.hide()
        if who is None:
            self.state.setText(message)
            return
        self.state.setText(f"Signed in as {who.profile.describe()}.")
        self.signed_in.emit(who)
