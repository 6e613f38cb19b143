"""Taking and restoring snapshots: what is on screen (the edited image, its chart, the map, the lesson, the shape
bias) kept in the snapshot strip for comparing, restoring and the worksheet.

The window's other parts say what they show through `SnapshotSources`, asked when a snapshot is taken (the map,
the lesson step, the latest study, other models' charts, guess first's score and whether a guess is pending).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Slot

from desktop_app.core.prediction import ChartRow
from desktop_app.core.shape_bias import StudyResult
from desktop_app.core.worksheet import (
    Chart,
    LessonStep,
    Snapshot,
    SnapshotContext,
    SnapshotMap,
    bias_summary,
    take_snapshot,
)
from desktop_app.ui.services import WindowServices
from desktop_app.ui.snapshots import SnapshotStrip

ChartProvider = Callable[[], tuple[str, Sequence[ChartRow]] | None]
ScoreProvider = Callable[[], tuple[int, int] | None]


@dataclass(frozen=True)
class SnapshotSources:
    """Where the window's other parts say what they show: the map on screen, the lesson step, the latest study;
    other models' charts (each `(model name, rows)`, or None with none to show), guess first's score `(right, asked)`
    (None while the mode is off) and whether a guess is pending (a snapshot would show the answer)."""

    map_on_screen: Callable[[], SnapshotMap | None]
    lesson_step: Callable[[], LessonStep | None]
    study_result: Callable[[], StudyResult | None]
    other_charts: tuple[ChartProvider, ...] = ()
    guess_score: ScoreProvider = lambda: None
    guess_pending: Callable[[], bool] = lambda: False


class SnapshotKeeper(QObject):
    """Takes snapshots of what is on screen into the strip, and restores them from it."""

    def __init__(
        self,
        services: WindowServices,
        strip: SnapshotStrip,
        sources: SnapshotSources,
        maybe_save: Callable[[str], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.strip = strip
        self.sources = sources
        self.maybe_save = maybe_save  # asks Save / Discard / Cancel before another photo replaces unsaved work
        strip.restore_requested.connect(self.restore)

    def take(self) -> Snapshot | None:
        """Keeps what is on screen in the snapshot strip; None (and a notice) while there is no prediction yet."""
        services = self.services
        document, prediction = services.editor.document, services.prediction()
        if document is None or prediction is None:
            services.notify(self.tr("Nothing to keep yet: wait for the prediction."), "info")
            return None
        if self.sources.guess_pending():
            services.notify(self.tr("Guess first: pick your answer, then keep the snapshot."), "info")
            return None
        model = prediction.model
        context = self._context()
        snapshot = take_snapshot(
            document, model.name, model.labels, prediction.probabilities, services.baseline(), context
        )
        self.strip.add(snapshot)
        return snapshot

    def _context(self) -> SnapshotContext:
        study = self.sources.study_result()
        extra = [provided() for provided in self.sources.other_charts]
        return SnapshotContext(
            shown_map=self.sources.map_on_screen(),
            lesson=self.sources.lesson_step(),
            shape_bias=bias_summary(study) if study is not None and study.decisions else None,
            extra_charts=tuple(Chart(name, tuple(rows)) for name, rows in filter(None, extra)),
            guess_score=self.sources.guess_score(),
        )

    @Slot(object)
    def restore(self, snapshot: Snapshot) -> None:
        """Brings a snapshot's edits back: on the same photo as an undoable step, else (after asking) its photo."""
        editor = self.services.editor
        document = editor.document
        if document is not None and snapshot.document.source is document.source:
            editor.set_entries(snapshot.document.entries)  # same photo: an undoable step
        elif self.maybe_save(f"going back to the snapshot of “{snapshot.document.name}”"):
            editor.set_document(snapshot.document.snapshot())
