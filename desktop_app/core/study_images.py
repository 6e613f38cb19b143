"""The images of a study: every image file below a folder, in a fixed order, with the class its folder names.

ImageNet's class-per-folder layout gives the true class: a folder named by WordNet id (`n01440764`), by class index
(`0`..`999`) or by class name (`tench`, `coffee_mug`, `coffee mug`). Geirhos et al.'s cue-conflict file names
(`cat7-elephant1.png`) give the shape and texture categories the shape-bias study counts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.imageio import SUPPORTED_EXTENSIONS
from desktop_app.core.labels import Labels


@dataclass(frozen=True)
class StudyImage:
    """One image of a study: its path relative to the study folder (with /), and its true class if known."""

    relative: str
    true_index: int | None = None

    def path(self, folder: Path) -> Path:
        """The image file inside `folder`."""
        return folder.joinpath(*self.relative.split("/"))


class ClassFolders:
    """Turns folder names into ImageNet class indices (None for a folder that names no class)."""

    def __init__(self, labels: Labels) -> None:
        self.by_name: dict[str, int] = {}
        for index, name in enumerate(labels.names):
            self.by_name.setdefault(name.lower(), index)
        for index, wnid in enumerate(labels.wnids):
            self.by_name.setdefault(wnid.lower(), index)
        self.classes = len(labels.names)

    def index(self, folder_name: str) -> int | None:
        """The class a folder name stands for: a WordNet id, a class index or a class name; else None."""
        text = folder_name.strip().lower()
        if text.isdigit():
            return int(text) if int(text) < self.classes else None
        return self.by_name.get(text, self.by_name.get(text.replace("_", " ")))


def find_images(folder: Path, labels: Labels, skip: tuple[Path, ...] = ()) -> list[StudyImage]:
    """Every image file below `folder` (hidden files and folders, and the `skip` folders, left out), sorted by path."""
    folder = folder.resolve()
    skipped = {path.resolve() for path in skip}
    classes = ClassFolders(labels)
    found: list[StudyImage] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = [d for d in dirs if not d.startswith(".") and (here / d).resolve() not in skipped]
        relative_dir = here.relative_to(folder).as_posix()
        true_index = classes.index(here.name) if here != folder else None
        for name in files:
            if name.startswith(".") or "\n" in name or "\r" in name:
                continue
            if os.path.splitext(name)[1].lower() in SUPPORTED_EXTENSIONS:
                relative = name if relative_dir == "." else f"{relative_dir}/{name}"
                found.append(StudyImage(relative, true_index))
    return sorted(found, key=lambda image: image.relative)
