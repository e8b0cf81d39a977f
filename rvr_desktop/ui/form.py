"""Labelled inputs bound to a part of the open case.

A `CaseForm` is given a way to reach the object it edits (the intake, the
suspect, the third child…) and builds one row per field: label, input, and a
message line for plain-words validation. Every input gets an accessible name
and writes through to the case as the officer types; `refresh()` fills the
inputs from the case without echoing changes back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import Enum
from functools import partial
from typing import Any

from rvr_desktop.qt import QtGui, QtWidgets, Qt
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.ui.input_guards import DropDown
from rvr_desktop.ui.spelling import check_spelling
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.date_checks import read_date_of_birth, read_day, read_moment, shown_day, shown_moment

Root = Callable[[Any], Any]  # case -> the object whose attributes the form edits

NOW_KEY = "Ctrl+T"  # in a time field: the time now


def message_line() -> QtWidgets.QLabel:
    """A hidden line for a plain-words problem under a field (see `show_message`)."""
    label = QtWidgets.QLabel()
    label.setObjectName("fieldMessage")
    label.setWordWrap(True)
    label.hide()
    return label


def show_message(label: QtWidgets.QLabel, problem: str | None) -> None:
    """Show a plain-words problem under a field, or hide the line when fine."""
    label.setText(problem or "")
    label.setVisible(bool(problem))
    label.setAccessibleDescription(problem or "")


def show_notice(label: QtWidgets.QLabel, text: str, neutral: bool = False) -> None:
    """A message line: a problem or warning in the danger colour, or neutral news (someone joined) in plain text."""
    show_message(label, text)
    set_tone(label, "info" if neutral else "")


class CaseForm:
    """Rows of inputs for one object of the case, in a QFormLayout."""

    def __init__(self, session: CaseSession, root: Root, layout: QtWidgets.QFormLayout | None = None):
        self.session = session
        self.root = root
        self.layout = layout or QtWidgets.QFormLayout()
        self.layout.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._refreshers: list[Callable[[], None]] = []
        self.messages: dict[str, QtWidgets.QLabel] = {}  # attribute -> its message line

    # -- building rows ---------------------------------------------------

    def _row(self, label: str, editor: QtWidgets.QWidget, attr: str, hint: str = "",
             caption: bool = True) -> QtWidgets.QLabel:
        editor.setAccessibleName(label)
        editor.setObjectName(attr)
        if hint:
            editor.setToolTip(hint)
        message = message_line()
        box = QtWidgets.QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(message)
        title = QtWidgets.QLabel(label if caption else "")
        title.setBuddy(editor)
        self.layout.addRow(title, box)
        self.messages.setdefault(attr, message)
        return message

    def _write(self, attr: str, value: Any) -> None:
        setattr(self.root(self.session.case), attr, value)
        self.session.touch()

    def text(self, label: str, attr: str, *, multiline: bool = False, hint: str = "") -> QtWidgets.QWidget:
        """Free text, kept exactly as typed (any script, any length)."""
        editor: QtWidgets.QWidget
        if multiline:
            notes = QtWidgets.QPlainTextEdit()
            notes.setTabChangesFocus(True)  # Tab moves on; the text never needs a tab character.
            notes.setMinimumHeight(70)
            notes.setMaximumHeight(120)  # notes; a narrative page lifts this
            check_spelling(notes)
            editor, read, show, signal = notes, notes.toPlainText, notes.setPlainText, notes.textChanged
        else:
            line = QtWidgets.QLineEdit()
            editor, read, show, signal = line, line.text, line.setText, line.textChanged
        self._row(label, editor, attr, hint)
        signal.connect(lambda *_: self._write(attr, read()))

        def refresh() -> None:
            editor.blockSignals(True)
            show(getattr(self.root(self.session.case), attr))
            editor.blockSignals(False)

        self._refreshers.append(refresh)
        return editor

    def checked_text(self, label: str, attr: str, apply: Callable[[Any, str], str | None],
                     hint: str = "") -> QtWidgets.QLineEdit:
        """Text that the workflow checks and stores itself (`apply` returns a message or None)."""
        editor = QtWidgets.QLineEdit()
        message = self._row(label, editor, attr, hint)

        def typed(text: str) -> None:
            problem = apply(self.root(self.session.case), text)
            show_message(message, problem if text.strip() else None)
            self.session.touch()

        editor.textChanged.connect(typed)
        self._refreshers.append(lambda: _quietly(editor, lambda: editor.setText(
            getattr(self.root(self.session.case), attr))))
        return editor

    def flag(self, label: str, attr: str, hint: str = "") -> QtWidgets.QCheckBox:
        box = QtWidgets.QCheckBox(label)
        self._row(label, box, attr, hint, caption=False)
        box.toggled.connect(lambda on: self._write(attr, on))
        self._refreshers.append(lambda: _quietly(box, lambda: box.setChecked(
            bool(getattr(self.root(self.session.case), attr)))))
        return box

    def choice(self, label: str, attr: str, options: Sequence[tuple[Any, str]], hint: str = "") -> DropDown:
        """One of a fixed set of values (an enum, or yes/no/not recorded)."""
        combo = DropDown()  # the wheel must not change an answer the officer has not chosen
        for value, text in options:
            combo.addItem(text, value)
        self._row(label, combo, attr, hint)
        combo.currentIndexChanged.connect(lambda i: self._write(attr, combo.itemData(i)))

        def refresh() -> None:
            value = getattr(self.root(self.session.case), attr)
            index = next((i for i in range(combo.count()) if combo.itemData(i) == value), 0)
            _quietly(combo, lambda: combo.setCurrentIndex(index))

        self._refreshers.append(refresh)
        return combo

    def day(self, label: str, attr: str, *, birth: bool = True, hint: str = "") -> QtWidgets.QLineEdit:
        """A date typed as day/month/year; refused in plain words when impossible."""
        editor = QtWidgets.QLineEdit(placeholderText="dd/mm/yyyy")
        message = self._row(label, editor, attr, hint or "Type the date as day/month/year, e.g. 07/11/2015")

        def typed(text: str) -> None:
            value, problem = read_date_of_birth(text, self.session.now(), self._zone()) if birth else read_day(text)
            show_message(message, problem)
            # A refused date is not stored: the record keeps "not recorded"
            # rather than a wrong date, and the message says why.
            self._write(attr, value)

        editor.textChanged.connect(typed)

        def refresh() -> None:
            value: date | None = getattr(self.root(self.session.case), attr)
            _quietly(editor, lambda: editor.setText(shown_day(value)))

        self._refreshers.append(refresh)
        return editor

    def moment(self, label: str, attr: str, hint: str = "") -> QtWidgets.QLineEdit:
        """A time typed as dd/mm/yyyy hh:mm on the force's clock, with a Now button (or Ctrl+T in the field)."""
        editor = QtWidgets.QLineEdit(placeholderText="dd/mm/yyyy hh:mm")
        now_button = QtWidgets.QPushButton("Now")
        now_button.setAccessibleName(f"{label}: now")
        now_button.setObjectName(f"{attr}_now")
        now_button.setToolTip(f"Fill in the current time ({NOW_KEY} in the field)")
        # Out of the Tab order: Tab from a typed time must reach the next field, not a button that a
        # space would press, replacing the time.
        now_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row = QtWidgets.QWidget()
        line = QtWidgets.QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        line.addWidget(now_button)
        message = self._row(label, row, attr, hint or "Type the date and time, e.g. 07/11/2025 21:05")
        row.setObjectName(f"{attr}_row")
        editor.setObjectName(attr)
        editor.setAccessibleName(label)
        editor.setAccessibleDescription(f"{NOW_KEY} fills in the time now")

        def typed(text: str) -> None:
            value, problem = read_moment(text, self.session.now(), self._zone())
            show_message(message, problem)
            self._write(attr, value)

        editor.textChanged.connect(typed)

        def stamp_now() -> None:
            # The exact moment, not the minute shown: the order of events in
            # the record must hold to the second.
            moment = self.session.now()
            shown = shown_moment(moment, self._zone())
            replaced = editor.text().strip()

            def replace() -> None:
                # Through the field's own editing, so its undo (Ctrl+Z) puts back a time this replaced.
                editor.selectAll()
                editor.insert(shown)

            _quietly(editor, replace)
            self._write(attr, moment)
            if replaced and replaced != shown:
                show_notice(message, f"Replaced \u201c{replaced}\u201d with the time now: Ctrl+Z puts it back.",
                            neutral=True)
                editor.setFocus()  # where Ctrl+Z works
            else:
                show_message(message, None)

        now_button.clicked.connect(stamp_now)
        now_key = QtGui.QShortcut(QtGui.QKeySequence(NOW_KEY), editor)
        now_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        now_key.activated.connect(stamp_now)

        def refresh() -> None:
            value: datetime | None = getattr(self.root(self.session.case), attr)
            _quietly(editor, lambda: editor.setText(shown_moment(value, self._zone())))

        self._refreshers.append(refresh)
        return editor

    def _zone(self):
        return self.session.policy.zone

    def refresh(self) -> None:
        for refresh in self._refreshers:
            refresh()


