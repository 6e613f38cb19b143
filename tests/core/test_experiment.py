"""Experiment files: round trips reproduce the image bit for bit; bad files give clear messages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import Fill, Occlude, OccludeStroke
from desktop_app.core.experiment import VERSION, Experiment, ExperimentError, load, save, to_json
from desktop_app.core.imageio import load_image

ROOT = Path(__file__).resolve().parents[2]
CAT = ROOT / "resources" / "samples" / "cat.png"


def _document(path: Path) -> Document:
    document = Document(load_image(path), name=path.name, path=path)
    document.entries += [
        EditEntry(Occlude(0.1, 0.2, 0.5, 0.6, fill=Fill.NOISE)),
        EditEntry(OccludeStroke(((0.2, 0.2), (0.8, 0.7)), 0.05, Fill.BLUR), visible=False),
        EditEntry(Occlude(0.6, 0.1, 0.9, 0.4, shape="ellipse", fill=Fill.MEAN)),
    ]
    return document


@pytest.fixture
def photo(tmp_path) -> Path:
    target = tmp_path / "pictures" / "kätzchen.png"
    target.parent.mkdir()
    shutil.copyfile(CAT, target)
    return target


@pytest.mark.parametrize("embed", [False, True])
def test_round_trip_reproduces_the_image_bit_for_bit(tmp_path, photo, embed, model):
    document = _document(photo)
    probabilities = model.predict([document.render()])[0]
    record = {"top": [vars(t) for t in model.top_k(probabilities, 5)]}
    file = save(Experiment(document, {"name": model.name, "path": "bundled"}, record), tmp_path / "exp.json", embed)
    again = load(file)
    assert [e.visible for e in again.document.entries] == [True, False, True]
    assert [e.edit for e in again.document.entries] == [e.edit for e in document.entries]
    np.testing.assert_array_equal(again.document.render(), document.render())
    np.testing.assert_array_equal(again.document.render(full_resolution=True), document.render(full_resolution=True))
    np.testing.assert_array_equal(model.predict([again.document.render()])[0], probabilities)
    assert again.predictions == record and again.warnings == []


def test_the_image_is_found_next_to_a_moved_experiment(tmp_path, photo):
    save(Experiment(_document(photo)), photo.parent / "exp.json")
    moved = tmp_path / "elsewhere"
    shutil.move(str(photo.parent), moved)
    assert load(moved / "exp.json").document.path == (moved / "kätzchen.png").resolve()


def test_a_changed_image_is_reported(tmp_path, photo):
    file = save(Experiment(_document(photo)), tmp_path / "exp.json")
    with photo.open("ab") as handle:
        handle.write(b"\0")
    assert any("changed since" in w for w in load(file).warnings)


def _write(tmp_path: Path, doc: object) -> Path:
    file = tmp_path / "bad.json"
    file.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return file


def test_bad_experiment_files(tmp_path, photo):
    good = json.loads(json.dumps(to_json(Experiment(_document(photo)), tmp_path / "x.json")))
    cases = {
        "not json": ("{oops", "not readable JSON"),
        "other json": ({"hello": 1}, "not a Classifier Explorer experiment"),
        "newer version": ({**good, "version": VERSION + 1}, "newer app"),
        "missing image": (
            {**good, "image": {**good["image"], "path": "gone.png", "absolute_path": "/nowhere/gone.png"}},
            "was not found",
        ),
        "edit out of bounds": (
            {**good, "edits": [{"visible": True, "edit": {**good["edits"][0]["edit"], "x1": 1.7}}]},
            "edit 1 (occlude)",
        ),
        "unknown edit": ({**good, "edits": [{"edit": {"kind": "teleport"}}]}, "unknown edit kind"),
        "damaged embedded image": (
            {**good, "image": {"name": "x", "embedded": {"encoding": "png-base64", "data": "AAAA"}}},
            "damaged",
        ),
    }
    for name, (doc, words) in cases.items():
        with pytest.raises(ExperimentError) as caught:
            load(_write(tmp_path, doc))
        assert words in str(caught.value), (name, str(caught.value))
    with pytest.raises(ExperimentError, match="was not found"):
        load(tmp_path / "missing.json")
