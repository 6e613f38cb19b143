"""What the app remembers between sessions, typed, on top of QSettings (tests pass an isolated one)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from desktop_app.core.paths import default_sample
from desktop_app.core.providers import CHOICES

MAX_RECENT = 8


@dataclass(frozen=True)
class SavedLayout:
    """The window's layout on one screen size: geometry, toolbars and docks (state), the splitter, closed panels."""

    geometry: QByteArray | None = None
    state: QByteArray | None = None
    splitter: QByteArray | None = None
    hidden: tuple[str, ...] = ()


class AppSettings:
    """Typed access to the persisted settings."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    def _get(self, key: str, default: object, kind: type) -> object:
        value = self.store.value(key, default)
        try:
            if kind is bool:
                return value in (True, "true", "1", 1)
            return kind(value)
        except (TypeError, ValueError):
            return default

    def _strings(self, key: str) -> list[str]:
        """A stored list of strings (QSettings gives one string for a list of one, and nothing for an empty one)."""
        value = self.store.value(key, [])
        items = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
        return [str(item) for item in items if item]

    @property
    def model_path(self) -> str:
        """The chosen ONNX model ("" = the bundled one)."""
        return str(self._get("model/path", "", str))

    @model_path.setter
    def model_path(self, value: str) -> None:
        self.store.setValue("model/path", value)

    @property
    def provider(self) -> str:
        """auto, cpu or cuda."""
        value = str(self._get("model/provider", "auto", str))
        return value if value in CHOICES else "auto"

    @provider.setter
    def provider(self, value: str) -> None:
        self.store.setValue("model/provider", value)

    @property
    def top_k(self) -> int:
        """How many bars the chart shows (3-10)."""
        return min(10, max(3, int(self._get("chart/top_k", 5, int))))  # type: ignore[call-overload]  # QSettings.value(key, default, type) is typed loosely by PySide6's stubs

    @top_k.setter
    def top_k(self, value: int) -> None:
        self.store.setValue("chart/top_k", int(value))

    @property
    def compare(self) -> bool:
        """Whether the chart shows the original image's prediction too."""
        return bool(self._get("chart/compare", True, bool))

    @compare.setter
    def compare(self, value: bool) -> None:
        self.store.setValue("chart/compare", bool(value))

    @property
    def show_categories(self) -> bool:
        """Whether the chart shows the 16 categories of Geirhos et al. 2019 under the classes."""
        return bool(self._get("chart/categories", False, bool))

    @show_categories.setter
    def show_categories(self, value: bool) -> None:
        self.store.setValue("chart/categories", bool(value))

    @property
    def show_model_region(self) -> bool:
        """Whether the canvas marks the model's centre crop."""
        return bool(self._get("view/model_region", True, bool))

    @show_model_region.setter
    def show_model_region(self, value: bool) -> None:
        self.store.setValue("view/model_region", bool(value))

    @property
    def last_dir(self) -> str:
        """The folder of the last opened file ("" = home)."""
        return str(self._get("files/last_dir", "", str))

    @last_dir.setter
    def last_dir(self, value: str) -> None:
        self.store.setValue("files/last_dir", value)

    @property
    def recent_files(self) -> list[str]:
        """Recently opened images, newest first."""
        return self._strings("files/recent")[:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        """Puts a file at the top of the recent list."""
        text = str(path)
        self.store.setValue("files/recent", [text, *[p for p in self.recent_files if p != text]][:MAX_RECENT])

    def window_layout(self, screen: str) -> SavedLayout:
        """The window layout saved on a screen of this available size ("1366x768"); empty parts if none."""
        group = f"window/{screen}"

        def data(name: str) -> QByteArray | None:
            value = self.store.value(f"{group}/{name}")
            return value if isinstance(value, QByteArray) else None

        hidden = tuple(self._strings(f"{group}/hidden"))
        return SavedLayout(data("geometry"), data("state"), data("splitter"), hidden)

    def save_window_layout(self, screen: str, layout: SavedLayout) -> None:
        """Remembers the window's layout for screens of this available size."""
        group = f"window/{screen}"
        for name, value in (("geometry", layout.geometry), ("state", layout.state), ("splitter", layout.splitter)):
            if value is not None:
                self.store.setValue(f"{group}/{name}", value)
        self.store.setValue(f"{group}/hidden", list(layout.hidden))

    @property
    def language(self) -> str:
        """The language of the window: "system" (follow the system's) or a language code ("en", "de")."""
        return str(self._get("view/language", "system", str)) or "system"

    @language.setter
    def language(self, value: str) -> None:
        self.store.setValue("view/language", value)

    @property
    def projector(self) -> bool:
        """Whether the window was in projector mode (large chart, canvas and chart only)."""
        return bool(self._get("view/projector", False, bool))

    @projector.setter
    def projector(self, value: bool) -> None:
        self.store.setValue("view/projector", bool(value))

    def export_dir(self, image: Path | None) -> str:
        """Where a save dialog starts: the folder saved to last, else the image's own folder (when it can be
        written and is not the bundled samples'), else the home folder."""
        last = self.last_export_dir
        if last and Path(last).is_dir():
            return last
        if image is not None and image.parent != default_sample().parent and os.access(image.parent, os.W_OK):
            return str(image.parent)
        return str(Path.home())

    @property
    def last_export_dir(self) -> str:
        """The folder of the last exported file or saved experiment ("" = none yet: the image's folder)."""
        return str(self._get("files/last_export_dir", "", str))

    @last_export_dir.setter
    def last_export_dir(self, value: str) -> None:
        self.store.setValue("files/last_export_dir", value)

    def autosave_path(self) -> Path:
        """Where unsaved work is kept: beside an INI settings file (tests, portable use), else the app data folder."""
        if self.store.format() == QSettings.Format.IniFormat:
            return Path(self.store.fileName()).parent / "autosave.json"
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        return Path(folder) / "autosave.json"

    def sync(self) -> None:
        """Writes everything to disk now."""
        self.store.sync()
