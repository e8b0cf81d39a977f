"""Both themes' colours measured as WCAG measures them (relative luminance), pair by pair as the style sheet
draws them: 4.5:1 for text, 3:1 for borders, indicators and the focus ring (WCAG 1.4.11). The dark theme's
field borders and check boxes were once all but invisible; this fails if a colour drifts back under."""

from __future__ import annotations

import re

import pytest

from rvr_desktop.qt import QtGui, QtWidgets
from rvr_desktop.ui.theme import DRAWN_ON, NON_TEXT, TEXT, THEMES, apply_theme
from rvr_desktop.workflow.shipped_files import default_resources_dir


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of '#rrggbb' (sRGB, linearised)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_gives_wcags_own_figures():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's well-known just-fail grey
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_pair_drawn_has_the_contrast_wcag_asks(theme):
    colours = THEMES[theme]
    too_faint = [f"{where}: {fore} on {back} is {contrast(colours[fore], colours[back]):.2f}:1, needs {need}:1"
                 for fore, back, need, where in DRAWN_ON if contrast(colours[fore], colours[back]) < need]
    assert too_faint == []


def test_fields_check_boxes_and_radio_buttons_are_measured_as_borders():
    needs = {(fore, back): need for fore, back, need, _ in DRAWN_ON}
    assert needs[("border", "base")] == needs[("border", "window")] == NON_TEXT
    assert needs[("text", "base")] == TEXT


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_style_sheet_draws_field_and_indicator_borders_in_the_measured_colour(qapp, theme):
    previous_palette, previous_sheet = qapp.palette(), qapp.styleSheet()
    try:
        apply_theme(qapp, theme)
        sheet = qapp.styleSheet()
        border = THEMES[theme]["border"]
        for selector in ("QLineEdit", "QPlainTextEdit", "QComboBox", "QCheckBox::indicator",
                         "QRadioButton::indicator"):
            rule = next(block for head, block in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet)
                        if selector in [part.strip() for part in head.split(",")] and "border:" in block)
            assert f"solid {border}" in rule, (selector, rule)
        assert qapp.palette().color(QtGui.QPalette.ColorRole.Base).name() == THEMES[theme]["base"]
        tick = (default_resources_dir() / "theme" / f"tick-{theme}.svg").read_text()
        assert f'stroke="{THEMES[theme]["accent_text"]}"' in tick  # the tick is drawn as text on the accent
    finally:
        qapp.setPalette(previous_palette)
        qapp.setStyleSheet(previous_sheet)


def test_a_ticked_box_in_the_dark_theme_shows_its_tick(qapp, qtbot):
    """The tick image loads (a wrong path would leave a plain filled square with no mark)."""
    previous_palette, previous_sheet = qapp.palette(), qapp.styleSheet()
    try:
        apply_theme(qapp, "dark")
        box = QtWidgets.QCheckBox("Safety plan discussed")
        qtbot.addWidget(box)
        box.setChecked(True)
        box.resize(220, 30)
        picture = box.grab().toImage()
        colours = THEMES["dark"]
        pixels = {(x, y): QtGui.QColor(picture.pixel(x, y)) for x in range(30) for y in range(picture.height())}
        filled = [at for at, colour in pixels.items() if _near(colour, QtGui.QColor(colours["accent"]))]
        assert filled, "the ticked indicator is not filled with the accent"
        left, right = min(x for x, _ in filled), max(x for x, _ in filled)
        top, bottom = min(y for _, y in filled), max(y for _, y in filled)
        tick = [at for at, colour in pixels.items() if left < at[0] < right and top < at[1] < bottom
                and _near(colour, QtGui.QColor(colours["accent_text"]))]
        assert len(tick) > 5, "no tick drawn inside the indicator"
    finally:
        qapp.setPalette(previous_palette)
        qapp.setStyleSheet(previous_sheet)


def _near(one: QtGui.QColor, other: QtGui.QColor) -> bool:
    return max(abs(one.red() - other.red()), abs(one.green() - other.green()), abs(one.blue() - other.blue())) < 40


@pytest.mark.parametrize("name", sorted(THEMES))
def test_a_disabled_button_does_not_look_like_a_live_one(qtbot, name):
    # The issue: disabled buttons (a red Escalate among them) looked live and did nothing when pressed.
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)
    apply_theme(app, name)
    danger = QtGui.QColor(THEMES[name]["danger"])

    def reds(button: QtWidgets.QPushButton) -> int:
        picture = button.grab().toImage()
        return sum(1 for x in range(picture.width()) for y in range(picture.height())
                   if _near(picture.pixelColor(x, y), danger))

    live, dead = (QtWidgets.QPushButton("Escalate…") for _ in range(2))
    for button in (live, dead):
        button.setObjectName("dangerButton")
        qtbot.addWidget(button)
        button.resize(140, 36)
        button.show()
    dead.setEnabled(False)
    assert reds(live) > 20 and reds(dead) == 0


def _near(colour: QtGui.QColor, wanted: QtGui.QColor) -> bool:
    return all(abs(a - b) < 40 for a, b in ((colour.red(), wanted.red()), (colour.green(), wanted.green()),
                                             (colour.blue(), wanted.blue())))
