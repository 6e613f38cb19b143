"""The lecture's slides on the lecture's own images (the cat of Geirhos et al. 2019's figure), as data.

A slide shows one or two images. Each is a picture of the lecture's figure, with a lesson's edits on it where the
slide asks for them (the parts shuffled, the key region covered), beside what the lecture reported for it. The
lecture's verdicts are coarse categories (a cat, a black dog, an elephant); `show_slide` makes a slide's images and
classifies them in one batch, so the app's verdict can be read against the lecture's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from desktop_app.core.edits import Edit, apply
from desktop_app.core.imageio import load_image
from desktop_app.core.labels import coarse_category
from desktop_app.core.model import ClassifierModel
from desktop_app.core.presets import PRESETS
from desktop_app.core.scheduler import CancelToken, Progress, progress_part
from desktop_app.core.stimuli import lecture_image
from desktop_app.core.texts import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class SlideImage:
    """One image of a slide: a picture of the lecture's figure, maybe with a lesson's edits on it."""

    caption: str
    picture: str  # the key of the lecture's picture (stimuli.LECTURE): "original", "silhouette", ...
    verdict: str  # the coarse category of the lecture's verdict on it: "cat", "dog", "elephant"
    lecture_result: str = ""  # what the lecture's slide reports, e.g. "tiger cat 93.5 %"; "" when it gives none
    lesson: str = ""  # the key of the lesson (core.presets) whose edits go on the picture; "" for none


@dataclass(frozen=True)
class Slide:
    """One step of the lecture: its images and the one sentence of what it shows."""

    key: str
    title: str
    images: tuple[SlideImage, ...]
    sentence: str


SLIDES: tuple[Slide, ...] = (
    Slide(
        "original",
        QT_TRANSLATE_NOOP("Lecture", "The original"),
        (SlideImage(QT_TRANSLATE_NOOP("Lecture", "The lecture's cat"), "original", "cat", "tiger cat 83.6 %"),),
        QT_TRANSLATE_NOOP("Lecture", "The photo the lecture starts from: the model calls it a cat."),
    ),
    Slide(
        "parts",
        QT_TRANSLATE_NOOP("Lecture", "Parts: the pieces shuffled"),
        (
            SlideImage(
                QT_TRANSLATE_NOOP("Lecture", "Cut 3×3 and shuffled"),
                "original",
                "cat",
                "tiger cat 93.5 %",
                lesson="parts",
            ),
        ),
        QT_TRANSLATE_NOOP(
            "Lecture",
            "Eyes, ears and fur in the wrong places are still a cat: the parts count, their arrangement hardly does.",
        ),
    ),
    Slide(
        "occlusion",
        QT_TRANSLATE_NOOP("Lecture", "Occlusion: the key region covered"),
        (
            SlideImage(
                QT_TRANSLATE_NOOP("Lecture", "The most important region covered"),
                "original",
                "cat",
                "still classified correctly",
                lesson="occlusion",
            ),
        ),
        QT_TRANSLATE_NOOP(
            "Lecture", "Covering the region the model relies on most still leaves a cat: no single part is needed."
        ),
    ),
    Slide(
        "shape",
        QT_TRANSLATE_NOOP("Lecture", "Shape: the silhouette"),
        (
            SlideImage(QT_TRANSLATE_NOOP("Lecture", "The photo"), "original", "cat", "tiger cat 83.6 %"),
            SlideImage(QT_TRANSLATE_NOOP("Lecture", "Its filled silhouette"), "silhouette", "dog", "schipperke 15.7 %"),
        ),
        QT_TRANSLATE_NOOP(
            "Lecture",
            "The cat's outline filled black is a small black dog, not a cat: the shape alone does not make a cat.",
        ),
    ),
    Slide(
        "texture",
        QT_TRANSLATE_NOOP("Lecture", "Texture: elephant skin alone"),
        (SlideImage(QT_TRANSLATE_NOOP("Lecture", "Elephant skin, no shape"), "texture", "elephant"),),
        QT_TRANSLATE_NOOP(
            "Lecture", "A patch of elephant skin with no shape at all is already an elephant to the model."
        ),
    ),
    Slide(
        "cue-conflict",
        QT_TRANSLATE_NOOP("Lecture", "Texture: the cat in elephant skin"),
        (
            SlideImage(
                QT_TRANSLATE_NOOP("Lecture", "The cat's shape, elephant texture"),
                "cue-conflict",
                "elephant",
                "African elephant 65.2 %",
            ),
        ),
        QT_TRANSLATE_NOOP(
            "Lecture",
            "The cat's shape filled with elephant skin is an elephant: where shape and texture disagree, texture wins.",
        ),
    ),
)


@dataclass(frozen=True)
class ShownImage:
    """A slide image as the app made it: its pixels, the edits on it and the model's probabilities."""

    slide_image: SlideImage
    pixels: np.ndarray
    edits: tuple[Edit, ...]
    probabilities: np.ndarray

    @property
    def top_class(self) -> int:
        """The model's most probable class."""
        return int(np.argmax(self.probabilities))

    @property
    def agrees(self) -> bool:
        """Whether the model's top class is in the coarse category of the lecture's verdict."""
        return coarse_category(self.top_class) == self.slide_image.verdict


