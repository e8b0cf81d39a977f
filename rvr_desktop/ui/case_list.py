"""The case list: every case on this workstation, newest first, searchable."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rvr_desktop.qt import QtCore, QtWidgets, Qt, Signal
from rvr_desktop.store.cases import CaseSummary
from rvr_desktop.ui.input_guards import DropDown
from rvr_desktop.workflow.outcome import CaseStatus

_COLUMNS = ("Incident", "Caller", "Status", "Last change")


def _status_label(stored: str) -> str:
    """The officer's word for a stored status; a word this version does not know is shown as stored."""
    try:
        return CaseStatus(stored).label
    except ValueError:
        return stored


class CaseListModel(QtCore.QAbstractTableModel):
    """Case summaries as table rows, filtered; the case id is under `Qt.UserRole`.

    Filtering is done here in plain Python rather than by a proxy model,
    which would call back into Python for every row: with thousands of cases
    that took most of the time the list needed to appear.
    """

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._all: list[CaseSummary] = []
        self._cases: list[CaseSummary] = []
        self._delivery: dict[str, tuple[str, str]] = {}  # case id -> (state line, details)
        self._text = ""
        self._status = ""
        # Times are shown on the force's clock, as on every other screen and document; until the policy
        # (and so the force's zone) is loaded, on this computer's. A practice case's on its scenario's clock.
        self._zone: ZoneInfo | None = None
        self._shown_times: dict[tuple[str, int], str] = {}

    def replace(self, cases: Sequence[CaseSummary], delivery: dict[str, tuple[str, str]] | None = None) -> None:
        self._all = list(cases)
        self._delivery = dict(delivery or {})
        self._refilter()

    def set_delivery(self, case_id: str, state: str, details: str) -> None:
        """A submitted case moved on its way to the records system."""
        self._delivery[case_id] = (state, details)
        for row, case in enumerate(self._cases):
            if case.case_id == case_id:
                self.dataChanged.emit(self.index(row, 2), self.index(row, 2))

    def set_zone(self, zone: ZoneInfo) -> None:
        self.beginResetModel()
        self._zone = zone
        self._shown_times.clear()
        self.endResetModel()

    def _last_change(self, case: CaseSummary) -> str:
        """When the case last changed on its own clock (a practice scenario's, for its case), as the case says
        "Saved" at: the store keeps real time, so a practice case's offset is added here."""
        # Worked out once per case and kept: the table asks for each visible cell again and again.
        key = (case.updated_utc, case.headline.clock_offset_seconds)
        shown = self._shown_times.get(key)
        if shown is None:
            try:
                # fromisoformat reads the store's "…Z" itself (Python 3.11); the outbox's module is not loaded
                # for it, since the list is part of the window shown at start-up.
                real = datetime.fromisoformat(case.updated_utc)
                moment = (real + timedelta(seconds=case.headline.clock_offset_seconds)).astimezone(self._zone)
                shown = f"{moment:%d/%m/%Y %H:%M}"
            except (ValueError, OverflowError):
                shown = case.updated_utc  # not a time this version can read: shown as stored
            self._shown_times[key] = shown
        return shown

    def set_criteria(self, text: str, status: str) -> None:
        self._text, self._status = text.casefold().strip(), status
        self._refilter()

    def _refilter(self) -> None:
        text, status = self._text, self._status
        self.beginResetModel()
        self._cases = [c for c in self._all
                       if (not status or c.headline.status == status)
                       and (not text or text in c.headline.title.casefold() or text in c.headline.caller.casefold())]
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._all)

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        case = self._cases[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return case.case_id
        delivery = self._delivery.get(case.case_id)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2 and delivery:
            return delivery[1]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        h = case.headline
        status = delivery[0] if delivery else _status_label(h.status)
        return (h.title or "(no incident reference yet)", h.caller, status, self._last_change(case))[index.column()]


class CaseListPanel(QtWidgets.QWidget):
    """Search box, status filter and the table; emits `open_requested(case_id)`."""

    open_requested = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.model = CaseListModel(self)

        self.search = QtWidgets.QLineEdit(placeholderText="Search incident or caller")
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.status = DropDown()
        self.status.setAccessibleName("Show cases with status")
        self.status.addItem("All cases", "")
        for status in CaseStatus:
            self.status.addItem(status.label, status.value)
        self.table = QtWidgets.QTableView()
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Fixed widths: sizing to contents would measure every row of a long list.
        for column, width in enumerate((220, 260, 330)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().hide()
        # Every row the same height: the view need not measure thousands of rows.
        self.table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.empty = QtWidgets.QLabel("No cases on this workstation yet.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.status, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)

        self.search.textChanged.connect(self._refilter)
        self.status.currentIndexChanged.connect(self._refilter)
        self.table.activated.connect(lambda index: self.open_requested.emit(index.data(Qt.ItemDataRole.UserRole)))
        self.show_cases([])

    def show_cases(self, cases: Sequence[CaseSummary], delivery: dict[str, tuple[str, str]] | None = None) -> None:
        self.model.replace(cases, delivery)
        self.empty.setVisible(not cases)
        self.table.setVisible(bool(cases))

    def visible_case_ids(self) -> list[str]:
        return [self.model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.model.rowCount())]

    def _refilter(self) -> None:
        self.model.set_criteria(self.search.text(), self.status.currentData())
