"""A calm, high-contrast look for a control room, by day (light) and by night (dark).

Colours are chosen for contrast well above WCAG AA for body text; danger and
success are never shown by colour alone (the words say it too). Every pair of
colours the style sheet draws one on the other is listed in `DRAWN_ON`, with the
contrast WCAG asks of it (4.5:1 for text, 3:1 for a field's border, a check
box or the focus ring: WCAG 1.4.11), and a test measures each one in both
themes. Field borders and check-box and radio indicators are styled here
rather than left to the platform style, which derives them from the window
colour and all but hides them on a dark window.
"""

from __future__ import annotations

from pathlib import Path

from rvr_desktop.qt import QtGui, QtWidgets
from rvr_desktop.workflow.shipped_files import default_resources_dir

THEMES = {
    "light": {"window": "#f4f6f8", "base": "#ffffff", "text": "#101418", "muted": "#3a4550", "accent": "#1f4e79",
              "accent_text": "#ffffff", "danger": "#a4161a", "danger_bg": "#fde8e8", "ok": "#1b5e20",
              "ok_bg": "#e6f4ea", "border": "#6b7682", "highlight": "#1f4e79", "disabled": "#5c6670"},
    "dark": {"window": "#15191d", "base": "#1d2227", "text": "#eef1f4", "muted": "#b8c2cc", "accent": "#6fa8dc",
             "accent_text": "#0b0f12", "danger": "#ff8a80", "danger_bg": "#3b1416", "ok": "#8bd48f",
             "ok_bg": "#12301a", "border": "#8a96a3", "highlight": "#6fa8dc", "disabled": "#9aa4ae"},
}

TEXT, NON_TEXT = 4.5, 3.0  # WCAG 1.4.3 (AA, body text) and 1.4.11 (borders, indicators, focus)

# (foreground, background, the contrast it needs, where the style sheet or palette draws it)
DRAWN_ON: tuple[tuple[str, str, float, str], ...] = (
    ("text", "base", TEXT, "typed text in a field"),
    ("text", "window", TEXT, "labels on the window"),
    ("muted", "base", TEXT, "a field's placeholder"),
    ("muted", "window", TEXT, "secondary text"),
    ("disabled", "window", TEXT, "a disabled control's words"),
    ("accent", "window", TEXT, "page titles"),
    ("accent_text", "accent", TEXT, "the training banner and the call flag"),
    ("accent_text", "highlight", TEXT, "selected text and list rows"),
    ("danger", "window", TEXT, "a field's message"),
    ("danger", "danger_bg", TEXT, "danger labels and panels"),
    ("ok", "ok_bg", TEXT, "success labels"),
    ("border", "base", NON_TEXT, "a field's border against its inside"),
    ("border", "window", NON_TEXT, "a field's, button's, check box's or radio button's border against the window"),
    ("accent", "base", NON_TEXT, "a ticked check box or chosen radio button"),
    ("highlight", "window", NON_TEXT, "the focus ring"),
    # The call flag's red border is for the window around it: red on the flag's blue is under 1.2:1 in both
    # themes, so it is the flag's blue against the window (above) that outlines it.
    ("danger", "window", NON_TEXT, "the call flag's and the danger panel's border against the window"),
)


def apply_theme(app: QtWidgets.QApplication, name: str) -> None:
    c = THEMES[name]
    palette = QtGui.QPalette()
    role = QtGui.QPalette.ColorRole
    for slot, key in ((role.Window, "window"), (role.Base, "base"), (role.AlternateBase, "window"),
                      (role.Text, "text"), (role.WindowText, "text"), (role.Button, "window"),
                      (role.ButtonText, "text"), (role.ToolTipBase, "base"), (role.ToolTipText, "text"),
                      (role.Highlight, "highlight"), (role.HighlightedText, "accent_text"),
                      (role.PlaceholderText, "muted"), (role.Mid, "border"), (role.Dark, "border")):
        palette.setColor(slot, QtGui.QColor(c[key]))
    for slot, key in ((role.Text, "disabled"), (role.WindowText, "disabled"), (role.ButtonText, "disabled")):
        palette.setColor(QtGui.QPalette.ColorGroup.Disabled, slot, QtGui.QColor(c[key]))
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(c, default_resources_dir() / "theme" / f"tick-{name}.svg"))


def style_sheet(c: dict[str, str], tick: Path) -> str:
    """The application's style sheet in the colours `c` (one of THEMES); `tick` is the check box's tick, drawn in
    the colour of text on the accent."""
    return f"""
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
        QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateTimeEdit, QListWidget {{
            background: {c['base']}; color: {c['text']}; border: 1px solid {c['border']}; border-radius: 2px;
            selection-background-color: {c['highlight']}; selection-color: {c['accent_text']}; }}
        QLineEdit, QComboBox, QSpinBox, QDateTimeEdit {{ padding: 3px 4px; }}
        QLineEdit:disabled, QPlainTextEdit:disabled, QComboBox:disabled {{ color: {c['disabled']}; }}
        QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QListWidget:focus {{
            border: 2px solid {c['highlight']}; }}
        QComboBox QAbstractItemView {{ background: {c['base']}; color: {c['text']};
                                       border: 1px solid {c['border']}; }}
        QPushButton {{ background: {c['window']}; color: {c['text']}; border: 1px solid {c['border']};
                       border-radius: 3px; padding: 3px 10px; }}
        QPushButton:hover {{ border-color: {c['highlight']}; }}
        QPushButton:pressed, QPushButton:checked {{ background: {c['base']}; border: 2px solid {c['highlight']}; }}
        QPushButton:focus {{ border: 2px solid {c['highlight']}; }}
        QPushButton:disabled, QPushButton#dangerButton:disabled {{ color: {c['disabled']}; background: {c['window']};
                                                                  border: 1px dashed {c['disabled']};
                                                                  font-weight: normal; }}
        QCheckBox::indicator, QRadioButton::indicator {{ width: 14px; height: 14px; background: {c['base']};
                                                         border: 2px solid {c['border']}; }}
        QRadioButton::indicator {{ border-radius: 9px; }}
        QCheckBox::indicator:checked {{ background: {c['accent']}; border-color: {c['accent']};
            image: url("{tick.as_posix()}"); }}
        QRadioButton::indicator:checked {{ border-color: {c['accent']}; background: qradialgradient(
            cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 {c['accent']}, stop: 0.55 {c['accent']},
            stop: 0.6 {c['base']}, stop: 1 {c['base']}); }}
        QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border-color: {c['highlight']}; }}
        QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {c['disabled']}; }}
        *:focus {{ outline: 2px solid {c['highlight']}; }}
    """
