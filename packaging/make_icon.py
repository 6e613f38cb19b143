"""Draws the app icon (an eye above a prediction bar chart) and writes PNG sizes, a Windows .ico and a macOS .icns.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py   (writes resources/icons/)
Each size is painted from the vector drawing (not scaled down from 512 px), so the small ones stay crisp.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types that hold PNG data: (type, pixel size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
BAR_COLOURS = ("#ffb000", "#ffd166", "#ffe6a6")


def draw_icon(size: int) -> QImage:
    """The icon painted at `size` x `size` pixels with a transparent corner."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 100.0, size / 100.0)  # draw on a 100 x 100 canvas
    small = size <= 24

    # Rounded square background, deep blue.
    inset = 2.0 if size >= 32 else 0.5
    tile = QRectF(inset, inset, 100 - 2 * inset, 100 - 2 * inset)
    gradient = QLinearGradient(0, 0, 0, 100)
    gradient.setColorAt(0.0, QColor("#2f6fb5"))
    gradient.setColorAt(1.0, QColor("#173a6a"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawRoundedRect(tile, 22, 22)

    # The eye: an almond of two arcs, white, with a teal iris and a dark pupil.
    eye_top, eye_bottom, cy = (14.0, 62.0, 38.0) if not small else (10.0, 62.0, 36.0)
    left, right = (12.0, 88.0) if not small else (6.0, 94.0)
    eye = QPainterPath(QPointF(left, cy))
    eye.quadTo(QPointF(50, eye_top - 8), QPointF(right, cy))
    eye.quadTo(QPointF(50, eye_bottom + 8), QPointF(left, cy))
    painter.setBrush(QColor("#f7fbff"))
    if not small:
        painter.setPen(QPen(QColor("#0d2547"), 1.6))
    painter.drawPath(eye)
    painter.setPen(Qt.PenStyle.NoPen)
    iris_r = 14.0 if not small else 16.0
    iris = QRadialGradient(QPointF(50, cy), iris_r)
    iris.setColorAt(0.0, QColor("#45d0c4"))
    iris.setColorAt(1.0, QColor("#13808f"))
    painter.save()
    painter.setClipPath(eye)
    painter.setBrush(QBrush(iris))
    painter.drawEllipse(QPointF(50, cy), iris_r, iris_r)
    painter.setBrush(QColor("#0b1a2e"))
    painter.drawEllipse(QPointF(50, cy), iris_r * 0.45, iris_r * 0.45)
    if size >= 32:
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.drawEllipse(QPointF(45, cy - 5), 3.2, 3.2)
    painter.restore()

    # The prediction chart: three horizontal bars, longest first, as in the app's chart.
    lengths = (64.0, 42.0, 24.0) if not small else (76.0, 50.0)
    bar_h, gap = (7.0, 3.5) if not small else (11.0, 5.0)
    y = 68.0 if not small else 68.0
    for length, colour in zip(lengths, BAR_COLOURS, strict=False):
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(QRectF(18 if not small else 12, y, length, bar_h), bar_h / 2, bar_h / 2)
        y += bar_h + gap
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """The image encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def write_ico(path: Path, images: dict[int, bytes]) -> None:
    """A multi-size Windows .ico whose entries are PNG-compressed (Vista and later)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = images[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    path.write_bytes(header + entries + blobs)


def write_icns(path: Path, images: dict[int, bytes]) -> None:
    """A macOS .icns whose entries hold PNG data (accepted since OS X 10.7)."""
    chunks = b"".join(kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES)
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks)


def main() -> int:
    """Writes every icon file into resources/icons/."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QPainter needs it)
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: png_bytes(draw_icon(size)) for size in PNG_SIZES}
    for size in PNG_SIZES:
        if size <= 512:
            (OUT / f"app-{size}.png").write_bytes(images[size])
    (OUT / "app.png").write_bytes(images[256])
    write_ico(OUT / "app.ico", {size: images[size] for size in ICO_SIZES})
    write_icns(OUT / "app.icns", images)
    print(f"wrote {len(PNG_SIZES) - 1} PNG sizes, app.png, app.ico and app.icns to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
