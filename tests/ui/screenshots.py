"""Reading screenshots in tests: a widget grabbed as an array, where image pixels and chart bars land in it, and
comparisons with stated tolerances."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRectF
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.ui.qimage import qimage_to_array

Box = tuple[int, int, int, int]  # left, top, right, bottom in screenshot pixels

THUMBNAIL = 24  # both sides of a compared picture are shrunk to this many pixels: scaling filters then agree
SAME_PICTURE = 8.0  # mean absolute difference (0-255) of two thumbnails of one picture drawn by Qt and by OpenCV
CHANGED = 24  # per channel: a pixel an overlay covers or dims differs by more than this
BAND = (4, 10)  # pixels from an overlay's edge: the strips either side that its edge must separate
BAR_COLOUR = 10  # per channel: a solid bar's pixels, antialiasing aside
MARKED = 0.75  # share of a strip an overlay must cover, at least, on its side of an edge (a caption may hide some)
UNMARKED = 0.35  # share of a strip it may cover, at most, on the other side (room for a caption or a handle)


def grab(widget: QWidget) -> np.ndarray:
    """The widget as rendered, as an RGB array in logical pixels, after pending layout requests are delivered
    (a resized window is then laid out: no need to wait for it)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    image = widget.grab().toImage()
    return qimage_to_array(image.scaled(widget.size()))


def on_screen(canvas, grabbed: QWidget, box: tuple[float, float, float, float]) -> Box:
    """Where a box in the canvas's image pixels lies in a screenshot of `grabbed` (the canvas or a parent)."""
    x0, y0, x1, y1 = box
    rect = canvas.viewportTransform().mapRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    origin = canvas.viewport().mapTo(grabbed, QPoint(0, 0))
    return (
        round(rect.left()) + origin.x(),
        round(rect.top()) + origin.y(),
        round(rect.right()) + origin.x(),
        round(rect.bottom()) + origin.y(),
    )


def shown_image_box(canvas, grabbed: QWidget) -> Box:
    """Where the whole shown image lies in a screenshot of `grabbed`."""
    rect = canvas.image_rect()
    return on_screen(canvas, grabbed, (rect.left(), rect.top(), rect.right(), rect.bottom()))


def part(screenshot: np.ndarray, box: Box, inset: int = 0) -> np.ndarray:
    """The screenshot's pixels inside a box, less `inset` pixels on every side (to leave out outlines)."""
    left, top, right, bottom = box
    return screenshot[top + inset : bottom - inset, left + inset : right - inset]


def difference(shown: np.ndarray, expected: np.ndarray) -> float:
    """Mean absolute difference (0-255) of two pictures shrunk to the same thumbnail."""
    size = (THUMBNAIL, THUMBNAIL)
    a = cv2.resize(shown, size, interpolation=cv2.INTER_AREA).astype(float)
    b = cv2.resize(expected, size, interpolation=cv2.INTER_AREA).astype(float)
    return float(np.abs(a - b).mean())


def changed(before: np.ndarray, after: np.ndarray, threshold: int = CHANGED) -> np.ndarray:
    """Which pixels differ by more than `threshold` in some channel."""
    return (np.abs(before.astype(int) - after.astype(int)) > threshold).any(axis=2)


def departures(screenshot: np.ndarray, picture: np.ndarray, image_box: Box) -> np.ndarray:
    """Which pixels of a screenshot depart from the picture shown at `image_box` (an overlay covers or dims them):
    both blurred a little first, since Qt and OpenCV scale a picture to slightly different pixels."""
    left, top, right, bottom = image_box
    scaled = cv2.resize(picture, (right - left, bottom - top), interpolation=cv2.INTER_AREA)
    blur = (5, 5)
    mask = np.zeros(screenshot.shape[:2], bool)
    mask[top:bottom, left:right] = changed(
        cv2.GaussianBlur(part(screenshot, image_box), blur, 0), cv2.GaussianBlur(scaled, blur, 0)
    )
    return mask


def edge_bands(box: Box, near: int = BAND[0], far: int = BAND[1]) -> tuple[list[Box], list[Box]]:
    """Strips along the four edges of a box, from `near` to `far` pixels inside it and outside it."""
    left, top, right, bottom = box
    inside = [
        (left + near, top + far, left + far, bottom - far),
        (right - far, top + far, right - near, bottom - far),
        (left + far, top + near, right - far, top + far),
        (left + far, bottom - far, right - far, bottom - near),
    ]
    outside = [
        (left - far, top, left - near, bottom),
        (right + near, top, right + far, bottom),
        (left, top - far, right, top - near),
        (left, bottom + near, right, bottom + far),
    ]
    return inside, outside


def shares(mask: np.ndarray, boxes: list[Box], within: Box) -> list[float]:
    """The share of marked pixels in each box, clipped to `within` (boxes that fall outside it are left out)."""
    result = []
    for left, top, right, bottom in boxes:
        left, top = max(left, within[0]), max(top, within[1])
        right, bottom = min(right, within[2]), min(bottom, within[3])
        if right - left >= 1 and bottom - top >= 1:
            result.append(float(mask[top:bottom, left:right].mean()))
    return result


