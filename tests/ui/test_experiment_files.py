"""Experiment files from the window: save and reopen to the same image and prediction; autosave and restore."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core import safe_files
from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.experiment import Experiment, OutsideFolderError, load, save
from desktop_app.ui import experiment_files
from desktop_app.ui.app import create_window
from tests.ui.helpers import wait_for_chart
from tests.ui.screenshots import assert_canvas_shows_the_render, grab

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def test_saved_experiment_reopens_to_the_identical_image_and_prediction(qtbot, window, tmp_path):
    window.editor.add_edit(Occlude(0.3, 0.1, 0.7, 0.5, fill=Fill.NOISE))
    window.editor.add_edit(Occlude(0.1, 0.6, 0.4, 0.9, shape="ellipse", fill=Fill.BLUR))
    wait_for_chart(qtbot, window)
    image, probabilities = window.editor.document.render(), window.prediction.probabilities
    file = tmp_path / "lesson.json"
    assert window.experiments._save_to(file)
    assert window.editor.undo_stack.isClean()
    window.open_path(window.editor.document.path.parent / "coffee.png")
    qtbot.waitUntil(lambda: window.editor.document.name == "coffee.png", timeout=10_000)
    window.open_path(file)
    qtbot.waitUntil(lambda: len(window.editor.entries) == 2, timeout=10_000)
    wait_for_chart(qtbot, window)
    np.testing.assert_array_equal(window.editor.document.render(), image)
    np.testing.assert_array_equal(window.prediction.probabilities, probabilities)
    recorded = window.experiments.experiment().predictions["top"][0]
    assert recorded["index"] == int(np.argmax(probabilities))


def test_a_bad_experiment_file_is_explained_and_the_work_stays(qtbot, window, tmp_path):
    window.editor.add_edit(Occlude(0.3, 0.1, 0.7, 0.5))
    bad = tmp_path / "old.json"
    bad.write_text('{"format": "classifier-explorer-experiment", "version": 0}')
    window.open_path(bad)
    qtbot.waitUntil(lambda: "version 0" in window.notice.message(), timeout=10_000)
    assert len(window.editor.entries) == 1


def test_unsaved_work_is_autosaved_and_offered_after_a_crash(qtbot, settings):
    first = create_window(settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.prediction is not None, timeout=30_000)
    first.editor.add_edit(Occlude(0.2, 0.2, 0.6, 0.6, fill=Fill.WHITE))
    first.experiments.autosave_now()
    autosave = first.experiments.autosave_path
    qtbot.waitUntil(autosave.is_file, timeout=10_000)
    first.bridge.shutdown()  # the process "dies" here: no clean close, the autosave stays
    second = create_window(settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: "Unsaved work" in second.notice.message(), timeout=10_000)
    qtbot.waitUntil(lambda: second.prediction is not None, timeout=30_000)
    second.notice.action_button.click()
    assert [e.edit for e in second.editor.entries] == [Occlude(0.2, 0.2, 0.6, 0.6, fill=Fill.WHITE)]
    assert not second.editor.undo_stack.isClean()
    second.close()
    assert autosave.is_file()  # still unsaved: kept for next time
    first.close()


def test_clean_close_leaves_no_autosave(qtbot, window):
    autosave = window.experiments.autosave_path
    window.close()
    assert not autosave.exists()


def _outside_experiment(tmp_path: Path) -> Path:
    """An experiment in lessons/ whose photo lies in photos/ and has changed since: outside, unverified."""
    photo = tmp_path / "photos" / "coffee.png"
    photo.parent.mkdir()
    shutil.copyfile(SAMPLES / "coffee.png", photo)
    file = save(Experiment(Document.from_file(photo)), tmp_path / "lessons" / "outside.json")
    with photo.open("ab") as handle:
        handle.write(b"\0")  # no longer the file the experiment recorded
    return file


def test_an_experiment_naming_a_file_outside_its_folder_asks_first(qtbot, window, tmp_path, monkeypatch):
    (tmp_path / "lessons").mkdir()
    file = _outside_experiment(tmp_path)
    asked: list[Path] = []
    answer = {"open": False}

    def ask(refusal, experiment_file):
        asked.append(refusal.path)
        return answer["open"]

    monkeypatch.setattr(window.experiments, "ask_open_outside", ask)
    before = window.editor.document
    window.open_path(file)
    qtbot.waitUntil(lambda: "“outside.json” was not opened" in window.notice.message(), timeout=10_000)
    assert asked == [tmp_path / "lessons" / ".." / "photos" / "coffee.png"] and window.editor.document is before
    answer["open"] = True
    window.open_path(file)
    qtbot.waitUntil(lambda: window.editor.document.name == "coffee.png", timeout=10_000)
    assert window.experiments.current_file == file and "has changed since" in window.notice.message()


def test_the_question_offers_open_anyway_and_cancel(qtbot, window, tmp_path):
    refusal = OutsideFolderError("outside", Path("/elsewhere/photo.png"))

    def answer(text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "/elsewhere/photo.png" in box.text()
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        next(button for button in box.buttons() if button.text() == text).click()

    QTimer.singleShot(0, lambda: answer("Open Anyway"))
    assert window.experiments.ask_open_outside(refusal, Path("x.json")) is True
    QTimer.singleShot(0, lambda: answer("Cancel"))
    assert window.experiments.ask_open_outside(refusal, Path("x.json")) is False


def _many_edits(tmp_path: Path, count: int) -> Path:
    photo = tmp_path / "cat.png"
    shutil.copyfile(SAMPLES / "cat.png", photo)
    document = Document.from_file(photo)
    document.entries = [EditEntry(Occlude(0.1 + 0.3 * i / count, 0.1, 0.9, 0.9)) for i in range(count)]
    return save(Experiment(document), tmp_path / "huge.json")


def test_a_huge_experiment_opens_with_progress_and_stops_on_esc(qtbot, window, tmp_path, monkeypatch):
    file = _many_edits(tmp_path, 10_000)
    halfway, go = threading.Event(), threading.Event()
    real = experiment_files.counted_progress

    def pausing(progress):
        report = real(progress)

        def step(done, total):
            report(done, total)
            if done == total // 2 and not go.is_set():
                halfway.set()
                go.wait(10)  # the test presses Esc here, halfway through the edits

        return step

    monkeypatch.setattr(experiment_files, "counted_progress", pausing)
    before = window.editor.document
    window.open_path(file)
    qtbot.waitUntil(halfway.is_set, timeout=30_000)
    qtbot.waitUntil(lambda: "Opening huge.json: 5" in window.status.currentMessage(), timeout=5_000)
    assert window.status.busy_bar.isVisible()
    window.action_table["cancel"].trigger()
    go.set()
    qtbot.waitUntil(lambda: "Stopped opening" in window.status.currentMessage(), timeout=10_000)
    assert window.editor.document is before and not window.status.busy_bar.isVisible()
    window.open_path(file)  # and, left alone, it opens and renders in the background
    qtbot.waitUntil(lambda: len(window.editor.entries) == 10_000, timeout=60_000)
    wait_for_chart(qtbot, window)
    assert_canvas_shows_the_render(grab(window), window)


def _failing(error_number: int):
    def fail(*_args, **_kwargs):
        raise OSError(error_number, os.strerror(error_number))

    return fail


@pytest.mark.parametrize(
    ("where", "error_number", "message"),
    [
        ("mkstemp", errno.EROFS, "“kept.json” is in a read-only folder"),
        ("fsync", errno.ENOSPC, "The disk is full: could not save “kept.json”."),
    ],
)
def test_a_failed_save_says_why_and_keeps_the_work_and_the_previous_file(
    qtbot, window, tmp_path, monkeypatch, where, error_number, message
):
    file = tmp_path / "work" / "kept.json"
    file.parent.mkdir()
    assert window.experiments._save_to(file)
    previous = file.read_bytes()
    window.editor.add_edit(Occlude(0.2, 0.2, 0.6, 0.6))
    target = safe_files.tempfile if where == "mkstemp" else safe_files.os
    monkeypatch.setattr(target, where, _failing(error_number))
    window.action_table["save_experiment"].trigger()
    assert window.notice.level == "error" and window.notice.message().startswith(message)
    assert "Errno" not in window.notice.message() and "Something went wrong" not in window.notice.message()
    assert file.read_bytes() == previous and [p.name for p in file.parent.iterdir()] == ["kept.json"]
    assert len(window.editor.entries) == 1 and not window.editor.undo_stack.isClean()


def test_a_photo_deleted_or_replaced_after_opening_is_saved_as_it_was_edited(qtbot, window, tmp_path):
    photo = tmp_path / "mine.png"
    shutil.copyfile(SAMPLES / "cat.png", photo)
    window.open_path(photo)
    qtbot.waitUntil(lambda: window.editor.document.path == photo, timeout=10_000)
    pixels = window.editor.document.source.copy()
    shutil.copyfile(SAMPLES / "coffee.png", photo)  # replaced on disk behind the app's back
    assert window.experiments._save_to(tmp_path / "edited.json")
    photo.unlink()
    record = json.loads((tmp_path / "edited.json").read_text(encoding="utf-8"))["image"]
    assert record["sha256"] == hashlib.sha256((SAMPLES / "cat.png").read_bytes()).hexdigest()  # what was opened
    assert record["embedded"]["encoding"] == "png-base64"  # and its pixels, since the file no longer has them
    np.testing.assert_array_equal(load(tmp_path / "edited.json").document.source, pixels)
