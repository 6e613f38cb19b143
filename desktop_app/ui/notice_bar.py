"""An in-window message strip for problems and notices: readable, non-modal, never a blocking dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from desktop_app.core.safe_files import printable
from desktop_app.ui.timers import single_shot_timer

STYLES = {
    "error": ("#7f1d1d", "#fde8e8", "⚠"),
    "warning": ("#6b4a00", "#fff4d6", "⚠"),
    "info": ("#0b3d66", "#e3f0fb", "ℹ"),
}
MAX_ACTIONS = 2


class NoticeBar(QFrame):
    """Shows one message at a time above the canvas; errors stay until closed, notices fade after a while."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = [QPushButton() for _ in range(MAX_ACTIONS)]
        for index, button in enumerate(self.buttons):
            button.hide()
            button.clicked.connect(lambda _checked=False, i=index: self._run_action(i))
        self.action_button = self.buttons[0]
        self._actions: list[Callable[[], None]] = []
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        for button in self.buttons:
            layout.addWidget(button)
        layout.addWidget(self.close_button)
        self._timer = single_shot_timer(self, self.hide)
        self.level = ""
        self.hide()

    def show_message(
        self,
        text: str,
        level: str = "error",
        seconds: float | None = None,
        action: tuple[str, Callable[[], None]] | None = None,
        actions: Sequence[tuple[str, Callable[[], None]]] = (),
    ) -> None:
        """Shows a message; `seconds` hides it after a while (default: errors and offers stay, others go after 8 s);
        `action` (or up to two `actions`) adds a button (label, callback) that also dismisses the message."""
        actions = [*([action] if action else []), *actions][:MAX_ACTIONS]
        text = printable(text, keep_newlines=True)  # names from files may carry escape sequences
        foreground, background, glyph = STYLES.get(level, STYLES["info"])
        self.setStyleSheet(
            f"#NoticeBar {{ background: {background}; border: 1px solid {foreground}; border-radius: 4px; }}"
            f"#NoticeBar QLabel, #NoticeBar QToolButton {{ color: {foreground}; }}"
        )
        self.level = level
        self.icon.setText(glyph)
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self._actions = [run for _label, run in actions]
        for index, button in enumerate(self.buttons):
            button.setText(actions[index][0] if index < len(actions) else "")
            button.setVisible(index < len(actions))
        self.show()
        duration = seconds if seconds is not None else (None if level == "error" or actions else 8.0)
        if duration:
            self._timer.start(int(duration * 1000))
        else:
            self._timer.stop()

    def _run_action(self, index: int) -> None:
        actions, self._actions = self._actions, []
        self.hide()
        if index < len(actions):
            actions[index]()

    def withdraw(self, text: str) -> None:
        """Hides the message if it is still this one (its cause has gone); another message stays."""
        if self.message() == text:
            self.hide()

    def message(self) -> str:
        """The message on display, or "" when hidden."""
        return "" if self.isHidden() else self.text.text()
