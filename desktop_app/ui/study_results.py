"""A study's results as a sortable, filterable table, biggest drops first; double-click asks to open that image.

The window opens it (`open_requested` carries the image file, the recipe and the run; core's `document_for` builds
the edited document). Reading the file, ordering and filtering rows all happen in core (`StudyTable`), so sorting
50,000 rows is one numpy argsort, not a million Python comparisons.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.study_recipes import RecipeError, open_target
from desktop_app.core.study_table import StudyTable, read_results
from desktop_app.core.texts import QT_TRANSLATE_NOOP

RESULTS_FILTER = QT_TRANSLATE_NOOP("StudyResults", "Study results (*.csv *.parquet)")
HEADERS = {
    "image": QT_TRANSLATE_NOOP("StudyResults", "Image"),
    "run": QT_TRANSLATE_NOOP("StudyResults", "Run"),
    "true_label": QT_TRANSLATE_NOOP("StudyResults", "True class"),
    "before_label": QT_TRANSLATE_NOOP("StudyResults", "Top class"),
    "before_p1": QT_TRANSLATE_NOOP("StudyResults", "p(top)"),
    "after_label": QT_TRANSLATE_NOOP("StudyResults", "Top class after"),
    "after_p1": QT_TRANSLATE_NOOP("StudyResults", "p(top after)"),
    "drop": QT_TRANSLATE_NOOP("StudyResults", "Drop"),
    "top1_kept": QT_TRANSLATE_NOOP("StudyResults", "Top kept"),
    "true_p_before": QT_TRANSLATE_NOOP("StudyResults", "p(true)"),
    "true_p_after": QT_TRANSLATE_NOOP("StudyResults", "p(true) after"),
    "category_before": QT_TRANSLATE_NOOP("StudyResults", "Category"),
    "category_after": QT_TRANSLATE_NOOP("StudyResults", "Category after"),
    "shape_category": QT_TRANSLATE_NOOP("StudyResults", "Shape"),
    "texture_category": QT_TRANSLATE_NOOP("StudyResults", "Texture"),
    "map_target": QT_TRANSLATE_NOOP("StudyResults", "Map of class"),
    "map_file": QT_TRANSLATE_NOOP("StudyResults", "Map file"),
    "error": QT_TRANSLATE_NOOP("StudyResults", "Error"),
}
AnyIndex = QModelIndex | QPersistentModelIndex


class StudyResultsModel(QAbstractTableModel):
    """The table's rows in the order core sorted them; only the columns that hold something are shown."""

    def __init__(self, table: StudyTable, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        used = set(table.used_columns())
        self.columns = [name for name in HEADERS if name in used]
        self.order = np.arange(len(table), dtype=np.intp)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.table.text(self.table_row(index.row()), column)
        if role == Qt.ItemDataRole.TextAlignmentRole and self.table.kinds[column] in ("int", "prob", "float"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("StudyResults", HEADERS[self.columns[section]])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorders the rows by a column (core computes the order; missing values always last)."""
        self.layoutAboutToBeChanged.emit()
        descending = order == Qt.SortOrder.DescendingOrder
        self.order = self.table.order(self.columns[column], descending)
        self.layoutChanged.emit()

    def table_row(self, row: int) -> int:
        """The results row shown at a model row."""
        return int(self.order[row])


class SortedBySource(QSortFilterProxyModel):
    """Filters rows by a text (matched in core); sorting is passed to the source model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.accepted: np.ndarray | None = None

    def set_text(self, text: str) -> None:
        """Shows only the rows whose image, classes, categories or error contain `text`."""
        source = self.sourceModel()
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateRowsFilter() is deprecated from 6.10
            self.beginFilterChange()
        self.accepted = source.table.matching(text) if isinstance(source, StudyResultsModel) else None
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Whether a row matched the last filter text."""
        source = self.sourceModel()
        if self.accepted is None or not isinstance(source, StudyResultsModel):
            return True
        return bool(self.accepted[source.table_row(source_row)])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts by asking the source model (core orders the rows)."""
        self.sourceModel().sort(column, order)


class StudyResultsDialog(QDialog):
    """A study's results: a summary, a filter and the table; double-click a row to open that image."""

    open_requested = Signal(str, object, int)  # image file, Recipe, run (its seed offset)

    def __init__(self, table: StudyTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Study results: {name}").format(name=table.path.name))
        self.resize(1000, 600)
        self.model = StudyResultsModel(table, self)
        self.proxy = SortedBySource(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().setVisible(False)
        self.view.doubleClicked.connect(self._open)
        self.filter = QLineEdit(clearButtonEnabled=True)
        self.filter.setPlaceholderText(self.tr("Filter by image, class, category or error…"))
        self.filter.textChanged.connect(self._filter)
        self.status = QLabel(self._summary())
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.status, self.filter, self.view, buttons):
            layout.addWidget(widget)
        first = "drop" if "drop" in self.model.columns else "image"
        descending = Qt.SortOrder.DescendingOrder if first == "drop" else Qt.SortOrder.AscendingOrder
        self.view.sortByColumn(self.model.columns.index(first), descending)
        self.view.resizeColumnsToContents()

    def _summary(self) -> str:
        table = self.model.table
        recipe = table.meta.get("recipe_label", self.tr("unknown recipe"))
        folder = table.meta.get("folder", self.tr("an unrecorded folder"))
        text = self.tr("{recipe} over {folder}: {rows:,} rows. Double-click a row to open the image with the recipe.")
        return text.format(recipe=recipe, folder=folder, rows=len(table))

    @Slot(str)
    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        shown = self.proxy.rowCount()
        filtered = self.tr("{shown:,} of {rows:,} rows").format(shown=shown, rows=len(self.model.table))
        self.status.setText(self._summary() if not text.strip() else filtered)

    @Slot(QModelIndex)
    def _open(self, index: QModelIndex) -> None:
        row = self.model.table_row(self.proxy.mapToSource(index).row())
        try:
            image, recipe, run = open_target(self.model.table, row)
        except RecipeError as err:
            self.status.setText(self.tr("Cannot open this row: {reason}.").format(reason=err))
            return
        self.open_requested.emit(str(image), recipe, run)


def load_results_dialog(path: str | Path, parent: QWidget | None = None) -> StudyResultsDialog:
    """A dialog on a results file; ResultsError (with a message for the user) when the file cannot be read."""
    return StudyResultsDialog(read_results(Path(path)), parent)
