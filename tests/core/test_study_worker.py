"""A study worker: the rows of a batch match the model run image by image; errors become rows, not crashes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import desktop_app.core.study_worker as study_worker
from desktop_app.core.cam import cam_map
from desktop_app.core.categories import decide
from desktop_app.core.document import working_copy
from desktop_app.core.imageio import load_image
from desktop_app.core.parts import Jigsaw
from desktop_app.core.paths import default_model_path
from desktop_app.core.study_images import StudyImage, find_images
from desktop_app.core.study_recipes import parse_recipe
from desktop_app.core.study_worker import StudyModel, StudyWorker, WorkerSettings
from tests.study_folder import make_study_folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = make_study_folder(tmp_path_factory.mktemp("photos"), per_folder=1)
    (root / "282" / "broken.png").write_bytes(b"\x89PNG not really")
    return root


def worker_for(folder, recipe_text: str, **options) -> StudyWorker:
    recipe = parse_recipe(recipe_text, **options)
    return StudyWorker(WorkerSettings(str(default_model_path()), "cpu", 1, recipe, str(folder), "results-maps"))


def pixels(folder, image: StudyImage) -> np.ndarray:
    return working_copy(load_image(image.path(folder)))


def test_session_threads():
    model = StudyModel(default_model_path(), "cpu", threads=1)
    assert model.session.get_session_options().intra_op_num_threads == 1


def test_parts_rows_match_the_model_image_by_image(folder, model):
    images = find_images(folder, model.labels)
    result = worker_for(folder, "parts", seeds=2).process(images)
    good = [image for image in images if image.relative != "282/broken.png"]
    assert len(result.rows) == 2 * len(images) and result.passes == 3 * len(good)
    rows = {(row["image"], row["run"]): row for row in result.rows}
    for image in good:
        before = model.predict([pixels(folder, image)])[0]
        top = int(np.argmax(before))
        for run in (0, 1):
            row = rows[(image.relative, run)]
            after = model.predict([Jigsaw(n=3, seed=run).apply(pixels(folder, image))])[0]
            assert row["before_top1"] == top and row["before_p1"] == before[top]
            assert row["before_label"] == model.labels.name(top)
            assert [row[f"before_top{k}"] for k in range(1, 6)] == list(np.argsort(-before, kind="stable")[:5])
            assert row["after_top1"] == int(np.argmax(after)) and row["after_p1"] == after.max()
            assert row["drop"] == before[top] - after[top]
            assert row["top1_kept"] == (int(np.argmax(after)) == top)
            assert row.get("true_index") == image.true_index
            if image.true_index is not None:
                assert row["true_p_before"] == before[image.true_index]
                assert row["true_p_after"] == after[image.true_index]
            assert row["category_before"] == decide(before) and row["category_after"] == decide(after)
            assert "map_file" not in row


def test_an_unreadable_image_gives_rows_with_the_reason(folder, model):
    [broken] = [image for image in find_images(folder, model.labels) if image.relative == "282/broken.png"]
    rows = worker_for(folder, "parts", seeds=2).process([broken]).rows
    assert [(r["run"], r["true_index"], r["true_label"]) for r in rows] == [
        (0, 282, "tiger cat"),
        (1, 282, "tiger cat"),
    ]
    assert all("broken.png" in r["error"] and "before_top1" not in r for r in rows)


def test_cam_maps_explain_the_true_class_else_the_top(folder, model):
    images = [image for image in find_images(folder, model.labels) if image.relative != "282/broken.png"]
    result = worker_for(folder, "cam").process(images)
    for row, image in zip(result.rows, images, strict=True):
        before = model.predict([pixels(folder, image)])[0]
        target = image.true_index if image.true_index is not None else int(np.argmax(before))
        assert row["map_target"] == target and row["map_file"] == f"results-maps/{image.relative}.0.npy"
        expected = cam_map(model, pixels(folder, image), target).values
        assert np.array_equal(result.maps[row["map_file"]], expected)
        assert "after_top1" not in row and "drop" not in row


def test_shape_bias_rows_carry_the_decision_and_the_cues(tmp_path, model, cat_image):
    from desktop_app.core.imageio import save_image

    (tmp_path / "cat").mkdir()
    save_image(tmp_path / "cat" / "cat3-elephant1.png", cat_image)  # the cat photo, named as a cue conflict
    [row] = worker_for(tmp_path, "shape-bias").process(find_images(tmp_path, model.labels)).rows
    assert (row["shape_category"], row["texture_category"]) == ("cat", "elephant")
    assert row["category_before"] == "cat" and "after_top1" not in row


def test_edited_rows_get_the_category_after_too(folder, monkeypatch, model):
    monkeypatch.setattr(study_worker, "decide", lambda p: f"top {int(np.argmax(p))}")
    image = StudyImage("282/cat-00.png", 282)
    [row] = worker_for(folder, "texture").process([image]).rows
    assert row["category_before"] == f"top {row['before_top1']}" and row["category_after"] == f"top {row['after_top1']}"


def test_a_lesson_that_cannot_run_on_an_image_says_so(tmp_path, model):
    from desktop_app.core.imageio import save_image

    save_image(tmp_path / "flat.png", np.full((64, 64, 3), 90, np.uint8))  # GrabCut finds no object
    [row] = worker_for(tmp_path, "shape").process([StudyImage("flat.png")]).rows
    assert row["error"].startswith("lesson:shape: ") and "no object" in row["error"]


def test_settings_travel_to_other_processes(folder):
    settings = WorkerSettings(str(default_model_path()), "cpu", 1, parse_recipe("parts", seeds=3), str(folder))
    import pickle

    assert pickle.loads(pickle.dumps(settings)) == settings
    assert dataclasses.asdict(settings)["recipe"]["seeds"] == 3
