"""File › Export Worksheet…: every snapshot of the session as a web page and a PDF side by side, in one click; and
File › Lesson Worksheets: a lesson's questions alone, to hand out before the class.

Both files are written atomically (`core.safe_files`) on the worksheet lane of the worker (twenty snapshots take
1.5 s on the loaded 2-core machine, bench/bench_worksheet.py: too long to freeze the window), under the busy
indicator; Esc stops it between the two files. A folder that cannot be written gets a notice saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.lesson_templates import TEMPLATES, LessonTemplate, template
from desktop_app.core.safe_files import atomic_write
from desktop_app.core.scheduler import CancelToken, Progress
from desktop_app.core.worksheet import Snapshot, worksheet_html, worksheet_paths, write_html
from desktop_app.ui.actions import ActionSpec
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.services import BusyHold, WindowServices
from desktop_app.ui.worksheet_pdf import worksheet_pdf

LESSONS_SUBMENU = "&File/&Lesson Worksheets"


class WorksheetExport(QObject):
    """Writes worksheets on the worker: the session's snapshots, or a lesson's questions alone."""

    finished = Signal(object)  # (html path, pdf path) once both are written; None when it failed or was stopped

    def __init__(
        self, services: WindowServices, snapshots: Callable[[], Sequence[Snapshot]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.snapshots = snapshots
        self._busy: BusyHold | None = None

    def action_specs(self) -> list[ActionSpec]:
        """File › Lesson Worksheets › one entry per lesson (File › Export Worksheet… is in the window's table)."""
        return [
            ActionSpec(
                f"lesson_worksheet-{lesson.key}",
                lesson.title,  # translated by the action table, as the Lessons menu's entries
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

    def export(self, chosen: str | Path, title: str | None = None) -> Job:
        """Writes the snapshots' worksheet as name.html and name.pdf on the worker; `finished` says how it went."""
        snapshots = [replace(snapshot) for snapshot in self.snapshots()]  # notes edited meanwhile wait for next time
        title = title or self.tr("Worksheet: {0} snapshots").format(len(snapshots))
        return self._write(chosen, title, snapshots, None)

    def export_lesson(self, lesson: LessonTemplate, chosen: str | Path) -> Job:
        """Writes a lesson's worksheet (questions and blanks, no snapshots) as name.html and name.pdf."""
        return self._write(chosen, self.tr("Worksheet: {0}").format(lesson.in_words().title), [], [lesson])

    def _write(
        self, chosen: str | Path, title: str, snapshots: list[Snapshot], lessons: list[LessonTemplate] | None
    ) -> Job:
        html_path, pdf_path = worksheet_paths(chosen)

        def work(token: CancelToken, progress: Progress) -> tuple[Path, Path]:
            write_html(html_path, worksheet_html(title, snapshots, lessons))
            progress(0.5)
            token.raise_if_cancelled()
            atomic_write(pdf_path, worksheet_pdf(title, snapshots, lessons))
            return html_path, pdf_path

        self._busy = self._busy or self.services.busy.hold()  # one hold while any export runs (a new one replaces it)
        self.services.show_status(self.tr("Writing {0} and {1}… (Esc stops)").format(html_path.name, pdf_path.name))
        job = self.services.bridge.run_job(Lane.WORKSHEET, work)
        job.done.connect(self._done)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        return job

    @Slot(object)
    def _done(self, paths: tuple[Path, Path]) -> None:
        self._release()
        html_path, pdf_path = paths
        self.services.settings.last_export_dir = str(html_path.resolve().parent)
        self.services.show_status(self.tr("Saved {0} and {1}").format(html_path.name, pdf_path.name), 6000)
        self.finished.emit(paths)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._release()
        self.services.show_status("")
        self.services.notify(self.tr("The worksheet could not be saved: {0}").format(message), "error")
        self.finished.emit(None)

    @Slot()
    def _cancelled(self) -> None:
        self._release()
        self.services.show_status(self.tr("Worksheet export stopped."), 4000)
        self.finished.emit(None)

    def _release(self) -> None:
        if self._busy is not None:
            self._busy.release()
            self._busy = None

    def _ask_path(self, title: str, name: str) -> str:
        suggested = str(Path(self.services.settings.export_dir(None)) / f"{name}.html")
        path, _ = QFileDialog.getSaveFileName(
            self.services.dialog_parent, title, suggested, self.tr("Web page and PDF (*.html)")
        )
        return path
