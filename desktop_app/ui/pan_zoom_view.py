"""A QGraphicsView that zooms (buttons, wheel, pinch, fit to window) and pans (drag, Space+drag, middle button).

Scene coordinates are the content's pixels; subclasses say how large the content is (`content_size`) and may react
to a new zoom (`zoom_applied`). The image canvas builds on it; this module knows nothing of images or tools.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

ZOOM_STEP = 1.25
MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
FIT_MARGIN = 8  # logical pixels left around content fitted to the window


class PanZoomView(QGraphicsView):
    """Zoom and pan over content of `content_size()` pixels, which sits at the scene origin."""

    zoom_changed = Signal(float)  # emitted when the zoom factor changes (1.0 = 100 %)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zoom = 1.0
        self._fit_mode = True
        self._pan_with_left = True
        self._space_held = False
        self._pan_last: QPoint | None = None
        self._pan_button = Qt.MouseButton.NoButton
        self._hand_cursor = False
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def content_size(self) -> tuple[int, int] | None:
        """(width, height) of the content in scene pixels, or None when there is none (subclasses say)."""
        return None

    def zoom_applied(self, factor: float) -> None:
        """Called after each zoom change (subclasses may adapt their drawing)."""

    def map_to_image(self, view_pos: QPoint | QPointF) -> QPointF:
        """Scene (content pixel) coordinates of a point in viewport coordinates."""
        inverse, _invertible = self.viewportTransform().inverted()
        return inverse.map(QPointF(view_pos))

    # ------------------------------------------------------------------------------------------ zoom
    def zoom_factor(self) -> float:
        """The current zoom, 1.0 meaning one image pixel per logical screen pixel."""
        return self._zoom

    def zoom_in(self) -> None:
        """Zoom in one step around the view centre."""
        self._zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step around the view centre."""
        self._zoom_by(1 / ZOOM_STEP)

    def zoom_actual(self) -> None:
        """Zoom to 100 % around the view centre."""
        if self.content_size() is not None:
            self._fit_mode = False
            self._set_zoom(1.0)

    def fit_to_window(self) -> None:
        """Fit the whole content into the view, and keep it fitted while the view resizes."""
        self._fit_mode = True
        size = self.content_size()
        if size is None:
            return
        width, height = size
        available_w = max(1, self.viewport().width() - 2 * FIT_MARGIN)
        available_h = max(1, self.viewport().height() - 2 * FIT_MARGIN)
        self._set_zoom(min(available_w / width, available_h / height))
        self.centerOn(QRectF(0, 0, width, height).center())

    def is_fitted(self) -> bool:
        """Whether the view is in fit-to-window mode."""
        return self._fit_mode

    def _zoom_by(self, step: float, anchor: QPointF | None = None) -> None:
        if self.content_size() is None:
            return
        self._fit_mode = False
        self._set_zoom(self._zoom * step, anchor)

    def _set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Apply a zoom factor, keeping the scene point under `anchor` (default: view centre) in place."""
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        if anchor is None:
            anchor = QRectF(self.viewport().rect()).center()
        scene_anchor = self.map_to_image(anchor)
        self.setTransform(QTransform.fromScale(factor, factor))
        drift = self.viewportTransform().map(scene_anchor) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(drift.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(drift.y()))
        self.zoom_applied(factor)
        if factor != self._zoom:
            self._zoom = factor
            self.zoom_changed.emit(factor)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_mode:
            self.fit_to_window()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.content_size() is None:
            event.ignore()
            return
        # A touchpad's two-finger scroll (phased, with pixel deltas) pans; its pinch zooms (viewportEvent).
        touchpad_scroll = event.phase() != Qt.ScrollPhase.NoScrollPhase and not event.pixelDelta().isNull()
        steps = event.angleDelta().y() / 120
        if touchpad_scroll or steps == 0:
            super().wheelEvent(event)
            return
        self._zoom_by(ZOOM_STEP**steps, event.position())
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if (
            isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
            and self.content_size() is not None
        ):
            self._zoom_by(1.0 + event.value(), event.position())
            return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------------------------------------- pan
    def set_pan_with_left_button(self, enabled: bool) -> None:
        """Let a left-button drag pan the view (on when no tool is active)."""
        self._pan_with_left = enabled
        self._update_cursor()

    def pan_with_left_button(self) -> bool:
        """Whether a left-button drag pans the view."""
        return self._pan_with_left

    def _is_pan_button(self, button: Qt.MouseButton) -> bool:
        if button == Qt.MouseButton.MiddleButton:
            return True
        return button == Qt.MouseButton.LeftButton and (self._pan_with_left or self._space_held)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._pan_last is None and self.content_size() is not None and self._is_pan_button(event.button()):
            self._pan_last = event.position().toPoint()
            self._pan_button = event.button()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            self._hand_cursor = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_last is None:
            super().mouseMoveEvent(event)
            return
        position = event.position().toPoint()
        delta = position - self._pan_last
        self._pan_last = position
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_last is not None and event.button() == self._pan_button:
            self._pan_last = None
            self._update_cursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.content_size() is not None:
            if not event.isAutoRepeat():
                self._space_held = True
                self._update_cursor()
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self._space_held:
            if not event.isAutoRepeat():
                self._space_held = False
                self._update_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._space_held = False  # the release may go to another widget
        self._update_cursor()
        super().focusOutEvent(event)

    def _update_cursor(self) -> None:
        if self._pan_last is not None:
            return
        wanted = self.content_size() is not None and (self._pan_with_left or self._space_held)
        if wanted:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif self._hand_cursor:
            self.viewport().unsetCursor()  # only undo our own cursor, never a tool's
        self._hand_cursor = wanted
