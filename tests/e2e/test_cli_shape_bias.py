"""`classify --categories` and `shape-bias`, run as a user would: a separate process, real model, real files."""

from __future__ import annotations

import csv
import json
import shutil

from desktop_app.core.categories import categories
from desktop_app.core.stimuli import cue_conflict_dir, lecture_image
from tests.core.test_shape_bias import JSON_KEYS
from tests.e2e.test_cli import CAT, assert_one_error_line, cli


def test_classify_with_categories_json():
    cue, cat = lecture_image("cue-conflict"), lecture_image("original")
    result = cli("classify", str(cue), str(cat), "--categories", "--json", "--top", "2")
    assert result.returncode == 0, result.stderr
    first, second = json.loads(result.stdout)["results"]
    assert list(first["categories"]) == list(categories())
    assert first["categories"]["elephant"] > 0.3 and first["decision"] == "elephant"
    assert first["stimulus"] == {"shape": "cat", "texture": "elephant", "verdict": "texture"}
    assert second["decision"] == "cat" and "stimulus" not in second
    assert first["top"][0]["label"] == "Indian elephant"


def test_classify_with_categories_text():
    result = cli("classify", str(lecture_image("cue-conflict")), str(CAT), "--categories")
    assert result.returncode == 0, result.stderr
    assert "decision elephant" in result.stdout and "decided by texture" in result.stdout
    assert "decision cat" in result.stdout


def test_shape_bias_json_and_csv_on_a_folder(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    for path in sorted(cue_conflict_dir().glob("dog/*.png"))[:4]:
        shutil.copyfile(path, images / path.name)
    (images / "holiday.png").write_bytes((cue_conflict_dir() / "dog").iterdir().__next__().read_bytes())
    out = tmp_path / "decisions.csv"
    result = cli("shape-bias", str(images), "--json", "--csv", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("note: skipped holiday.png:") and "Traceback" not in result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == JSON_KEYS
    assert doc["images"] == doc["cue_conflict"] == 4 and list(doc["per_category"]) == ["dog"]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["image"] for r in rows] == [d["image"] for d in doc["decisions"]]
    assert [r["decision"] for r in rows] == [d["decision"] for d in doc["decisions"]]


def test_shape_bias_of_the_bundled_subset_as_a_table():
    result = cli("shape-bias")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "320 images, 320 with different shape and texture categories" in lines[1]
    assert sum(line.split()[0] in categories() for line in lines[3:]) == 16
    assert any(line.split()[0] == "all" for line in lines) and "humans 0.959" in result.stdout


def test_shape_bias_errors_are_one_line(tmp_path):
    missing = cli("shape-bias", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "not a folder" in missing.stderr
    assert_one_error_line(missing.stderr)
    (tmp_path / "photo.png").write_bytes(CAT.read_bytes())
    empty = cli("shape-bias", str(tmp_path), "--json")
    assert empty.returncode == 2 and "no readable images named like the stimuli" in empty.stderr
    assert_one_error_line(empty.stderr) and empty.stdout == ""
    unwritable = cli("shape-bias", str(cue_conflict_dir() / "cat"), "--csv", str(tmp_path / "no" / "x.csv"))
    assert unwritable.returncode == 2 and "could not save" in unwritable.stderr
    assert_one_error_line(unwritable.stderr)
