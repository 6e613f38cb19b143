"""The tool options bar: one tool's options at a time, scrolled sideways when the window is narrower than them.

A QStackedWidget asks for the room of its widest page, shown or not, so one visit to a tool with many options
(Texture, Shape) used to widen the window for good. Here only the page on show counts, and even that page never
asks for more width than `MIN_WIDTH`: what does not fit scrolls, so no tool or mode makes the window wider.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

MIN_WIDTH = 160  # logical pixels: the narrowest the bar gets; the rest of its page scrolls


class OptionsBar(QScrollArea):
    """Shows one page (a tool's options widget); its width never grows the window, its height follows the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ToolOptions")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Tool options"))
        self._page: QWidget | None = None

    def show_page(self, page: QWidget) -> None:
        """Puts a page on show (the previous one is kept by its owner, hidden)."""
        if page is self._page:
            return
        if self._page is not None:
            self._page.removeEventFilter(self)
            self.takeWidget()  # the page's owner (its tool) keeps it for the next time
        self._page = page
        self.setWidget(page)
        page.installEventFilter(self)
        name_controls(page)
        page.show()
        self._fit_height()
        self.updateGeometry()

    def page(self) -> QWidget | None:
        """The page on show."""
        return self._page

    def sizeHint(self) -> QSize:
        """The page's own size, plus the scroll bar when it is cut."""
        width = self._page.sizeHint().width() if self._page is not None else MIN_WIDTH
        return QSize(max(width, MIN_WIDTH), self._height())

    def minimumSizeHint(self) -> QSize:
        """Narrow, whatever the page: the window never widens for a tool's options."""
        return QSize(MIN_WIDTH, self._height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follows the page's size when its widgets change (a mode shows other options)."""
        if watched is self._page and event.type() == QEvent.Type.LayoutRequest:
            self._fit_height()
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def cut(self) -> bool:
        """Whether the page is wider than the bar (so it scrolls)."""
        return self._page is not None and self._page.minimumSizeHint().width() > self.viewport().width()

    def _height(self) -> int:
        page = self._page.sizeHint().height() if self._page is not None else self.fontMetrics().height()
        scroll_bar = self.horizontalScrollBar().sizeHint().height() if self.cut() else 0
        return page + scroll_bar

    def _fit_height(self) -> None:
        height = self._height()
        if self.height() != height:
            self.setFixedHeight(height)


def name_controls(page: QWidget) -> None:
    """Gives each control of an options page an accessible name (the label before it, else its text or tooltip)
    and its tooltip as the description, so a screen reader says what a slider or a list is for."""
    label = ""
    for child in page.findChildren(QWidget):
        if isinstance(child, QLabel):
            label = child.text().strip()
            continue
        if not isinstance(child, QAbstractButton | QAbstractSlider | QAbstractSpinBox | QComboBox):
            continue
        if not child.accessibleName():
            text = child.text() if isinstance(child, QAbstractButton) else ""
            child.setAccessibleName(text or label or child.toolTip())
        if not child.accessibleDescription() and child.toolTip():
            child.setAccessibleDescription(child.toolTip())
        label = ""
