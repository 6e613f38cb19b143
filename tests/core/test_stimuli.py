"""The bundled stimuli of Geirhos et al. 2019: complete, an even subset, credited, and the published figures."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

from desktop_app.core.categories import categories, parse_stimulus_name
from desktop_app.core.imageio import load_image
from desktop_app.core.stimuli import (
    CREDIT,
    LECTURE,
    cue_conflict_dir,
    edges_dir,
    lecture_image,
    published_shape_bias,
    silhouettes_dir,
    stimuli_dir,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "datasets" / "texture-vs-shape"


def _select_module():
    spec = importlib.util.spec_from_file_location("select_stimuli", ROOT / "packaging" / "select_stimuli.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lecture_figure_is_bundled():
    for image in LECTURE:
        pixels = load_image(lecture_image(image.key))
        assert pixels.shape == (224, 224, 3), image.file
    with pytest.raises(KeyError, match="no image"):
        lecture_image("dog")


def test_silhouettes_edges_and_licence():
    assert len(list(silhouettes_dir().glob("*/*.png"))) == 160
    assert len(list(edges_dir().glob("*/*.png"))) == 160
    assert "Attribution 4.0 International" in (stimuli_dir() / "LICENSE").read_text("utf-8")
    assert "Geirhos" in CREDIT and "CC BY 4.0" in CREDIT
    assert "Geirhos" in (ROOT / "resources" / "PROVENANCE.md").read_text("utf-8")


def test_cue_conflict_subset_is_even_and_listed():
    listed = (stimuli_dir() / "cue-conflict.txt").read_text("utf-8").split()
    present = sorted(p.relative_to(cue_conflict_dir()).as_posix() for p in cue_conflict_dir().glob("*/*.png"))
    assert sorted(listed) == present
    pairs = [parse_stimulus_name(name) for name in listed]
    assert all(pair is not None and pair[0] != pair[1] for pair in pairs)
    assert all(name.split("/")[0] == pair[0] for name, pair in zip(listed, pairs, strict=True))
    shapes = Counter(shape for shape, _ in pairs)
    textures = Counter(texture for _, texture in pairs)
    assert set(shapes) == set(categories()) and set(shapes.values()) == {20}
    assert set(textures.values()) == {20}  # every texture category equally often
    for shape in categories():
        per_shape = Counter(texture for s, texture in pairs if s == shape)
        assert len(per_shape) == 15 and set(per_shape.values()) == {1, 2}
    exemplars = Counter(re.match(r"\w+/([a-z]+\d+)-", name).group(1) for name in listed)
    assert len(exemplars) == 160 and max(exemplars.values()) <= 3  # all 10 shapes of each category, spread


def test_selection_rule_is_deterministic_and_balanced():
    select = _select_module().select
    names = categories()
    files = {
        shape: [
            f"{shape}{1 + (i * 3 + j) % 10}-{texture}{1 + j % 3}.png"
            for i, texture in enumerate(names)
            for j in range(5)
        ]
        for shape in names
    }
    chosen = select(files, list(names))
    assert chosen == select(files, list(names)) and len(chosen) == 320
    textures = Counter(parse_stimulus_name(name)[1] for name in chosen)
    assert set(textures.values()) == {20} and all(parse_stimulus_name(n)[0] == n.split("/")[0] for n in chosen)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the full stimulus set (../shared/datasets) is not on this machine")
def test_bundled_files_are_the_published_bytes():
    listed = (stimuli_dir() / "cue-conflict.txt").read_text("utf-8").split()
    source_files = {c: [p.name for p in (SHARED / "cue-conflict" / c).glob("*.png")] for c in categories()}
    assert _select_module().select(source_files, list(categories())) == listed
    bundled = [p for p in stimuli_dir().rglob("*.png")]
    for path in bundled:
        original = SHARED / path.relative_to(stimuli_dir())
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(original.read_bytes()).digest(), path


def test_published_reference_figures():
    references = {r.name: r for r in published_shape_bias()}
    humans = references["humans"]
    assert humans.shape_bias == pytest.approx(0.959) and len(humans.per_category) == 16
    assert references["ResNet-50"].shape_bias == pytest.approx(0.221)
    assert references["VGG-16"].shape_bias == pytest.approx(0.092)
    assert references["ResNet-50 trained on Stylized-ImageNet"].shape_bias == pytest.approx(0.806)
    assert list(references)[0] == "humans"
