"""What a test folder asks of the session it runs in, called from that folder's conftest.

Only the folders whose tests open a case store, read the keyring or start the
workstation demand the throw-away keyring; only those that show widgets load
Qt. The pure rules (tests/unit/workflow, tests/unit/training) then run
anywhere, with no D-Bus session and without PySide6.
"""

from __future__ import annotations

import os

import pytest


def require_throwaway_keyring() -> None:
    """Refuse to run unless `installer/test`'s throw-away keyring session is the one in use.

    A test that opens a store writes a key into whatever keyring answers; on an
    officer's or developer's desktop that would be their own.
    """
    if os.environ.get("RVR_TEST_KEYRING") != "1" or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise pytest.UsageError(
            "These tests must run inside a throw-away keyring session, never the user's own keyring.\n"
            "Run them with:  installer/test"
        )
    if os.environ.get("PYTHON_KEYRING_BACKEND") != "keyring.backends.SecretService.Keyring":
        raise pytest.UsageError("PYTHON_KEYRING_BACKEND must name the Secret Service backend (installer/test sets it).")


def share_opengl_contexts() -> None:
    """As the workstation does before its application exists (see app.py), so a test
    can open the video view later in the same process."""
    from rvr_desktop.qt import QtCore

    QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
