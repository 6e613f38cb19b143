"""Every QAction of the main window, from one table: text, shortcut, icon, tip, and the handler's name."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget


@dataclass(frozen=True)
class ActionSpec:
    """One row of the action table."""

    key: str
    text: str
    handler: str  # the window's method (or "attribute.method") called on trigger (or toggle, if checkable)
    shortcut: QKeySequence.StandardKey | str | None = None
    icon: QStyle.StandardPixmap | None = None
    tip: str = ""
    checkable: bool = False


SP = QStyle.StandardPixmap
SK = QKeySequence.StandardKey

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open", "&Open Image…", "images.open_dialog", SK.Open, SP.SP_DialogOpenButton, "Open a photo (Ctrl+O)"),
    ActionSpec("paste", "&Paste Image", "paste", SK.Paste, None, "Use the image on the clipboard (Ctrl+V)"),
    ActionSpec("open_experiment", "Open E&xperiment…", "experiments.open_dialog", "Ctrl+Shift+O", None),
    ActionSpec("save_experiment", "&Save Experiment", "experiments.save", SK.Save, SP.SP_DialogSaveButton),
    ActionSpec("save_experiment_as", "Save Experiment &As…", "experiments.save_as", SK.SaveAs, None),
    ActionSpec("save_image", "&Export Edited Image…", "images.save_image_dialog", "Ctrl+E", None),
    ActionSpec("quit", "&Quit", "close", SK.Quit),
    ActionSpec("undo", "&Undo", "editor.undo_stack.undo", SK.Undo, SP.SP_ArrowBack, "Undo the last edit (Ctrl+Z)"),
    ActionSpec("redo", "&Redo", "editor.undo_stack.redo", "Ctrl+Shift+Z", SP.SP_ArrowForward, "Redo"),
    ActionSpec("delete_edit", "&Delete Edit", "edits_panel.delete_selected", SK.Delete, SP.SP_TrashIcon),
    ActionSpec("clear_edits", "C&lear All Edits", "editor.clear_edits", "Ctrl+Shift+Backspace", None),
    ActionSpec(
        "cancel", "&Stop Running Work", "cancel_work", "Esc", SP.SP_BrowserStop, "Stop the running inference (Esc)"
    ),
    ActionSpec("zoom_in", "Zoom &In", "canvas.zoom_in", SK.ZoomIn, None, "Zoom in (Ctrl++)"),
    ActionSpec("zoom_out", "Zoom &Out", "canvas.zoom_out", SK.ZoomOut, None, "Zoom out (Ctrl+-)"),
    ActionSpec(
        "fit", "&Fit to Window", "canvas.fit_to_window", "Ctrl+0", SP.SP_TitleBarMaxButton, "Fit the image (Ctrl+0)"
    ),
    ActionSpec("actual_size", "&Actual Size", "canvas.zoom_actual", "Ctrl+1"),
    ActionSpec(
        "show_region",
        "Show the Model's &View",
        "set_model_region_visible",
        "Ctrl+M",
        SP.SP_FileDialogContentsView,
        "Mark the part of the image the model actually sees (its centre crop)",
        checkable=True,
    ),
    ActionSpec(
        "compare",
        "&Compare with Original",
        "set_compare",
        "Ctrl+B",
        SP.SP_FileDialogDetailedView,
        "Show the original image's prediction beside the current one",
        checkable=True,
    ),
    ActionSpec(
        "snapshot",
        "&Keep Snapshot",
        "take_snapshot",
        "Ctrl+K",
        SP.SP_DialogApplyButton,
        "Keep this experiment in the strip below to compare (Ctrl+K)",
    ),
    ActionSpec("bundled_model", "&Bundled Model (EfficientNet-Lite0)", "use_bundled_model", None, SP.SP_DriveHDIcon),
    ActionSpec("open_model", "Open ONNX &Model…", "open_model_dialog", None, None),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", "show_shortcuts", SK.HelpContents),
    ActionSpec("about", "&About Classifier Explorer", "show_about", None),
)


def build_actions(window: QWidget) -> dict[str, QAction]:
    """Creates every action of the table on `window`, wired to its handler methods."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.icon is not None:
            action.setIcon(window.style().standardIcon(spec.icon))
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setCheckable(spec.checkable)
        if spec.checkable:
            action.toggled.connect(getattr(window, spec.handler))
        else:  # resolved when triggered, so the handler's owner may be built after the actions
            action.triggered.connect(lambda _checked=False, name=spec.handler: attrgetter(name)(window)())
        window.addAction(action)
        actions[spec.key] = action
    return actions
