"""The Lessons menu: one click per question of the lecture, run off the GUI thread, leaving ordinary edits."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Slot

from desktop_app.core.document import EditEntry
from desktop_app.core.edits import Edit
from desktop_app.core.presets import PRESETS, Preset
from desktop_app.core.worksheet import LessonStep
from desktop_app.ui.actions import ActionSpec, menu_text, plain_text
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.services import BusyHold, WindowServices


class Lessons(QObject):
    """Builds the Lessons menu and applies a preset to the image as shown: its edits go on top of the user's, as
    one undoable step."""

    def __init__(self, services: WindowServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.running: Preset | None = None
        self._job: Job | None = None
        self._busy: BusyHold | None = None
        self._notice: tuple[str, tuple[Edit, ...]] | None = None  # the lesson's notice and the edits it is about
        self._applied: tuple[Preset, tuple[Edit, ...]] | None = None  # the last lesson run and the edits it made
        services.editor.changed.connect(self._withdraw_stale_notice)

    def action_specs(self) -> list[ActionSpec]:
        """Lessons › one entry per preset, Ctrl+2 onwards."""
        return [
            ActionSpec(
                f"lesson-{preset.key}",
                preset.title,
                lambda p=preset: self.run(p),
                "&Lessons",
                (f"Ctrl+{number}",),
                tip=preset.question,
            )
            for number, preset in enumerate(PRESETS, start=2)
        ]

    def run(self, preset: Preset) -> None:
        """Starts a lesson on the open image as shown (its edits applied) with the current model."""
        services = self.services
        document, model = services.editor.document, services.model
        if document is None or model is None:
            services.notify(self.tr("Open an image and wait for the model before starting a lesson."), "info")
            return
        self.running = preset
        image = document.render()  # the lesson's edits go on top of these, so they are made for this image
        self._busy = self._busy or services.busy.hold()  # one hold while any lesson runs (a new one replaces it)
        services.show_status(
            self.tr("{lesson}: working… (Esc stops)").format(lesson=plain_text(menu_text(preset.title)))
        )
        self._job = services.bridge.run_job(
            Lane.LESSON, lambda token, progress: preset.make(model, image, token, progress)
        )
        self._job.done.connect(partial(self._done, preset))
        self._job.failed.connect(self._failed)
        self._job.progress.connect(self._progress)
        self._job.cancelled.connect(self._cancelled)

    def _done(self, preset: Preset, edits: list[Edit]) -> None:
        self._finish()
        editor = self.services.editor
        self.services.show_status("")
        entries = editor.entries + [EditEntry(edit) for edit in edits]
        editor.set_entries(entries, f"Lesson: {preset.title}")  # on top of the user's edits, one undo step
        editor.select(len(entries) - 1)
        text = self.tr("{question} The edits are in the Edits panel to inspect.").format(
            question=menu_text(preset.question)
        )
        self.services.notify(text, "info")
        self._notice = (text, tuple(edits))
        self._applied = (preset, tuple(edits))

    def current_step(self) -> LessonStep | None:
        """The lesson whose edits are on the image (the last one run, while any of its edits remain), if any."""
        if self._applied is None or not self._any_shown(self._applied[1]):
            return None
        preset = self._applied[0]
        return LessonStep(preset.key, preset.title, preset.question)

    def _any_shown(self, edits: tuple[Edit, ...]) -> bool:
        shown = {id(entry.edit) for entry in self.services.editor.entries}
        return any(id(edit) in shown for edit in edits)

    @Slot()
    def _withdraw_stale_notice(self) -> None:
        """The lesson's notice goes with its edits (undone, deleted, another photo)."""
        if self._notice is None:
            return
        text, edits = self._notice
        if not self._any_shown(edits):
            self.services.notices.withdraw(text)
            self._notice = None

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._finish()
        self.services.notify(self.tr("The lesson could not run: {reason}").format(reason=message), "error")

    @Slot()
    def _cancelled(self) -> None:
        self._finish()
        self.services.show_status(self.tr("Lesson stopped."), 4000)

    @Slot(float)
    def _progress(self, fraction: float) -> None:
        if self.running is not None:
            text = self.tr("{lesson}: {percent:.0f} % (Esc stops)")
            self.services.show_status(
                text.format(lesson=plain_text(menu_text(self.running.title)), percent=100 * fraction)
            )

    def _finish(self) -> None:
        self.running = None
        if self._busy is not None:
            self._busy.release()
            self._busy = None
