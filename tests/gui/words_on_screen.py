"""Every word a person can see, or hear from a screen reader, on the windows shown, and what is wrong with it.

`words_on_screen` reads each visible widget as the officer meets it: a label's
text (rich text stripped), a button's, a group's title, a drop-down's options,
a field's text and placeholder, tooltips, status tips, accessible names and
descriptions, the items and headers of lists, tables and tabs, and window
titles. `leaks` names each internal name, code or raw value among them, with
the widget it was on, so a failure says where to look.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rvr_desktop.qt import QtCore, QtGui, QtWidgets, Qt


@dataclass(frozen=True)
class Shown:
    """One string on the screen: where (the widget, and what of it) and the words."""

    where: str
    text: str


# What reached the officer before (issue 14) and must not again.
LEAKS = (
    ("an internal name", re.compile(r"\b[a-z]+_[a-z_]+\b")),
    ("an enum's code", re.compile(r"\b[A-Z][A-Za-z]+\.[A-Z][A-Z0-9_]*\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")),
    # "None" as a value, not "None of the children…".
    ("a Python value", re.compile(r"\b(?:None|True|False)\b(?!\s+[a-z])|\[\]|\{\}|<[\w.]+ object at ")),
    ("an account id", re.compile(r"\bpractice:\S")),
    ("a number in international form (the product shows it as dialled in the UK)", re.compile(r"\+44[\s\d]")),
    ("a command-line flag", re.compile(r"(?<![\w-])--[A-Za-z]")),
    ("a programmer's note", re.compile(r"\b(?:TODO|FIXME)\b")),
    ("a doubled space", re.compile(r"\S {2,}\S")),
)

# Genuine exceptions: words the officer must read exactly as the system has them. Each is taken out of the
# text before the checks, with the reason it stands.
ALLOWED = (
    (re.compile(r"\bhttps?://\S+"), "a web address (the trainer's console) is typed or scanned exactly as the "
                                   "service made it, its key's '_' and '--' included"),
    (re.compile(r"(?<![\w/])(?:/[\w.+-]+){2,}"), "a file's path (the log to send to IT support) is read exactly as "
                                              "it is on disk"),
)

# Two ways of saying "no answer" on one screen read as two different answers.
CLASHING = ("not recorded", "not asked or not known")

_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.StatusTipRole,
          Qt.ItemDataRole.WhatsThisRole, Qt.ItemDataRole.AccessibleTextRole,
          Qt.ItemDataRole.AccessibleDescriptionRole)
_MAX_ROWS = 400  # a list longer than this is data, not wording


def words_on_screen(windows: Iterable[QtWidgets.QWidget]) -> list[Shown]:
    """The strings of every visible widget in `windows` (and the dialogs they have open)."""
    shown: list[Shown] = []
    for window in windows:
        for widget in (window, *window.findChildren(QtWidgets.QWidget)):
            if widget.isVisible():
                where = _where(widget)
                shown.extend(Shown(f"{where}: {what}", text) for what, text in _strings(widget) if text.strip())
    return shown


def leaks(shown: Iterable[Shown]) -> list[str]:
    """Each leak found in `shown`, as "where: what it is (the part): the text"."""
    found = []
    for item in shown:
        text = item.text
        for allowed, _reason in ALLOWED:
            text = allowed.sub(" ", text)
        for what, pattern in LEAKS:
            match = pattern.search(text)
            if match:
                found.append(f"{item.where}: {what} ({match.group(0)!r}) in {item.text!r}")
    return found


def clashes(shown: list[Shown]) -> list[str]:
    """Both ways of saying "no answer" on one screen, with where each is."""
    places = [[item for item in shown if words in item.text.lower()] for words in CLASHING]
    if all(places):
        return [f"{places[0][0].where} says {places[0][0].text!r} and {places[1][0].where} says "
                f"{places[1][0].text!r}"]
    return []


def _where(widget: QtWidgets.QWidget) -> str:
    """The widget by its object name or class, after the product's own view it is part of."""
    name = f"{type(widget).__name__}" + (f" '{widget.objectName()}'" if widget.objectName() else "")
    owner = widget.parentWidget()
    while owner is not None and not type(owner).__module__.startswith("rvr_desktop"):
        owner = owner.parentWidget()
    return f"{type(owner).__name__} › {name}" if owner is not None else name


def _strings(widget: QtWidgets.QWidget) -> Iterator[tuple[str, str]]:
    if widget.isWindow():
        yield "window title", widget.windowTitle()
    for what, text in (("tooltip", widget.toolTip()), ("status tip", widget.statusTip()),
                       ("what's this", widget.whatsThis()), ("accessible name", widget.accessibleName()),
                       ("accessible description", widget.accessibleDescription())):
        yield what, _plain(text)
    if isinstance(widget, QtWidgets.QLabel):
        yield "text", _without_mnemonic(_plain(widget.text(), widget.textFormat()))
    elif isinstance(widget, QtWidgets.QAbstractButton):
        yield "text", _without_mnemonic(widget.text())
    elif isinstance(widget, QtWidgets.QGroupBox):
        yield "title", _without_mnemonic(widget.title())
    elif isinstance(widget, QtWidgets.QComboBox):
        yield from ((f"option {i + 1}", widget.itemText(i)) for i in range(widget.count()))
    elif isinstance(widget, QtWidgets.QLineEdit):
        yield "placeholder", widget.placeholderText()
        yield "text", widget.text()
    elif isinstance(widget, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
        yield "placeholder", widget.placeholderText()
        yield "text", widget.toPlainText()
    elif isinstance(widget, QtWidgets.QTabBar):
        for i in range(widget.count()):
            yield f"tab {i + 1}", _without_mnemonic(widget.tabText(i))
            yield f"tab {i + 1} tooltip", widget.tabToolTip(i)
    elif isinstance(widget, QtWidgets.QAbstractItemView):
        yield from _items(widget)


def _items(view: QtWidgets.QAbstractItemView) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    headers = []
    if isinstance(view, QtWidgets.QTableView):
        headers = [(view.horizontalHeader(), Qt.Orientation.Horizontal, model.columnCount()),
                   (view.verticalHeader(), Qt.Orientation.Vertical, model.rowCount())]
    elif isinstance(view, QtWidgets.QTreeView):
        headers = [(view.header(), Qt.Orientation.Horizontal, model.columnCount())]
    for header, orientation, count in headers:
        if header.isVisible():
            for section in range(count):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.headerData(section, orientation, role)
                    if isinstance(value, str):
                        yield f"header {section + 1}", value
    yield from _rows(model, QtCore.QModelIndex(), "row", isinstance(view, QtWidgets.QTreeView))


def _rows(model, parent, label: str, tree: bool) -> Iterator[tuple[str, str]]:
    # A list model has one column (and Qt hides its columnCount).
    columns = 1 if isinstance(model, QtCore.QAbstractListModel) else model.columnCount(parent)
    for row in range(min(model.rowCount(parent), _MAX_ROWS)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in _ROLES:
                value = model.data(index, role)
                if isinstance(value, str):
                    yield f"{label} {row + 1} column {column + 1}", _plain(value)
            if tree and column == 0 and model.rowCount(index):
                yield from _rows(model, index, f"{label} {row + 1} › row", tree)


def _plain(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What is read of rich text: the words, not the markup."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if not rich:
        return text
    document = QtGui.QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def _without_mnemonic(text: str) -> str:
    # "&End the call" is read "End the call"; "&&" is a shown "&".
    return re.sub(r"&(.)", r"\1", text)
