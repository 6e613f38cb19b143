"""Shared fixtures: the real bundled model, the sample photos, and model variants built with onnx.helper."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.imageio import load_image
from desktop_app.core.model import ClassifierModel
from desktop_app.core.paths import default_model_path, sample_images

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def model() -> ClassifierModel:
    """The bundled EfficientNet-Lite0 on the CPU."""
    return ClassifierModel(default_model_path(), provider="cpu")


@pytest.fixture(scope="session")
def cat_image() -> np.ndarray:
    """The bundled cat photo as RGB uint8."""
    return load_image(ROOT / "resources" / "samples" / "cat.png")


@pytest.fixture(scope="session")
def sample_photos() -> dict[str, np.ndarray]:
    """Every bundled sample photo by file name."""
    return {path.name: load_image(path) for path in sample_images()}
