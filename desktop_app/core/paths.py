"""Where the bundled resources live: the source tree, or the folder of a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding resources/ and onnx_models/."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """The bundled resources folder (samples, labels, textures, icons)."""
    return app_root() / "resources"


def default_model_path() -> Path:
    """The bundled EfficientNet-Lite0 ONNX file."""
    return app_root() / "onnx_models" / "efficientnet_lite0.onnx"


def sample_images() -> list[Path]:
    """The bundled sample photos, the cat first."""
    folder = resources_dir() / "samples"
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    return sorted(paths, key=lambda p: p.stem != "cat")


def default_sample() -> Path:
    """The photo the app opens on first start."""
    return resources_dir() / "samples" / "cat.png"
