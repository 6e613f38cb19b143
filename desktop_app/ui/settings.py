"""What the app remembers between sessions, typed, on top of QSettings (tests pass an isolated one)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from desktop_app.core.providers import CHOICES

MAX_RECENT = 8


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
        value = self.store.value("files/recent", [])
        items = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
        return [str(v) for v in items if v][:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        """Puts a file at the top of the recent list."""
        text = str(path)
        self.store.setValue("files/recent", [text, *[p for p in self.recent_files if p != text]][:MAX_RECENT])

    def geometry(self) -> QByteArray | None:
        """The saved window geometry, if any."""
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        """The saved splitter/toolbar state, if any."""
        value = self.store.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        """Remembers the window's geometry and layout."""
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)

    def autosave_path(self) -> Path:
        """Where unsaved work is kept: beside an INI settings file (tests, portable use), else the app data folder."""
        if self.store.format() == QSettings.Format.IniFormat:
            return Path(self.store.fileName()).parent / "autosave.json"
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        return Path(folder) / "autosave.json"

    def sync(self) -> None:
        """Writes everything to disk now."""
        self.store.sync()