def slide(key: str) -> Slide:
    """The slide of that key; KeyError naming the slides when there is none."""
    for candidate in SLIDES:
        if candidate.key == key:
            return candidate
    raise KeyError(f"the lecture has no slide {key!r} (it has: {', '.join(s.key for s in SLIDES)})")


@lru_cache(maxsize=8)
def picture(key: str) -> np.ndarray:
    """The lecture's picture of that key (stimuli.LECTURE) as RGB, read-only."""
    pixels = load_image(lecture_image(key))
    pixels.setflags(write=False)
    return pixels


def _lesson_edits(
    model: ClassifierModel,
    image: SlideImage,
    pixels: np.ndarray,
    cancel: CancelToken | None,
    progress: Progress | None,
) -> tuple[Edit, ...]:
    if not image.lesson:
        return ()
    [preset] = [p for p in PRESETS if p.key == image.lesson]
    return tuple(preset.make(model, pixels, cancel, progress))


def show_slide(
    model: ClassifierModel, shown: Slide, cancel: CancelToken | None = None, progress: Progress | None = None
) -> tuple[ShownImage, ...]:
    """A slide's images made (pictures with their lessons' edits) and classified, in the slide's order."""
    made: list[tuple[SlideImage, np.ndarray, tuple[Edit, ...]]] = []
    share = 1 / len(shown.images)
    for position, image in enumerate(shown.images):
        original = picture(image.picture)
        part = progress_part(progress, position * share * 0.9, (position + 1) * share * 0.9)
        edits = _lesson_edits(model, image, original, cancel, part)
        made.append((image, apply(original, edits) if edits else original, edits))
    if cancel is not None:
        cancel.raise_if_cancelled()
    probabilities = model.predict([pixels for _, pixels, _ in made], cancel)
    if progress is not None:
        progress(1.0)
    return tuple(
        ShownImage(image, pixels, edits, row) for (image, pixels, edits), row in zip(made, probabilities, strict=True)
    )


def app_result(model: ClassifierModel, shown: ShownImage) -> str:
    """The app's figure for a slide image, written as the lecture's are: "tiger cat 50.6 %"."""
    [top] = model.top_k(shown.probabilities, 1)
    return f"{top.label} {100 * top.probability:.1f} %"


WITH_ARTICLE = {  # each coarse category (core.labels) as the verdict names it
    "fish": QT_TRANSLATE_NOOP("Lecture", "a fish"),
    "bird": QT_TRANSLATE_NOOP("Lecture", "a bird"),
    "reptile or amphibian": QT_TRANSLATE_NOOP("Lecture", "a reptile or amphibian"),
    "invertebrate": QT_TRANSLATE_NOOP("Lecture", "an invertebrate"),
    "dog": QT_TRANSLATE_NOOP("Lecture", "a dog"),
    "wild dog or fox": QT_TRANSLATE_NOOP("Lecture", "a wild dog or fox"),
    "cat": QT_TRANSLATE_NOOP("Lecture", "a cat"),
    "big cat": QT_TRANSLATE_NOOP("Lecture", "a big cat"),
    "bear": QT_TRANSLATE_NOOP("Lecture", "a bear"),
    "primate": QT_TRANSLATE_NOOP("Lecture", "a primate"),
    "elephant": QT_TRANSLATE_NOOP("Lecture", "an elephant"),
}


def _with_article(noun: str) -> str:
    known = WITH_ARTICLE.get(noun)
    return translate("Lecture", known) if known else f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def verdict_text(shown: ShownImage) -> str:
    """Whether the app's verdict is the lecture's: "a cat, as in the lecture" or "a dog; the lecture: a cat"."""
    wanted = _with_article(shown.slide_image.verdict)
    if shown.agrees:
        return translate("Lecture", "{wanted}, as in the lecture").format(wanted=wanted)
    category = coarse_category(shown.top_class)
    found = _with_article(category) if category else translate("Lecture", "something else")
    return translate("Lecture", "{found}; the lecture: {wanted}").format(found=found, wanted=wanted)
