"""File › Export Worksheet… through the real window: snapshots kept with Ctrl+K (an edit, a lesson, a map, a note)
become a web page and a PDF whose pages poppler renders (pdftoppm), one page per snapshot, none blank; a lesson's
worksheet alone; an unwritable folder gets a notice; the second model's chart and the guess-first score come in
through the snapshot providers."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.imageio import load_image
from desktop_app.core.lesson_templates import template
from desktop_app.core.prediction import ChartRow
from tests.ui.helpers import wait_for_chart

PDFTOPPM = shutil.which("pdftoppm")
needs_pdftoppm = pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
PAGE_DPI = 50  # A4 at 50 dpi: 414 x 585 pixels
INK = 128  # a pixel darker than this (0-255 grey) is text or picture, not paper
COLOURFUL = 40  # HSV saturation above this: a photo's pixel, not black text on white


def answer_save_dialog(monkeypatch, path: Path) -> list[str]:
    """Makes the save dialog answer `path`; returns the titles it was asked with."""
    asked: list[str] = []

    def dialog(_parent, title, _suggested, _filter):
        asked.append(title)
        return str(path), "Web page and PDF (*.html)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return asked


def keep(qtbot, window) -> None:
    """Waits for the chart of the image as it is, then keeps a snapshot with the toolbar's action (Ctrl+K)."""
    wait_for_chart(qtbot, window)
    count = len(window.snapshots.snapshots)
    window.action_table["snapshot"].trigger()
    assert len(window.snapshots.snapshots) == count + 1


def export(qtbot, window, trigger) -> tuple[Path, Path] | None:
    """Triggers an export and waits for the worker to write it; the paths written, or None."""
    with qtbot.waitSignal(window.worksheets.finished, timeout=60_000) as written:
        trigger()
    return written.args[0]


def pdf_pages(pdf: Path, out: Path) -> list[np.ndarray]:
    """The PDF's pages rendered by poppler at PAGE_DPI, as RGB arrays (the PNGs stay in `out`)."""
    subprocess.run([PDFTOPPM, "-r", str(PAGE_DPI), "-png", str(pdf), str(out / pdf.stem)], check=True, timeout=120)
    files = sorted(out.glob(f"{pdf.stem}-*.png"))
    return [load_image(file) for file in files]


def ink_share(page: np.ndarray) -> float:
    """The share of a page's pixels that are ink (text, bars, pictures) rather than paper."""
    return float((page.mean(axis=2) < INK).mean())


def colour_share(page: np.ndarray) -> float:
    """The share of a page's pixels that are colourful (a photo or a map), not black, grey or white."""
    return float((cv2.cvtColor(page, cv2.COLOR_RGB2HSV)[..., 1] > COLOURFUL).mean())


def run_cam(qtbot, window) -> None:
    """Shows a CAM map of the image on the canvas (the quickest map)."""
    explain = window.explain
    qtbot.waitUntil(lambda: explain.cam.answer(window.model) is not None, timeout=30_000)
    explain.panel.method.setCurrentIndex(explain.panel.method.findData("cam"))
    with qtbot.waitSignal(explain.map_shown, check_params_cb=lambda result: result.complete, timeout=60_000):
        qtbot.mouseClick(explain.panel.run_button, Qt.MouseButton.LeftButton)


@needs_pdftoppm
def test_a_worksheet_of_the_sessions_snapshots_as_html_and_pdf(qtbot, window, tmp_path, monkeypatch, artifacts_dir):
    keep(qtbot, window)  # 1: the cat as it is
    window.editor.add_edit(Occlude(0.0, 0.0, 1.0, 0.5, fill=Fill.BLACK))
    keep(qtbot, window)  # 2: the top half covered
    window.editor.clear_edits()
    window.action_table["lesson-parts"].trigger()
    qtbot.waitUntil(lambda: len(window.editor.entries) == 1, timeout=60_000)
    keep(qtbot, window)  # 3: in the Parts lesson
    window.editor.clear_edits()
    run_cam(qtbot, window)
    keep(qtbot, window)  # 4: with the map on the canvas
    strip = window.snapshots
    snapshots = strip.snapshots
    assert [s.lesson.lesson if s.lesson else None for s in snapshots] == [None, None, "parts", None]
    assert [s.map_picture is not None for s in snapshots] == [False, False, False, True]
    assert snapshots[1].edits == ("Box (black), 100×50 % at (0 %, 0 %)",)
    strip.list.setCurrentRow(1)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *_args: ("Half covered & still a cat?", True))
    strip.note_button.click()
    strip.set_note(3, "The map lights up the face.")
    assert "Half covered & still a cat?" in strip.list.item(1).toolTip()

    answer_save_dialog(monkeypatch, tmp_path / "tuesday")
    html_file, pdf_file = export(qtbot, window, window.action_table["export_worksheet"].trigger)
    assert (html_file, pdf_file) == (tmp_path / "tuesday.html", tmp_path / "tuesday.pdf")
    assert not window.busy.active
    assert "Saved tuesday.html and tuesday.pdf" in window.statusBar().currentMessage()
    html = html_file.read_text(encoding="utf-8")
    assert len(re.findall(r'<img src="data:image/jpeg;base64,', html)) == 5  # four snapshots, one map
    assert "Half covered &amp; still a cat?" in html and "The map lights up the face." in html
    for snapshot in snapshots:
        for row in snapshot.chart.rows:
            assert f"{100 * row.probability:.1f} %" in html
    assert "Questions: Parts: jigsaw 3×3" in html  # the lesson of snapshot 3

    pages = pdf_pages(pdf_file, artifacts_dir)
    assert len(pages) == 5  # one page per snapshot, then the Parts lesson's questions
    for number, page in enumerate(pages):
        assert page.shape[:2] == (585, 414)  # A4 portrait at 50 dpi
        assert ink_share(page) > 0.01, f"page {number + 1} is blank"
    for page in pages[:4]:
        assert colour_share(page) > 0.03  # the photo (a cat is brown, not grey)
    assert colour_share(pages[3]) > colour_share(pages[0]) + 0.03  # the map beside the photo
    assert colour_share(pages[4]) < 0.01  # questions only: text and blanks


