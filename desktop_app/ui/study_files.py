"""File › Open Study Results…: a study's results file as a sortable table; double-clicking a row opens that image
with the study's recipe applied (the recipe's edits are made on the worker, as ordinary undoable edits)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.document import Document
from desktop_app.core.study_recipes import Recipe, document_for
from desktop_app.core.study_results import ResultsError
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.services import WindowServices
from desktop_app.ui.study_results import RESULTS_FILTER, StudyResultsDialog, load_results_dialog


class StudyFiles(QObject):
    """Opens results files as dialogs, and their rows' images in the window."""

    def __init__(self, services: WindowServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialogs: list[StudyResultsDialog] = []
        self._job: Job | None = None

    def open_dialog(self) -> None:
        """Asks for a results file and shows it."""
        folder = self.services.settings.last_dir or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self.services.dialog_parent,
            self.tr("Open study results"),
            folder,
            QCoreApplication.translate("StudyResults", RESULTS_FILTER),
        )
        if name:
            self.show_results(Path(name))

    def show_results(self, path: Path) -> StudyResultsDialog | None:
        """Shows a results file as a table (None, with a notice, when it cannot be read)."""
        try:
            dialog = load_results_dialog(path, self.services.dialog_parent)
        except ResultsError as err:
            self.services.notify(str(err), "error")
            return None
        dialog.open_requested.connect(self.open_row)
        dialog.finished.connect(lambda _result, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    @Slot(str, object, int)
    def open_row(self, image: str, recipe: Recipe, run: int) -> None:
        """Opens a row's image with its recipe's edits (run `run`'s seed) in the window."""
        model = self.services.model
        if model is None:
            self.services.notify(self.tr("Wait for the model before opening a study's image."), "info")
            return
        path = Path(image)
        self._job = self.services.bridge.run_job(
            Lane.STUDY_IMAGE, lambda _t, _p: document_for(path, recipe, run, model)
        )
        self._job.done.connect(self._opened)
        self._job.failed.connect(
            lambda message: self.services.notify(
                self.tr("Could not open {name}: {reason}").format(name=path.name, reason=message), "error"
            )
        )

    @Slot(object)
    def _opened(self, document: Document) -> None:
        self.services.editor.set_document(document)
