"""Texture tool: fill a rectangle, a lasso, the object or the background with a texture, or keep only a texture.

The texture comes from the bundled library, from a patch picked on the image, or from another image file (read
on the bridge's texture-file lane, so a large photo does not freeze the window). Drawing a rectangle or a lasso
adds the fill as one undo step; Object and Background use the object found by the Shape tool, or find the one the
model looks at when asked. Textures are tiled at the model's scale unless the tile size is set by hand.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor, QPainterPath
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.core.edits import EditError
from desktop_app.core.geometry import FracBox, box_around, box_from_points, polygon_area
from desktop_app.core.imageio import SUPPORTED_EXTENSIONS
from desktop_app.core.regions import Region
from desktop_app.core.texts import QT_TRANSLATE_NOOP
from desktop_app.core.texture import (
    DEFAULT_SCALE,
    TextureFill,
    TextureOnly,
    TextureSource,
    load_texture,
    natural_scale,
    texture_library,
)
from desktop_app.ui.jobs import Lane
from desktop_app.ui.tools.base import Gesture, Tool, ToolContext, ToolMode, tools_text
from desktop_app.ui.tools.overlay import polyline_path, rect_path, region_path
from desktop_app.ui.tools.texture_object import TextureObject
from desktop_app.ui.tools.texture_options import CUSTOM, LIBRARY, PICK_FILE, PICK_PATCH, TextureOptions

LASSO_STEP_PX = 3  # lasso points closer than this on screen are dropped
MIN_LASSO_AREA_PX = 16  # a lasso enclosing less (in pixels of the shown image) is a slip, not a region
MIN_PATCH_PX = 2  # the smallest patch a drag picks
CLICK_PATCH = 0.1  # a click while picking takes a square patch this share of the image width
REGION_COLOUR, PATCH_COLOUR, OBJECT_COLOUR = QColor("#0072B2"), QColor("#E69F00"), QColor("#009E73")
HALO = QColor(0, 0, 0, 110)  # under every outline, so it shows on any image
NO_OBJECT = QT_TRANSLATE_NOOP(
    "Tools",
    "No object is known for this image yet: find the one the model looks at, or extract it with the Shape tool.",
)
FIND_OBJECT = QT_TRANSLATE_NOOP("Tools", "Find the object")


class TextureMode(ToolMode):
    """Which region a fill covers."""

    RECTANGLE = (
        "rectangle",
        QT_TRANSLATE_NOOP("Tools", "Rectangle"),
        QT_TRANSLATE_NOOP("Tools", "Drag a rectangle on the image: it is filled with the texture"),
    )
    LASSO = (
        "lasso",
        QT_TRANSLATE_NOOP("Tools", "Lasso"),
        QT_TRANSLATE_NOOP("Tools", "Draw around an area with the mouse: it is filled with the texture"),
    )
    OBJECT = (
        "object",
        QT_TRANSLATE_NOOP("Tools", "Object"),
        QT_TRANSLATE_NOOP(
            "Tools", "Fill the object (the Shape tool's, or the one the model looks at): press Fill region"
        ),
    )
    BACKGROUND = (
        "background",
        QT_TRANSLATE_NOOP("Tools", "Background"),
        QT_TRANSLATE_NOOP(
            "Tools",
            "Fill everything but the object (the Shape tool's, or the one the model looks at): press Fill region",
        ),
    )


OBJECT_MODES = (TextureMode.OBJECT, TextureMode.BACKGROUND)
HINTS = {  # the options bar's hint: picking a patch, a mode with or without the object found, drawing
    "pick": QT_TRANSLATE_NOOP("Tools", "Drag a small box over the texture to use."),
    "fill": QT_TRANSLATE_NOOP("Tools", "Press Fill region."),
    "find and fill": QT_TRANSLATE_NOOP("Tools", "Press Fill region: the object is found first."),
    TextureMode.RECTANGLE.value: QT_TRANSLATE_NOOP("Tools", "Drag a rectangle."),
    TextureMode.LASSO.value: QT_TRANSLATE_NOOP("Tools", "Draw around an area."),
}
DRAW_FIRST: dict[
    ToolMode, str
] = {  # Fill region pressed with nothing drawn yet, or the image pressed in an object mode
    TextureMode.RECTANGLE: QT_TRANSLATE_NOOP("Tools", "Drag a rectangle on the image: it is filled with the texture."),
    TextureMode.LASSO: QT_TRANSLATE_NOOP("Tools", "Draw around an area on the image: it is filled with the texture."),
    TextureMode.OBJECT: QT_TRANSLATE_NOOP(
        "Tools", "Press Fill region to fill the object, or choose Rectangle or Lasso."
    ),
    TextureMode.BACKGROUND: QT_TRANSLATE_NOOP(
        "Tools", "Press Fill region to fill the background, or choose Rectangle or Lasso."
    ),
}


@dataclass(frozen=True)
class _FileCheck:
    """What the texture-file job hands back: the path, and why it cannot be used ("" when it can)."""

    path: str
    error: str


def _check_file(path: str) -> _FileCheck:
    """Whether an image file can be a texture (read on the texture-file lane)."""
    try:
        load_texture(TextureSource.file(path))
    except EditError as err:
        return _FileCheck(path, str(err))
    return _FileCheck(path, "")


class TextureTool(Tool):
    """Gives a region another texture, or replaces the image by a texture alone; the chart follows."""

    key = "texture"
    text = QT_TRANSLATE_NOOP("Menus", "Texture")
    shortcut = "T"
    tip = QT_TRANSLATE_NOOP(
        "Menus", "Give a region another texture: drag a rectangle or lasso, or fill the object; or keep only a texture"
    )
    edit_kinds = ("texture-fill", "texture-only")
    Mode = TextureMode

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context)
        textures = texture_library()
        self.source: TextureSource | None = TextureSource.library(textures[0].name) if textures else None
        self.scale = DEFAULT_SCALE  # the tile width set by hand
        self.at_model_scale = True  # tiles at the model's scale for this texture and image, not `scale`
        self.shading = False
        self.picking = False  # the next drag picks a patch of the image as the texture
        self.last_region: tuple[Region, str] | None = None  # the latest drawn rectangle or lasso, and its kind
        self._custom: TextureSource | None = None  # the picked patch or file, listed in the texture box
        self._file_dir = ""
        self._scale_key: object | None = None
        self.bar: TextureOptions | None = None
        self.objects = TextureObject(context, self)
        context.editor.document_replaced.connect(self._reset)

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget, layout = self.options_row()
        bar = self.bar = TextureOptions(self.scale)
        layout.addWidget(bar)
        bar.source_box.currentIndexChanged.connect(self._source_chosen)
        bar.scale_slider.sliderPressed.connect(lambda: setattr(self, "_scale_key", object()))
        bar.scale_slider.sliderReleased.connect(lambda: setattr(self, "_scale_key", None))
        bar.scale_slider.valueChanged.connect(self._scale_changed)
        bar.shading_box.toggled.connect(self._shading_changed)
        bar.model_scale_box.toggled.connect(self.set_model_scale)
        bar.fill_button.clicked.connect(self.fill_region)
        bar.only_button.clicked.connect(self.texture_only)
        self._sync_options()
        return widget

    def mode_changed(self, previous: ToolMode) -> None:
        self._update_hint()
        self.refresh()

    def set_source(self, source: TextureSource) -> None:
        """Uses a texture source for new fills, and for the selected texture edit."""
        self.source = source
        if source.kind != "library":
            self._custom = source
        self._sync_options()
        self._change_selected(source=source, **({"scale": self.fill_scale()} if self.at_model_scale else {}))
        self.refresh()

    def start_patch_pick(self) -> None:
        """The next drag on the image picks the texture patch."""
        self.picking = True
        self._update_hint()

    def choose_file(self) -> None:
        """Asks for an image file to use as the texture."""
        patterns = " ".join(f"*{ext}" for ext in SUPPORTED_EXTENSIONS)
        files = self.tr("Images ({patterns});;All files (*)").format(patterns=patterns)
        path, _ = QFileDialog.getOpenFileName(
            self.options(), self.tr("Texture from an image file"), self._file_dir, files
        )
        if path:
            self.set_texture_file(path)

    def set_texture_file(self, path: str | os.PathLike[str]) -> None:
        """Reads an image file in the background and, if it is usable, makes it the texture."""
        file = os.fspath(path)
        self._file_dir = str(Path(file).parent)
        job = self.context.bridge.run_job(Lane.TEXTURE_FILE, lambda _t, _p: _check_file(file))
        job.done.connect(self._file_checked)

    @Slot(object)
    def _file_checked(self, result: _FileCheck) -> None:
        if result.error:
            self.context.notify(result.error, "error")
            return
        self.set_source(TextureSource.file(result.path))

    def _source_chosen(self, index: int) -> None:
        data = self.bar.source_box.itemData(index)  # type: ignore[union-attr]  # the options bar exists before its signals can fire
        if isinstance(data, str) and data.startswith(LIBRARY):
            self.set_source(TextureSource.library(data.removeprefix(LIBRARY)))
            return
        if data == CUSTOM and self._custom is not None:
            self.set_source(self._custom)
            return
        self._sync_options()  # an action, not a texture: show the current texture again
        if data == PICK_PATCH:
            self.start_patch_pick()
        elif data == PICK_FILE:
            self.choose_file()

    def _scale_changed(self, value: int) -> None:
        self.scale, self.at_model_scale = value / 100, False  # set by hand
        self._sync_options()
        self._change_selected(scale=self.scale, merge_key=self._scale_key)

    def set_model_scale(self, on: bool) -> None:
        """Tiles textures at the model's scale (one texture pixel per model-input pixel), or at the slider's."""
        self.at_model_scale = on
        self._sync_options()
        self._change_selected(scale=self.fill_scale())

    def fill_scale(self) -> float:
        """The tile width of fills: the model's scale for this texture and the shown image (core natural_scale),
        unless set by hand."""
        model = self.context.model()
        if not self.at_model_scale or model is None or self.source is None or self.document is None:
            return self.scale
        try:
            return natural_scale(self.source, self.shown_size(), model.spec)
        except EditError:  # a texture that cannot be read: its fill says so when it renders
            return self.scale

    def _shading_changed(self, on: bool) -> None:
        self.shading = on
        self._change_selected(shading=on)

    def _sync_options(self) -> None:
        """Shows the tool's texture, scale and shading in the options bar (without side effects)."""
        if self.bar is not None:
            self.bar.show_state(self.source, self._custom, self.fill_scale(), self.shading, self.at_model_scale)
            self._update_hint()

    def _update_hint(self) -> None:
        if self.bar is None:
            return
        if self.picking:
            hint = "pick"
        elif self.mode in OBJECT_MODES:
            hint = "fill" if self.object_region() is not None else "find and fill"
        else:
            hint = self.mode.value
        self.bar.hint.setText(tools_text(HINTS[hint]))

    def _change_selected(self, merge_key: object | None = None, **changes: object) -> None:
        """Applies option changes to the selected texture edit (one undo step per change or slider drag)."""
        edit = self.selected_edit()
        if edit is None:
            return
        if isinstance(edit, TextureOnly):
            changes.pop("shading", None)
        self.change_selected(replace(edit, **changes), merge_key)

    def selection_changed(self, index: int) -> None:
        edit = self.selected_edit()
        if isinstance(edit, TextureFill | TextureOnly):
            self.source, self.scale = edit.source, edit.scale
            self.at_model_scale = edit.scale == self.fill_scale()
            self.shading = getattr(edit, "shading", self.shading)
            if edit.source.kind != "library":
                self._custom = edit.source
            self._sync_options()
        self.refresh()

    # -- actions ------------------------------------------------------------------------------------

    def object_region(self) -> Region | None:
        """The object Object and Background fill: the Shape tool's, a shape edit's, or one found here; or None."""
        return self.objects.region()

    def fill_region(self) -> None:
        """Fills the object, the background, or the last drawn region with the texture."""
        if self.document is None or self.source is None:
            return
        if self.mode in OBJECT_MODES:
            region = self.object_region()
            if region is None:
                find = (tools_text(FIND_OBJECT), lambda: self.objects.find(self._fill))
                self.context.notify(tools_text(NO_OBJECT), "info", action=find)
                return
            self._fill(region)
        elif self.last_region is not None:
            self._add_fill(*self.last_region)
        else:
            self.context.notify(tools_text(DRAW_FIRST[self.mode]), "info")

    def _fill(self, region: Region) -> None:
        """Fills the object (or, in Background mode, everything but it)."""
        if self.mode in OBJECT_MODES:
            self._add_fill(replace(region, invert=self.mode == TextureMode.BACKGROUND), self.mode.value)
        self._update_hint()
        self.refresh()

    def texture_only(self) -> None:
        """Replaces the whole image by the texture, tiled."""
        if self.document is None or self.source is None:
            return
        self.context.editor.add_edit(TextureOnly(self.source, self.fill_scale()))

    def _add_fill(self, region: Region, area: str) -> None:
        if self.source is None:
            return
        self.context.editor.add_edit(TextureFill(region, self.source, self.fill_scale(), 1.0, self.shading, area))

    # -- gestures -----------------------------------------------------------------------------------

    def press(self, gesture: Gesture) -> bool:
        if not self.picking and self.mode in OBJECT_MODES:
            self.context.notify(tools_text(DRAW_FIRST[self.mode]), "info")
            return False
        gesture.kind = "patch" if self.picking else self.mode.value
        return True

    def drag(self, gesture: Gesture) -> None:
        if gesture.kind == TextureMode.LASSO:
            last = self.to_canvas(*gesture.points[-1])
            if (gesture.position - last).manhattanLength() * self.zoom() >= LASSO_STEP_PX:
                gesture.points.append(gesture.point)
        self.refresh()

    def release(self, gesture: Gesture) -> None:
        if gesture.kind == "patch":
            self._pick_patch(gesture)
        elif gesture.kind == TextureMode.RECTANGLE:
            if not gesture.dragged:
                self.context.notify(self.tr("Drag a rectangle: it is filled with the texture."), "info")
            else:
                box = box_from_points(gesture.start, gesture.point, self.shown_size())
                self.last_region = (Region.rect(*box), "rectangle")
                self._add_fill(*self.last_region)
        else:
            self._finish_lasso([*gesture.points, gesture.point])
        self.refresh()

    def _pick_patch(self, gesture: Gesture) -> None:
        shown = self.shown_size()
        if gesture.dragged:
            box = box_from_points(gesture.start, gesture.point, shown, MIN_PATCH_PX)
        else:  # a click: a square patch around the point
            box = box_around(gesture.start, shown, CLICK_PATCH)
        self.picking = False
        self.set_source(TextureSource.patch(*box))
        self.context.notify(self.tr("Patch picked: drag a region to fill, or press Texture only."), "info")

    def _finish_lasso(self, points: list[tuple[float, float]]) -> None:
        if len(points) < 3 or polygon_area(points, self.shown_size()) < MIN_LASSO_AREA_PX:
            self.context.notify(self.tr("Draw around an area (hold the button while you draw): it is filled."), "info")
            return
        self.last_region = (Region((tuple(points),)), "lasso")
        self._add_fill(*self.last_region)

    # -- overlay ------------------------------------------------------------------------------------

    def activate(self) -> None:
        self._sync_options()
        super().activate()

    def deactivate(self) -> None:
        self.picking = False
        super().deactivate()

    def document_changed(self) -> None:
        self._update_hint()
        self.refresh()

    @Slot()
    def _reset(self) -> None:
        self.gesture = None
        self.last_region = None
        self.refresh()

    def draw_overlay(self) -> None:
        """The selected fill's region, the object (Object/Background mode), the picked patch and the gesture."""
        edit = self.selected_edit()
        if isinstance(edit, TextureFill):
            self._add_outline(region_path(edit.region, self.to_canvas), REGION_COLOUR)
        elif self.mode in OBJECT_MODES:
            region = self.object_region()
            if region is not None:
                self._add_outline(region_path(region, self.to_canvas), OBJECT_COLOUR)
        if self.source is not None and self.source.kind == "patch":
            self._add_outline(rect_path(self.canvas_rect(FracBox(*self.source.box))), PATCH_COLOUR)  # type: ignore[misc]  # a patch source always has its box
        gesture = self.gesture
        if gesture is None or not gesture.dragged:
            return
        if gesture.kind == TextureMode.LASSO:
            self._add_outline(
                polyline_path([*gesture.points, gesture.point], self.to_canvas, closed=True), QColor("white")
            )
        else:
            box = box_from_points(gesture.start, gesture.point, self.shown_size())
            self._add_outline(
                rect_path(self.canvas_rect(box)), PATCH_COLOUR if gesture.kind == "patch" else QColor("white")
            )

    def _add_outline(self, path: QPainterPath, colour: QColor) -> None:
        """A dashed coloured line on a dark halo, readable on any image."""
        self.overlay.add_path(path, colour, 2, rim=HALO, dashed=True)
