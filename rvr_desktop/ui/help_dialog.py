"""The keyboard help page: every action and its shortcut."""

from __future__ import annotations

import html

from rvr_desktop.qt import QtWidgets, Qt

MAIN_SHORTCUTS = (
    ("New case", "Ctrl+N"),
    ("Practice scenario (practice mode)", "Ctrl+Shift+N"),
    ("Search the case list", "Ctrl+F"),
    ("Open the selected case", "Enter"),
    ("Light or dark theme", "Ctrl+Shift+T"),
    ("This help", "F1"),
)


def help_dialog(parent: QtWidgets.QWidget, case_shortcuts) -> QtWidgets.QDialog:
    dialog = QtWidgets.QDialog(parent)
    dialog.setWindowTitle("Keyboard help")
    rows = "".join(f"<tr><td>{html.escape(what)}</td><td><b>{html.escape(keys)}</b></td></tr>"
                   for what, keys in (*MAIN_SHORTCUTS, *case_shortcuts))
    text = QtWidgets.QLabel(
        "<p>Everything can be done from the keyboard. Tab moves through a page in order; "
        "arrow keys choose between answers.</p>"
        f"<table cellpadding='4'>{rows}</table>")
    text.setTextFormat(Qt.TextFormat.RichText)
    close = QtWidgets.QPushButton("Close")
    close.clicked.connect(dialog.accept)
    layout = QtWidgets.QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(close)
    return dialog
