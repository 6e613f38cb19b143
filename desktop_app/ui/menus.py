"""The main window's own actions as a table (menus, shortcuts, icons), and its main toolbar laid out from them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
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
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.ui.about import show_about
from desktop_app.ui.actions import ActionSpec, SubmenuSpec, keys

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

THUMBNAIL = 64
SHORTCUTS_SIZE = QSize(620, 640)  # the shortcuts dialog, at most (a smaller screen gets less, and it scrolls)
SP = QStyle.StandardPixmap
SK = QKeySequence.StandardKey
RECENT, SAMPLES = "&File/Open &Recent", "&File/&Samples"
TOP_K = ((3, QT_TRANSLATE_NOOP("Menus", "Top 3")), (5, QT_TRANSLATE_NOOP("Menus", "Top 5")),
         (10, QT_TRANSLATE_NOOP("Menus", "Top 10")))  # fmt: skip
PROVIDERS = (
    ("auto", QT_TRANSLATE_NOOP("Menus", "&Auto (GPU when it works)")),
    ("cpu", QT_TRANSLATE_NOOP("Menus", "&CPU")),
    ("cuda", QT_TRANSLATE_NOOP("Menus", "CUDA (&NVIDIA GPU)")),
)
MAIN_TOOLBAR = ("open", "samples", None, "undo", "redo", None, "fit", "show_region", "compare", "snapshot", "explain")


def window_actions(w: MainWindow) -> list[ActionSpec | SubmenuSpec]:
    """The window's menu bar, in order: every action with the callable it runs."""
    return [*_file_and_edit_actions(w), *_view_model_and_help_actions(w)]


def _file_and_edit_actions(w: MainWindow) -> list[ActionSpec | SubmenuSpec]:
    file, edit = "&File", "&Edit"
    return [
        ActionSpec("open", QT_TRANSLATE_NOOP("Menus", "&Open Image…"), w.images.open_dialog, file, keys(SK.Open),
                   SP.SP_DialogOpenButton, QT_TRANSLATE_NOOP("Menus", "Open a photo")),
        SubmenuSpec("recent", file, "Open &Recent"),
        SubmenuSpec("samples", file, "&Samples"),
        ActionSpec("paste", QT_TRANSLATE_NOOP("Menus", "&Paste Image"), w.images.paste, file, keys(SK.Paste),
                   tip=QT_TRANSLATE_NOOP("Menus", "Use the image on the clipboard")),
        ActionSpec("open_experiment", QT_TRANSLATE_NOOP("Menus", "Open E&xperiment…"), w.experiments.open_dialog,
                   file, keys("Ctrl+Shift+O"), separator=True),
        ActionSpec("open_study", QT_TRANSLATE_NOOP("Menus", "Open Stu&dy Results…"), w.study_results.open_dialog,
                   file, tip=QT_TRANSLATE_NOOP(
                       "Menus", "A study's results (from the study command) as a table, biggest drops first")),
        ActionSpec("save_experiment", QT_TRANSLATE_NOOP("Menus", "&Save Experiment"), w.experiments.save, file,
                   keys(SK.Save), SP.SP_DialogSaveButton),
        ActionSpec("save_experiment_as", QT_TRANSLATE_NOOP("Menus", "Save Experiment &As…"), w.experiments.save_as,
                   file, keys(SK.SaveAs)),
        ActionSpec("save_image", QT_TRANSLATE_NOOP("Menus", "&Export Edited Image…"), w.images.save_image_dialog,
                   file, keys("Ctrl+E")),
        ActionSpec("export_worksheet", QT_TRANSLATE_NOOP("Menus", "Export &Worksheet…"), w.worksheets.ask, file,
                   keys("Ctrl+Shift+W")),
        SubmenuSpec("lesson_worksheets", file, "&Lesson Worksheets"),
        ActionSpec("quit", QT_TRANSLATE_NOOP("Menus", "&Quit"), w.close, file, keys("Ctrl+Q"), separator=True),
        ActionSpec("undo", QT_TRANSLATE_NOOP("Menus", "&Undo"), w.editor.undo_stack.undo, edit, keys(SK.Undo),
                   SP.SP_ArrowBack, QT_TRANSLATE_NOOP("Menus", "Undo the last edit")),
        ActionSpec("redo", QT_TRANSLATE_NOOP("Menus", "&Redo"), w.editor.undo_stack.redo, edit,
                   keys("Ctrl+Shift+Z", "Ctrl+Y"), SP.SP_ArrowForward,
                   QT_TRANSLATE_NOOP("Menus", "Redo the edit undone last")),
        ActionSpec("delete_edit", QT_TRANSLATE_NOOP("Menus", "&Delete Edit"), w.edits_panel.delete_selected, edit,
                   keys(SK.Delete), SP.SP_TrashIcon),
        ActionSpec("clear_edits", QT_TRANSLATE_NOOP("Menus", "C&lear All Edits"), w.editor.clear_edits, edit,
                   keys("Ctrl+Shift+Backspace")),
        ActionSpec("cancel", QT_TRANSLATE_NOOP("Menus", "&Stop Running Work"), w.cancel_work, edit, keys("Esc"),
                   SP.SP_BrowserStop, QT_TRANSLATE_NOOP("Menus", "Stop the running inference and background work")),
    ]  # fmt: skip


