"""The bundled stimuli of Geirhos et al. 2019 (CC BY 4.0): the lecture's figure, silhouettes, edges, an even subset of
the cue-conflict images, and the paper's reference shape-bias figures (humans and ImageNet models)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop_app.core.paths import resources_dir

CITATION = (
    "Robert Geirhos, Patricia Rubisch, Claudio Michaelis, Matthias Bethge, Felix A. Wichmann, Wieland Brendel. "
    "“ImageNet-trained CNNs are biased towards texture; increasing shape bias improves accuracy and robustness.” "
    "ICLR 2019."
)
CREDIT = (
    "The lecture's figure, the silhouettes, the edge drawings and the cue-conflict images are the stimuli of "
    f"{CITATION} Published under the Creative Commons Attribution 4.0 licence (CC BY 4.0), unchanged."
)
LICENCE_NAME = "CC BY 4.0"


@dataclass(frozen=True)
class LectureImage:
    """One image of the lecture's figure and what the lecture reports for it."""

    key: str
    file: str
    title: str
    lecture_result: str  # what the lecture's slide shows, e.g. "tiger cat 83.6 %"


LECTURE: tuple[LectureImage, ...] = (
    LectureImage("original", "cat7_original.png", "The original", "tiger cat 83.6 %"),
    LectureImage("greyscale", "cat7_greyscale.png", "Greyscale", ""),
    LectureImage("silhouette", "cat7_silhouette_filled.png", "Shape: the filled silhouette", "schipperke 15.7 %"),
    LectureImage("edges", "cat7_edge.png", "Shape: the edges", ""),
    LectureImage("texture", "elephant1.png", "Texture: elephant skin alone", ""),
    LectureImage("cue-conflict", "cat7-elephant1_nomask.png", "Cat shape, elephant texture", "African elephant 65.2 %"),
)


def stimuli_dir() -> Path:
    """The bundled texture-vs-shape folder."""
    return resources_dir() / "texture-vs-shape"


def lecture_image(key: str) -> Path:
    """The file of one image of the lecture's figure ("original", "silhouette", "texture", "cue-conflict", ...)."""
    for image in LECTURE:
        if image.key == key:
            return stimuli_dir() / "lecture" / image.file
    raise KeyError(f"the lecture has no image {key!r} (it has: {', '.join(i.key for i in LECTURE)})")


def cue_conflict_dir() -> Path:
    """The bundled cue-conflict subset: one folder per shape category."""
    return stimuli_dir() / "cue-conflict"


def silhouettes_dir() -> Path:
    """The filled silhouettes: one folder per category."""
    return stimuli_dir() / "filled-silhouettes"


def edges_dir() -> Path:
    """The edge drawings: one folder per category."""
    return stimuli_dir() / "edges"


@dataclass(frozen=True)
class ReferenceBias:
    """A published shape bias: overall and, where published, per category."""

    name: str
    shape_bias: float
    per_category: dict[str, float]


@lru_cache(maxsize=1)
def published_shape_bias() -> tuple[ReferenceBias, ...]:
    """The paper's reference figures (humans first, then the models), from the bundled published.json."""
    doc = json.loads((stimuli_dir() / "published.json").read_text(encoding="utf-8"))
    humans = doc["humans"]
    references = [ReferenceBias("humans", float(humans["shape_bias"]), dict(humans.get("per_category", {})))]
    for name, value in doc.get("models", {}).items():
        if isinstance(value, dict):
            references.append(ReferenceBias(name, float(value["shape_bias"]), dict(value.get("per_category", {}))))
        else:
            references.append(ReferenceBias(name, float(value), {}))
    return tuple(references)
