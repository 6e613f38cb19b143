"""Click-to-cover on an occlusion map: the clicked window becomes an ordinary, undoable Occlude edit."""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.core.edits import Edit, Fill, Occlude
from desktop_app.core.explain import window_box
from desktop_app.core.explanation import ExplanationMap
from desktop_app.core.geometry import PixelBox


class CoveredCells:
    """The windows covered by clicks on the maps of this image, remembered by edit identity, so that an undone and
    redone cover is still known as a probe of the map rather than a change of the image."""

    def __init__(self) -> None:
        self._cells: dict[int, tuple[Occlude, PixelBox]] = {}  # id(edit): (edit, its box in image pixels)

    def cover(self, result: ExplanationMap, row: int, col: int, height: int, width: int, fill: str) -> Occlude:
        """The edit that covers window (row, col) of a map of an height x width image, remembered as a probe."""
        box = window_box(result, row, col, height, width)
        edit = Occlude(*box.to_fractions((height, width)).as_tuple(), fill=Fill(fill))
        self._cells[id(edit)] = (edit, box)
        return edit

    def probe(self, edits: Sequence[Edit]) -> PixelBox | None:
        """The box of the covered cell that is the last of these edits, if it is one."""
        cell = self._cells.get(id(edits[-1])) if edits else None
        return cell[1] if cell is not None and cell[0] is edits[-1] else None

    def clear(self) -> None:
        """Forgets every covered cell (another photo)."""
        self._cells.clear()
