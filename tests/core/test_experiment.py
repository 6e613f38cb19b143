"""Experiment files: round trips reproduce the image bit for bit; bad files give clear messages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import EDIT_KINDS, Fill, Occlude, OccludeStroke, edit_from_dict
from desktop_app.core.experiment import (
    VERSION,
    Experiment,
    ExperimentError,
    OutsideFolderError,
    load,
    save,
    to_json,
)
from desktop_app.core.imageio import load_image
from desktop_app.core.regions import Region
from desktop_app.core.texture import TextureFill, TextureSource
from tests.fuzzing import crasher_kept, examples, fuzz, loads_or_refuses

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
    gone = r"cannot be opened: edits\[0\]\.edit\.source: The texture file 'bark.jpg' was not found"
    with pytest.raises(ExperimentError, match=gone):
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
            "is damaged: edits[0].edit.x1 must be a number between 0 and 1, not 1.7",
        ),
        "unknown edit": ({**good, "edits": [{"edit": {"kind": "teleport"}}]}, "edits[0].edit.kind must be"),
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


def test_a_photo_deleted_after_opening_is_embedded_at_save(tmp_path, photo):
    document = Document.from_file(photo)
    photo.unlink()
    file = save(Experiment(document), tmp_path / "exp.json")
    doc = json.loads(file.read_text())
    assert doc["image"]["embedded"]["encoding"] == "png-base64" and doc["image"]["sha256"] == document.sha256
    np.testing.assert_array_equal(load(file).document.source, document.source)


def test_a_photo_replaced_after_opening_keeps_the_pixels_that_were_edited(tmp_path, photo):
    document = Document.from_file(photo)
    shutil.copyfile(ROOT / "resources" / "samples" / "coffee.png", photo)
    again = load(save(Experiment(document), tmp_path / "exp.json"))
    np.testing.assert_array_equal(again.document.source, document.source)


def test_an_unchanged_photo_is_referenced_not_embedded(tmp_path, photo):
    doc = json.loads(save(Experiment(Document.from_file(photo)), tmp_path / "exp.json").read_text())
    assert "embedded" not in doc["image"] and doc["image"]["path"] == "pictures/kätzchen.png"


def test_files_outside_the_experiment_folder_need_a_matching_hash_or_permission(tmp_path, photo):
    inner = tmp_path / "lessons"
    inner.mkdir()
    file = save(Experiment(Document.from_file(photo)), inner / "exp.json")
    assert load(file).document.path == photo.resolve()  # outside, but the very file that was saved
    with photo.open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(OutsideFolderError) as caught:
        load(file)
    assert caught.value.path.resolve() == photo.resolve() and "outside its own folder" in str(caught.value)
    assert any("changed since" in w for w in load(file, allow_outside=True).warnings)


def test_texture_files_resolve_against_the_experiment_folder(tmp_path, photo, monkeypatch):
    shutil.copyfile(ROOT / "resources" / "samples" / "coffee.png", photo.parent / "bark.png")
    edit = {"kind": "texture-only", "source": {"kind": "file", "path": "bark.png"}, "scale": 0.5}
    good = json.loads(json.dumps(to_json(Experiment(_document(photo)), photo.parent / "x.json")))
    file = photo.parent / "textured.json"
    file.write_text(json.dumps({**good, "edits": [{"visible": True, "edit": edit}]}))
    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    [entry] = load(file).document.entries
    assert Path(entry.edit.source.path) == photo.parent / "bark.png"
    outside = {**edit, "source": {"kind": "file", "path": "../../etc/passwd"}}
    file.write_text(json.dumps({**good, "edits": [{"visible": True, "edit": outside}]}))
    with pytest.raises(OutsideFolderError, match="refers to a file outside its own folder"):
        load(file)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


_GOOD: dict[str, dict] = {}


@fuzz
@settings(max_examples=examples(200), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    top=st.dictionaries(
        st.sampled_from(["format", "version", "image", "edits", "model", "predictions", "saved", "x"]), JSON_VALUES
    ),
    edits=st.lists(st.dictionaries(st.sampled_from(["visible", "edit"]), JSON_VALUES, max_size=2), max_size=3),
)
def test_any_json_gives_an_experiment_or_an_experiment_error(tmp_path, photo, top, edits):
    if str(photo) not in _GOOD:
        _GOOD[str(photo)] = to_json(Experiment(_document(photo)), tmp_path / "x.json")
    doc = {**_GOOD[str(photo)], **top}
    if "edits" not in top:
        doc["edits"] = edits
    data = json.dumps(doc).encode()
    with crasher_kept("experiments", "any-json", data, ".json"):
        loads_or_refuses(data, tmp_path / "fuzz.json")
