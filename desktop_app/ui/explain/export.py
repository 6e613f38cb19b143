"""Saving the map on screen from the Explain dock: over the image, the coloured map alone, or its values.

The pictures and files come from `core.export`, as the CLI's do, so the same map gives the same file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.explanation import ExplanationMap
from desktop_app.core.export import map_colours, overlay_with_colour_bar, save_npy
from desktop_app.core.imageio import ImageSaveError, save_image
from desktop_app.core.safe_files import SaveError
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.core.worksheet import SnapshotMap
from desktop_app.ui.explain.runner import MapRequest
from desktop_app.ui.services import WindowServices

# what: (file name suffix, dialog title, file filter)
EXPORTS = {
    "overlay": ("-overlay.png", QT_TRANSLATE_NOOP("MapExports", "Export map over the image"), "PNG (*.png)"),
    "colours": ("-map.png", QT_TRANSLATE_NOOP("MapExports", "Export the coloured map"), "PNG (*.png)"),
    "values": (
        ".npy",
        QT_TRANSLATE_NOOP("MapExports", "Export the map's values"),
        QT_TRANSLATE_NOOP("MapExports", "NumPy array (*.npy)"),
    ),
}


@dataclass(frozen=True)
class ShownMap:
    """The map on screen, what it was made from, and the name of its class."""

    result: ExplanationMap
    request: MapRequest
    target_name: str


class MapExports(QObject):
    """The Explain dock's exports: each asks for a file name, saves, and says what happened."""

    def __init__(
        self,
        services: WindowServices,
        shown: Callable[[], ShownMap | None],
        opacity: Callable[[], float],
        visible: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.shown = shown
        self.opacity = opacity
        self.visible = visible  # whether the map is drawn over the image now

    def map_on_screen(self) -> SnapshotMap | None:
        """The map as it is drawn over the image now, for a snapshot; None when no map is on screen."""
        shown = self.shown()
        if shown is None or not self.visible():
            return None
        return SnapshotMap(shown.request.image, shown.result, shown.target_name, self.opacity())

    def save_overlay(self, path: str | Path) -> bool:
        """Saves the explained image with the map over it, at the current opacity, and its colour bar, as PNG."""
        shown = self.shown()
        if shown is None:
            return self._nothing_to_export()
        image, result, name = shown.request.image, shown.result, shown.target_name
        return self._save_png(path, lambda: overlay_with_colour_bar(image, result, name, self.opacity()))

    def save_colours(self, path: str | Path) -> bool:
        """Saves the coloured map alone (one pixel per model-input pixel) as PNG."""
        shown = self.shown()
        if shown is None:
            return self._nothing_to_export()
        return self._save_png(path, lambda: map_colours(shown.result))

    def save_values(self, path: str | Path) -> bool:
        """Saves the map's float32 values as a NumPy .npy file."""
        shown = self.shown()
        if shown is None:
            return self._nothing_to_export()
        try:
            save_npy(path, shown.result.values)
        except SaveError as err:
            self.services.notify(str(err), "error")
            return False
        return self._saved(path)

    def ask(self, what: str) -> None:
        """Asks where to save the map as `what` ("overlay", "colours" or "values"), then saves it there."""
        shown = self.shown()
        if shown is None:
            self._nothing_to_export()
            return
        suffix, title, pattern = EXPORTS[what]
        title, pattern = self.tr(title), self.tr(pattern)
        stem = Path(shown.request.document.name).stem
        name = f"{stem}-{shown.result.method}-{shown.target_name.replace(' ', '_')}{suffix}"
        suggested = str(Path(self.services.settings.export_dir(shown.request.document.path)) / name)
        path, _ = QFileDialog.getSaveFileName(self.services.dialog_parent, title, suggested, pattern)
        if path and not Path(path).suffix:
            path += Path(suffix).suffix  # "map" is saved as map.png, as the file type chosen says
        if path:
            {"overlay": self.save_overlay, "colours": self.save_colours, "values": self.save_values}[what](path)

    def _save_png(self, path: str | Path, pixels: Callable) -> bool:
        try:
            save_image(path, pixels())
        except ImageSaveError as err:
            self.services.notify(str(err), "error")
            return False
        return self._saved(path)

    def _nothing_to_export(self) -> bool:
        self.services.notify(self.tr("There is no map to export yet: press Explain first."), "info")
        return False

    def _saved(self, path: str | Path) -> bool:
        self.services.settings.last_export_dir = str(Path(path).resolve().parent)
        self.services.show_status(self.tr("Saved {name}").format(name=Path(path).name), 4000)
        return True
