"""Every lesson of the app has a worksheet template, with questions and blanks for the guesses."""

from __future__ import annotations

import pytest

from desktop_app.core.lesson_templates import BLANK, LECTURE, TEMPLATES, template
from desktop_app.core.presets import PRESETS


def test_every_lesson_and_the_lecture_have_a_template_with_blanks_for_guesses():
    assert [t.key for t in TEMPLATES] == [p.key for p in PRESETS] + [LECTURE]
    for lesson in TEMPLATES:
        assert len(lesson.questions) >= 3 and lesson.task
        assert all(BLANK in question for question in lesson.questions), lesson.key
        assert any("will" in question for question in lesson.questions), lesson.key  # a prediction asked for


def test_the_preset_titles_are_the_templates_titles():
    assert {p.key: p.title for p in PRESETS} == {t.key: t.title for t in TEMPLATES if t.key != LECTURE}


def test_an_unknown_lesson_is_named_with_the_known_ones():
    with pytest.raises(KeyError, match="parts, occlusion, shape, texture, lecture"):
        template("colour")
