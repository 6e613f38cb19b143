"""Worksheets: every snapshot on the page (its picture, edits, chart numbers, map, scores and note), embedded
pictures small enough, the lessons' questions, and the files written atomically with clear errors."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.explanation import ExplanationMap
from desktop_app.core.lesson_templates import BLANK, template
from desktop_app.core.paths import sample_images
from desktop_app.core.prediction import ChartRow
from desktop_app.core.safe_files import SaveError
from desktop_app.core.shape_bias import run_study
from desktop_app.core.stimuli import cue_conflict_dir
from desktop_app.core.worksheet import (
    PICTURE_MAX_SIDE,
    Chart,
    LessonStep,
    SnapshotContext,
    SnapshotMap,
    bias_summary,
    lessons_of,
    take_snapshot,
    worksheet_html,
    worksheet_paths,
    write_html,
)

IMAGE_SOURCE = re.compile(r'<img src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)"')


@pytest.fixture(scope="module")
def cat() -> Document:
    return Document.from_file(next(path for path in sample_images() if path.stem == "cat"))


def covered(document: Document, x0: float) -> Document:
    """The document with a black box over a part of it."""
    copy = document.snapshot()
    copy.entries.append(EditEntry(Occlude(x0, 0.0, x0 + 0.4, 0.6, fill=Fill.BLACK)))
    return copy


def few_cue_conflict_images(folder: Path) -> Path:
    """A folder with the first two cue-conflict images of each category (32 images: a quick study)."""
    for category in sorted(cue_conflict_dir().iterdir()):
        for image in sorted(category.glob("*.png"))[:2]:
            shutil.copy(image, folder / image.name)
    return folder


def snapshot_of(model, document: Document, context: SnapshotContext | None = None):
    probabilities = model.predict([document.render()])[0]
    return take_snapshot(document, model.name, model.labels, probabilities, context=context or SnapshotContext())


def decoded(match: re.Match) -> np.ndarray:
    data = np.frombuffer(base64.b64decode(match.group(1)), np.uint8)
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def test_every_snapshot_is_on_the_page_with_its_picture_edits_chart_and_note(model, cat):
    snapshots = [snapshot_of(model, cat), *(snapshot_of(model, covered(cat, x0)) for x0 in (0.0, 0.3, 0.6))]
    for number, snapshot in enumerate(snapshots):
        snapshot.note = f"note {number}: <b>why?</b>"
    html = worksheet_html("Tuesday's class", snapshots)
    pictures = list(IMAGE_SOURCE.finditer(html))
    assert len(pictures) == 4  # one per snapshot (no map shown)
    for match, snapshot in zip(pictures, snapshots, strict=True):
        pixels = decoded(match)
        assert max(pixels.shape[:2]) <= PICTURE_MAX_SIDE
        assert pixels.shape[1::-1] == (snapshot.picture.width, snapshot.picture.height)
        rendered = cv2.resize(snapshot.document.render(), pixels.shape[1::-1], interpolation=cv2.INTER_AREA)
        assert np.abs(pixels[..., ::-1].astype(int) - rendered).mean() < 4  # the edited image, JPEG aside
    for number, snapshot in enumerate(snapshots):
        assert f"Snapshot {number + 1}: {snapshot.label}" in html
        assert f"note {number}: &lt;b&gt;why?&lt;/b&gt;" in html  # escaped, never markup
        assert len(snapshot.chart.rows) == 5
        for row in snapshot.chart.rows:
            assert f"{100 * row.probability:.1f} %" in html
    assert html.count("Box (black), 40×60 %") == 3 and "none (the original image)" in html
    assert "<script" not in html and "http" not in html.split("</head>")[1]  # self-contained


def test_a_shown_map_lesson_second_chart_guess_score_and_shape_bias_appear(model, cat, tmp_path):
    document = covered(cat, 0.0)
    image = document.render()
    result = ExplanationMap(
        "occlusion", np.linspace(-1, 1, 49, dtype=np.float32).reshape(7, 7), 281, (0, 0, 50, 50), 1, 0.0
    )
    study = run_study(model, few_cue_conflict_images(tmp_path))
    second = Chart("biased copy", (ChartRow(291, "lion", 0.625), ChartRow(281, "tabby", 0.125)))
    context = SnapshotContext(
        shown_map=SnapshotMap(image, result, "tabby", 0.6),
        lesson=LessonStep("occlusion", "Occlusion: cover the key region", "step 1 of 1"),
        shape_bias=bias_summary(study),
        extra_charts=(second,),
        guess_score=(3, 5),
    )
    snapshot = snapshot_of(model, document, context)
    html = worksheet_html("Maps", [snapshot])
    pictures = list(IMAGE_SOURCE.finditer(html))
    assert len(pictures) == 2  # the image and the map over it
    overlay = decoded(pictures[1])
    assert overlay.shape[0] > decoded(pictures[0]).shape[0]  # the map has its colour bar under it
    assert "occlusion map for tabby" in html
    assert "biased copy: top 5" in html and "62.5 %" in html and "12.5 %" in html
    assert "3 of 5 guesses right" in html
    assert "Occlusion: cover the key region, step 1 of 1" in html
    assert "Questions: Occlusion: cover the key region" in html  # the lesson's template follows the snapshots
    for question in template("occlusion").questions:
        assert question.replace("×", "×") in html.replace("&#x27;", "'")
    assert study.bias.shape_bias is not None
    assert f"Shape bias of {study.model}: {study.bias.shape_bias:.2f}</b> on {study.bias.cue_conflict} cue" in html


def test_a_lessons_worksheet_alone_has_its_questions_and_blanks():
    lesson = template("texture")
    html = worksheet_html(lesson.title, [], [lesson])
    assert "<img" not in html and html.count("<li>") == len(lesson.questions) >= 3
    assert html.count(BLANK) >= len(lesson.questions)
    assert "What will the model say when the texture is swapped for elephant skin?" in html


def test_lessons_are_listed_once_in_order_of_first_snapshot(model, cat):
    steps = [LessonStep("shape", "Shape"), None, LessonStep("parts", "Parts"), LessonStep("shape", "Shape")]
    snapshots = [snapshot_of(model, cat, SnapshotContext(lesson=step)) for step in steps]
    assert [lesson.key for lesson in lessons_of(snapshots)] == ["shape", "parts"]


def test_the_files_are_named_side_by_side_and_written_atomically(tmp_path):
    assert worksheet_paths(tmp_path / "class.html") == (tmp_path / "class.html", tmp_path / "class.pdf")
    assert worksheet_paths(tmp_path / "class.PDF") == (tmp_path / "class.html", tmp_path / "class.pdf")
    assert worksheet_paths(tmp_path / "week.2") == (tmp_path / "week.2.html", tmp_path / "week.2.pdf")
    written = write_html(tmp_path / "class.html", "<p>é</p>")
    assert written.read_bytes() == "<p>é</p>".encode()
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(SaveError) as error:
        write_html(tmp_path / "a-file" / "class.html", "<p></p>")
    assert "class.html" in str(error.value)
