"""The main window's own actions as a table (menus, shortcuts, icons), and its main toolbar laid out from them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QStyle,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.paths import sample_images
from desktop_app.ui.about import show_about
from desktop_app.ui.actions import ActionSpec, SubmenuSpec, keys

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

THUMBNAIL = 64
SHORTCUTS_SIZE = QSize(620, 640)  # the shortcuts dialog, at most (a smaller screen gets less, and it scrolls)
SP = QStyle.StandardPixmap
SK = QKeySequence.StandardKey
RECENT, SAMPLES = "&File/Open &Recent", "&File/&Samples"
TOP_K = (3, 5, 10)
PROVIDERS = (("auto", "&Auto (GPU when it works)"), ("cpu", "&CPU"), ("cuda", "CUDA (&NVIDIA GPU)"))
MAIN_TOOLBAR = ("open", "samples", None, "undo", "redo", None, "fit", "show_region", "compare", "snapshot", "explain")


def window_actions(w: MainWindow) -> list[ActionSpec | SubmenuSpec]:
    """The window's menu bar, in order: every action with the callable it runs."""
    file, edit, view, model, help_ = "&File", "&Edit", "&View", "&Model", "&Help"
    return [
        ActionSpec("open", "&Open Image…", w.images.open_dialog, file, keys(SK.Open), SP.SP_DialogOpenButton,
                   "Open a photo"),
        SubmenuSpec("recent", file, "Open &Recent"),
        SubmenuSpec("samples", file, "&Samples"),
        ActionSpec("paste", "&Paste Image", w.images.paste, file, keys(SK.Paste), tip="Use the image on the clipboard"),
        ActionSpec("open_experiment", "Open E&xperiment…", w.experiments.open_dialog, file, keys("Ctrl+Shift+O"),
                   separator=True),
        ActionSpec("open_study", "Open Stu&dy Results…", w.study_results.open_dialog, file,
                   tip="A study's results (from the study command) as a table, biggest drops first"),
        ActionSpec("save_experiment", "&Save Experiment", w.experiments.save, file, keys(SK.Save),
                   SP.SP_DialogSaveButton),
        ActionSpec("save_experiment_as", "Save Experiment &As…", w.experiments.save_as, file, keys(SK.SaveAs)),
        ActionSpec("save_image", "&Export Edited Image…", w.images.save_image_dialog, file, keys("Ctrl+E")),
        ActionSpec("export_worksheet", "Export &Worksheet…", w.worksheets.ask, file, keys("Ctrl+Shift+W")),
        SubmenuSpec("lesson_worksheets", file, "&Lesson Worksheets"),
        ActionSpec("quit", "&Quit", w.close, file, keys("Ctrl+Q"), separator=True),
        ActionSpec("undo", "&Undo", w.editor.undo_stack.undo, edit, keys(SK.Undo), SP.SP_ArrowBack,
                   "Undo the last edit"),
        ActionSpec("redo", "&Redo", w.editor.undo_stack.redo, edit, keys("Ctrl+Shift+Z", "Ctrl+Y"),
                   SP.SP_ArrowForward, "Redo the edit undone last"),
        ActionSpec("delete_edit", "&Delete Edit", w.edits_panel.delete_selected, edit, keys(SK.Delete),
                   SP.SP_TrashIcon),
        ActionSpec("clear_edits", "C&lear All Edits", w.editor.clear_edits, edit, keys("Ctrl+Shift+Backspace")),
        ActionSpec("cancel", "&Stop Running Work", w.cancel_work, edit, keys("Esc"), SP.SP_BrowserStop,
                   "Stop the running inference and background work"),
        ActionSpec("zoom_in", "Zoom &In", w.canvas.zoom_in, view, keys(SK.ZoomIn)),
        ActionSpec("zoom_out", "Zoom &Out", w.canvas.zoom_out, view, keys(SK.ZoomOut)),
        ActionSpec("fit", "&Fit to Window", w.canvas.fit_to_window, view, keys("Ctrl+0"), SP.SP_TitleBarMaxButton,
                   "Fit the image to the window"),
        ActionSpec("actual_size", "&Actual Size", w.canvas.zoom_actual, view, keys("Ctrl+1")),
        ActionSpec("focus_canvas", "Focus the &Image", w.panels.focus_canvas, view, keys("F6"),
                   tip="Move the keyboard to the image: arrow keys then nudge the selected edit"),
        ActionSpec("show_region", "Show the Model's &View", w.set_model_region_visible, view, keys("Ctrl+M"),
                   SP.SP_FileDialogContentsView, "Mark the part of the image the model actually sees (its centre crop)",
                   checkable=True, separator=True),
        ActionSpec("compare", "&Compare with Original", w.set_compare, view, keys("Ctrl+B"),
                   SP.SP_FileDialogDetailedView, "Show the original image's prediction beside the current one",
                   checkable=True),
        ActionSpec("snapshot", "&Keep Snapshot", w.keeper.take, view, keys("Ctrl+K"), SP.SP_DialogApplyButton,
                   "Keep this experiment in the strip below to compare"),
        *[
            ActionSpec(f"top_{k}", f"Top {k}", lambda k=k: w.set_top_k(k), f"{view}/Bars in the &Chart",
                       group="top_k", data=k)
            for k in TOP_K
        ],
        ActionSpec("bundled_model", "&Bundled Model (EfficientNet-Lite0)", w.use_bundled_model, model,
                   icon=SP.SP_DriveHDIcon),
        ActionSpec("open_model", "Open ONNX &Model…", w.open_model_dialog, model),
        *[
            ActionSpec(f"provider_{choice}", text, lambda c=choice: w.set_provider(c), f"{model}/Run &On",
                       group="provider", data=choice)
            for choice, text in PROVIDERS
        ],
        ActionSpec("shortcuts", "&Keyboard Shortcuts", lambda: show_shortcuts(w), help_, keys(SK.HelpContents)),
        ActionSpec("about", "&About Classifier Explorer", lambda: show_about(w), help_),
    ]  # fmt: skip


