"""The case list: every case on this workstation, newest first, searchable."""

from __future__ import annotations

from collections.abc import Sequence

from rvr_desktop.qt import QtCore, QtWidgets, Qt, Signal
from rvr_desktop.store.cases import CaseSummary

STATUS_LABELS = {"draft": "Draft", "escalated": "Escalated", "submitted": "Submitted"}
_COLUMNS = ("Incident", "Caller", "Status", "Last change (UTC)")


class CaseListModel(QtCore.QAbstractTableModel):
    """Case summaries as table rows; the case id is under `Qt.UserRole`."""

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._cases: list[CaseSummary] = []

    def replace(self, cases: Sequence[CaseSummary]) -> None:
        self.beginResetModel()
        self._cases = list(cases)
        self.endResetModel()

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
        if role == Qt.ItemDataRole.UserRole + 1:
            return case.headline.status
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        h = case.headline
        return (h.title or "(no incident reference yet)", h.caller, STATUS_LABELS.get(h.status, h.status),
                case.updated_utc[:16].replace("T", " "))[index.column()]


class _CaseFilter(QtCore.QSortFilterProxyModel):
    """Matches the search text in incident or caller, and the chosen status."""

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._text = ""
        self._status = ""

    def set_criteria(self, text: str, status: str) -> None:
        self.beginFilterChange()
        self._text, self._status = text.casefold().strip(), status
        self.endFilterChange(QtCore.QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self._status and model.index(row, 0, parent).data(Qt.ItemDataRole.UserRole + 1) != self._status:
            return False
        if not self._text:
            return True
        return any(self._text in str(model.index(row, col, parent).data()).casefold() for col in (0, 1))


class CaseListPanel(QtWidgets.QWidget):
    """Search box, status filter and the table; emits `open_requested(case_id)`."""

    open_requested = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.model = CaseListModel(self)
        self._filter = _CaseFilter(self)
        self._filter.setSourceModel(self.model)

        self.search = QtWidgets.QLineEdit(placeholderText="Search incident or caller")
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.status = QtWidgets.QComboBox()
        self.status.setAccessibleName("Show cases with status")
        self.status.addItem("All cases", "")
        for value, label in STATUS_LABELS.items():
            self.status.addItem(label, value)
        self.table = QtWidgets.QTableView()
        self.table.setAccessibleName("Cases")
        self.table.setModel(self._filter)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Fixed widths: sizing to contents would measure every row of a long list.
        for column, width in enumerate((220, 260, 120)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().hide()
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

    def show_cases(self, cases: Sequence[CaseSummary]) -> None:
        self.model.replace(cases)
        self.empty.setVisible(not cases)
        self.table.setVisible(bool(cases))

    def visible_case_ids(self) -> list[str]:
        return [self._filter.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self._filter.rowCount())]

    def _refilter(self) -> None:
        self._filter.set_criteria(self.search.text(), self.status.currentData())
