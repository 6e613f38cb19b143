"""The menu bar and main toolbar of the main window, laid out from the action table."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QPixmap
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton

from desktop_app.core.paths import sample_images

THUMBNAIL = 64


@dataclass(frozen=True)
class Menus:
    """The menus and groups the window updates later."""

    recent: QMenu
    samples: QMenu
    tools: QMenu
    lessons: QMenu
    top_k: QActionGroup
    provider: QActionGroup
    toolbar: QToolBar


def _sample_menu(window: QMainWindow) -> QMenu:
    """File › Samples: the bundled photos, with thumbnails."""
    menu = QMenu("&Samples", window)
    menu.setToolTipsVisible(True)
    for path in sample_images():
        pixmap = QPixmap(str(path))
        icon = QIcon(
            pixmap.scaled(
                THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        action = menu.addAction(icon, path.stem.capitalize(), lambda p=path: window.open_path(p))
        action.setToolTip(f"Open the bundled sample “{path.name}”")
    return menu


def build_menus(window: QMainWindow, a: dict[str, QAction]) -> Menus:
    """Fills the window's menu bar and main toolbar."""
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addAction(a["open"])
    recent = file_menu.addMenu("Open &Recent")
    samples = _sample_menu(window)
    file_menu.addMenu(samples)
    file_menu.addAction(a["paste"])
    file_menu.addSeparator()
    for key in ("open_experiment", "save_experiment", "save_experiment_as", "save_image"):
        file_menu.addAction(a[key])
    file_menu.addSeparator()
    file_menu.addAction(a["quit"])
    edit_menu = menu.addMenu("&Edit")
    for key in ("undo", "redo", "delete_edit", "clear_edits", "cancel"):
        edit_menu.addAction(a[key])
    view_menu = menu.addMenu("&View")
    for key in ("zoom_in", "zoom_out", "fit", "actual_size", None, "show_region", "compare", "snapshot"):
        view_menu.addSeparator() if key is None else view_menu.addAction(a[key])
    top_k_menu = view_menu.addMenu("Bars in the &Chart")
    top_k = QActionGroup(window)
    for k in (3, 5, 10):
        action = top_k_menu.addAction(f"Top {k}", lambda k=k: window.set_top_k(k))
        action.setCheckable(True)
        action.setData(k)
        top_k.addAction(action)
    tools = menu.addMenu("&Tools")
    lessons = menu.addMenu("&Lessons")
    lessons.setToolTipsVisible(True)
    model_menu = menu.addMenu("&Model")
    model_menu.addAction(a["bundled_model"])
    model_menu.addAction(a["open_model"])
    provider_menu = model_menu.addMenu("Run &On")
    provider = QActionGroup(window)
    for choice, text in (("auto", "&Auto (GPU when it works)"), ("cpu", "&CPU"), ("cuda", "CUDA (&NVIDIA GPU)")):
        action = provider_menu.addAction(text, lambda c=choice: window.set_provider(c))
        action.setCheckable(True)
        action.setData(choice)
        provider.addAction(action)
    help_menu = menu.addMenu("&Help")
    help_menu.addAction(a["shortcuts"])
    help_menu.addAction(a["about"])

    toolbar = QToolBar("Main")
    toolbar.setObjectName("MainToolbar")
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(a["open"])
    samples_button = QToolButton()
    samples_button.setText("Samples")
    samples_button.setToolTip("Open one of the bundled sample photos")
    samples_button.setMenu(samples)
    samples_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    samples_button.setIcon(samples.actions()[0].icon() if samples.actions() else QIcon())
    samples_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addWidget(samples_button)
    for key in (None, "undo", "redo", None, "fit", "show_region", "compare", "snapshot"):
        toolbar.addSeparator() if key is None else toolbar.addAction(a[key])
    window.addToolBar(toolbar)
    return Menus(recent, samples, tools, lessons, top_k, provider, toolbar)
