"""ImageNet-1k class names and WordNet ids, and coarse categories (cat, dog, bird, ...) for grouping."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop_app.core.paths import resources_dir

# Inclusive index ranges of ImageNet-1k classes, after the WordNet hierarchy (the usual grouping).
COARSE_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "fish": ((0, 6), (389, 397)),
    "bird": ((7, 24), (80, 100), (127, 146)),
    "reptile or amphibian": ((25, 68),),
    "invertebrate": ((69, 79), (107, 126), (300, 327)),
    "dog": ((151, 268),),
    "wild dog or fox": ((269, 280),),
    "cat": ((281, 285),),
    "big cat": ((286, 293),),
    "bear": ((294, 297),),
    "primate": ((365, 384),),
    "elephant": ((385, 386), (101, 101)),
}


@dataclass(frozen=True)
class Labels:
    """Names for the classes of one model, index-aligned with its output."""

    names: tuple[str, ...]
    wnids: tuple[str, ...] = ()
    label_set: str = "imagenet-1k"

    def __len__(self) -> int:
        return len(self.names)

    def name(self, index: int) -> str:
        """The short name of a class index."""
        return self.names[index] if 0 <= index < len(self.names) else f"class {index}"

    def index_of(self, name: str) -> int:
        """The index of a class given its short name or WordNet id (case-insensitive)."""
        wanted = name.strip().lower()
        for i, (label, wnid) in enumerate(zip(self.names, self.wnids or ("",) * len(self.names), strict=True)):
            if label.lower() == wanted or wnid.lower() == wanted:
                return i
        raise KeyError(f"no class named {name!r}")


@lru_cache(maxsize=1)
def imagenet_labels(path: Path | None = None) -> Labels:
    """The 1000 ImageNet-1k classes from the bundled resource file."""
    path = path or resources_dir() / "labels" / "imagenet1k.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    classes = doc["classes"]
    return Labels(tuple(c["name"] for c in classes), tuple(c["wnid"] for c in classes), doc["label_set"])


def coarse_category(index: int) -> str | None:
    """The coarse category (e.g. "cat", "dog") of an ImageNet-1k index, or None."""
    for category, ranges in COARSE_RANGES.items():
        if any(low <= index <= high for low, high in ranges):
            return category
    return None
