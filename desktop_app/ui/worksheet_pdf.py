"""A worksheet's page as PDF, through Qt's own PDF writer: the same HTML as the web page, laid out on A4 pages by
Qt's rich text, its pictures handed over as resources (Qt's rich text does not read base64 data)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop_app.core.lesson_templates import LessonTemplate
from desktop_app.core.worksheet import Picture, Snapshot, worksheet_html

MARGIN_MM = 15
RESOLUTION_DPI = 300


def worksheet_pdf(title: str, snapshots: Sequence[Snapshot], lessons: Sequence[LessonTemplate] | None = None) -> bytes:
    """The bytes of the worksheet's PDF (A4), the same page `worksheet_html` writes for the browser."""
    pictures: dict[str, Picture] = {}

    def resource(item: Picture) -> str:
        name = f"picture-{len(pictures)}.jpg"
        pictures[name] = item
        return name

    document = QTextDocument()
    html = worksheet_html(title, snapshots, lessons, resource)
    for name, item in pictures.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), QImage.fromData(item.jpeg))
    document.setHtml(html)
    return _printed(title, document.print_)


def _printed(title: str, print_to: Callable[[QPdfWriter], None]) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Classifier Explorer")
    writer.setResolution(RESOLUTION_DPI)
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, margins))
    print_to(writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())
