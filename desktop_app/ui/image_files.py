"""Opening images (file, drop, clipboard, recent files) and exporting the edited image, for the main window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QMimeData, QObject, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMenu

from desktop_app.core.document import Document
from desktop_app.core.imageio import SUPPORTED_EXTENSIONS, ImageSaveError, save_image
from desktop_app.core.paths import default_sample
from desktop_app.ui.jobs import Lane
from desktop_app.ui.qimage import qimage_to_array
from desktop_app.ui.services import WindowServices

IMAGE_PATTERNS = " ".join(f"*{ext}" for ext in SUPPORTED_EXTENSIONS)
IMAGE_FILTER = f"Images ({IMAGE_PATTERNS})"  # English; the dialogs show image_filter()


def image_filter() -> str:
    """The file dialogs' filter of the images the app opens, in the user's language."""
    return QCoreApplication.translate("ImageFiles", "Images ({patterns})").format(patterns=IMAGE_PATTERNS)


class ImageFiles(QObject):
    """Turns files, drops and the clipboard into documents (decoded off the GUI thread)."""

    open_failed = Signal(str)  # emitted with the reason an image file could not be opened

    def __init__(
        self,
        services: WindowServices,
        open_experiment: Callable[[Path], None],
        may_replace: Callable[[str], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.open_experiment = open_experiment  # a .json file opened as an image is an experiment
        self.may_replace = may_replace  # asks Save / Discard / Cancel about unsaved work ("opening …"); True: go on
        self.recent_menu: QMenu | None = None

    def open_path(self, path: str | Path) -> None:
        """Opens an image (or experiment) file; a bad file leaves the current work in place."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            self.open_experiment(path)
            return
        if not self.may_replace(self.tr("opening “{name}”").format(name=path.name)):
            return
        replacements = self.services.editor.replacements
        # from_file remembers the sha256 of the bytes decoded: a save notices a photo deleted or replaced since
        job = self.services.bridge.run_job(Lane.OPEN_IMAGE, lambda _t, _p: Document.from_file(path))
        job.done.connect(lambda document: self._opened(document, replacements))
        job.failed.connect(self._open_failed)

    def open_array(self, rgb: np.ndarray, name: str = "pasted image") -> None:
        """Opens an in-memory RGB image (after asking about unsaved work)."""
        if self.may_replace(self.tr("opening “{name}”").format(name=name)):
            self.services.editor.set_document(Document(np.ascontiguousarray(rgb), name=name))

    def open_dialog(self) -> None:
        """File › Open Image…."""
        parent, folder = self.services.dialog_parent, self.services.settings.last_dir
        name, _ = QFileDialog.getOpenFileName(parent, self.tr("Open image"), folder, image_filter())
        if name:
            self.open_path(name)

    def paste(self) -> None:
        """Opens the clipboard's image, or the image file whose path or URL is on it."""
        if not self.open_mime(QGuiApplication.clipboard().mimeData()):
            self.services.notify(self.tr("The clipboard holds no image or image file to paste."), "info")

    def open_mime(self, mime: QMimeData | None) -> bool:
        """Opens what a drop or the clipboard carries; False when it carries no image."""
        if mime is None:
            return False
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.open_array(qimage_to_array(image))
                return True
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if not files and mime.hasText() and _names_a_file(mime.text().strip()):
            files = [mime.text().strip()]
        if files:
            self.open_path(files[0])
        return bool(files)

    def save_image_dialog(self) -> None:
        """File › Export Edited Image…: the edited image at full resolution."""
        document = self.services.editor.document
        if document is None:
            return
        settings = self.services.settings
        suggested = str(Path(settings.export_dir(document.path)) / f"{Path(document.name).stem}-edited.png")
        parent = self.services.dialog_parent
        name, _ = QFileDialog.getSaveFileName(
            parent, self.tr("Save edited image"), suggested, self.tr("PNG (*.png);;JPEG (*.jpg)")
        )
        if name:
            try:
                save_image(name, document.render(full_resolution=True))
            except ImageSaveError as err:
                self.services.notify(str(err), "error")
                return
            settings.last_export_dir = str(Path(name).parent)

    def set_recent_menu(self, menu: QMenu) -> None:
        """The File › Open Recent menu to keep filled."""
        self.recent_menu = menu
        self.refresh_recent_menu()

    def refresh_recent_menu(self) -> None:
        """Rebuilds File › Open Recent from the settings."""
        if self.recent_menu is None:
            return
        recent = self.services.settings.recent_files
        self.recent_menu.clear()
        for item in recent:
            action = QAction(Path(item).name, self.recent_menu)
            action.triggered.connect(lambda _checked=False, p=item: self.open_path(p))
            action.setToolTip(item)
            self.recent_menu.addAction(action)
        self.recent_menu.setEnabled(bool(recent))

    def _opened(self, document: Document, replacements: int) -> None:
        if replacements != self.services.editor.replacements:
            return  # another document was set meanwhile (restored work, a paste): the later choice stands
        path = document.path
        if path is not None and path.parent != default_sample().parent:  # the samples have their own menu
            self.services.settings.add_recent(path)
            self.services.settings.last_dir = str(path.parent)
            self.refresh_recent_menu()
        self.services.editor.set_document(document)
        self.services.notices.hide()

    @Slot(str)
    def _open_failed(self, message: str) -> None:
        text = self.tr("{reason}. The current image stays open.").format(reason=message.rstrip("."))
        self.services.notify(text, "error")
        self.open_failed.emit(message)


def _names_a_file(text: str) -> bool:
    """Whether pasted text is the path of an existing file (any text at all may be on the clipboard)."""
    try:
        return bool(text) and "\n" not in text and Path(text).is_file()
    except (OSError, ValueError):  # too long for a file name, a NUL character
        return False
