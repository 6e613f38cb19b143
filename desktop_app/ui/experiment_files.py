"""Saving and opening experiment files from the window, and autosave with an offer to restore after a crash."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.core.experiment import Experiment, ExperimentError, OutsideFolderError, load, save
from desktop_app.core.paths import default_model_path
from desktop_app.core.prediction import prediction_record
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.ui.jobs import Lane, counted_progress
from desktop_app.ui.services import BusyHold, WindowServices
from desktop_app.ui.timers import single_shot_timer

EXPERIMENT_FILTER = "Classifier Explorer experiments (*.json)"
AUTOSAVE_DELAY_MS = 2000


class ExperimentFiles(QObject):
    """File › Open/Save Experiment, and the autosave file that protects unsaved work."""

    open_failed = Signal(str)  # emitted with the reason an experiment file could not be opened

    def __init__(self, services: WindowServices, autosave_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.autosave_path = autosave_path
        self.current_file: Path | None = None
        self._opening: BusyHold | None = None
        self._timer = single_shot_timer(self, self.autosave_now, AUTOSAVE_DELAY_MS)
        services.editor.changed.connect(self._document_changed)
        services.editor.document_replaced.connect(self._document_replaced)

    # -- the record of one experiment -----------------------------------------------------------------

    def experiment(self) -> Experiment | None:
        """The open document with the model and its latest predictions, ready to save."""
        services = self.services
        document, model, prediction = services.editor.document, services.model, services.prediction()
        if document is None:
            return None
        record: dict = {}
        predictions: dict = {}
        if model is not None:
            path = "bundled" if model.path == default_model_path() else str(model.path)
            record = {"name": model.name, "path": path, "provider": model.provider.active}
            if prediction is not None:
                k = services.settings.top_k
                predictions = prediction_record(model, prediction.probabilities, services.baseline(), k)
        return Experiment(document.snapshot(), record, predictions)

    # -- commands ---------------------------------------------------------------------------------------

    def save(self) -> bool:
        """File › Save Experiment (asks for a name the first time)."""
        return self._save_to(self.current_file) if self.current_file else self.save_as()

    def save_as(self) -> bool:
        """File › Save Experiment As…."""
        document = self.services.editor.document
        if document is None:
            return False
        folder = Path(self.services.settings.last_dir or Path.home())
        suggested = str(folder / f"{Path(document.name).stem}-experiment.json")
        name, _ = QFileDialog.getSaveFileName(
            self.services.dialog_parent, "Save experiment", suggested, EXPERIMENT_FILTER
        )
        return bool(name) and self._save_to(Path(name))

    def _save_to(self, file: Path) -> bool:
        experiment = self.experiment()
        if experiment is None:
            return False
        try:
            save(experiment, file)
        except ExperimentError as err:
            self.services.notify(str(err), "error")
            return False
        self.current_file = file
        self.services.editor.undo_stack.setClean()
        self.discard_autosave()
        self.services.show_status(f"Saved {file.name}", 4000)
        return True

    def open_dialog(self) -> None:
        """File › Open Experiment…."""
        folder = self.services.settings.last_dir or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self.services.dialog_parent, "Open experiment", folder, EXPERIMENT_FILTER)
        if name:
            self.open(Path(name))

    def open(self, file: Path, allow_outside: bool = False) -> None:
        """Reads an experiment off the GUI thread, with progress (Esc stops); a bad file is explained and the current
        work stays; one that refers to a file outside its own folder is asked about first (ask_open_outside)."""

        def work(token: CancelToken, progress: Progress) -> Experiment | OutsideFolderError:
            try:
                return load(file, allow_outside, counted_progress(progress), token)
            except OutsideFolderError as err:
                return err  # asked about on the GUI thread

        self._opening = self._opening or self.services.busy.hold()
        job = self.services.bridge.run_job(Lane.OPEN_EXPERIMENT, work)
        job.progress.connect(
            lambda fraction: self.services.show_status(f"Opening {file.name}: {100 * fraction:.0f} % (Esc stops)")
        )
        job.done.connect(lambda result: self._opened(result, file))
        job.failed.connect(self._open_failed)
        job.cancelled.connect(self._open_stopped)

    def _opened(self, result: Experiment | OutsideFolderError, file: Path) -> None:
        self._end_opening("")
        if not isinstance(result, OutsideFolderError):
            self._show(result, file)
        elif self.ask_open_outside(result, file):
            self.open(file, allow_outside=True)
        else:
            self.services.notify(f"“{file.name}” was not opened. Your current work stays open.", "info")

    def ask_open_outside(self, refusal: OutsideFolderError, file: Path) -> bool:
        """Asks whether to open an experiment that refers to a file outside its own folder; True: open anyway."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Open a file outside the experiment's folder?",
            f"“{file.name}” refers to a file outside its own folder:\n\n{str(refusal.path)[:300]}\n\n"
            "Experiments you made or copied keep their files next to them. Open it anyway only if you trust "
            "where this experiment came from.",
            QMessageBox.StandardButton.Cancel,
            self.services.dialog_parent,
        )
        open_anyway = box.addButton("Open Anyway", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is open_anyway

    @Slot(str)
    def _open_failed(self, message: str) -> None:
        self._end_opening("")
        self.services.notify(f"{message.rstrip('.')}. Your current work stays open.", "error")
        self.open_failed.emit(message)

    @Slot()
    def _open_stopped(self) -> None:
        self._end_opening("Stopped opening the experiment; your current work stays open.")

    def _end_opening(self, status: str) -> None:
        if self._opening is not None:
            self._opening.release()
            self._opening = None
        self.services.show_status(status, 6000)

    @Slot(str)
    def _autosave_failed(self, message: str) -> None:
        self.services.show_status(f"Autosave failed: {message}", 6000)

    def _show(self, experiment: Experiment, file: Path | None) -> None:
        self.services.editor.set_document(experiment.document)
        self.current_file = file
        recorded = experiment.model.get("name")
        notes = list(experiment.warnings)
        model = self.services.model
        if recorded and model is not None and recorded != model.name:
            notes.append(f"It was recorded with {recorded}; now showing {model.name}.")
        if notes:
            self.services.notify(" ".join(notes), "warning")

    # -- autosave -------------------------------------------------------------------------------------

    @Slot()
    def _document_replaced(self) -> None:
        self.current_file = None

    @Slot()
    def _document_changed(self) -> None:
        if not self.services.editor.undo_stack.isClean():
            self._timer.start()

    @Slot()
    def autosave_now(self) -> None:
        """Writes the autosave file in the background (the image is embedded only if it has no file)."""
        experiment = self.experiment()
        if experiment is None or self.services.editor.undo_stack.isClean():
            return
        path = self.autosave_path
        path.parent.mkdir(parents=True, exist_ok=True)
        job = self.services.bridge.run_job(Lane.AUTOSAVE, lambda _t, _p: save(experiment, path))
        job.failed.connect(self._autosave_failed)

    def discard_autosave(self) -> None:
        """Removes the autosave file (the work is saved, or the user declined to restore it)."""
        self._timer.stop()
        self.autosave_path.unlink(missing_ok=True)

    def offer_restore(self) -> bool:
        """After an unclean exit, offers to bring the autosaved work back; True if there is something to offer."""
        if not self.autosave_path.is_file():
            return False
        self.services.notices.show_message(
            "Unsaved work from your last session was found.", "info", action=("Restore", self.restore)
        )
        return True

    def restore(self) -> None:
        """Opens the autosaved experiment."""
        try:
            experiment = load(self.autosave_path)
        except ExperimentError as err:
            self.services.notify(f"The autosaved work could not be restored: {err}", "error")
            return
        self._show(experiment, None)
        self.services.editor.undo_stack.resetClean()  # restored work is unsaved work

    def closing(self) -> None:
        """Called when the window closes: unsaved work stays in the autosave file, saved work removes it."""
        if self.services.editor.undo_stack.isClean():
            self.discard_autosave()
        else:
            self._timer.stop()
            experiment = self.experiment()
            if experiment is not None:
                try:
                    save(experiment, self.autosave_path)
                except ExperimentError:
                    pass
