"""Tools › Cue Conflict…: the shape of the object in the open image (A), entirely filled with the texture of
another image's object or a library texture (B), on a plain background, in one step (core/cue_conflict.py, on the
worker). A's background stays only when asked for. The result is ordinary edits, added as one undo step."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.cue_conflict import cue_conflict_edits
from desktop_app.core.document import EditEntry
from desktop_app.core.edits import Edit
from desktop_app.core.imageio import load_image
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.core.texture import TextureSource, texture_library
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.image_files import IMAGE_FILTER
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.services import BusyHold, WindowServices
from desktop_app.ui.tools.texture_options import THUMBNAIL_PX, texture_icon

DEFAULT_LIBRARY_TEXTURE = "elephant skin"  # the lecture's


@dataclass(frozen=True)
class CueConflictChoice:
    """Where B's texture comes from (an image file, whose object's texture is used, or a library texture) and
    whether A's background stays."""

    image: Path | None = None
    library: str = ""
    keep_background: bool = False


class CueConflictDialog(QDialog):
    """Asks for image B (a file or a library texture) and whether A's background stays."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cue conflict"))
        intro = QLabel(
            self.tr(
                "The shape of the object in this image, entirely filled with another texture, on a white background: "
                "does the model follow the shape or the texture?"
            )
        )
        intro.setWordWrap(True)
        self.from_image = QRadioButton(self.tr("The object's texture in another image:"))
        self.image_path = QLineEdit()
        self.image_path.setPlaceholderText(self.tr("an image file"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.from_library = QRadioButton(self.tr("A library texture:"))
        self.library_box = QComboBox()
        self.library_box.setIconSize(QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        for info in texture_library():
            self.library_box.addItem(texture_icon(info.name), info.name, info.name)
        self.library_box.setCurrentIndex(max(0, self.library_box.findData(DEFAULT_LIBRARY_TEXTURE)))
        self.from_library.setChecked(True)
        self.keep_background = QCheckBox(self.tr("Keep this image's background (only the object gets the texture)"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        grid = QGridLayout()
        grid.addWidget(self.from_image, 0, 0)
        grid.addWidget(self.image_path, 0, 1)
        grid.addWidget(self.browse_button, 0, 2)
        grid.addWidget(self.from_library, 1, 0)
        grid.addWidget(self.library_box, 1, 1, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.keep_background)
        layout.addWidget(self.buttons)
        self.browse_button.clicked.connect(self.browse)
        self.image_path.textEdited.connect(lambda _text: self.from_image.setChecked(True))
        self.library_box.activated.connect(lambda _index: self.from_library.setChecked(True))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def browse(self) -> None:
        """Asks for image B."""
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Image whose object gives the texture"), "", IMAGE_FILTER)
        if name:
            self.image_path.setText(name)
            self.from_image.setChecked(True)

    def choice(self) -> CueConflictChoice:
        """What the dialog asks for."""
        keep = self.keep_background.isChecked()
        if self.from_image.isChecked() and self.image_path.text().strip():
            return CueConflictChoice(image=Path(self.image_path.text().strip()), keep_background=keep)
        return CueConflictChoice(library=str(self.library_box.currentData() or ""), keep_background=keep)


class CueConflict(QObject):
    """Tools › Cue Conflict…: the dialog, the job, and the edits it adds."""

    def __init__(self, services: WindowServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dialog: CueConflictDialog | None = None
        self._job: Job | None = None
        self._busy: BusyHold | None = None

    def action_specs(self) -> list[ActionSpec]:
        """The Tools menu's entry."""
        tip = QT_TRANSLATE_NOOP(
            "Menus", "Fill the object's shape with another image's texture (or a library texture), in one step"
        )
        return [ActionSpec("cue_conflict", QT_TRANSLATE_NOOP("Menus", "Cue &Conflict…"), self.open, "&Tools", tip=tip)]

    def open(self) -> CueConflictDialog:
        """Shows the dialog (window-modal); OK runs the cue conflict."""
        if self.dialog is None:
            self.dialog = CueConflictDialog(self.services.dialog_parent)
            dialog = self.dialog
            dialog.accepted.connect(lambda: self.run(dialog.choice()))
        self.dialog.open()
        return self.dialog

    def run(self, choice: CueConflictChoice) -> None:
        """Makes the cue-conflict edits for the image as shown, on the worker; they are added as one undo step."""
        services = self.services
        document, model = services.editor.document, services.model
        if document is None or model is None:
            services.notify(self.tr("Open an image and wait for the model before making a cue conflict."), "info")
            return
        shape_image = document.render()

        def work(token: CancelToken, progress: Progress) -> list[Edit]:
            if choice.image is not None:
                texture = load_image(choice.image)
                return cue_conflict_edits(
                    model, shape_image, texture, choice.image.name, choice.keep_background, cancel=token,
                    progress=progress,
                )  # fmt: skip
            source = TextureSource.library(choice.library)
            return cue_conflict_edits(
                model, shape_image, source, keep_background=choice.keep_background, cancel=token, progress=progress
            )

        self._busy = self._busy or services.busy.hold()
        services.show_status(self.tr("Cue conflict: finding the objects… (Esc stops)"))
        self._job = services.bridge.run_job(Lane.CUE_CONFLICT, work)
        self._job.done.connect(self._done)
        self._job.failed.connect(self._failed)
        self._job.cancelled.connect(self._finish)

    @Slot(object)
    def _done(self, edits: list[Edit]) -> None:
        self._finish()
        editor = self.services.editor
        editor.set_entries([*editor.entries, *(EditEntry(edit) for edit in edits)], "Cue conflict")
        editor.select(len(editor.entries) - 1)
        self.services.notify(self.tr("Cue conflict: the object's shape now carries the other texture."), "info")

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._finish()
        self.services.notify(self.tr("The cue conflict could not be made: {reason}").format(reason=message), "error")

    @Slot()
    def _finish(self) -> None:
        self.services.show_status("")
        if self._busy is not None:
            self._busy.release()
            self._busy = None
