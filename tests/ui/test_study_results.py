"""The study results table: biggest drops first, sortable, filterable; double-click asks to open the image."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop_app.core.study_recipes import parse_recipe
from desktop_app.core.study_results import Journal, ResultsError, result_columns, write_meta
from desktop_app.ui.study_results import load_results_dialog

RECIPE = parse_recipe("parts", seeds=2)


def row(image, run, drop, **values):
    return {"image": image, "run": run, "recipe": "lesson:parts", "drop": drop, **values}


@pytest.fixture
def results(tmp_path):
    out = tmp_path / "results.csv"
    journal = Journal(out, result_columns(False))
    journal.append(
        [
            row("282/a.png", 0, 0.1, before_label="tiger cat", true_label="tiger cat", top1_kept=True),
            row("282/b.png", 1, 0.5, before_label="tabby", true_label="tiger cat", top1_kept=False),
            row("misc/c.png", 0, None, error="“c.png” is damaged"),
            row("misc/d.png", 0, -0.2, before_label="space shuttle", top1_kept=True),
        ]
    )
    journal.close()
    write_meta(out, {"folder": str(tmp_path / "photos"), "recipe": RECIPE.to_dict(), "recipe_label": RECIPE.label})
    return out


def shown(dialog, column="image"):
    index = dialog.model.columns.index(column)
    return [dialog.proxy.index(r, index).data() for r in range(dialog.proxy.rowCount())]


def test_opens_with_the_biggest_drops_first(qtbot, results):
    dialog = load_results_dialog(results)
    qtbot.addWidget(dialog)
    assert dialog.model.columns == ["image", "run", "true_label", "before_label", "drop", "top1_kept", "error"]
    assert shown(dialog) == ["282/b.png", "282/a.png", "misc/d.png", "misc/c.png"]
    assert shown(dialog, "drop") == ["50.00 %", "10.00 %", "-20.00 %", ""]
    assert shown(dialog, "top1_kept") == ["no", "yes", "yes", ""]
    assert dialog.model.headerData(4, Qt.Orientation.Horizontal) == "Drop"
    assert "lesson:parts over" in dialog.status.text() and "4 rows" in dialog.status.text()


def test_header_clicks_sort(qtbot, results):
    dialog = load_results_dialog(results)
    qtbot.addWidget(dialog)
    dialog.show()
    header = dialog.view.horizontalHeader()
    image_column = dialog.model.columns.index("image")
    where = QPoint(header.sectionViewportPosition(image_column) + 5, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    first = shown(dialog)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert {tuple(first), tuple(shown(dialog))} == {
        ("282/a.png", "282/b.png", "misc/c.png", "misc/d.png"),
        ("misc/d.png", "misc/c.png", "282/b.png", "282/a.png"),
    }
    dialog.view.sortByColumn(dialog.model.columns.index("true_label"), Qt.SortOrder.AscendingOrder)
    assert shown(dialog)[2:] == ["misc/c.png", "misc/d.png"]  # rows without a true class last


def test_filter(qtbot, results):
    dialog = load_results_dialog(results)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.filter, "TABBY")
    assert shown(dialog) == ["282/b.png"] and dialog.status.text() == "1 of 4 rows"
    dialog.filter.setText("misc/")
    assert shown(dialog) == ["misc/d.png", "misc/c.png"]
    dialog.filter.clear()
    assert len(shown(dialog)) == 4 and "Double-click" in dialog.status.text()


def test_double_click_asks_to_open_the_image_with_the_recipe(qtbot, results, tmp_path):
    dialog = load_results_dialog(results)
    qtbot.addWidget(dialog)
    dialog.show()
    rect = dialog.view.visualRect(dialog.proxy.index(0, 0))
    with qtbot.waitSignal(dialog.open_requested, timeout=5000) as signal:
        qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # views want a press
        qtbot.mouseDClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [str(tmp_path / "photos" / "282" / "b.png"), RECIPE, 1]


def test_results_without_their_record_cannot_open_rows(qtbot, results):
    results.with_name(results.name + ".study.json").unlink()
    dialog = load_results_dialog(results)
    qtbot.addWidget(dialog)
    with qtbot.assertNotEmitted(dialog.open_requested):
        dialog._open(dialog.proxy.index(0, 0))
    assert dialog.status.text().startswith("Cannot open this row: “results.csv” does not record its study")


def test_a_file_that_is_not_results(qtbot, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    with pytest.raises(ResultsError, match="not a study results file"):
        load_results_dialog(tmp_path / "notes.csv")
