"""The worksheet template of each lesson: what to do, the questions to answer and blanks for guesses, as data.

One template per lesson of the Lessons menu (the keys of `core.presets.PRESETS`) and one for the lecture's slides
(`LECTURE`). A worksheet includes a lesson's template when a snapshot was taken in that lesson; each template can
also be exported empty, to hand out before the class. A blank (`BLANK`) in a question is where a guess is written;
the texts are marked for translation and shown through `LessonTemplate.in_words()`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop_app.core.texts import QT_TRANSLATE_NOOP, translate

BLANK = "________"
LECTURE = "lecture"  # the key of the lecture's template (the presets' keys name the others)


@dataclass(frozen=True)
class LessonTemplate:
    """A lesson's worksheet: its title, what to do, and the questions (blanks marked with `BLANK`)."""

    key: str
    title: str
    task: str
    questions: tuple[str, ...]

    def in_words(self) -> LessonTemplate:
        """The template in the user's language (the window's translator; English elsewhere)."""
        return replace(
            self,
            title=translate("Menus", self.title),  # a lesson's title is also its entry in File › Lesson Worksheets
            task=translate("LessonTemplates", self.task),
            questions=tuple(translate("LessonTemplates", question) for question in self.questions),
        )


TEMPLATES: tuple[LessonTemplate, ...] = (
    LessonTemplate(
        "parts",
        QT_TRANSLATE_NOOP("Menus", "Parts: jigsaw 3×3"),
        QT_TRANSLATE_NOOP(
            "LessonTemplates", "Open a photo the model recognises, note its top class, then run Lessons › Parts."
        ),
        (
            QT_TRANSLATE_NOOP(
                "LessonTemplates",
                "Before you shuffle the photo's parts: what will the model say? My guess: ________ at about ________ %",
            ),
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "What did it say? ________ at ________ %. Was your guess right? ________"
            ),
            QT_TRANSLATE_NOOP("LessonTemplates", "Which parts can you still see in the shuffled image? ________"),
            QT_TRANSLATE_NOOP(
                "LessonTemplates",
                "Does the arrangement of the parts matter to the model? Why do you think so? ________",
            ),
            QT_TRANSLATE_NOOP(
                "LessonTemplates",
                "Try a 5×5 or 8×8 jigsaw (Tools › Parts). At what size does the top class change? ________",
            ),
        ),
    ),
    LessonTemplate(
        "occlusion",
        QT_TRANSLATE_NOOP("Menus", "Occlusion: cover the key region"),
        QT_TRANSLATE_NOOP(
            "LessonTemplates",
            "Run Lessons › Occlusion: a grey box covers the region whose cover lowers the top class most.",
        ),
        (
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "Before you look: which region do you think matters most to the model? ________"
            ),
            QT_TRANSLATE_NOOP(
                "LessonTemplates",
                "Before you cover that region: what will the model say? My guess: ________ at about ________ %",
            ),
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "What did it say? ________ at ________ %. Was your guess right? ________"
            ),
            QT_TRANSLATE_NOOP("LessonTemplates", "Was the covered region the one you expected? ________"),
            QT_TRANSLATE_NOOP(
                "LessonTemplates",
                "Cover another part by hand (Tools › Occlude). Which part hurts the prediction most? ________",
            ),
        ),
    ),
    LessonTemplate(
        "shape",
        QT_TRANSLATE_NOOP("Menus", "Shape: silhouette"),
        QT_TRANSLATE_NOOP(
            "LessonTemplates", "Run Lessons › Shape: the object the model looks at becomes a black silhouette on white."
        ),
        (
            QT_TRANSLATE_NOOP(
                "LessonTemplates",
                "Before you keep only the silhouette: what will the model say? My guess: ________ at about ________ %",
            ),
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "What did it say? ________ at ________ %. Was your guess right? ________"
            ),
            QT_TRANSLATE_NOOP("LessonTemplates", "Would a person still name the object from the silhouette? ________"),
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "What does the model's answer tell you about how much it uses shape? ________"
            ),
        ),
    ),
    LessonTemplate(
        "texture",
        QT_TRANSLATE_NOOP("Menus", "Texture: texture only"),
        QT_TRANSLATE_NOOP(
            "LessonTemplates", "Run Lessons › Texture: a patch from inside the object is tiled over the whole frame."
        ),
        (
            QT_TRANSLATE_NOOP(
                "LessonTemplates",
                "Before you keep only the texture: what will the model say? My guess: ________ at about ________ %",
            ),
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "What did it say? ________ at ________ %. Was your guess right? ________"
            ),
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "Would a person still name the object from the texture alone? ________"
            ),
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "What will the model say when the texture is swapped for elephant skin? ________"
            ),
            QT_TRANSLATE_NOOP("LessonTemplates", "Shape or texture: which does this model rely on more? ________"),
        ),
    ),
    LessonTemplate(
        LECTURE,
        QT_TRANSLATE_NOOP("Menus", "The lecture"),
        QT_TRANSLATE_NOOP(
            "LessonTemplates",
            "Walk the lecture's slides (Lessons › The Lecture) and guess each verdict before it appears.",
        ),
        (
            QT_TRANSLATE_NOOP("LessonTemplates", "Parts shuffled: the model will say ________; it said ________"),
            QT_TRANSLATE_NOOP("LessonTemplates", "Key region covered: the model will say ________; it said ________"),
            QT_TRANSLATE_NOOP("LessonTemplates", "Silhouette only: the model will say ________; it said ________"),
            QT_TRANSLATE_NOOP("LessonTemplates", "Elephant skin alone: the model will say ________; it said ________"),
            QT_TRANSLATE_NOOP(
                "LessonTemplates", "The cat in elephant skin: the model will say ________; it said ________"
            ),
            QT_TRANSLATE_NOOP("LessonTemplates", "In one sentence: what does this classifier look at? ________"),
        ),
    ),
)


def template(key: str) -> LessonTemplate:
    """The template of a lesson; KeyError naming the lessons that have one."""
    for candidate in TEMPLATES:
        if candidate.key == key:
            return candidate
    raise KeyError(f"no worksheet for the lesson {key!r} (there are: {', '.join(t.key for t in TEMPLATES)})")