def assert_edge_at(mask: np.ndarray, box: Box, image_box: Box, marked: Literal["inside", "outside"]) -> None:
    """Asserts that an overlay's edge runs along `box` to within 4 px: strips 4-10 px from each edge, on the
    `marked` side ("inside" or "outside"), are at least 75 % covered and on the other side at most 35 %
    (strips beyond the shown image are left out)."""
    inside, outside = edge_bands(box)
    covered, clear = (inside, outside) if marked == "inside" else (outside, inside)
    covered_shares, clear_shares = shares(mask, covered, image_box), shares(mask, clear, image_box)
    assert covered_shares and min(covered_shares) >= MARKED, f"{marked} the edge: {covered_shares}"
    assert max(clear_shares, default=0.0) <= UNMARKED, f"the other side of the edge: {clear_shares}"


def assert_shows(screenshot: np.ndarray, box: Box, picture: np.ndarray) -> None:
    """Asserts that the screenshot shows `picture` at `box` (thumbnails within 8 of 255 on average, 4 px of the
    edges left out for outlines)."""
    inset = 4
    height, width = picture.shape[:2]
    scale_x, scale_y = width / (box[2] - box[0]), height / (box[3] - box[1])
    inner = picture[
        round(inset * scale_y) : height - round(inset * scale_y),
        round(inset * scale_x) : width - round(inset * scale_x),
    ]
    shown = difference(part(screenshot, box, inset), inner)
    assert shown <= SAME_PICTURE, f"the screenshot differs from the picture by {shown:.1f}"


def assert_canvas_shows_the_render(screenshot: np.ndarray, window) -> None:
    """Asserts that the window's screenshot shows the rendered image inside the model's square; with edits, also
    that the unedited image would differ from it by more than three times the tolerance."""
    canvas = window.canvas
    x0, y0, x1, y1 = canvas.model_region.box()
    box = on_screen(canvas, window, (x0, y0, x1, y1))
    document = window.editor.document
    assert_shows(screenshot, box, document.render()[y0:y1, x0:x1])
    if document.edits:
        assert difference(part(screenshot, box, 4), document.working[y0:y1, x0:x1]) > 3 * SAME_PICTURE


def assert_model_region_marked(screenshot: np.ndarray, canvas, grabbed: QWidget, picture: np.ndarray) -> None:
    """Asserts that the canvas, showing `picture`, dims it outside the model's square and not inside, with the
    edge to within 4 px (see assert_edge_at)."""
    image_box = shown_image_box(canvas, grabbed)
    region_box = on_screen(canvas, grabbed, canvas.model_region.box())
    assert_edge_at(departures(screenshot, picture, image_box), region_box, image_box, marked="outside")


def colour(palette: QPalette, role: QPalette.ColorRole) -> np.ndarray:
    """A palette colour as an RGB array."""
    value = palette.color(role)
    return np.array([value.red(), value.green(), value.blue()])


def assert_bars_match(chart, grabbed: QWidget, screenshot: np.ndarray) -> None:
    """Asserts that each chart row's bar, along the middle of its track, is drawn in the bar's colour (the top
    row's highlight, the others' half highlight, ±10 per channel) over every pixel wholly inside its length
    (probability x track length, never shorter than the chart's minimum bar), and over no pixel of the track beyond
    it; pixels within 2.5 px of the original image's tick are left out, so the bars' ends are checked to the pixel."""
    layout = chart.layout_now()  # the chart's own geometry: where each track starts and how long it is
    origin = chart.mapTo(grabbed, QPoint(0, 0))
    palette = chart.palette()
    highlight, window = colour(palette, QPalette.ColorRole.Highlight), colour(palette, QPalette.ColorRole.Window)
    rows = chart.rows()[: len(layout.rows)]
    assert rows, "the chart shows no rows"
    for position, (row, rect) in enumerate(zip(rows, layout.rows, strict=True)):
        track = layout.track(rect)
        bar = highlight if position == 0 else (highlight + window) / 2
        end = track.left() + layout.bar_length(row.probability)
        columns = np.arange(int(np.ceil(track.left())), int(np.floor(track.right())))
        if row.baseline is not None and layout.legend is not None:
            tick = track.left() + min(max(row.baseline, 0.0), 1.0) * track.width()
            tick = min(max(tick, track.left() + 1), track.right() - 1)  # kept off the track's ends
            columns = columns[np.abs(columns + 0.5 - tick) > 2.5]
        inside, beyond = columns[columns + 1 <= end], columns[columns >= end + 1]
        y = round(origin.y() + track.center().y())
        pixels = screenshot[y, origin.x() :].astype(float)
        is_bar = (np.abs(pixels - bar) <= BAR_COLOUR).all(axis=1)
        assert is_bar[inside].all(), f"{row.label}: bar missing over {int((~is_bar[inside]).sum())} px"
        assert not is_bar[beyond].any(), f"{row.label}: bar drawn {int(is_bar[beyond].sum())} px too far"