def _quietly(widget: QtWidgets.QWidget, change: Callable[[], None]) -> None:
    widget.blockSignals(True)
    try:
        change()
    finally:
        widget.blockSignals(False)


def set_tone(label: QtWidgets.QLabel, tone: str) -> None:
    """Colour a verdict as danger, ok or plain; restyle only when it changes.

    Restyling runs the whole style sheet over the widget, so the once-a-second
    clock must not do it when nothing changed.
    """
    if label.property("tone") == tone:
        return
    label.setProperty("tone", tone)
    label.style().unpolish(label)
    label.style().polish(label)


def enum_options(enum: type[Enum], labels: dict[Any, str] | None = None) -> list[tuple[Any, str]]:
    return [(member, (labels or {}).get(member, member.value.replace("_", " ").capitalize())) for member in enum]


# The first choice of every answer: nothing chosen yet. Not "Not recorded", which read like an answer beside
# "Not asked or not known".
NOT_ANSWERED = "Not answered yet"
YES_NO_UNRECORDED = [(None, NOT_ANSWERED), (True, "Yes"), (False, "No")]
YES_NO_NOT_KNOWN = [(None, NOT_ANSWERED), (Answer.YES, "Yes"), (Answer.NO, "No"),
                    (Answer.NOT_KNOWN, "Not asked or not known")]


