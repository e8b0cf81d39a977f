"""A calm, high-contrast look for a control room, by day (light) and by night (dark).

Colours are chosen for contrast well above WCAG AA for body text; danger and
success are never shown by colour alone (the words say it too).
"""

from __future__ import annotations

from rvr_desktop.qt import QtGui, QtWidgets

THEMES = {
    "light": {"window": "#f4f6f8", "base": "#ffffff", "text": "#101418", "muted": "#3a4550", "accent": "#1f4e79",
              "accent_text": "#ffffff", "danger": "#a4161a", "danger_bg": "#fde8e8", "ok": "#1b5e20",
              "ok_bg": "#e6f4ea", "border": "#8a96a3", "highlight": "#1f4e79"},
    "dark": {"window": "#15191d", "base": "#1d2227", "text": "#eef1f4", "muted": "#b8c2cc", "accent": "#6fa8dc",
             "accent_text": "#0b0f12", "danger": "#ff8a80", "danger_bg": "#3b1416", "ok": "#8bd48f",
             "ok_bg": "#12301a", "border": "#56616c", "highlight": "#6fa8dc"},
}


def apply_theme(app: QtWidgets.QApplication, name: str) -> None:
    c = THEMES[name]
    palette = QtGui.QPalette()
    role = QtGui.QPalette.ColorRole
    for slot, key in ((role.Window, "window"), (role.Base, "base"), (role.AlternateBase, "window"),
                      (role.Text, "text"), (role.WindowText, "text"), (role.Button, "window"),
                      (role.ButtonText, "text"), (role.ToolTipBase, "base"), (role.ToolTipText, "text"),
                      (role.Highlight, "highlight"), (role.HighlightedText, "accent_text"),
                      (role.PlaceholderText, "muted")):
        palette.setColor(slot, QtGui.QColor(c[key]))
    app.setPalette(palette)
    app.setStyleSheet(f"""
        QLabel#pageTitle {{ font-size: 18pt; font-weight: bold; color: {c['accent']}; }}
        QLabel#caseTitle {{ font-size: 14pt; font-weight: bold; }}
        QLabel#sectionHeading {{ font-size: 12pt; font-weight: bold; margin-top: 12px; }}
        QLabel#fieldMessage {{ color: {c['danger']}; }}
        QLabel#fieldMessage[tone="info"] {{ color: {c['text']}; }}
        QLabel#responseClock {{ font-size: 12pt; font-weight: bold; padding: 2px 8px; }}
        QLabel[tone="danger"] {{ color: {c['danger']}; background: {c['danger_bg']}; font-weight: bold; }}
        QLabel[tone="ok"] {{ color: {c['ok']}; background: {c['ok_bg']}; font-weight: bold; }}
        QFrame#dangerPanel {{ background: {c['danger_bg']}; border: 2px solid {c['danger']}; }}
        QFrame#listItem {{ border: 1px solid {c['border']}; }}
        QFrame#callFlag {{ background: {c['accent']}; border: 3px solid {c['danger']}; }}
        QFrame#callFlag QLabel {{ color: {c['accent_text']}; font-weight: bold; font-size: 12pt; }}
        QPushButton#dangerButton {{ color: {c['danger']}; font-weight: bold; }}
        QLabel#trainingBanner {{ background: {c['accent']}; color: {c['accent_text']}; font-weight: bold;
                                 padding: 4px; }}
        QListWidget#steps::item {{ padding: 7px 4px; }}
        *:focus {{ outline: 2px solid {c['highlight']}; }}
    """)
