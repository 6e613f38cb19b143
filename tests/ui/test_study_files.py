"""File › Open Study Results… in the window: the table opens, and a row's image opens with its recipe applied."""

from __future__ import annotations

import shutil

from desktop_app.core.parts import Jigsaw
from desktop_app.core.paths import resources_dir
from desktop_app.core.study_recipes import parse_recipe
from desktop_app.core.study_results import Journal, result_columns, write_meta

RECIPE = parse_recipe("parts", seeds=2)


def results_file(tmp_path):
    """A results file of the parts lesson over one photo, two runs (seeds 0 and 1)."""
    photos = tmp_path / "photos" / "282"
    photos.mkdir(parents=True)
    shutil.copy(resources_dir() / "samples" / "cat.png", photos / "cat.png")
    out = tmp_path / "results.csv"
    journal = Journal(out, result_columns(False))
    journal.append([
        {"image": "282/cat.png", "run": run, "recipe": "lesson:parts", "drop": drop}
        for run, drop in ((0, 0.1), (1, 0.4))
    ])  # fmt: skip
    journal.close()
    write_meta(out, {"folder": str(tmp_path / "photos"), "recipe": RECIPE.to_dict(), "recipe_label": RECIPE.label})
    return out


def test_a_results_row_opens_its_image_with_the_recipe(qtbot, window, tmp_path):
    dialog = window.studies.show_results(results_file(tmp_path))
    assert dialog is not None and dialog.proxy.rowCount() == 2
    dialog.open_requested.emit(str(tmp_path / "photos" / "282" / "cat.png"), RECIPE, 1)
    qtbot.waitUntil(lambda: window.editor.document is not None and window.editor.document.name == "cat.png"
                    and len(window.editor.entries) == 1, timeout=20_000)  # fmt: skip
    [entry] = window.editor.entries
    assert entry.edit == Jigsaw(3, seed=1)  # the lesson's jigsaw, moved on by the run's seed offset
    dialog.close()


def test_a_damaged_results_file_is_a_notice(window, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("not,a\nstudy", encoding="utf-8")
    assert window.studies.show_results(bad) is None
    assert window.notice.isVisible() and window.notice.level == "error"
