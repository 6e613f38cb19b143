"""Saving and opening experiment files from the window; the Save / Discard / Cancel question before unsaved work
would go; and the offer to bring back the work of a session that did not end cleanly (the writing is autosave.py's).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.core.experiment import Experiment, ExperimentError, OutsideFolderError, load, save
from desktop_app.core.paths import default_model_path
from desktop_app.core.prediction import prediction_record
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.autosave import Autosave
from desktop_app.ui.jobs import Lane, counted_progress
from desktop_app.ui.notice_bar import NoticeBar
from desktop_app.ui.services import BusyHold, WindowServices

EXPERIMENT_FILTER = QT_TRANSLATE_NOOP("ExperimentFiles", "Classifier Explorer experiments (*.json)")
Answer = QMessageBox.StandardButton


class ExperimentFiles(QObject):
    """File › Open/Save Experiment, the question before unsaved work goes, and the offer of recovered work."""

    open_failed = Signal(str)  # emitted with the reason an experiment file could not be opened
    file_changed = Signal()  # the experiment's file name changed (saved under a name, opened, or none)

    def __init__(
        self, services: WindowServices, autosave_path: Path, offers: NoticeBar, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.offers = offers  # where recovered work is offered: a bar of its own, so no other notice hides it
        self.current_file: Path | None = None
        self._opening: BusyHold | None = None
        self.autosave = Autosave(services, autosave_path, self.experiment, self)
        self.autosave.failed.connect(self._autosave_failed)
        services.editor.document_replaced.connect(self._document_replaced)

    @property
    def autosave_path(self) -> Path:
        """This session's autosave file."""
        return self.autosave.path

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
        folder = Path(self.services.settings.export_dir(document.path))
        suggested = str(folder / f"{Path(document.name).stem}-experiment.json")
        name, _ = QFileDialog.getSaveFileName(
            self.services.dialog_parent, self.tr("Save experiment"), suggested, self.tr(EXPERIMENT_FILTER)
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
        self.services.settings.last_export_dir = str(file.parent)
        self.services.editor.undo_stack.setClean()
        self.autosave.discard()
        self.file_changed.emit()
        self.services.show_status(self.tr("Saved {name}").format(name=file.name), 4000)
        return True

    def maybe_save(self, doing: str) -> bool:
        """Before unsaved work would go (`doing`: "opening “dog.png”", "quitting"), asks Save / Discard / Cancel;
        True when the caller may go on: nothing unsaved, saved, or discarded (its autosave deleted)."""
        document = self.services.editor.document
        if document is None or self.services.editor.undo_stack.isClean():
            return True
        name = self.current_file.name if self.current_file else document.name
        answer = QMessageBox.warning(
            self.services.dialog_parent,
            self.tr("Unsaved changes"),
            self.tr("Save your changes to “{name}” before {doing}? Otherwise they are lost.").format(
                name=name, doing=doing
            ),
            Answer.Save | Answer.Discard | Answer.Cancel,
            Answer.Save,
        )
        if answer == Answer.Save:
            return self.save()
        if answer == Answer.Discard:
            self.autosave.discard()
            return True
        return False

    def open_dialog(self) -> None:
        """File › Open Experiment…."""
        folder = self.services.settings.last_dir or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self.services.dialog_parent, self.tr("Open experiment"), folder, self.tr(EXPERIMENT_FILTER)
        )
        if name:
            self.open(Path(name))

    def open(self, file: Path, allow_outside: bool = False) -> None:
        """Reads an experiment off the GUI thread (after asking about unsaved work), with progress (Esc stops); a
        bad file is explained and the current work stays; one that refers to a file outside its own folder is asked
        about first (ask_open_outside)."""
        if not allow_outside and not self.maybe_save(self.tr("opening “{name}”").format(name=file.name)):
            return

        def work(token: CancelToken, progress: Progress) -> Experiment | OutsideFolderError:
            try:
                return load(file, allow_outside, counted_progress(progress), token)
            except OutsideFolderError as err:
                return err  # asked about on the GUI thread

        replacements = self.services.editor.replacements
        self._opening = self._opening or self.services.busy.hold()
        job = self.services.bridge.run_job(Lane.OPEN_EXPERIMENT, work)
        job.progress.connect(
            lambda fraction: self.services.show_status(
                self.tr("Opening {name}: {percent:.0f} % (Esc stops)").format(name=file.name, percent=100 * fraction)
            )
        )
        job.done.connect(lambda result: self._opened(result, file, replacements))
        job.failed.connect(self._open_failed)
        job.cancelled.connect(self._open_stopped)

    def _opened(self, result: Experiment | OutsideFolderError, file: Path, replacements: int) -> None:
        self._end_opening("")
        if replacements != self.services.editor.replacements:  # a later document came first: it stands
            return
        if not isinstance(result, OutsideFolderError):
            self._show(result, file)
        elif self.ask_open_outside(result, file):
            self.open(file, allow_outside=True)
        else:
            text = self.tr("“{name}” was not opened. Your current work stays open.").format(name=file.name)
            self.services.notify(text, "info")

    def ask_open_outside(self, refusal: OutsideFolderError, file: Path) -> bool:
        """Asks whether to open an experiment that refers to a file outside its own folder; True: open anyway."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Open a file outside the experiment's folder?"),
            self.tr(
                "“{name}” refers to a file outside its own folder:\n\n{path}\n\nExperiments you made or copied keep "
                "their files next to them. Open it anyway only if you trust where this experiment came from."
            ).format(name=file.name, path=str(refusal.path)[:300]),
            QMessageBox.StandardButton.Cancel,
            self.services.dialog_parent,
        )
        open_anyway = box.addButton(self.tr("Open Anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is open_anyway

    @Slot(str)
    def _open_failed(self, message: str) -> None:
        self._end_opening("")
        text = self.tr("{reason}. Your current work stays open.").format(reason=message.rstrip("."))
        self.services.notify(text, "error")
        self.open_failed.emit(message)

    @Slot()
    def _open_stopped(self) -> None:
        self._end_opening(self.tr("Stopped opening the experiment; your current work stays open."))

    def _end_opening(self, status: str) -> None:
        if self._opening is not None:
            self._opening.release()
            self._opening = None
        self.services.show_status(status, 6000)

    @Slot(str)
    def _autosave_failed(self, message: str) -> None:
        self.services.show_status(self.tr("Autosave failed: {reason}").format(reason=message), 6000)

    def _show(self, experiment: Experiment, file: Path | None) -> None:
        self.services.editor.set_document(experiment.document)
        self.current_file = file
        self.file_changed.emit()
        recorded = experiment.model.get("name")
        notes = list(experiment.warnings)
        model = self.services.model
        if recorded and model is not None and recorded != model.name:
            note = self.tr("It was recorded with {recorded}; now showing {model}.")
            notes.append(note.format(recorded=recorded, model=model.name))
        if notes:
            self.services.notify(" ".join(notes), "warning")

    # -- autosave and recovered work ----------------------------------------------------------------

    @Slot()
    def _document_replaced(self) -> None:
        self.current_file = None

    def offer_restore(self) -> bool:
        """At start: sets aside the autosave of a session that did not end cleanly and offers the newest recovered
        work back; the offer stays until it is answered. True if there is something to offer."""
        self.autosave.set_aside_previous()
        return self._offer_next()

    def _offer_next(self) -> bool:
        recovered = self.autosave.recovered()
        if not recovered:
            self.offers.hide()
            return False
        if len(recovered) > 1:
            text = self.tr(
                "Unsaved work from an earlier session was found ({more} more after it): restore it, or discard it "
                "for good."
            ).format(more=len(recovered) - 1)
        else:
            text = self.tr("Unsaved work from an earlier session was found: restore it, or discard it for good.")
        restore = (self.tr("Restore"), lambda: self.restore(recovered[0]))
        discard = (self.tr("Discard"), lambda: self.discard(recovered[0]))
        self.offers.show_message(text, "info", actions=(restore, discard))
        return True

    def restore(self, recovered: Path) -> None:
        """Opens recovered work (after asking about unsaved work); it becomes this session's unsaved work."""
        if not self.maybe_save(self.tr("restoring the earlier work")):
            self._offer_next()
            return
        job = self.services.bridge.run_job(Lane.OPEN_EXPERIMENT, lambda _t, _p: load(recovered))
        job.done.connect(lambda experiment: self._restored(experiment, recovered))
        job.failed.connect(lambda message: self._restore_failed(recovered, message))

    def _restored(self, experiment: Experiment, recovered: Path) -> None:
        self._show(experiment, None)
        self.services.editor.undo_stack.resetClean()  # restored work is unsaved work
        self.autosave.adopt(recovered)
        self.file_changed.emit()
        self._offer_next()

    def _restore_failed(self, recovered: Path, message: str) -> None:
        self.offers.show_message(
            self.tr("The earlier work could not be restored: {reason}.").format(reason=message),
            "error",
            actions=((self.tr("Discard"), lambda: self.discard(recovered)),),
        )

    def discard(self, recovered: Path) -> None:
        """Deletes recovered work the user chose not to restore, and offers the next, if any."""
        recovered.unlink(missing_ok=True)
        self._offer_next()

    def closing(self) -> None:
        """Called when the window closes, after the question about unsaved work was answered (saved or discarded:
        either way its autosave is gone): no more writes, and nothing left behind."""
        self.autosave.discard()