def show_shortcuts(window: MainWindow) -> None:
    """Help › Keyboard Shortcuts, generated from the window's action table."""
    shortcuts_dialog(window, window.action_table.shortcuts_html()).exec()


def shortcuts_dialog(parent: QWidget, html: str) -> QDialog:
    """Help › Keyboard Shortcuts: the generated table in a dialog that scrolls, sized to fit its screen."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    text = QTextBrowser()
    text.setHtml(html)
    text.setAccessibleName("Keyboard shortcuts")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    room = parent.screen().availableGeometry()
    dialog.resize(min(SHORTCUTS_SIZE.width(), room.width() - 40), min(SHORTCUTS_SIZE.height(), room.height() - 80))
    return dialog


def fill_samples_menu(menu: QMenu, open_path: Callable[[Path], object]) -> None:
    """File › Samples: the bundled photos, with thumbnails."""
    for path in sample_images():
        pixmap = QPixmap(str(path)).scaled(
            THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        action = QAction(QIcon(pixmap), path.stem.capitalize(), menu)
        action.triggered.connect(lambda _checked=False, p=path: open_path(p))
        action.setToolTip(f"Open the bundled sample “{path.name}”")
        menu.addAction(action)


def main_toolbar(actions: dict[str, QAction], samples: QMenu) -> QToolBar:
    """The main toolbar: the MAIN_TOOLBAR actions in order, with the samples as a drop-down button."""
    toolbar = QToolBar("Main")
    toolbar.setObjectName("MainToolbar")
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for key in MAIN_TOOLBAR:
        if key is None:
            toolbar.addSeparator()
        elif key == "samples":
            button = QToolButton()
            button.setText("Samples")
            button.setToolTip("Open one of the bundled sample photos")
            button.setMenu(samples)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setIcon(samples.actions()[0].icon() if samples.actions() else QIcon())
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            toolbar.addWidget(button)
        else:
            toolbar.addAction(actions[key])
    return toolbar
