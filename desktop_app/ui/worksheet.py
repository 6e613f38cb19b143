"""File › Export Worksheet…: every snapshot of the session as a web page and a PDF side by side, in one click; and
File › Lesson Worksheets: a lesson's questions alone, to hand out before the class.

Both files are written atomically (`core.safe_files`); a folder that cannot be written gets a notice saying why.
Twenty snapshots take well under a second (bench/bench_worksheet.py), so the export runs on the GUI thread under
the busy indicator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.lesson_templates import TEMPLATES, LessonTemplate, template
from desktop_app.core.safe_files import SaveError, atomic_write
from desktop_app.core.worksheet import Snapshot, worksheet_html, worksheet_paths, write_html
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.services import WindowServices
from desktop_app.ui.worksheet_pdf import worksheet_pdf

LESSONS_SUBMENU = "&File/&Lesson Worksheets"


class WorksheetExport(QObject):
    """Writes worksheets: the session's snapshots, or a lesson's questions alone."""

    def __init__(
        self, services: WindowServices, snapshots: Callable[[], Sequence[Snapshot]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.snapshots = snapshots

    def action_specs(self) -> list[ActionSpec]:
        """File › Lesson Worksheets › one entry per lesson (File › Export Worksheet… is in the window's table)."""
        return [
            ActionSpec(
                f"lesson_worksheet-{lesson.key}",
                f"{lesson.title}…",
                lambda key=lesson.key: self.ask_lesson(key),
                LESSONS_SUBMENU,
                tip=self.tr("The lesson's questions with blanks for the guesses, as a web page and a PDF"),
            )
            for lesson in TEMPLATES
        ]

    def ask(self) -> None:
        """Asks for a file name, then writes the snapshots' worksheet there (name.html and name.pdf)."""
        if not self.snapshots():
            self.services.notify(self.tr("No snapshots yet: keep one first (View › Keep Snapshot, Ctrl+K)."), "info")
            return
        path = self._ask_path(self.tr("Export worksheet"), "worksheet")
        if path:
            self.export(path)

    def ask_lesson(self, key: str) -> None:
        """Asks for a file name, then writes a lesson's worksheet (its questions alone) there."""
        lesson = template(key)
        path = self._ask_path(self.tr("Export the lesson's worksheet"), f"worksheet-{lesson.key}")
        if path:
            self.export_lesson(lesson, path)

    def export(self, chosen: str | Path, title: str | None = None) -> tuple[Path, Path] | None:
        """Writes the snapshots' worksheet as name.html and name.pdf; their paths, or None (and a notice) when they
        could not be written."""
        snapshots = list(self.snapshots())
        title = title or self.tr("Worksheet: {0} snapshots").format(len(snapshots))
        return self._write(chosen, title, snapshots, None)

    def export_lesson(self, lesson: LessonTemplate, chosen: str | Path) -> tuple[Path, Path] | None:
        """Writes a lesson's worksheet (questions and blanks, no snapshots) as name.html and name.pdf."""
        return self._write(chosen, self.tr("Worksheet: {0}").format(lesson.title), [], [lesson])

    def _write(
        self, chosen: str | Path, title: str, snapshots: list[Snapshot], lessons: list[LessonTemplate] | None
    ) -> tuple[Path, Path] | None:
        html_path, pdf_path = worksheet_paths(chosen)
        hold = self.services.busy.hold()
        try:
            write_html(html_path, worksheet_html(title, snapshots, lessons))
            atomic_write(pdf_path, worksheet_pdf(title, snapshots, lessons))
        except SaveError as err:
            self.services.notify(self.tr("The worksheet could not be saved: {0}").format(err), "error")
            return None
        finally:
            hold.release()
        self.services.settings.last_export_dir = str(html_path.resolve().parent)
        self.services.show_status(self.tr("Saved {0} and {1}").format(html_path.name, pdf_path.name), 6000)
        return html_path, pdf_path

    def _ask_path(self, title: str, name: str) -> str:
        suggested = str(Path(self.services.settings.export_dir(None)) / f"{name}.html")
        path, _ = QFileDialog.getSaveFileName(
            self.services.dialog_parent, title, suggested, self.tr("Web page and PDF (*.html)")
        )
        return path
