"""Copying conversions between numpy image arrays and QImage."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

_FORMATS_BY_CHANNELS = {
    1: QImage.Format.Format_Grayscale8,
    3: QImage.Format.Format_RGB888,
    4: QImage.Format.Format_RGBA8888,
}


def array_to_qimage(rgb: np.ndarray) -> QImage:
    """A QImage that owns a copy of an H x W x 3 RGB, H x W x 4 RGBA or H x W grey uint8 array."""
    if rgb.dtype != np.uint8:
        raise TypeError(f"expected a uint8 image, got {rgb.dtype}")
    channels = 1 if rgb.ndim == 2 else (rgb.shape[2] if rgb.ndim == 3 else 0)
    if channels not in _FORMATS_BY_CHANNELS:
        raise ValueError(f"expected H x W, H x W x 3 or H x W x 4, got shape {rgb.shape}")
    height, width = rgb.shape[:2]
    if height == 0 or width == 0:
        raise ValueError(f"empty image of shape {rgb.shape}")
    # QImage walks the buffer row by row with a fixed stride, so it must be C-contiguous (crops and
    # channel flips are views that are not); bytesPerLine is passed because Qt would otherwise assume
    # rows padded to 4 bytes and skew every image whose width * channels is not a multiple of 4.
    pixels = np.ascontiguousarray(rgb)
    wrapped = QImage(pixels.data, width, height, pixels.strides[0], _FORMATS_BY_CHANNELS[channels])
    # The wrapper borrows the numpy memory; copy() detaches it so the array may be freed or changed.
    return wrapped.copy()


def qimage_to_array(img: QImage) -> np.ndarray:
    """An H x W x 3 uint8 RGB copy of a QImage of any format."""
    if img.isNull():
        raise ValueError("the QImage is null")
    if img.format() != QImage.Format.Format_RGB888:
        img = img.convertToFormat(QImage.Format.Format_RGB888)
    height, width, stride = img.height(), img.width(), img.bytesPerLine()
    # Rows are padded to bytesPerLine (a multiple of 4), which is more than width * 3 for odd widths.
    rows = np.frombuffer(img.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    return rows[:, : width * 3].reshape(height, width, 3).copy()
