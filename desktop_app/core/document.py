"""The experiment: a source image, the list of edits on it, and the working-size copy the app edits live."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from desktop_app.core.edits import Edit, apply
from desktop_app.core.imageio import decode_image, read_image_file

WORKING_MAX_SIDE = 1600  # live edits run at this size; the full resolution is only for export


@dataclass(frozen=True)
class EditEntry:
    """An edit in the document, and whether it is currently shown."""

    edit: Edit
    visible: bool = True

    def toggled(self) -> EditEntry:
        """The same entry with visibility flipped."""
        return replace(self, visible=not self.visible)


def working_copy(source: np.ndarray, max_side: int = WORKING_MAX_SIDE) -> np.ndarray:
    """The source scaled down (never up) so its long side is at most `max_side` pixels."""
    height, width = source.shape[:2]
    scale = max_side / max(height, width)
    if scale >= 1.0:
        return source
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(source, size, interpolation=cv2.INTER_AREA)


class Document:
    """Source image + ordered edits; `render()` is always `apply(working, visible edits)`."""

    def __init__(
        self, source: np.ndarray, name: str = "image", path: Path | None = None, sha256: str | None = None
    ) -> None:
        self.source = source
        self.name = name
        self.path = path
        self.sha256 = sha256  # of the file bytes the source was decoded from: a save notices a replaced photo
        self.working = working_copy(source)
        self.entries: list[EditEntry] = []

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Document:
        """A document on an image file, remembering the sha256 of the bytes decoded; ImageLoadError if unusable."""
        file = Path(path)
        data = read_image_file(file)
        return cls(decode_image(data, file.name), name=file.name, path=file, sha256=hashlib.sha256(data).hexdigest())

    @property
    def edits(self) -> list[Edit]:
        """The visible edits, in order."""
        return [entry.edit for entry in self.entries if entry.visible]

    def edits_in_words(self) -> list[str]:
        """The visible edits as the Edits panel words them, in order."""
        return [edit.describe() for edit in self.edits]

    def insert(self, index: int, entry: EditEntry) -> None:
        """Adds an entry at a position (len(entries) appends)."""
        self.entries.insert(index, entry)

    def remove(self, index: int) -> EditEntry:
        """Removes and returns the entry at a position."""
        return self.entries.pop(index)

    def replace(self, index: int, entry: EditEntry) -> EditEntry:
        """Puts an entry in place of another and returns the old one."""
        old, self.entries[index] = self.entries[index], entry
        return old

    def snapshot(self) -> Document:
        """A copy sharing the (never modified) pixels, with its own list of edits: safe to read on another thread."""
        copy = Document.__new__(Document)
        copy.__dict__.update(self.__dict__, entries=list(self.entries))
        return copy

    def render(self, full_resolution: bool = False) -> np.ndarray:
        """The edited image, at working size (default) or at the source's full size."""
        return apply(self.source if full_resolution else self.working, self.edits)
