"""Tools › Shape-Bias Study…: runs on the worker with progress and Cancel, shows the core's numbers against the
paper's, a category's images with their decisions, and exports through the core."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.shape_bias import run_study
from desktop_app.core.stimuli import cue_conflict_dir
from tests.ui.screenshots import grab


@pytest.fixture
def small_folder(tmp_path):
    """Six cat and four bird images of the bundled subset, a same-category image and a file named otherwise."""
    folder = tmp_path / "stimuli"
    folder.mkdir()
    for category, count in (("cat", 6), ("bird", 4)):
        for path in sorted((cue_conflict_dir() / category).glob("*.png"))[:count]:
            shutil.copyfile(path, folder / path.name)
    shutil.copyfile(cue_conflict_dir() / "dog" / "dog1-bear1.png", folder / "dog2-dog1.png")
    shutil.copyfile(cue_conflict_dir() / "dog" / "dog1-bear1.png", folder / "holiday.png")
    return folder


def open_study(window):
    window.action_table["shape_bias_study"].trigger()
    return window.shape_bias_study.dialog


def test_the_study_shows_the_cores_numbers(qtbot, window, small_folder):
    dialog = open_study(window)
    assert dialog.isVisible() and "bundled" in dialog.folder_label.text()
    dialog.set_folder(small_folder)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.study_result is not None, timeout=60_000)
    expected = run_study(window.model, small_folder)
    assert dialog.study_result.to_json() == expected.to_json()
    assert [s.name for s in dialog.study_result.skipped] == ["holiday.png"]
    bias = expected.bias
    assert f"shape bias {bias.shape_bias:.3f}" in dialog.summary.text()
    assert f"on {bias.cue_conflict} cue-conflict images" in dialog.summary.text() and "1 files skipped" in (
        dialog.summary.text()
    )
    mine, *references = dialog.plot.series()
    assert mine.overall == bias.shape_bias
    assert mine.per_category == {
        name: c.shape_bias for name, c in bias.per_category.items() if c.shape_bias is not None
    }
    assert [r.name for r in references] == ["humans", "ResNet-50", "VGG-16", "ResNet-50 trained on Stylized-ImageNet"]
    assert [r.overall for r in references] == [0.959, 0.221, 0.092, 0.806]
    assert dialog.reports == pytest.approx(sorted(dialog.reports)) and dialog.reports[-1] == 1.0


def test_clicking_a_category_lists_its_images_with_their_decisions(qtbot, window, small_folder):
    dialog = open_study(window)
    dialog.set_folder(small_folder)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.study_result is not None, timeout=60_000)
    qtbot.mouseClick(dialog.plot, Qt.MouseButton.LeftButton, pos=dialog.plot.row_rect("bird").center().toPoint())
    decisions = [d for d in dialog.study_result.decisions if d.shape == "bird"]
    items = [dialog.images.item(row) for row in range(dialog.images.count())]
    assert [item.data(Qt.ItemDataRole.UserRole) for item in items] == decisions and len(items) == 4
    words = {"shape": "by shape", "texture": "by texture", "neither": "neither"}
    assert [item.text().splitlines()[1] for item in items] == [words[d.verdict] for d in decisions]
    assert dialog.images_label.text().startswith("<b>bird</b>: 4 images")
    qtbot.waitUntil(lambda: dialog.thumbnails_of == "bird", timeout=10_000)
    icon = items[0].icon().pixmap(88, 88).toImage()
    assert icon.pixelColor(44, 44).alpha() == 255  # the thumbnail, not the blank placeholder


def test_the_study_cancels_within_one_batch(qtbot, window):
    dialog = open_study(window)
    dialog.run(batch_size=16)  # the bundled 320 images: 20 batches
    qtbot.waitUntil(lambda: len(dialog.reports) >= 1, timeout=60_000)
    reported = len(dialog.reports)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "Stopped" in dialog.summary.text(), timeout=30_000)
    qtbot.waitUntil(lambda: window.bridge.wait_idle(0.01), timeout=30_000)
    assert len(dialog.reports) <= reported + 1 < 20
    assert dialog.study_result is None and not dialog.running and not dialog.cancel_button.isEnabled()


def test_export_writes_the_cores_csv_and_json(qtbot, window, small_folder, tmp_path):
    dialog = open_study(window)
    dialog.set_folder(small_folder)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.csv_button.isEnabled(), timeout=60_000)
    dialog.export("csv", str(tmp_path / "study.csv"))
    dialog.export("json", str(tmp_path / "study.json"))
    assert (tmp_path / "study.csv").read_text("utf-8") == dialog.study_result.decisions_csv()
    assert json.loads((tmp_path / "study.json").read_text("utf-8")) == dialog.study_result.to_json()
    dialog.export("csv", str(tmp_path / "missing" / "study.csv"))  # a clear message, no traceback
    assert "Could not save “study.csv”" in dialog.summary.text()


def test_screenshot_of_the_study_at_1024_by_768(qtbot, window, artifacts_dir):
    window.resize(1024, 768)
    dialog = open_study(window)
    dialog.resize(1000, 700)
    dialog.run()
    qtbot.waitUntil(lambda: dialog.study_result is not None, timeout=120_000)
    dialog.show_category("cat")
    qtbot.waitUntil(lambda: window.bridge.wait_idle(0.01), timeout=10_000)
    shot = grab(dialog)
    assert dialog.grab().save(str(artifacts_dir / "study-1024x768.png"))
    assert shot.shape[:2] == (700, 1000) and dialog.minimumSizeHint().width() <= 1024
    assert dialog.plot.width() >= 500 and dialog.images.count() == 20
