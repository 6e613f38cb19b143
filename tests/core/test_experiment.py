"""Experiment files: round trips reproduce the image bit for bit; bad files give clear messages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import EDIT_KINDS, Fill, Occlude, OccludeStroke, edit_from_dict
from desktop_app.core.experiment import VERSION, Experiment, ExperimentError, load, save, to_json
from desktop_app.core.imageio import load_image
from desktop_app.core.regions import Region
from desktop_app.core.texture import TextureFill, TextureSource

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


def _texture_experiment(tmp_path: Path, photo: Path) -> tuple[Path, Path, Document]:
    """An experiment whose edits use a texture from a file; both files in tmp_path/work."""
    work = tmp_path / "work"
    work.mkdir()
    texture = work / "bark.jpg"
    shutil.copyfile(ROOT / "resources" / "textures" / "wood.jpg", texture)
    document = Document(load_image(photo), name=photo.name, path=photo)
    body = Region.rect(0.2, 0.2, 0.7, 0.9)
    document.entries += [EditEntry(TextureFill(body, TextureSource.file(texture), 0.3, area="object"))]
    return save(Experiment(document), work / "exp.json", embed=True), texture, document


def test_an_embedded_texture_opens_after_both_files_moved(tmp_path, photo):
    file, texture, document = _texture_experiment(tmp_path, photo)
    saved = json.loads(file.read_text("utf-8"))["edits"][0]["edit"]["source"]
    assert saved["path"] == "bark.jpg" and str(tmp_path) not in json.dumps(saved)  # no folder recorded
    moved = tmp_path / "moved"
    shutil.move(str(file.parent), moved)
    (moved / "bark.jpg").unlink()  # the texture is in the experiment file, nowhere else
    again = load(moved / "exp.json")
    np.testing.assert_array_equal(again.document.render(), document.render())


def test_an_old_file_with_a_texture_path_still_opens(tmp_path, photo):
    file, texture, document = _texture_experiment(tmp_path, photo)
    doc = json.loads(file.read_text("utf-8"))
    source = doc["edits"][0]["edit"]["source"]
    del source["data"]
    source["path"] = str(texture)  # as version 1 files written before textures were embedded
    file.write_text(json.dumps(doc), "utf-8")
    np.testing.assert_array_equal(load(file).document.render(), document.render())
    moved = tmp_path / "moved"
    shutil.move(str(file.parent), moved)  # the old absolute path is gone; the texture lies next to the file
    np.testing.assert_array_equal(load(moved / "exp.json").document.render(), document.render())
    (moved / "bark.jpg").unlink()
    with pytest.raises(ExperimentError, match="edit 1 .texture-fill.*bark.jpg.*not found"):
        load(moved / "exp.json")


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


def test_the_format_page_documents_every_edit_kind_with_an_example_that_applies(cat_image):
    page = (ROOT / "docs" / "experiment-format.md").read_text("utf-8")
    examples = [json.loads(block) for block in re.findall(r"```json\n(\{.*?\})\n```", page, re.DOTALL)]
    edits = [example for example in examples if "kind" in example]
    for example in edits:
        edit_from_dict(dict(example)).apply(cat_image)
    assert sorted(example["kind"] for example in edits) == sorted(EDIT_KINDS)
