"""The HTML report of a study: the numbers it states and plots come from the results."""

from __future__ import annotations

import numpy as np

from desktop_app.core.study_report import mean_maps, rates_by, report_html, shape_bias_rates, write_report
from desktop_app.core.study_results import Journal, result_columns
from desktop_app.core.study_table import read_results


def table_of(tmp_path, rows, categories=False):
    out = tmp_path / "results.csv"
    journal = Journal(out, result_columns(categories))
    journal.append([{"run": 0, "recipe": "lesson:parts", **row} for row in rows])
    journal.close()
    table = read_results(out)
    table.meta.update(recipe_label="lesson:parts", folder=str(tmp_path), model="/models/m.onnx")
    return table


def edited(image, label, drop, kept, **values):
    return {"image": image, "true_label": label, "drop": drop, "top1_kept": kept, "before_top1": 1, **values}


def test_survival_per_class_and_the_summary(tmp_path):
    table = table_of(
        tmp_path,
        [
            edited("a.png", "tabby", 0.5, False),
            edited("b.png", "tabby", 0.1, True),
            edited("c.png", "tabby", 0.3, True),
            edited("d.png", "tench", -0.2, True),
            edited("e.png", "", 0.0, False),
            {"image": "f.png", "true_label": "tench", "error": "“f.png” is <damaged>"},
        ],
    )
    rows = table.present("drop")
    rates = rates_by(table, table.values["top1_kept"] == 1, rows, "true_label")
    assert [(r.name, round(r.rate, 4), r.count) for r in rates] == [
        ("(class not known)", 0.0, 1),
        ("tabby", 0.6667, 3),
        ("tench", 1.0, 1),
    ]
    html = report_html(table)
    assert "<h1>Study: lesson:parts</h1>" in html and "6 images, 6 rows" in html and "model m.onnx" in html
    assert "5 edited images. The original top class kept its place in 60.0 % of them" in html
    assert "dropped by 14.0 points on average (median 10.0)" in html
    assert html.count("<svg") == 2 and "67 %  (n=3)" in html
    assert "Images that could not be used (1)" in html and "“f.png” is &lt;damaged&gt;" in html
    assert "<damaged>" not in html


def test_category_survival(tmp_path):
    table = table_of(
        tmp_path,
        [
            edited("a.png", "tabby", 0.5, False, category_before="cat", category_after="cat"),
            edited("b.png", "tabby", 0.1, False, category_before="cat", category_after="dog"),
        ],
        categories=True,
    )
    html = report_html(table)
    assert "How often the 16-way category survives (50.0 % overall)" in html and html.count("<svg") == 3


def test_accuracy_where_the_true_class_is_known(tmp_path):
    table = table_of(
        tmp_path,
        [
            {"image": "a.png", "true_index": 3, "true_label": "x", "before_top1": 3, "after_top1": 3, "drop": 0.1},
            {"image": "b.png", "true_index": 3, "true_label": "x", "before_top1": 3, "after_top1": 9, "drop": 0.2},
            {"image": "c.png", "before_top1": 5, "after_top1": 5, "drop": 0.0},
        ],
    )
    assert "(2 rows): top-1 accuracy on the originals 100.0 %, on the edited images 50.0 %" in report_html(table)


def test_shape_bias(tmp_path):
    def cue(image, shape, texture, decision):
        return {"image": image, "shape_category": shape, "texture_category": texture, "category_before": decision}

    table = table_of(
        tmp_path,
        [
            cue("cat1-elephant1.png", "cat", "elephant", "cat"),
            cue("cat2-elephant1.png", "cat", "elephant", "elephant"),
            cue("cat3-clock1.png", "cat", "clock", "cat"),
            cue("dog1-dog2.png", "dog", "dog", "dog"),  # same shape and texture: not counted
            cue("dog3-clock1.png", "dog", "clock", "knife"),  # neither: not counted
            cue("knife1-bear1.png", "knife", "bear", "bear"),
        ],
        categories=True,
    )
    overall, per_category = shape_bias_rates(table)
    assert (overall.rate, overall.count) == (0.5, 4)
    assert [(r.name, round(r.rate, 4), r.count) for r in per_category] == [("knife", 0.0, 1), ("cat", 0.6667, 3)]
    assert "Shape bias 0.500 over 4 shape or texture decisions" in report_html(table)


def test_mean_maps_per_class(tmp_path):
    (tmp_path / "m").mkdir()
    np.save(tmp_path / "m" / "a.npy", np.array([[1, 0], [0, 0]], np.float32))
    np.save(tmp_path / "m" / "b.npy", np.array([[0, 0], [0, -4]], np.float32))
    np.save(tmp_path / "m" / "c.npy", np.array([[0, 3], [0, 0]], np.float32))
    table = table_of(
        tmp_path,
        [
            {"image": "a.png", "true_label": "tabby", "map_file": "m/a.npy", "before_top1": 1},
            {"image": "b.png", "true_label": "tabby", "map_file": "m/b.npy", "before_top1": 1},
            {"image": "c.png", "true_label": "tench", "map_file": "m/c.npy", "before_top1": 1},
            {"image": "d.png", "true_label": "tench", "map_file": "m/missing.npy", "before_top1": 1},
        ],
    )
    [(first, first_map, first_count), (second, second_map, second_count)] = mean_maps(table)
    assert (first, first_count, second, second_count) == ("tabby", 2, "tench", 1)
    assert np.array_equal(first_map, np.array([[0.5, 0], [0, -0.5]], np.float32))
    assert np.array_equal(second_map, np.array([[0, 1], [0, 0]], np.float32))
    html = report_html(table, complete=False)
    assert html.count("data:image/png;base64,") == 2 and "tabby (n=2)" in html
    assert "(stopped before the end: partial results)" in html


def test_write_report(tmp_path):
    table = table_of(tmp_path, [edited("a.png", "tabby", 0.5, False)])
    path = write_report(table, tmp_path / "report.html")
    assert path.read_text() == report_html(table) and not list(tmp_path.glob(".*partial"))
