"""The worksheet template of each lesson: what to do, the questions to answer and blanks for guesses, as data.

One template per lesson of the Lessons menu (the keys of `core.presets.PRESETS`) and one for the lecture's slides
(`LECTURE`). A worksheet includes a lesson's template when a snapshot was taken in that lesson; each template can
also be exported empty, to hand out before the class. A blank (`BLANK`) in a question is where a guess is written.
"""

from __future__ import annotations

from dataclasses import dataclass

BLANK = "________"
LECTURE = "lecture"  # the key of the lecture's template (the presets' keys name the others)


@dataclass(frozen=True)
class LessonTemplate:
    """A lesson's worksheet: its title, what to do, and the questions (blanks marked with `BLANK`)."""

    key: str
    title: str
    task: str
    questions: tuple[str, ...]


def _guess_then_check(change: str) -> tuple[str, ...]:
    """The two questions every lesson starts with: a guess before the change, the answer after it."""
    return (
        f"Before you {change}: what will the model say? My guess: {BLANK} at about {BLANK} %",
        f"What did it say? {BLANK} at {BLANK} %. Was your guess right? {BLANK}",
    )


TEMPLATES: tuple[LessonTemplate, ...] = (
    LessonTemplate(
        "parts",
        "Parts: jigsaw 3×3",
        "Open a photo the model recognises, note its top class, then run Lessons › Parts.",
        (
            *_guess_then_check("shuffle the photo's parts"),
            f"Which parts can you still see in the shuffled image? {BLANK}",
            f"Does the arrangement of the parts matter to the model? Why do you think so? {BLANK}",
            f"Try a 5×5 or 8×8 jigsaw (Tools › Parts). At what size does the top class change? {BLANK}",
        ),
    ),
    LessonTemplate(
        "occlusion",
        "Occlusion: cover the key region",
        "Run Lessons › Occlusion: a grey box covers the region whose cover lowers the top class most.",
        (
            f"Before you look: which region do you think matters most to the model? {BLANK}",
            *_guess_then_check("cover that region"),
            f"Was the covered region the one you expected? {BLANK}",
            f"Cover another part by hand (Tools › Occlude). Which part hurts the prediction most? {BLANK}",
        ),
    ),
    LessonTemplate(
        "shape",
        "Shape: silhouette",
        "Run Lessons › Shape: the object the model looks at becomes a black silhouette on white.",
        (
            *_guess_then_check("keep only the silhouette"),
            f"Would a person still name the object from the silhouette? {BLANK}",
            f"What does the model's answer tell you about how much it uses shape? {BLANK}",
        ),
    ),
    LessonTemplate(
        "texture",
        "Texture: texture only",
        "Run Lessons › Texture: a patch from inside the object is tiled over the whole frame.",
        (
            *_guess_then_check("keep only the texture"),
            f"Would a person still name the object from the texture alone? {BLANK}",
            f"What will the model say when the texture is swapped for elephant skin? {BLANK}",
            f"Shape or texture: which does this model rely on more? {BLANK}",
        ),
    ),
    LessonTemplate(
        LECTURE,
        "The lecture",
        "Walk the lecture's slides (Lessons › The Lecture) and guess each verdict before it appears.",
        (
            f"Parts shuffled: the model will say {BLANK}; it said {BLANK}",
            f"Key region covered: the model will say {BLANK}; it said {BLANK}",
            f"Silhouette only: the model will say {BLANK}; it said {BLANK}",
            f"Elephant skin alone: the model will say {BLANK}; it said {BLANK}",
            f"The cat in elephant skin: the model will say {BLANK}; it said {BLANK}",
            f"In one sentence: what does this classifier look at? {BLANK}",
        ),
    ),
)


def template(key: str) -> LessonTemplate:
    """The template of a lesson; KeyError naming the lessons that have one."""
    for candidate in TEMPLATES:
        if candidate.key == key:
            return candidate
    raise KeyError(f"no worksheet for the lesson {key!r} (there are: {', '.join(t.key for t in TEMPLATES)})")
