"""The object the Texture tool's Object and Background modes fill: the one the Shape tool found on this image, else
the region of the latest shape edit (or object fill), else one found on request: the object the model looks at
(core.objects.find_object, on the worker)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Slot

from desktop_app.core.objects import find_object
from desktop_app.core.regions import Region
from desktop_app.core.texture import TextureFill
from desktop_app.ui.jobs import Job, Lane
from desktop_app.ui.tools.base import ToolContext

SHAPE_KINDS = ("silhouette", "outline", "remove-background")  # edits of the Shape tool that hold the object


class TextureObject(QObject):
    """Knows the object to fill, and finds one in the background when there is none."""

    def __init__(self, context: ToolContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._job: Job | None = None
        self._then: Callable[[Region], None] | None = None
        context.editor.document_replaced.connect(self._forget)

    @property
    def finding(self) -> bool:
        """Whether an object is being found."""
        return self._job is not None and self._job.is_running

    def region(self) -> Region | None:
        """The object to fill (never inverted), or None when none is known for this image."""
        if self.context.found.region is not None:
            return replace(self.context.found.region, invert=False)
        for entry in reversed(self.context.editor.entries):
            edit = entry.edit
            region = getattr(edit, "region", None)
            if not isinstance(region, Region):
                continue
            if edit.kind in SHAPE_KINDS or (isinstance(edit, TextureFill) and edit.area in ("object", "background")):
                return replace(region, invert=False)
        return None

    def find(self, then: Callable[[Region], None]) -> None:
        """Finds the object the model looks at in the image as shown (on the worker), then calls `then` with it."""
        document, model = self.context.editor.document, self.context.model()
        if document is None or model is None:
            return
        image = document.render()
        self._then = then
        self.context.notify(self.tr("Finding the object the model looks at… (Esc stops)"), "info")
        self._job = self.context.bridge.run_job(
            Lane.FIND_OBJECT, lambda token, progress: find_object(model, image, token, progress)
        )
        self._job.done.connect(self._found)
        self._job.failed.connect(
            lambda message: self.context.notify(self.tr("No object found: {reason}").format(reason=message), "warning")
        )

    @Slot(object)
    def _found(self, region: Region) -> None:
        self.context.found.region = region
        then, self._then = self._then, None
        self.context.notify(self.tr("Found the object the model looks at (its outline is shown in green)."), "info")
        if then is not None:
            then(region)

    @Slot()
    def _forget(self) -> None:
        if self._job is not None:
            self._job.cancel()  # an object of the previous image: its answer never arrives
        self._then = None
        self.context.found.region = None
