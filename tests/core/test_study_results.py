"""Study results: a journal that survives being killed mid-write, the sorted final file (CSV or Parquet), reading."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.study_results import (
    Journal,
    ResultsError,
    check_out_path,
    finish,
    journal_path,
    maps_folder,
    meta_path,
    open_journal,
    read_meta,
    result_columns,
    rows_to_csv,
    write_meta,
)
from desktop_app.core.study_table import read_results

COLUMNS = result_columns(categories=False)


def row(image: str, run: int = 0, drop: float | None = 0.25, **values) -> dict:
    return {"image": image, "run": run, "recipe": "lesson:parts", "drop": drop, **values}


def test_columns():
    assert list(COLUMNS)[:3] == ["image", "run", "recipe"]
    assert COLUMNS["before_p5"] == "prob" and COLUMNS["after_top1"] == "int" and COLUMNS["top1_kept"] == "bool"
    assert "category_before" not in COLUMNS and result_columns(True)["category_after"] == "str"
    assert list(COLUMNS)[-1] == "error"


def test_values_as_text():
    probability = np.float32(1) / np.float32(3)
    text = rows_to_csv([row("a.png", drop=probability, top1_kept=False, error="line one\nline two")], COLUMNS)
    fields = text.rstrip("\n").split(",")
    assert np.float32(fields[list(COLUMNS).index("drop")]) == probability  # reads back to the same float32
    assert fields[list(COLUMNS).index("top1_kept")] == "False"
    assert fields[-1] == "line one line two" and text.count("\n") == 1
    assert fields[list(COLUMNS).index("true_index")] == ""


def test_journal_appends_and_resumes(tmp_path):
    path = tmp_path / "results.csv"
    journal = Journal(path, COLUMNS)
    journal.append([row("b.png"), row("b.png", 1)])
    journal.append([row("a.png")])
    journal.close()
    assert path.read_text().splitlines()[0] == ",".join(COLUMNS)
    again = Journal(path, COLUMNS)
    assert again.done == {("b.png", 0), ("b.png", 1), ("a.png", 0)}
    again.close()


def test_a_torn_last_line_is_cut_off(tmp_path):
    path = tmp_path / "results.csv"
    journal = Journal(path, COLUMNS)
    journal.append([row("a.png")])
    journal.close()
    whole = path.read_bytes()
    torn = rows_to_csv([row("b.png")], COLUMNS)[:25]
    with open(path, "a") as stream:
        stream.write(torn)  # a kill in the middle of a write
    resumed = Journal(path, COLUMNS)
    assert resumed.done == {("a.png", 0)} and path.read_bytes() == whole
    resumed.append([row("b.png")])
    resumed.close()
    assert [r["image"] for r in read_results(path).rows()] == ["a.png", "b.png"]


def test_journal_of_another_study_is_refused(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text("image,run,something\n")
    with pytest.raises(ResultsError, match="its columns differ"):
        Journal(path, COLUMNS)


def test_finish_sorts_and_keeps_each_pair_once(tmp_path):
    out = tmp_path / "results.csv"
    journal = Journal(out, COLUMNS)
    journal.append([row("b.png", 1, 0.5), row("b.png", 0, 0.25)])
    journal.append([row("a.png", 0, 0.125), row("b.png", 1, 0.5)])  # a batch redone after a crash
    journal.close()
    assert finish(out, COLUMNS) == 3
    expected = rows_to_csv([row("a.png", 0, 0.125), row("b.png", 0, 0.25), row("b.png", 1, 0.5)], COLUMNS, True)
    assert out.read_text() == expected


def test_parquet_results_round_trip_and_resume(tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "results.parquet"
    write_meta(out, {"folder": str(tmp_path), "recipe_label": "lesson:parts"})
    journal = open_journal(out, COLUMNS)
    assert journal.path == journal_path(out) == tmp_path / "results.parquet.partial.csv"
    rows = [row("b.png", drop=np.float32(0.1), top1_kept=True, before_top1=282), row("a.png", drop=None)]
    journal.append(rows)
    journal.close()
    finish(out, COLUMNS)
    assert not journal.path.exists()
    table = read_results(out)
    assert table.columns == tuple(COLUMNS) and table.meta["recipe_label"] == "lesson:parts"
    assert [r["image"] for r in table.rows()] == ["a.png", "b.png"]
    assert table.value(1, "drop") == float(np.float32(0.1)) and table.value(0, "drop") is None
    assert table.value(1, "top1_kept") is True and table.value(1, "before_top1") == 282
    resumed = open_journal(out, COLUMNS)  # a finished Parquet study reopened, e.g. after adding images
    assert resumed.done == {("a.png", 0), ("b.png", 0)}
    resumed.close()
    assert resumed.path.read_text() == rows_to_csv(sorted(rows, key=lambda r: r["image"]), COLUMNS, header=True)


def test_meta_round_trip_and_damage(tmp_path):
    out = tmp_path / "results.csv"
    assert read_meta(out) == {}
    write_meta(out, {"folder": "/x"})
    assert read_meta(out)["folder"] == "/x" and meta_path(out).name == "results.csv.study.json"
    meta_path(out).write_text("{broken")
    assert read_meta(out) == {}
    assert maps_folder(out) == tmp_path / "results-maps"


def test_out_path_checks(tmp_path):
    with pytest.raises(ResultsError, match="must end in .csv or .parquet"):
        check_out_path(tmp_path / "results.xlsx")
    with pytest.raises(ResultsError, match="does not exist"):
        check_out_path(tmp_path / "missing" / "results.csv")
    check_out_path(tmp_path / "results.csv")


def test_two_studies_cannot_write_one_journal_at_once(tmp_path):
    first = Journal(tmp_path / "results.csv", COLUMNS)
    with pytest.raises(ResultsError, match="being written by another study"):
        Journal(tmp_path / "results.csv", COLUMNS)
    first.close()
    Journal(tmp_path / "results.csv", COLUMNS).close()
