"""Marks the core's words that the window shows (lesson titles and questions, the lecture's slides) for translation,
without Qt: `pyside6-lupdate` finds `QT_TRANSLATE_NOOP("Context", "text")` by its name wherever it is written, and
the window translates the text with `QCoreApplication.translate` in the same context when it shows it. Everything
else the core says (error messages, the CLI's output, edit descriptions) stays English."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """The text itself, unchanged: a mark for pyside6-lupdate (`context` is the translation's context)."""
    return text
