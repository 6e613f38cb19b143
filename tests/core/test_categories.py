"""The 16 categories of Geirhos et al. 2019 and the shape-bias rule, checked against brute force written here."""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop_app.core.categories import (
    Decision,
    categories,
    category_classes,
    category_probabilities,
    category_scores,
    decide,
    decide_batch,
    decision_sentence,
    parse_stimulus_name,
    shape_bias,
    stimulus_decision,
    verdict,
)
from desktop_app.core.imageio import load_image
from desktop_app.core.paths import resources_dir
from desktop_app.core.stimuli import lecture_image

CATEGORIES_FILE = resources_dir() / "texture-vs-shape" / "categories16.json"


def brute_force_decision(row: np.ndarray) -> str:
    """The paper's rule, written out: the category whose classes have the highest mean probability (first wins)."""
    table = json.loads(CATEGORIES_FILE.read_text("utf-8"))["categories"]
    best_name, best_mean = "", -1.0
    for name, indices in table.items():
        mean = sum(float(row[i]) for i in indices) / len(indices)
        if mean > best_mean:
            best_name, best_mean = name, mean
    return best_name


def brute_force_bias(triples: list[tuple[str, str, str]]) -> tuple[float, dict[str, float]]:
    """Shape bias overall and per shape category, counting only triples whose shape and texture differ."""
    shape_total = texture_total = 0
    per: dict[str, list[int]] = {}
    for shape, texture, decision in triples:
        if shape == texture:
            continue
        counts = per.setdefault(shape, [0, 0])
        if decision == shape:
            shape_total += 1
            counts[0] += 1
        elif decision == texture:
            texture_total += 1
            counts[1] += 1
    return shape_total / (shape_total + texture_total), {k: s / (s + t) for k, (s, t) in per.items() if s + t}


def test_sixteen_categories_from_the_bundled_file():
    names = categories()
    assert len(names) == 16 and names[0] == "airplane" and names[-1] == "truck" and "elephant" in names
    classes = category_classes()
    assert classes["cat"] == (281, 282, 283, 284, 285, 286) and classes["airplane"] == (404,)
    assert 223 in classes["dog"] and {385, 386} <= set(classes["elephant"])
    assert all(0 <= i < 1000 for indices in classes.values() for i in indices)


def test_decision_equals_brute_force_on_random_and_peaked_rows():
    rng = np.random.default_rng(7)
    rows = rng.dirichlet(np.full(1000, 0.05), size=400).astype(np.float32)
    rows[::7, 404] += 0.3  # a single-class category (airplane) against many-class ones
    rows /= rows.sum(axis=1, keepdims=True)
    assert decide_batch(rows) == [brute_force_decision(row) for row in rows]
    assert decide(rows[0]) == brute_force_decision(rows[0])
    probabilities = category_probabilities(rows[3])
    assert list(probabilities) == list(categories())
    expected = np.mean(rows[3][[281, 282, 283, 284, 285, 286]])
    assert probabilities["cat"] == pytest.approx(float(expected), rel=1e-6)


def test_mean_not_sum_decides():
    row = np.zeros(1000, np.float32)
    row[list(category_classes()["dog"])[:30]] = 0.02  # dog: 0.6 in total but a mean of 0.6 / len(dog classes)
    row[404] = 0.1  # airplane: 0.1 in one class
    row[0] = 1 - row.sum()
    assert decide(row) == "airplane"


def test_a_1001_class_row_drops_the_background_class():
    rng = np.random.default_rng(3)
    row = rng.dirichlet(np.ones(1000)).astype(np.float64)
    with_background = np.concatenate([[0.5], row * 0.5])
    np.testing.assert_allclose(category_scores(with_background), category_scores(row), rtol=1e-9)
    with pytest.raises(ValueError, match="1000 or 1001"):
        category_scores(np.ones(999))


