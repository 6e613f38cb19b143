"""A small study folder for tests: variants of the bundled sample photos in ImageNet-style class folders."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from desktop_app.core.imageio import load_image, save_image
from desktop_app.core.paths import resources_dir

# folder name -> (sample photo, what the folder name is): a class index, a WordNet id, a class name, no class
FOLDERS = {
    "282": "cat.png",  # tiger cat, by index
    "n03063599": "coffee.png",  # coffee mug, by WordNet id
    "space_shuttle": "rocket.jpg",  # by class name, underscores for spaces
    "misc": "astronaut.png",  # names no class
}
TRUE_INDEX = {"282": 282, "n03063599": 504, "space_shuttle": 812, "misc": None}


def variant(image: np.ndarray, number: int) -> np.ndarray:
    """A distinct, smaller version of a photo: a different crop, size and mirror for each number."""
    height, width = image.shape[:2]
    margin = 0.02 * (number % 5)
    crop = image[
        int(margin * height) : height - int(margin * height), int(margin * width) : width - int(margin * width)
    ]
    side = 120 + 8 * number
    small = cv2.resize(crop, (side, round(side * crop.shape[0] / crop.shape[1])), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(small[:, ::-1]) if number % 2 else small


def make_study_folder(root: Path, per_folder: int = 2) -> Path:
    """`root` filled with `per_folder` variants of each sample in each class folder; returns root."""
    for folder, sample in FOLDERS.items():
        photo = load_image(resources_dir() / "samples" / sample)
        (root / folder).mkdir(parents=True, exist_ok=True)
        for number in range(per_folder):
            save_image(root / folder / f"{Path(sample).stem}-{number:02d}.png", variant(photo, number))
    return root
