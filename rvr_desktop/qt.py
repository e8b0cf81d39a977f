"""The only module that imports the Qt binding.

Everything else imports Qt from here, so a change of binding or version is
made in one place (a test fails on any other Qt import). QtWebEngine is not
imported here: it is loaded only when a video session first needs it.
"""

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401
from PySide6.QtCore import Qt, Signal, Slot  # noqa: F401

if TYPE_CHECKING:
    # For annotations only: the modules load when a document is first previewed (pdf_modules).
    from PySide6.QtPdf import QPdfDocument  # noqa: F401
    from PySide6.QtPdfWidgets import QPdfView  # noqa: F401
    # The call pane's sounds load QtMultimedia with the first call (multimedia_module).
    from PySide6.QtMultimedia import QSoundEffect  # noqa: F401


def pdf_modules():
    """QtPdf and its widgets, loaded when a document is first previewed."""
    from PySide6 import QtPdf, QtPdfWidgets

    return QtPdf, QtPdfWidgets


def webengine_modules():
    """QtWebEngine's core and widgets, loaded when a video call first opens.

    Loading them costs a few hundred milliseconds and a Chromium process, so
    the workstation never does it at start-up.
    """
    from PySide6 import QtWebEngineCore, QtWebEngineWidgets

    return QtWebEngineCore, QtWebEngineWidgets


def webchannel_module():
    """QtWebChannel, through which a page loaded in a web view pushes to the workstation (loaded with it)."""
    from PySide6 import QtWebChannel

    return QtWebChannel


def multimedia_module():
    """QtMultimedia, for the call pane's alert sounds, loaded with the first call rather than at start-up."""
    from PySide6 import QtMultimedia

    return QtMultimedia