def test_lecture_figure_verdicts(model):
    """The bundled model gives the lecture's verdicts on the lecture's own images (README: 35.5, 65.1, 34.9 %)."""
    expected = {
        "original": ("tiger cat", 0.355, "cat"),
        "silhouette": ("schipperke", 0.651, "dog"),
        "cue-conflict": ("Indian elephant", 0.349, "elephant"),
    }
    for key, (label, probability, category) in expected.items():
        probabilities = model.predict([load_image(lecture_image(key))])[0]
        [top] = model.top_k(probabilities, 1)
        assert top.label == label and top.probability == pytest.approx(probability, abs=0.01), key
        assert decide(probabilities) == category
    cue = model.predict([load_image(lecture_image("cue-conflict"))])[0]
    shape, texture = parse_stimulus_name(lecture_image("cue-conflict"))
    assert verdict(shape, texture, decide(cue)) == "texture"
    assert model.top_k(cue, 2)[1].label == "African elephant"


def test_stimulus_names():
    assert parse_stimulus_name("cat7-elephant1.png") == ("cat", "elephant")
    assert parse_stimulus_name("some/folder/Airplane10-Truck3.PNG") == ("airplane", "truck")
    assert parse_stimulus_name("cat7-elephant1_nomask.png") == ("cat", "elephant")
    for name in ("cat7.png", "cat-elephant.png", "tiger7-elephant1.png", "cat7-elephant1", "photo.jpg"):
        assert parse_stimulus_name(name) is None, name


def test_verdicts():
    assert verdict("cat", "elephant", "cat") == "shape"
    assert verdict("cat", "elephant", "elephant") == "texture"
    assert verdict("cat", "elephant", "dog") == "neither"
    with pytest.raises(ValueError, match="no cue conflict"):
        verdict("cat", "cat", "cat")


def test_shape_bias_equals_brute_force():
    rng = np.random.default_rng(11)
    names = categories()
    triples = []
    for _ in range(600):
        shape, texture = rng.choice(names, 2)
        texture = shape if rng.random() < 0.1 else texture
        decision = rng.choice([shape, texture, rng.choice(names)])
        triples.append((str(shape), str(texture), str(decision)))
    result = shape_bias(Decision(f"{i}.png", *t) for i, t in enumerate(triples))
    overall, per_category = brute_force_bias(triples)
    assert result.images == 600 and result.cue_conflict == sum(s != t for s, t, _ in triples)
    assert result.shape_bias == pytest.approx(overall, abs=1e-12)
    assert {k: v.shape_bias for k, v in result.per_category.items()} == pytest.approx(per_category, abs=1e-12)
    assert list(result.per_category) == [n for n in names if n in result.per_category]


def test_shape_bias_of_nothing_is_none():
    result = shape_bias([Decision("a.png", "cat", "cat", "cat"), Decision("b.png", "cat", "dog", "car")])
    assert result.images == 2 and result.cue_conflict == 1 and result.shape_bias is None
    assert result.per_category["cat"].to_dict() == {"shape_decisions": 0, "texture_decisions": 0, "shape_bias": None}


def test_stimulus_decision_and_its_sentence():
    probabilities = np.zeros(1000)
    probabilities[386] = 0.9  # African elephant
    decision = stimulus_decision("some/folder/cat7-elephant1.png", probabilities)
    assert (decision.image, decision.shape, decision.texture, decision.decision) == (
        "cat7-elephant1.png",
        "cat",
        "elephant",
        "elephant",
    )
    assert decision_sentence(decision) == "shape cat, texture elephant: decided by texture (elephant)"
    same = stimulus_decision("cat2-cat3.png", probabilities)
    assert same.verdict is None and "same category" in decision_sentence(same)
    neither = stimulus_decision("dog1-bear2.png", probabilities)
    assert decision_sentence(neither).endswith("by neither shape nor texture (elephant)")
    assert stimulus_decision("holiday.jpg", probabilities) is None
