"""The core's words that the window shows in the user's language, without Qt: the lessons' titles and questions, the
lecture's slides and the edits' descriptions in the Edits panel.

`QT_TRANSLATE_NOOP("Context", "text")` marks a text that the window translates when it shows it; `translate("Context",
"text")` translates at once, through the translator the window installs (`use_translator`), and is the text itself
everywhere else (the command line, the tests). `pyside6-lupdate` finds both by their names. Everything else the core
says (error messages, the command line's output) stays English."""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]

_translator: list[Translator] = []  # the installed one, if any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """The text itself, unchanged: a mark for pyside6-lupdate (`context` is the translation's context)."""
    return text


def translate(context: str, text: str) -> str:
    """The text in the window's language (through the installed translator), else the text itself."""
    return _translator[0](context, text) if _translator else text


def use_translator(translator: Translator | None) -> None:
    """Makes `translate` answer through `translator` (the window passes QCoreApplication.translate); None: English."""
    _translator[:] = [translator] if translator is not None else []
