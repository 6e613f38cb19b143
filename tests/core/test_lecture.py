"""The lecture's slides on the real model: each slide's images are made as described and get the lecture's verdict."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.edits import Occlude, apply
from desktop_app.core.labels import coarse_category
from desktop_app.core.lecture import SLIDES, app_result, picture, show_slide, slide, verdict_text
from desktop_app.core.parts import Jigsaw
from desktop_app.core.scheduler import Cancelled, CancelToken

VERDICTS = {  # the lecture: a cat until the silhouette (a black dog), an elephant with elephant skin
    "original": ["cat"],
    "parts": ["cat"],
    "occlusion": ["cat"],
    "shape": ["cat", "dog"],
    "texture": ["elephant"],
    "cue-conflict": ["elephant"],
}


@pytest.mark.parametrize("key", [s.key for s in SLIDES])
def test_every_slide_gets_the_lectures_verdict(model, key):
    shown = show_slide(model, slide(key))
    assert [coarse_category(image.top_class) for image in shown] == VERDICTS[key]
    assert all(image.agrees for image in shown)
    for image in shown:  # the probabilities are the model's on the pixels shown
        np.testing.assert_allclose(image.probabilities, model.predict([image.pixels])[0], atol=1e-5)
        assert verdict_text(image).endswith("as in the lecture")


def test_slides_carry_the_lectures_figures_and_a_sentence():
    assert [s.key for s in SLIDES] == list(VERDICTS)
    figures = {s.key: [image.lecture_result for image in s.images] for s in SLIDES}
    assert figures["parts"] == ["tiger cat 93.5 %"]
    assert figures["shape"] == ["tiger cat 83.6 %", "schipperke 15.7 %"]
    assert figures["cue-conflict"] == ["African elephant 65.2 %"]
    assert all(s.sentence.endswith(".") and len(s.sentence.split(". ")) == 1 for s in SLIDES)


def test_lesson_slides_put_the_lessons_edits_on_the_lectures_cat(model):
    [parts] = show_slide(model, slide("parts"))
    assert parts.edits == (Jigsaw(n=3, seed=0),)
    np.testing.assert_array_equal(parts.pixels, apply(picture("original"), parts.edits))
    [occlusion] = show_slide(model, slide("occlusion"))
    [box] = occlusion.edits
    assert isinstance(box, Occlude) and 0.1 <= box.x1 - box.x0 <= 0.5
    assert (occlusion.pixels != picture("original")).any(axis=2).mean() == pytest.approx(
        (box.x1 - box.x0) * (box.y1 - box.y0), abs=0.02
    )


def test_the_silhouette_slide_shows_the_photo_and_the_silhouette(model):
    photo, silhouette = show_slide(model, slide("shape"))
    np.testing.assert_array_equal(photo.pixels, picture("original"))
    np.testing.assert_array_equal(silhouette.pixels, picture("silhouette"))
    assert app_result(model, silhouette).startswith("schipperke ")
    assert app_result(model, photo) == "tiger cat 35.5 %"


def test_a_disagreement_is_said_as_such(model):
    [cat] = show_slide(model, slide("original"))
    flipped = type(cat)(slide("texture").images[0], cat.pixels, (), cat.probabilities)
    assert not flipped.agrees and verdict_text(flipped) == "a cat; the lecture: an elephant"


def test_a_slide_stops_when_cancelled(model):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        show_slide(model, slide("occlusion"), token)


def test_an_unknown_slide_is_named():
    with pytest.raises(KeyError, match="cue-conflict"):
        slide("edges")


def _readme_slide_rows() -> dict[str, list[str]]:
    """The README's lecture table: slide title -> its cells."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    titles = {s.title for s in SLIDES}
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines() if line.startswith("| ")
    ]
    return {row[0]: row for row in rows if row[0] in titles}


def test_the_readmes_lecture_table_is_what_the_app_measures(model):
    rows = _readme_slide_rows()
    assert list(rows) == [s.title for s in SLIDES]
    for shown_slide in SLIDES:
        _title, _image, lecture, app, _verdict = rows[shown_slide.title]
        figures = [i.lecture_result or "(no figure given)" for i in shown_slide.images]
        assert lecture.startswith(" / ".join(figures)), (lecture, figures)
        published = [part.split(",")[0] for part in app.split(" / ")]  # each image's top class, as published
        measured = [app_result(model, image) for image in show_slide(model, shown_slide)]
        for said, got in zip(published, measured, strict=True):
            label, percent = said.rsplit(" ", 2)[0], float(said.rsplit(" ", 2)[1])
            assert got.startswith(label + " ") and abs(float(got.rsplit(" ", 2)[1]) - percent) <= 0.5, (said, got)
