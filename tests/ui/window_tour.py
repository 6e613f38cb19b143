"""A tour of everything a user can choose in the window, measuring after each step whether the window (frame and
status bar included) is on its screen and how large a minimum size it asks for. Run in its own process on a real
X server by tests/ui/test_real_window.py: `python -m tests.ui.window_tour OUT.json [--lessons]`.

Each step is a (name, action) pair; after it the tour lets Qt lay the window out and records one row.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.core.presets import PRESETS
from desktop_app.ui.app import create_window, make_application
from desktop_app.ui.language import use_language
from desktop_app.ui.main_window import MainWindow

SETTLE_S = 0.15  # after a step: the X server's answers to a resize or a move arrive within this


def _settle(seconds: float = SETTLE_S) -> None:
    """Lets the window take the step in: layout requests, the X server's answers, repaints."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QTest.qWait(round(1000 * seconds))
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _wait(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QTest.qWait(20)


def _rect(widget_rect) -> list[int]:  # noqa: ANN001 (QRect)
    return [widget_rect.left(), widget_rect.top(), widget_rect.width(), widget_rect.height()]


def measure(window: MainWindow, step: str) -> dict:
    """One row: the window's frame, its size and minimum size, the status bar on screen, the screen's room."""
    status = window.statusBar()
    corner = status.mapToGlobal(QPoint(0, 0))
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    return {
        "step": step,
        "frame": _rect(window.frameGeometry()),
        "size": [window.width(), window.height()],
        "minimum": [minimum.width(), minimum.height()],
        "status_bar": [corner.x(), corner.y(), status.width(), status.height()] if status.isVisible() else None,
        "available": _rect(window.screen().availableGeometry()),
        "chart_text_px": window.chart.font().pixelSize(),
    }


def dialog_step(window: MainWindow, action: str) -> Callable[[], dict]:
    """Opens a dialog from the action table and measures it (then closes it): dialogs must fit the screen too."""

    def run() -> dict:
        seen: dict = {}

        def close_it() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is not None:
                seen["frame"] = _rect(dialog.frameGeometry())
                dialog.close()

        QTimer.singleShot(400, close_it)
        window.action_table[action].trigger()
        return seen

    return run


def steps(window: MainWindow, lessons: bool) -> list[tuple[str, Callable[[], object]]]:
    """Every tool and each of its modes, every panel off and on, snapshots, Explain, dialogs, projector mode, and
    (with `lessons`) each lesson followed by a double-click on its edit."""
    table = window.action_table
    tour: list[tuple[str, Callable[[], object]]] = []
    for key, tool in window.tools.tools.items():
        tour.append((f"tool {key}", table[key].trigger))
        tour += [(f"tool {key} mode {mode}", lambda t=tool, m=mode: t.set_mode(m)) for mode in tool.Mode]
    tour.append(("tool pan", table["pan"].trigger))
    for panel in ("side_panel", "tool_options", "explain_panel"):
        tour += [(f"{panel} toggled", table[panel].trigger), (f"{panel} toggled back", table[panel].trigger)]
    tour += [
        ("snapshot", table["snapshot"].trigger),
        ("snapshot strip folded", lambda: window.snapshots.set_expanded(False)),
        ("snapshot strip unfolded", lambda: window.snapshots.set_expanded(True)),
        ("explain", table["explain"].trigger),
        ("dialog shortcuts", dialog_step(window, "shortcuts")),
        ("dialog about", dialog_step(window, "about")),
        ("projector on", lambda: table["projector"].setChecked(True)),
        ("projector off", lambda: table["projector"].setChecked(False)),
    ]
    if lessons:
        for preset in PRESETS:
            tour.append((f"lesson {preset.key}", lambda p=preset: _run_lesson(window, p.key)))
            tour.append((f"lesson {preset.key} edit double-clicked", lambda: _double_click_last_edit(window)))
    return tour


def _run_lesson(window: MainWindow, key: str) -> None:
    window.action_table[f"lesson-{key}"].trigger()
    _wait(lambda: window.lessons.running is None)


def _double_click_last_edit(window: MainWindow) -> None:
    panel = window.edits_panel.list
    if panel.count():
        panel.itemDoubleClicked.emit(panel.item(panel.count() - 1))


def tour(out: Path, lessons: bool, language: str = "en") -> None:
    """Runs the tour on a fresh window, in `language`, and writes the rows as JSON."""
    make_application()
    if use_language(language) != language:
        raise RuntimeError(f"the app cannot speak {language!r} here")
    with tempfile.TemporaryDirectory() as folder:
        window = create_window(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        QTest.qWaitForWindowExposed(window)
        _wait(lambda: window.prediction is not None)
        _settle()
        rows = [measure(window, "start")]
        for name, action in steps(window, lessons):
            extra = action()
            _settle()
            row = measure(window, name)
            if isinstance(extra, dict) and extra:
                row["dialog"] = extra.get("frame")
            rows.append(row)
            if name == "projector on":
                _settle(0.3)
                rows.append(measure(window, "projector on, later"))
        window.editor.undo_stack.setClean()  # nothing to ask about when the tour closes the window
        window.close()
    out.write_text(json.dumps(rows, indent=1))


def offenders(rows: list[dict], limit: tuple[int, int] = (1024, 720)) -> list[str]:
    """The steps after which the window (frame, status bar, a dialog) left the screen or asked for too much room."""
    found = []
    for row in rows:
        left, top, width, height = row["available"]
        room = (left, top, left + width, top + height)
        boxes = {"frame": row["frame"], "status bar": row["status_bar"], "dialog": row.get("dialog")}
        for what, box in boxes.items():
            if box and not (box[0] >= room[0] and box[1] >= room[1] and box[0] + box[2] <= room[2]
                            and box[1] + box[3] <= room[3]):  # fmt: skip
                found.append(f"{row['step']}: {what} {box} is not within the screen's {row['available']}")
        most = (min(limit[0], width), min(limit[1], height))
        if row["minimum"][0] > most[0] or row["minimum"][1] > most[1]:
            found.append(f"{row['step']}: minimum size {row['minimum']} is larger than {list(most)}")
    return found


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--language") + 1] if "--language" in sys.argv else "en"
    tour(Path(sys.argv[1]), "--lessons" in sys.argv, chosen)
