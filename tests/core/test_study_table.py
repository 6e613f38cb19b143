"""Reading study results: chunked CSV and Parquet into columns; ordering, filtering and text for the table."""

from __future__ import annotations

import numpy as np
import pytest

import desktop_app.core.study_table as study_table
from desktop_app.core.study_results import Journal, ResultsError, finish, result_columns, write_meta
from desktop_app.core.study_table import read_results

COLUMNS = result_columns(categories=False)


def row(image: str, run: int = 0, drop: float | None = 0.25, **values) -> dict:
    return {"image": image, "run": run, "recipe": "lesson:parts", "drop": drop, **values}


def test_chunks_and_formats_give_the_same_table(tmp_path, monkeypatch):
    rows = [
        row(f"{i:03d}.png", i % 2, np.float32(i) / np.float32(7), true_label="tabby", top1_kept=i % 3 == 0)
        for i in range(10)
    ]
    out = tmp_path / "results.csv"
    journal = Journal(out, COLUMNS)
    journal.append(rows)
    journal.close()
    whole = read_results(out)
    monkeypatch.setattr(study_table, "CHUNK_ROWS", 3)
    chunked = read_results(out)
    for name in COLUMNS:
        assert np.array_equal(whole.values[name], chunked.values[name], equal_nan=whole.kinds[name] != "str")
    assert [chunked.value(i, "drop") for i in range(10)] == [float(np.float32(i) / np.float32(7)) for i in range(10)]
    assert chunked.value(3, "top1_kept") is True and chunked.value(4, "top1_kept") is False
    assert chunked.values["true_label"][0] is chunked.values["true_label"][9]  # one string object, shared
    pytest.importorskip("pyarrow")
    parquet = tmp_path / "results.parquet"
    journal = Journal(tmp_path / "results.parquet.partial.csv", COLUMNS)
    journal.append(rows)
    journal.close()
    write_meta(parquet, {"recipe_label": "lesson:parts"})
    finish(parquet, COLUMNS)
    table = read_results(parquet)
    for name in COLUMNS:
        assert np.array_equal(table.values[name], whole.values[name], equal_nan=whole.kinds[name] != "str"), name


def test_table_orders_with_missing_values_last(tmp_path):
    out = tmp_path / "results.csv"
    journal = Journal(out, COLUMNS)
    journal.append([row("a.png", drop=0.2), row("b.png", drop=None), row("c.png", drop=0.5), row("d.png", drop=0.2)])
    journal.close()
    table = read_results(out)
    assert list(table.order("drop", descending=True)) == [2, 0, 3, 1]
    assert list(table.order("drop")) == [0, 3, 2, 1]
    assert list(table.order("image", descending=True)) == [3, 2, 1, 0]
    assert table.text(2, "drop") == "50.00 %" and table.text(1, "drop") == ""
    assert list(table.present("drop")) == [True, False, True, True]
    assert table.used_columns() == ["image", "run", "recipe", "drop"]


def test_image_path_from_the_recorded_folder(tmp_path):
    out = tmp_path / "results.csv"
    Journal(out, COLUMNS).append([row("282/cat.png")])
    assert read_results(out).image_path(0) is None
    write_meta(out, {"folder": str(tmp_path / "photos")})
    assert read_results(out).image_path(0) == tmp_path / "photos" / "282" / "cat.png"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("results.txt", "", "not a study results file"),
        ("missing.csv", None, "was not found"),
        ("other.csv", "a,b\n1,2\n", "no image and run columns"),
    ],
)
def test_reading_bad_files(tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_text(content)
    with pytest.raises(ResultsError, match=message):
        read_results(tmp_path / name)


def test_rows_matching_a_text(tmp_path):
    out = tmp_path / "results.csv"
    journal = Journal(out, COLUMNS)
    journal.append([row("282/cat.png", true_label="tiger cat"), row("misc/Rocket.png", error="damaged file")])
    journal.close()
    table = read_results(out)
    assert list(table.matching("CAT")) == [True, False]
    assert list(table.matching("rocket")) == [False, True] and list(table.matching("damaged")) == [False, True]
    assert list(table.matching("  ")) == [True, True] and list(table.matching("parts")) == [False, False]
