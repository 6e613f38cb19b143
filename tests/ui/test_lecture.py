"""Lessons › The Lecture: the lecture's cat opens, every slide's images are made on the worker and charted, each
with the lecture's verdict (a cat, a black dog, an elephant) beside the lecture's figure."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app.core.labels import coarse_category
from desktop_app.core.lecture import SLIDES, picture
from tests.core.test_lecture import VERDICTS  # the lecture: a cat, a black dog, an elephant
from tests.ui.helpers import wait_for_chart


def wait_for_slide(qtbot, window, index: int) -> None:
    """Waits until slide `index` is on show with its images made."""
    lecture = window.lecture
    qtbot.waitUntil(lambda: lecture.index == index and SLIDES[index].key in lecture.shown, timeout=60_000)


def test_the_lecture_walks_every_slide_with_the_lectures_verdicts(qtbot, window):
    window.action_table["lecture"].trigger()
    lecture, panel = window.lecture, window.lecture.panel
    assert lecture.dock.isVisible()
    for index, slide in enumerate(SLIDES):
        wait_for_slide(qtbot, window, index)
        assert panel.step.text() == f"Slide {index + 1} of {len(SLIDES)}" and panel.title.text() == slide.title
        assert panel.sentence.text() == slide.sentence
        columns = [column for column in panel.columns if column.isVisibleTo(panel)]
        assert len(columns) == len(slide.images)
        for column, image, shown in zip(columns, slide.images, lecture.shown[slide.key], strict=True):
            rows = column.chart.rows()
            assert [row.index for row in rows] == list(np.argsort(-shown.probabilities)[:3])
            expected = window.model.predict([shown.pixels])[0]
            for row in rows:
                assert abs(row.probability - float(expected[row.index])) <= 1e-5
            assert coarse_category(rows[0].index) == VERDICTS[slide.key][slide.images.index(image)]
            assert column.caption.text() == image.caption
            figures = column.figures.text()
            assert (image.lecture_result or "no figure given") in figures and rows[0].label in figures
            assert "as in the lecture" in figures
        if index < len(SLIDES) - 1:
            window.action_table["lecture_next"].trigger()
    assert not panel.next_button.isEnabled()
    window.action_table["lecture_previous"].trigger()  # already made: shown at once
    assert lecture.index == len(SLIDES) - 2 and panel.columns[0].chart.rows()


def test_the_lecture_opens_the_lectures_cat_and_pages_with_the_keyboard(qtbot, window):
    window.action_table["lecture"].trigger()
    qtbot.waitUntil(lambda: window.editor.document.name == "cat7_original.png", timeout=30_000)
    np.testing.assert_array_equal(window.editor.document.source, picture("original"))
    wait_for_chart(qtbot, window)
    wait_for_slide(qtbot, window, 0)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_PageDown)
    wait_for_slide(qtbot, window, 1)
    QTest.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    wait_for_slide(qtbot, window, 2)
    QTest.keyClick(window, Qt.Key.Key_PageUp)
    assert window.lecture.index == 1
    window.lecture.panel.close_button.click()
    assert not window.lecture.dock.isVisible()
    assert not window.action_table["lecture_next"].isEnabled()  # Page Down is the canvas's again
    assert window.editor.document.name == "cat7_original.png"  # the cat stays open


def test_paging_on_quickly_leaves_only_the_last_slide_to_finish(qtbot, window):
    window.action_table["lecture"].trigger()
    for _ in range(3):
        window.lecture.next()
    wait_for_slide(qtbot, window, 3)
    qtbot.waitUntil(lambda: window.bridge.wait_idle(0.01), timeout=30_000)
    assert window.lecture.index == 3 and window.lecture.panel.title.text() == SLIDES[3].title


def test_screenshot_of_the_lecture_at_1024_by_768(qtbot, window, artifacts_dir):
    window.resize(1024, 768)
    window.action_table["lecture"].trigger()
    window.lecture.go(3)
    wait_for_slide(qtbot, window, 3)
    qtbot.waitUntil(lambda: not window.lecture.panel.progress.isVisible(), timeout=5_000)
    for column in window.lecture.panel.columns:
        column.chart.set_animation_duration(0)
    window.lecture.go(3)
    path = artifacts_dir / "lecture-1024x768.png"
    assert window.grab().save(str(path))
    dock = window.lecture.dock
    assert dock.geometry().right() <= window.width() and dock.width() >= 440
    hint = window.minimumSizeHint()  # the open lecture never makes the window too big for a 1024 x 768 projector
    assert hint.width() <= 1024 and hint.height() <= 720
    for column in window.lecture.panel.columns:  # both images and their charts fit in the dock
        assert column.mapTo(window, column.rect().bottomRight()).x() <= window.width()