@needs_pdftoppm
def test_a_lessons_worksheet_alone_from_the_file_menu(qtbot, window, tmp_path, monkeypatch, artifacts_dir):
    answer_save_dialog(monkeypatch, tmp_path / "texture.html")
    assert export(qtbot, window, window.action_table["lesson_worksheet-texture"].trigger) is not None
    html = (tmp_path / "texture.html").read_text(encoding="utf-8")
    assert "<img" not in html and html.count("<li>") == len(template("texture").questions)
    [page] = pdf_pages(tmp_path / "texture.pdf", artifacts_dir)
    assert ink_share(page) > 0.01 and colour_share(page) < 0.01


def test_an_unwritable_folder_gets_a_notice_and_no_files(qtbot, window, tmp_path, monkeypatch):
    keep(qtbot, window)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-file").write_text("not a folder")
    answer_save_dialog(monkeypatch, out / "a-file" / "sheet.html")
    assert export(qtbot, window, window.action_table["export_worksheet"].trigger) is None
    assert window.notice.isVisible() and "The worksheet could not be saved" in window.notice.message()
    assert "sheet.html" in window.notice.message()
    assert sorted(p.name for p in out.iterdir()) == ["a-file"]
    assert not window.busy.active


def test_without_snapshots_it_says_how_to_keep_one_and_asks_nothing(qtbot, window, tmp_path, monkeypatch):
    asked = answer_save_dialog(monkeypatch, tmp_path / "sheet.html")
    window.action_table["export_worksheet"].trigger()
    assert asked == [] and "No snapshots yet" in window.notice.message()
    assert not (tmp_path / "sheet.html").exists()


def test_the_providers_add_a_second_models_chart_and_the_guess_score(qtbot, window, tmp_path, monkeypatch):
    second = [ChartRow(291, "lion", 0.625), ChartRow(281, "tabby", 0.25)]
    window.keeper.sources = replace(
        window.keeper.sources,
        other_charts=(lambda: ("Second model", second), lambda: None),  # one with nothing to show adds nothing
        guess_score=lambda: (2, 3),
    )
    keep(qtbot, window)
    [snapshot] = window.snapshots.snapshots
    assert [chart.model for chart in snapshot.extra_charts] == ["Second model"]
    assert snapshot.extra_charts[0].rows == tuple(second) and snapshot.guess_score == (2, 3)
    answer_save_dialog(monkeypatch, tmp_path / "two.html")
    assert export(qtbot, window, window.snapshots.export_button.click) is not None
    html = (tmp_path / "two.html").read_text(encoding="utf-8")
    assert "Second model: top 5" in html and "62.5 %" in html and "2 of 3 guesses right" in html


def test_a_snapshot_in_the_lecture_names_its_slide(qtbot, window):
    window.lecture.start()
    qtbot.waitUntil(lambda: window.editor.document.name == "cat7_original.png", timeout=30_000)
    keep(qtbot, window)
    [snapshot] = window.snapshots.snapshots
    assert snapshot.lesson is not None and snapshot.lesson.lesson == "lecture"
    assert snapshot.lesson.step == "slide 1 of 6: The original"


def test_esc_stops_an_export_and_gives_the_busy_indicator_back(qtbot, window, tmp_path, monkeypatch):
    keep(qtbot, window)
    answer_save_dialog(monkeypatch, tmp_path / "stopped.html")
    written = export(
        qtbot,
        window,
        lambda: (window.action_table["export_worksheet"].trigger(), window.action_table["cancel"].trigger()),
    )
    assert written is None and not window.busy.active
    assert window.statusBar().currentMessage() == "Worksheet export stopped."
