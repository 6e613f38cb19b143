"""Texture tool: fill a rectangle, a lasso, the object or the background with a texture, or keep only a texture.

The texture comes from the bundled library, from a patch picked on the image, or from another image file (read
on the bridge's texture-file lane, so a large photo does not freeze the window). Drawing a rectangle or a lasso
adds the fill as one undo step; Object and Background use the object found by the Shape tool.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QIcon, QMouseEvent, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QWidget,
)

from desktop_app.core.edits import EditError
from desktop_app.core.imageio import SUPPORTED_EXTENSIONS
from desktop_app.core.regions import Region
from desktop_app.core.texture import (
    DEFAULT_SCALE,
    TextureFill,
    TextureOnly,
    TextureSource,
    load_texture,
    texture_library,
)
from desktop_app.ui.jobs import Lane
from desktop_app.ui.qimage import array_to_qimage
from desktop_app.ui.tools.base import OVERLAY_Z, Tool, ToolContext

SHAPE_KINDS = ("silhouette", "outline", "remove-background")  # edits of the Shape tool that hold the object
MODES = (("rectangle", "Rectangle"), ("lasso", "Lasso"), ("object", "Object"), ("background", "Background"))
PICK_PATCH, PICK_FILE, CUSTOM = "pick-patch", "pick-file", "custom"
DRAG_START_PX = 4  # a gesture smaller than this on screen is a click
LASSO_STEP_PX = 3  # lasso points closer than this on screen are dropped
DEFAULT_PATCH = 0.1  # a click while picking takes a square patch this share of the image width
THUMBNAIL_PX = 28
REGION_COLOUR, PATCH_COLOUR, OBJECT_COLOUR = QColor("#0072B2"), QColor("#E69F00"), QColor("#009E73")
NO_OBJECT = "Extract the object with the Shape tool first: Object and Background fill the object it finds."


@dataclass(frozen=True)
class _FileCheck:
    """What the texture-file job hands back: the path, and why it cannot be used ("" when it can)."""

    path: str
    error: str


def _thumbnail(pixels: np.ndarray) -> QIcon:
    """A square icon of the middle of a texture."""
    height, width = pixels.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    image = array_to_qimage(np.ascontiguousarray(pixels[top : top + side, left : left + side]))
    pixmap = QPixmap.fromImage(image).scaled(
        THUMBNAIL_PX, THUMBNAIL_PX, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    return QIcon(pixmap)


class TextureTool(Tool):
    """Gives a region another texture, or replaces the image by a texture alone; the chart follows."""

    key = "texture"
    text = "Texture"
    shortcut = "T"
    tip = "Give a region another texture: drag a rectangle or lasso, or fill the object; or keep only a texture"
    edit_kinds = ("texture-fill", "texture-only")

    def __init__(self, context: ToolContext) -> None:
        super().__init__(context)
        library = texture_library()
        self.mode = "rectangle"
        self.source: TextureSource | None = TextureSource.library(library[0].name) if library else None
        self.scale = DEFAULT_SCALE
        self.shading = False
        self.picking = False  # the next drag picks a patch of the image as the texture
        self.last_region: tuple[Region, str] | None = None  # the latest drawn rectangle or lasso, and its kind
        self._custom: TextureSource | None = None  # the picked patch or file, listed in the texture box
        self._file_dir = ""
        self._scale_key: object | None = None
        self._active = False
        self._gesture: dict | None = None
        self._items: list[QGraphicsItem] = []
        context.document_model.document_replaced.connect(self._reset)

    # -- options ------------------------------------------------------------------------------------

    def build_options(self) -> QWidget:
        widget = QWidget()
        layout = QHBoxLayout(widget)
        layout.setContentsMargins(4, 0, 4, 0)
        tips = {
            "rectangle": "Drag a rectangle on the image: it is filled with the texture",
            "lasso": "Draw around an area with the mouse: it is filled with the texture",
            "object": "Fill the object found by the Shape tool (press Fill region)",
            "background": "Fill everything but the object found by the Shape tool (press Fill region)",
        }
        self.mode_group, self.mode_buttons = self.add_mode_buttons(layout, MODES, self.mode, self.set_mode, tips)
        layout.addSpacing(8)
        layout.addWidget(QLabel("Texture"))
        self.source_box = QComboBox()
        self.source_box.setIconSize(QSize(THUMBNAIL_PX, THUMBNAIL_PX))
        self.source_box.setMinimumContentsLength(14)
        self.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for info in texture_library():
            try:
                icon = _thumbnail(load_texture(info.name))
            except EditError:
                icon = QIcon()
            self.source_box.addItem(icon, info.name, f"library:{info.name}")
            self.source_box.setItemData(
                self.source_box.count() - 1, f"{info.description}\n{info.licence}", Qt.ItemDataRole.ToolTipRole
            )
        self.source_box.insertSeparator(self.source_box.count())
        self.source_box.addItem("Pick patch from image…", PICK_PATCH)
        self.source_box.addItem("From file…", PICK_FILE)
        self.source_box.setToolTip("Where the texture comes from: the library, a patch of this image, or a file")
        self.source_box.currentIndexChanged.connect(self._source_chosen)
        layout.addWidget(self.source_box)
        layout.addWidget(QLabel("Tile"))
        self.scale_slider = QSlider(Qt.Orientation.Horizontal)
        self.scale_slider.setRange(2, 100)
        self.scale_slider.setValue(round(100 * self.scale))
        self.scale_slider.setFixedWidth(90)
        self.scale_slider.setToolTip("Width of one texture tile, % of the image width")
        self.scale_label = QLabel()
        self.scale_label.setMinimumWidth(36)
        self.scale_slider.sliderPressed.connect(lambda: setattr(self, "_scale_key", object()))
        self.scale_slider.sliderReleased.connect(lambda: setattr(self, "_scale_key", None))
        self.scale_slider.valueChanged.connect(self._scale_changed)
        layout.addWidget(self.scale_slider)
        layout.addWidget(self.scale_label)
        self.shading_box = QCheckBox("Keep shading")
        self.shading_box.setToolTip("Keep the image's light and shadow on the texture (for shape-vs-texture conflicts)")
        self.shading_box.toggled.connect(self._shading_changed)
        layout.addWidget(self.shading_box)
        layout.addSpacing(8)
        self.fill_button = QPushButton("Fill region")
        self.fill_button.setToolTip("Fill the object, the background, or the last drawn region with the texture")
        self.fill_button.clicked.connect(self.fill_region)
        self.only_button = QPushButton("Texture only")
        self.only_button.setToolTip("Replace the whole image by the texture: no shape left")
        self.only_button.clicked.connect(self.texture_only)
        layout.addWidget(self.fill_button)
        layout.addWidget(self.only_button)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self._sync_options()
        return widget

    def set_mode(self, mode: str) -> None:
        """Chooses the region kind: rectangle, lasso, object or background."""
        if mode not in dict(MODES):
            raise ValueError(f"unknown region mode {mode!r}")
        self.mode = mode
        if self._options is not None and not self.mode_buttons[mode].isChecked():
            self.mode_buttons[mode].setChecked(True)
        self._update_hint()
        self._draw_overlay()

    def set_source(self, source: TextureSource) -> None:
        """Uses a texture source for new fills, and for the selected texture edit."""
        self.source = source
        if source.kind != "library":
            self._custom = source
        self._sync_options()
        self._change_selected(source=source)
        self._draw_overlay()

    def start_patch_pick(self) -> None:
        """The next drag on the image picks the texture patch."""
        self.picking = True
        self._update_hint()

    def choose_file(self) -> None:
        """Asks for an image file to use as the texture."""
        patterns = " ".join(f"*{ext}" for ext in SUPPORTED_EXTENSIONS)
        path, _ = QFileDialog.getOpenFileName(
            self.options(), "Texture from an image file", self._file_dir, f"Images ({patterns});;All files (*)"
        )
        if path:
            self.set_texture_file(path)

    def set_texture_file(self, path: str | os.PathLike[str]) -> None:
        """Reads an image file in the background and, if it is usable, makes it the texture."""
        path = os.fspath(path)
        self._file_dir = str(Path(path).parent)

        def work(token, report) -> _FileCheck:
            try:
                load_texture(TextureSource.file(path))
            except EditError as err:
                return _FileCheck(path, str(err))
            return _FileCheck(path, "")

        self.context.bridge.run_job(Lane.TEXTURE_FILE, work).done.connect(self._file_checked)

    @Slot(object)
    def _file_checked(self, result: _FileCheck) -> None:
        if result.error:
            self.context.notify(result.error, "error")
            return
        self.set_source(TextureSource.file(result.path))

    def _source_chosen(self, index: int) -> None:
        data = self.source_box.itemData(index)
        if isinstance(data, str) and data.startswith("library:"):
            self.set_source(TextureSource.library(data.removeprefix("library:")))
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
        self.scale = value / 100
        self.scale_label.setText(f"{value} %")
        self._change_selected(scale=self.scale, merge_key=self._scale_key)

    def _shading_changed(self, on: bool) -> None:
        self.shading = on
        self._change_selected(shading=on)

    def _sync_options(self) -> None:
        """Shows the tool's texture, scale and shading in the options bar (without side effects)."""
        if self._options is None:
            return
        box = self.source_box
        box.blockSignals(True)
        custom_index = box.findData(CUSTOM)
        if self._custom is not None:
            text, icon = self._custom_label(self._custom)
            if custom_index < 0:
                custom_index = box.findData(PICK_PATCH) - 1  # before the separator
                box.insertItem(custom_index, icon, text, CUSTOM)
            else:
                box.setItemText(custom_index, text)
                box.setItemIcon(custom_index, icon)
        if self.source is None:
            box.setCurrentIndex(-1)
        elif self.source.kind == "library":
            box.setCurrentIndex(box.findData(f"library:{self.source.name}"))
        else:
            box.setCurrentIndex(custom_index)
        box.blockSignals(False)
        self.scale_slider.blockSignals(True)
        self.scale_slider.setValue(round(100 * self.scale))
        self.scale_slider.blockSignals(False)
        self.shading_box.blockSignals(True)
        self.shading_box.setChecked(self.shading)
        self.shading_box.blockSignals(False)
        self.scale_label.setText(f"{round(100 * self.scale)} %")
        self._update_hint()

    def _custom_label(self, source: TextureSource) -> tuple[str, QIcon]:
        if source.kind == "file":
            try:
                icon = _thumbnail(load_texture(source))
            except EditError:
                icon = QIcon()
            return f"File: {Path(source.path).name}", icon
        x0, y0, x1, y1 = source.box  # type: ignore[misc]
        return f"Patch {100 * (x1 - x0):.0f}×{100 * (y1 - y0):.0f} % of the image", QIcon()

    def _update_hint(self) -> None:
        if self._options is None:
            return
        if self.picking:
            text = "Drag a small box over the texture to use."
        elif self.mode in ("object", "background"):
            text = (
                "Press Fill region." if self.object_region() is not None else "Extract the object (Shape tool) first."
            )
        else:
            text = "Drag a rectangle." if self.mode == "rectangle" else "Draw around an area."
        self.hint.setText(text)

    def _change_selected(self, merge_key: object | None = None, **changes: object) -> None:
        """Applies option changes to the selected texture edit (one undo step per change or slider drag)."""
        edit = self.selected_edit()
        if edit is None:
            return
        if isinstance(edit, TextureOnly):
            changes.pop("shading", None)
        updated = replace(edit, **changes)  # type: ignore[type-var]
        if updated != edit:
            self.context.document_model.change_edit(self.context.document_model.selected, updated, merge_key)

    def selection_changed(self, index: int) -> None:
        edit = self.selected_edit()
        if isinstance(edit, TextureFill | TextureOnly):
            self.source, self.scale = edit.source, edit.scale
            self.shading = getattr(edit, "shading", self.shading)
            if edit.source.kind != "library":
                self._custom = edit.source
            self._sync_options()
        self._draw_overlay()

    # -- actions ------------------------------------------------------------------------------------

    def object_region(self) -> Region | None:
        """The object found by the Shape tool: the region of the latest shape edit (or object fill), or None."""
        for entry in reversed(self.context.document_model.entries):
            edit = entry.edit
            region = getattr(edit, "region", None)
            if not isinstance(region, Region):
                continue
            if edit.kind in SHAPE_KINDS or (isinstance(edit, TextureFill) and edit.area in ("object", "background")):
                return replace(region, invert=False)
        return None

    def fill_region(self) -> None:
        """Fills the object, the background, or the last drawn region with the texture."""
        if self.document is None or self.source is None:
            return
        if self.mode in ("object", "background"):
            region = self.object_region()
            if region is None:
                self.context.notify(NO_OBJECT, "warning")
                return
            self._add_fill(replace(region, invert=self.mode == "background"), self.mode)
        elif self.last_region is not None:
            self._add_fill(*self.last_region)
        else:
            what = "a rectangle" if self.mode == "rectangle" else "around an area"
            self.context.notify(f"Drag {what} on the image: it is filled with the texture.", "info")

    def texture_only(self) -> None:
        """Replaces the whole image by the texture, tiled."""
        if self.document is None or self.source is None:
            return
        self.context.document_model.add_edit(TextureOnly(self.source, self.scale))

    def _add_fill(self, region: Region, area: str) -> None:
        if self.source is None:
            return
        self.context.document_model.add_edit(TextureFill(region, self.source, self.scale, 1.0, self.shading, area))

    # -- gestures -----------------------------------------------------------------------------------

    def mouse_press(self, position: QPointF, event: QMouseEvent) -> bool:
        if self.document is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        if not self.picking and self.mode in ("object", "background"):
            self.context.notify(
                "Press Fill region to fill the " + self.mode + ", or choose Rectangle or Lasso.", "info"
            )
            return True
        kind = "patch" if self.picking else self.mode
        self._gesture = {"kind": kind, "press": position, "points": [self.to_fraction(position)]}
        self._draw_overlay()
        return True

    def mouse_move(self, position: QPointF, event: QMouseEvent) -> bool:
        self.context.canvas.viewport().setCursor(Qt.CursorShape.CrossCursor)
        gesture = self._gesture
        if gesture is None:
            return False
        point = self.to_fraction(position)
        if gesture["kind"] == "lasso":
            last = self.to_pixels(*gesture["points"][-1])
            if (position - last).manhattanLength() * self.zoom() >= LASSO_STEP_PX:
                gesture["points"].append(point)
        else:
            gesture["points"][1:] = [point]
        self._draw_overlay()
        return True

    def mouse_release(self, position: QPointF, event: QMouseEvent) -> bool:
        gesture, self._gesture = self._gesture, None
        if gesture is None:
            return False
        end = self.to_fraction(position)
        moved = position - gesture["press"]
        small = max(abs(moved.x()), abs(moved.y())) * self.zoom() < DRAG_START_PX
        start = gesture["points"][0]
        if gesture["kind"] == "patch":
            self._pick_patch(start, end, small)
        elif gesture["kind"] == "rectangle":
            (x0, x1), (y0, y1) = sorted((start[0], end[0])), sorted((start[1], end[1]))
            if small or x1 - x0 <= 0 or y1 - y0 <= 0:
                self.context.notify("Drag a rectangle: it is filled with the texture.", "info")
            else:
                self.last_region = (Region.rect(x0, y0, x1, y1), "rectangle")
                self._add_fill(*self.last_region)
        else:
            self._finish_lasso([*gesture["points"], end])
        self._draw_overlay()
        return True

    def _pick_patch(self, start: tuple[float, float], end: tuple[float, float], small: bool) -> None:
        height, width = self.shown_size()
        if small:  # a click: a square patch around the point
            half_w, half_h = DEFAULT_PATCH / 2, DEFAULT_PATCH / 2 * width / height
            x = min(max(start[0], half_w), 1 - half_w)
            y = min(max(start[1], half_h), 1 - half_h)
            box = (x - half_w, max(0.0, y - half_h), x + half_w, min(1.0, y + half_h))
        else:
            (x0, x1), (y0, y1) = sorted((start[0], end[0])), sorted((start[1], end[1]))
            x1, y1 = max(x1, min(1.0, x0 + 2 / width)), max(y1, min(1.0, y0 + 2 / height))
            box = (min(x0, x1 - 2 / width), min(y0, y1 - 2 / height), x1, y1)
        self.picking = False
        self.set_source(TextureSource.patch(*box))
        self.context.notify("Patch picked: drag a region to fill, or press Texture only.", "info")

    def _finish_lasso(self, points: list[tuple[float, float]]) -> None:
        height, width = self.shown_size()
        pixels = np.array([[x * width, y * height] for x, y in points])
        area = 0.5 * abs(
            np.dot(pixels[:, 0], np.roll(pixels[:, 1], 1)) - np.dot(pixels[:, 1], np.roll(pixels[:, 0], 1))
        )
        if len(points) < 3 or area < 16:
            self.context.notify("Draw around an area (hold the button while you draw): it is filled.", "info")
            return
        self.last_region = (Region((tuple(points),)), "lasso")
        self._add_fill(*self.last_region)

    # -- overlay ------------------------------------------------------------------------------------

    def activate(self) -> None:
        self._active = True
        self._sync_options()
        self._draw_overlay()

    def deactivate(self) -> None:
        self._active = False
        self._gesture = None
        self.picking = False
        self._draw_overlay()
        self.context.canvas.viewport().unsetCursor()

    def document_changed(self) -> None:
        self._update_hint()
        self._draw_overlay()

    @Slot()
    def _reset(self) -> None:
        self._gesture = None
        self.last_region = None
        self._draw_overlay()

    def _draw_overlay(self) -> None:
        """Redraws the selected fill's region, the object (Object/Background mode), the patch and the gesture."""
        self._items = self.remove_items(self._items)
        if not self._active or self.document is None:
            return
        edit = self.selected_edit()
        if isinstance(edit, TextureFill):
            self._add_path(self._region_path(edit.region), REGION_COLOUR, dashed=True)
        elif self.mode in ("object", "background"):
            region = self.object_region()
            if region is not None:
                self._add_path(self._region_path(region), OBJECT_COLOUR, dashed=True)
        if self.source is not None and self.source.kind == "patch":
            x0, y0, x1, y1 = self.source.box  # type: ignore[misc]
            path = QPainterPath()
            path.addRect(QRectF(self.to_pixels(x0, y0), self.to_pixels(x1, y1)))
            self._add_path(path, PATCH_COLOUR, dashed=True)
        gesture = self._gesture
        if gesture is not None and len(gesture["points"]) > 1:
            if gesture["kind"] == "lasso":
                path = QPainterPath(self.to_pixels(*gesture["points"][0]))
                for point in gesture["points"][1:]:
                    path.lineTo(self.to_pixels(*point))
                path.closeSubpath()
            else:
                path = QPainterPath()
                path.addRect(QRectF(self.to_pixels(*gesture["points"][0]), self.to_pixels(*gesture["points"][-1])))
            self._add_path(path, PATCH_COLOUR if gesture["kind"] == "patch" else QColor("white"), dashed=True)

    def _region_path(self, region: Region) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        for polygon in region.polygons:
            path.moveTo(self.to_pixels(*polygon[0]))
            for point in polygon[1:]:
                path.lineTo(self.to_pixels(*point))
            path.closeSubpath()
        return path

    def _add_path(self, path: QPainterPath, colour: QColor, dashed: bool = False) -> None:
        """Adds an outline to the scene: a dark halo under a coloured cosmetic line, readable on any image."""
        scene = self.context.canvas.scene()
        for width, pen_colour, z in ((4, QColor(0, 0, 0, 110), 0), (2, colour, 1)):
            pen = QPen(pen_colour, width)
            pen.setCosmetic(True)
            if dashed and z == 1:
                pen.setStyle(Qt.PenStyle.DashLine)
            item = scene.addPath(path, pen)
            item.setZValue(OVERLAY_Z + z)
            self._items.append(item)
