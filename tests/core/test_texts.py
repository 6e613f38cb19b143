"""core/texts.py: the core's words are themselves until the window installs a translator, and through it after."""

from __future__ import annotations

from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.texts import QT_TRANSLATE_NOOP, translate, use_translator


def test_marks_and_translations_are_the_text_itself_without_a_translator():
    assert QT_TRANSLATE_NOOP("Menus", "&File") == "&File"
    assert translate("Edits", "grey") == "grey"
    assert Occlude(0.1, 0.2, 0.4, 0.6, fill=Fill.GREY).describe() == "Box (grey), 30×40 % at (10 %, 20 %)"


def test_an_installed_translator_answers_until_it_is_removed():
    words = {("Edits", "grey"): "grau", ("Edits", "Box ({fill}), {width:.0f}×{height:.0f} % at ({x:.0f} %, {y:.0f} %)"):
             "Rechteck ({fill}), {width:.0f}×{height:.0f} % bei ({x:.0f} %, {y:.0f} %)"}  # fmt: skip
    use_translator(lambda context, text: words.get((context, text), text))
    try:
        assert translate("Edits", "grey") == "grau"
        assert translate("Edits", "no such text") == "no such text"
        assert Occlude(0.1, 0.2, 0.4, 0.6, fill=Fill.GREY).describe() == "Rechteck (grau), 30×40 % bei (10 %, 20 %)"
    finally:
        use_translator(None)
    assert translate("Edits", "grey") == "grey"
