"""Study recipes: parsing RECIPE, reading an experiment's edits, seeding runs, and the document a result row opens."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from desktop_app.core.document import Document, EditEntry, working_copy
from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.experiment import Experiment, save
from desktop_app.core.imageio import load_image
from desktop_app.core.parts import Jigsaw
from desktop_app.core.presets import shape_edits
from desktop_app.core.rise import rise_map
from desktop_app.core.study_recipes import (
    Recipe,
    RecipeError,
    base_edits,
    document_for,
    edited_image,
    explanation,
    open_target,
    parse_recipe,
    seeded_edits,
)

ROOT = Path(__file__).resolve().parents[2]
CAT = ROOT / "resources" / "samples" / "cat.png"


def experiment_file(folder: Path, jigsaw_visible: bool) -> Path:
    document = Document(load_image(CAT), name="cat.png", path=CAT)
    document.entries += [
        EditEntry(Occlude(0.1, 0.2, 0.5, 0.6, fill=Fill.BLACK)),
        EditEntry(Jigsaw(n=4, seed=7), visible=jigsaw_visible),
    ]
    return save(Experiment(document), folder / "covered.json")


@pytest.mark.parametrize(
    ("text", "kind", "name", "seeded"),
    [
        ("parts", "lesson", "parts", True),
        ("lesson:parts", "lesson", "parts", True),
        ("lesson:occlusion", "lesson", "occlusion", False),
        ("shape", "lesson", "shape", False),
        ("texture", "lesson", "texture", False),
        ("map:occlusion", "map", "occlusion", False),
        ("rise", "map", "rise", True),
        ("map:cam", "map", "cam", False),
        ("shape-bias", "shape-bias", "shape-bias", False),
    ],
)
def test_named_recipes(text, kind, name, seeded):
    recipe = parse_recipe(text)
    assert (recipe.kind, recipe.name, recipe.seeded, recipe.runs) == (kind, name, seeded, (0,))


@pytest.mark.parametrize(
    ("text", "seeds", "masks", "message"),
    [
        ("occlusion", 1, None, "both a lesson and a map"),
        ("jigsaw", 1, None, "is not a recipe"),
        ("map:parts", 1, None, "is not a recipe"),
        ("texture", 3, None, "has no random seed"),
        ("parts", 0, None, "--seeds must be between 1"),
        ("parts", 1, 10, "--masks applies to the RISE map"),
        ("rise", 1, 0, "--masks must be between 1"),
        ("missing.json", 1, None, "was not found"),
    ],
)
def test_bad_recipes_say_why(text, seeds, masks, message):
    with pytest.raises(RecipeError, match=message):
        parse_recipe(text, seeds, masks)


def test_passes_per_image():
    assert parse_recipe("parts", seeds=5).passes_per_image == 6
    assert parse_recipe("texture").passes_per_image == 2
    assert parse_recipe("lesson:occlusion").passes_per_image == 52
    assert parse_recipe("map:occlusion").passes_per_image == 171
    assert parse_recipe("rise", seeds=2, masks=10).passes_per_image == 23
    assert parse_recipe("shape-bias").passes_per_image == 1


def test_experiment_recipe_takes_the_visible_edits(tmp_path):
    recipe = parse_recipe(str(experiment_file(tmp_path, jigsaw_visible=False)))
    assert recipe.label == "experiment:covered.json"
    assert recipe.edits == (Occlude(0.1, 0.2, 0.5, 0.6, fill=Fill.BLACK),)
    assert not recipe.seeded
    with pytest.raises(RecipeError, match="no random seed"):
        parse_recipe(str(tmp_path / "covered.json"), seeds=2)


def test_experiment_with_a_jigsaw_is_seeded_and_runs_move_the_seed(tmp_path):
    recipe = parse_recipe(str(experiment_file(tmp_path, jigsaw_visible=True)), seeds=3)
    assert recipe.seeded and recipe.runs == (0, 1, 2)
    edits = seeded_edits(list(recipe.edits), 2)
    assert edits == [Occlude(0.1, 0.2, 0.5, 0.6, fill=Fill.BLACK), Jigsaw(n=4, seed=9)]
    assert seeded_edits(list(recipe.edits), 0) == list(recipe.edits)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not readable JSON"),
        ('{"format": "something-else"}', "not a Classifier Explorer experiment"),
        ('{"format": "classifier-explorer-experiment", "version": 2}', "version 2"),
        ('{"format": "classifier-explorer-experiment", "version": 1, "edits": []}', "no visible edits"),
        (
            '{"format": "classifier-explorer-experiment", "version": 1, "edits": [{"edit": {"kind": "warp"}}]}',
            "edit 1 in",
        ),
    ],
)
def test_bad_experiment_files(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(RecipeError, match=message):
        parse_recipe(str(path))


def test_recipe_round_trips_through_json(tmp_path):
    recipe = parse_recipe(str(experiment_file(tmp_path, jigsaw_visible=True)), seeds=2)
    assert Recipe.from_dict(json.loads(json.dumps(recipe.to_dict()))) == recipe
    rise = parse_recipe("rise", masks=20)
    assert Recipe.from_dict(rise.to_dict()) == rise
    with pytest.raises(RecipeError, match="damaged"):
        Recipe.from_dict({"kind": "lesson"})


def test_parts_lesson_run_is_the_jigsaw_with_that_seed(model, cat_image):
    edits = base_edits(parse_recipe("parts", seeds=3), model, cat_image)
    assert edits == [Jigsaw(n=3, seed=0)]
    assert np.array_equal(edited_image(cat_image, edits, 2), Jigsaw(n=3, seed=2).apply(cat_image))


def test_shape_lesson_gives_the_same_silhouette_whatever_opencv_drew_before(model, sample_photos):
    image = cv2.resize(sample_photos["cat.png"], (96, 63), interpolation=cv2.INTER_AREA)
    cv2.setRNGSeed(1)  # whatever OpenCV's random state, GrabCut (seeded in core.shape) gives one silhouette
    first = base_edits(parse_recipe("shape"), model, image)
    cv2.setRNGSeed(2)
    assert base_edits(parse_recipe("shape"), model, image) == first == shape_edits(model, image)


def test_rise_runs_are_seeds(model, cat_image):
    recipe = parse_recipe("rise", seeds=2, masks=8)
    result = explanation(recipe, model, cat_image, 282, run=1)
    expected = rise_map(model, cat_image, 282, masks=8, seed=1)
    assert result.target == 282 and np.array_equal(result.values, expected.values)


def test_document_for_a_result_row(model):
    document = document_for(CAT, parse_recipe("parts", seeds=2), 1, model)
    assert document.path == CAT and document.name == "cat.png"
    assert [entry.edit for entry in document.entries] == [Jigsaw(n=3, seed=1)]
    assert np.array_equal(document.render(), Jigsaw(n=3, seed=1).apply(working_copy(load_image(CAT))))
    assert document_for(CAT, parse_recipe("map:cam"), 0, model).entries == []


def test_open_target_of_a_result_row(tmp_path):
    from desktop_app.core.study_results import Journal, result_columns, write_meta
    from desktop_app.core.study_table import read_results

    out = tmp_path / "results.csv"
    Journal(out, result_columns(False)).append([{"image": "282/cat.png", "run": 2, "recipe": "lesson:parts"}])
    with pytest.raises(RecipeError, match="does not record its study"):
        open_target(read_results(out), 0)
    recipe = parse_recipe("parts", seeds=3)
    write_meta(out, {"folder": str(tmp_path / "photos"), "recipe": recipe.to_dict()})
    assert open_target(read_results(out), 0) == (tmp_path / "photos" / "282" / "cat.png", recipe, 2)
