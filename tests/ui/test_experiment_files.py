"""Experiment files from the window: save and reopen to the same image and prediction; the Save / Discard / Cancel
question; the title; recovered work offered until it is answered."""

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
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop_app.core import safe_files
from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.experiment import Experiment, OutsideFolderError, load, save
from desktop_app.ui import experiment_files
from tests.ui.helpers import started_window, wait_for_chart
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


def test_work_left_by_a_crash_is_offered_until_it_is_answered(qtbot, settings):
    first = started_window(qtbot, settings)
    first.editor.add_edit(Occlude(0.2, 0.2, 0.6, 0.6, fill=Fill.WHITE))
    autosave = first.experiments.autosave
    qtbot.waitUntil(lambda: autosave.writes == 1, timeout=10_000)  # a second after the edit, unasked
    first.bridge.shutdown()  # the process "dies" here: no clean close, the autosave stays

    second = started_window(qtbot, settings)  # the start-up photo has loaded: the offer is still there
    assert "Unsaved work" in second.offers.message() and second.editor.document.name == "cat.png"
    [recovered] = second.experiments.autosave.recovered()
    second.close()  # no edits, no answer: the work stays on offer
    assert recovered.is_file()

    third = started_window(qtbot, settings)
    assert "Unsaved work" in third.offers.message()
    third.offers.buttons[0].click()  # Restore
    qtbot.waitUntil(lambda: len(third.editor.entries) == 1, timeout=10_000)
    assert [e.edit for e in third.editor.entries] == [Occlude(0.2, 0.2, 0.6, 0.6, fill=Fill.WHITE)]
    assert not third.editor.undo_stack.isClean() and third.isWindowModified()
    assert not recovered.exists() and third.experiments.autosave_path.is_file()  # now this session's unsaved work
    assert third.offers.message() == ""
    third.close()  # Discard (the tests' answer): the work is let go for good
    assert not third.experiments.autosave_path.exists()
    first.close()


def test_discarding_the_offer_deletes_only_the_recovered_work(qtbot, settings, tmp_path):
    first = started_window(qtbot, settings)
    first.editor.add_edit(Occlude(0.1, 0.1, 0.3, 0.3))
    first.experiments.autosave.write_soon()
    qtbot.waitUntil(lambda: first.experiments.autosave.writes == 1, timeout=10_000)
    first.bridge.shutdown()
    second = started_window(qtbot, settings)
    [recovered] = second.experiments.autosave.recovered()
    second.offers.buttons[1].click()  # Discard
    assert not recovered.exists() and second.offers.message() == "" and second.editor.entries == []
    second.close()
    first.close()


@pytest.mark.parametrize("answer", ["Save", "Discard", "Cancel"])
def test_closing_with_unsaved_work_asks_save_discard_or_cancel(qtbot, window, save_questions, monkeypatch, tmp_path,
                                                                answer):  # fmt: skip
    window.editor.add_edit(Occlude(0.3, 0.3, 0.5, 0.5, fill=Fill.BLACK))
    window.experiments.autosave.write_soon()
    qtbot.waitUntil(lambda: window.experiments.autosave.writes == 1, timeout=10_000)
    autosave = window.experiments.autosave_path
    saved = tmp_path / "kept.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(saved), ""))
    save_questions.answer = getattr(QMessageBox.StandardButton, answer)
    window.close()
    assert save_questions.asked == ["Save your changes to “cat.png” before closing? Otherwise they are lost."]
    assert window.isVisible() == (answer == "Cancel")  # Cancel keeps everything
    assert saved.is_file() == (answer == "Save")
    assert autosave.is_file() == (answer == "Cancel")  # saved or discarded: gone; kept while the work is
    assert len(window.editor.entries) == 1
    if answer == "Save":
        assert [e.edit for e in load(saved).document.entries] == [Occlude(0.3, 0.3, 0.5, 0.5, fill=Fill.BLACK)]


@pytest.mark.parametrize("answer", ["Cancel", "Discard"])
def test_opening_another_photo_asks_first(qtbot, window, save_questions, answer):
    window.editor.add_edit(Occlude(0.3, 0.3, 0.5, 0.5))
    save_questions.answer = getattr(QMessageBox.StandardButton, answer)
    window.open_path(window.editor.document.path.parent / "coffee.png")
    assert save_questions.asked == [
        "Save your changes to “cat.png” before opening “coffee.png”? Otherwise they are lost."
    ]
    if answer == "Cancel":
        assert window.editor.document.name == "cat.png" and len(window.editor.entries) == 1
    else:
        qtbot.waitUntil(lambda: window.editor.document.name == "coffee.png", timeout=10_000)
        assert window.editor.entries == [] and not window.experiments.autosave_path.exists()


def test_restoring_a_snapshot_of_another_photo_asks_first(qtbot, window, save_questions):
    window.action_table["snapshot"].trigger()  # the cat, no edits
    window.open_path(window.editor.document.path.parent / "coffee.png")
    qtbot.waitUntil(lambda: window.editor.document.name == "coffee.png", timeout=10_000)
    window.editor.add_edit(Occlude(0.3, 0.3, 0.5, 0.5))
    save_questions.answer = QMessageBox.StandardButton.Cancel
    window.snapshots._restore(0)
    assert window.editor.document.name == "coffee.png" and len(window.editor.entries) == 1
    save_questions.answer = QMessageBox.StandardButton.Discard
    window.snapshots._restore(0)
    assert window.editor.document.name == "cat.png" and len(save_questions.asked) == 2


def test_the_title_names_the_experiment_and_marks_unsaved_changes(qtbot, window, tmp_path):
    assert window.windowTitle() == "cat.png[*] — Classifier Explorer" and not window.isWindowModified()
    window.editor.add_edit(Occlude(0.3, 0.3, 0.5, 0.5))
    assert window.isWindowModified()
    assert window.experiments._save_to(tmp_path / "lesson one.json")
    assert window.windowTitle() == "lesson one.json[*] — Classifier Explorer" and not window.isWindowModified()
    window.action_table["undo"].trigger()
    assert window.isWindowModified()


def test_clean_close_leaves_no_autosave(qtbot, window, save_questions):
    autosave = window.experiments.autosave_path
    window.close()
    assert not autosave.exists() and save_questions.asked == []


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