def _view_model_and_help_actions(w: MainWindow) -> list[ActionSpec | SubmenuSpec]:
    view, model, help_ = "&View", "&Model", "&Help"
    return [
        ActionSpec("zoom_in", QT_TRANSLATE_NOOP("Menus", "Zoom &In"), w.canvas.zoom_in, view, keys(SK.ZoomIn)),
        ActionSpec("zoom_out", QT_TRANSLATE_NOOP("Menus", "Zoom &Out"), w.canvas.zoom_out, view, keys(SK.ZoomOut)),
        ActionSpec("fit", QT_TRANSLATE_NOOP("Menus", "&Fit to Window"), w.canvas.fit_to_window, view, keys("Ctrl+0"),
                   SP.SP_TitleBarMaxButton, QT_TRANSLATE_NOOP("Menus", "Fit the image to the window")),
        ActionSpec("actual_size", QT_TRANSLATE_NOOP("Menus", "&Actual Size"), w.canvas.zoom_actual, view,
                   keys("Ctrl+1")),
        ActionSpec("focus_canvas", QT_TRANSLATE_NOOP("Menus", "Focus the &Image"), w.panels.focus_canvas, view,
                   keys("F6"), tip=QT_TRANSLATE_NOOP(
                       "Menus", "Move the keyboard to the image: arrow keys then nudge the selected edit")),
        ActionSpec("show_region", QT_TRANSLATE_NOOP("Menus", "Show the Model's &View"), w.set_model_region_visible,
                   view, keys("Ctrl+M"), SP.SP_FileDialogContentsView, QT_TRANSLATE_NOOP(
                       "Menus", "Mark the part of the image the model actually sees (its centre crop)"),
                   checkable=True, separator=True),
        ActionSpec("compare", QT_TRANSLATE_NOOP("Menus", "&Compare with Original"), w.set_compare, view,
                   keys("Ctrl+B"), SP.SP_FileDialogDetailedView,
                   QT_TRANSLATE_NOOP("Menus", "Show the original image's prediction beside the current one"),
                   checkable=True),
        ActionSpec("snapshot", QT_TRANSLATE_NOOP("Menus", "&Keep Snapshot"), w.keeper.take, view, keys("Ctrl+K"),
                   SP.SP_DialogApplyButton,
                   QT_TRANSLATE_NOOP("Menus", "Keep this experiment in the strip below to compare")),
        *[
            ActionSpec(f"top_{k}", text, lambda k=k: w.set_top_k(k), f"{view}/Bars in the &Chart",
                       group="top_k", data=k)
            for k, text in TOP_K
        ],
        ActionSpec("bundled_model", QT_TRANSLATE_NOOP("Menus", "&Bundled Model (EfficientNet-Lite0)"),
                   w.use_bundled_model, model, icon=SP.SP_DriveHDIcon),
        ActionSpec("open_model", QT_TRANSLATE_NOOP("Menus", "Open ONNX &Model…"), w.open_model_dialog, model),
        *[
            ActionSpec(f"provider_{choice}", text, lambda c=choice: w.set_provider(c), f"{model}/Run &On",
                       group="provider", data=choice)
            for choice, text in PROVIDERS
        ],
        ActionSpec("shortcuts", QT_TRANSLATE_NOOP("Menus", "&Keyboard Shortcuts"), lambda: show_shortcuts(w), help_,
                   keys(SK.HelpContents)),
        ActionSpec("about", QT_TRANSLATE_NOOP("Menus", "&About Classifier Explorer"), lambda: show_about(w), help_),
    ]  # fmt: skip


def show_shortcuts(window: MainWindow) -> None:
    """Help › Keyboard Shortcuts, generated from the window's action table."""
    shortcuts_dialog(window, window.action_table.shortcuts_html()).exec()


def shortcuts_dialog(parent: QWidget, html: str) -> QDialog:
    """Help › Keyboard Shortcuts: the generated table in a dialog that scrolls, sized to fit its screen."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("Menus", "Keyboard shortcuts"))
    text = QTextBrowser()
    text.setHtml(html)
    text.setAccessibleName(dialog.windowTitle())
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
        action.setToolTip(
            QCoreApplication.translate("Menus", "Open the bundled sample “{name}”").format(name=path.name)
        )
        menu.addAction(action)


def main_toolbar(actions: dict[str, QAction], samples: QMenu) -> QToolBar:
    """The main toolbar: the MAIN_TOOLBAR actions in order, with the samples as a drop-down button."""
    toolbar = QToolBar(QCoreApplication.translate("Menus", "Main"))
    toolbar.setObjectName("MainToolbar")
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for key in MAIN_TOOLBAR:
        if key is None:
            toolbar.addSeparator()
        elif key == "samples":
            button = QToolButton()
            button.setText(QCoreApplication.translate("Menus", "Samples"))
            button.setToolTip(QCoreApplication.translate("Menus", "Open one of the bundled sample photos"))
            button.setMenu(samples)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setIcon(samples.actions()[0].icon() if samples.actions() else QIcon())
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            toolbar.addWidget(button)
        else:
            toolbar.addAction(actions[key])
    return toolbar