def heading(text: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(text)
    label.setObjectName("sectionHeading")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class ItemList(QtWidgets.QGroupBox):
    """Like items of the case (children, injuries, witnesses…) with Add and Remove.

    Each item gets its own `CaseForm`, built by `build(form)` and rooted at
    that item, so the same field definitions serve every item.
    """

    def __init__(self, session: CaseSession, title: str, noun: str, items: Callable[[Any], list],
                 factory: Callable[[], Any], build: Callable[[CaseForm], None]):
        super().__init__(title)
        self.session = session
        self._noun = noun
        self._items = items
        self._factory = factory
        self._build = build
        self._forms: list[CaseForm] = []
        self._tab_stops: list[list[QtWidgets.QWidget]] = []  # each item's inputs, in the order Tab visits them
        self._rows = QtWidgets.QVBoxLayout()
        self.add_button = QtWidgets.QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(self.add)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self._rows)
        layout.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignLeft)

    def add(self) -> None:
        self._items(self.session.case).append(self._factory())
        self.session.touch(at_once=True)
        self.refresh()
        if self._tab_stops and self._tab_stops[-1]:
            self._tab_stops[-1][0].setFocus()  # the new item's first field, ready to type

    def _item(self, index: int, case: Any) -> Any:
        return self._items(case)[index]

    def remove(self, index: int) -> None:
        del self._items(self.session.case)[index]
        self.session.touch(at_once=True)
        self.refresh()
        self.add_button.setFocus()

    def refresh(self) -> None:
        while self._rows.count():
            row = self._rows.takeAt(0)
            widget = row.widget() if row is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self._forms = []
        self._tab_stops = []
        for index, _item in enumerate(self._items(self.session.case)):
            frame = QtWidgets.QFrame()
            frame.setObjectName("listItem")
            frame.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
            form = CaseForm(self.session, partial(self._item, index))
            self._build(form)
            form.refresh()
            remove = QtWidgets.QPushButton(f"Remove this {self._noun}")
            remove.setAccessibleName(f"Remove {self._noun} {index + 1}")
            remove.clicked.connect(lambda _=False, i=index: self.remove(i))
            box = QtWidgets.QVBoxLayout(frame)
            box.addWidget(QtWidgets.QLabel(f"{self._noun.capitalize()} {index + 1}"))
            box.addLayout(form.layout)
            box.addWidget(remove, alignment=Qt.AlignmentFlag.AlignRight)
            self._rows.addWidget(frame)
            frame.show()  # now, not once the event loop turns: the officer may Tab into it at once
            self._forms.append(form)
            self._tab_stops.append(_tab_stops_in(frame))
        self._keep_tab_order()

    def _keep_tab_order(self) -> None:
        """Items are made after everything else on the page, so Qt would Tab to them last: put them where
        they are seen, between what comes before the list and its Add button."""
        before = self.add_button.previousInFocusChain()
        while before is not None and before is not self.add_button and \
                not before.focusPolicy() & Qt.FocusPolicy.TabFocus:
            before = before.previousInFocusChain()
        if before is None or before is self.add_button:
            return  # nothing before the list takes focus: nothing to follow
        for stop in (*(stop for stops in self._tab_stops for stop in stops), self.add_button):
            QtWidgets.QWidget.setTabOrder(before, stop)
            before = stop


def _tab_stops_in(frame: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """The inputs inside `frame` that Tab stops at, in the focus chain's order."""
    stops = []
    widget = frame.nextInFocusChain()
    while widget is not None and frame.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops
