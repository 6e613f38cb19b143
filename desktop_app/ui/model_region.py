"""The mark of what the model sees: the image dimmed outside the model's crop box, the box outlined and captioned.

`RegionCaption` is the small on-screen label of a region, shared with the Crop tool's own marks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from desktop_app.core.geometry import PixelBox
from desktop_app.core.texts import QT_TRANSLATE_NOOP

REGION_LABEL = QT_TRANSLATE_NOOP("ModelRegionMark", "model sees this")
MODEL_REGION_Z = 100.0  # above the image and any tool overlay


class RegionCaption(QGraphicsItem):
    """A small label on a dark chip by a region's top-left corner that keeps its on-screen size at any zoom.

    `quiet`: a smaller, paler chip, for a second mark that must not outshout the first.
    """

    def __init__(self, text: str, parent: QGraphicsItem | None = None, quiet: bool = False) -> None:
        super().__init__(parent)
        self._text = text
        self._chip = QColor(0, 0, 0, 150 if quiet else 170)
        self._radius = 3 if quiet else 4
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._font = QFont()
        self._font.setPointSizeF(max(8.0, self._font.pointSizeF() * (0.85 if quiet else 0.9)))
        metrics = QFontMetricsF(self._font)
        # Offset from the box corner and padding are in device-independent pixels (the item ignores zoom).
        inset, pad_x, pad_y = (5, 10, 4) if quiet else (6, 12, 6)
        self._rect = QRectF(inset, inset, metrics.horizontalAdvance(text) + pad_x, metrics.height() + pad_y)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._chip)
        painter.drawRoundedRect(self._rect, self._radius, self._radius)
        painter.setFont(self._font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)


class ModelRegionMark(QGraphicsItem):
    """Dims the image outside the model's crop box and outlines the box, while a box is set and the mark is on."""

    def __init__(self, image_rect: Callable[[], QRectF | None]) -> None:
        super().__init__()
        self._image_rect_of = image_rect  # the shown image's scene rectangle, or None without an image
        self._pixel_box: PixelBox | None = None
        self._wanted = True
        self.setVisible(False)
        self.setZValue(MODEL_REGION_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._image_rect = QRectF()
        self._box = QRectF()
        self._dimmed = QPainterPath()
        self._label = RegionCaption(QCoreApplication.translate("ModelRegionMark", REGION_LABEL), self)

    def set_box(self, box: PixelBox | tuple[int, int, int, int] | None) -> None:
        """Marks the pixel box of the shown image that the model sees; None removes the mark."""
        self._pixel_box = PixelBox(*box) if box is not None else None
        self.place()

    def box(self) -> PixelBox | None:
        """The marked pixel box, or None."""
        return self._pixel_box

    def set_wanted(self, wanted: bool) -> None:
        """Switches the mark on or off (View › Show the Model's View)."""
        self._wanted = wanted
        self.place()

    def wanted(self) -> bool:
        """Whether the mark is switched on."""
        return self._wanted

    def place(self) -> None:
        """Shows the mark over the image as it is now, or hides it."""
        image_rect, box = self._image_rect_of(), self._pixel_box
        if not self._wanted or box is None or image_rect is None:
            self.setVisible(False)
            return
        self._set_geometry(image_rect, QRectF(box.left, box.top, box.width, box.height))  # scene pixels: image pixels
        self.setVisible(True)

    def _set_geometry(self, image_rect: QRectF, box: QRectF) -> None:
        """Place the dimming and the outline for this image size and box."""
        self.prepareGeometryChange()
        self._image_rect = image_rect
        self._box = box.intersected(image_rect)
        self._dimmed = QPainterPath()
        self._dimmed.setFillRule(Qt.FillRule.OddEvenFill)
        self._dimmed.addRect(image_rect)
        self._dimmed.addRect(self._box)
        self._label.setPos(self._box.topLeft())
        self.update()

    def boundingRect(self) -> QRectF:
        return self._image_rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.fillPath(self._dimmed, QColor(0, 0, 0, 140))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # Cosmetic pens keep their width at any zoom, counted in device pixels, hence the ratio: a dark
        # rim under white dashes keeps the outline visible on light and dark photos alike.
        ratio = painter.device().devicePixelRatioF()
        rim = QPen(QColor(0, 0, 0, 160), 3 * ratio)
        dashes = QPen(QColor(255, 255, 255), 1.5 * ratio, Qt.PenStyle.CustomDashLine)
        dashes.setDashPattern([4, 3])
        # Inset by half the rim so the line never pokes out of boundingRect when the box meets the image edge.
        inset = 1.5 / max(painter.worldTransform().m11(), 1e-6)
        outline = self._box.adjusted(inset, inset, -inset, -inset)
        for pen in (rim, dashes):
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawRect(outline)
