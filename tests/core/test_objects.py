"""The object the model looks at: the box of its evidence, GrabCut from that box, a texture patch inside it."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.geometry import PixelBox
from desktop_app.core.imageio import load_image
from desktop_app.core.model import ClassifierModel
from desktop_app.core.objects import FRAME, evidence_box, find_object, object_evidence, patch_inside
from desktop_app.core.preprocess import crop_box
from desktop_app.core.regions import Region
from desktop_app.core.shape import extract_foreground
from desktop_app.core.stimuli import lecture_image
from tests.core.test_cam import tiny_classifier


@pytest.fixture(scope="module")
def lecture_cat() -> tuple[np.ndarray, np.ndarray]:
    """The lecture's cat and its published filled silhouette (True on the cat)."""
    silhouette = load_image(lecture_image("silhouette"))[..., 0] < 128
    return load_image(lecture_image("original")), silhouette


def overlap(region: Region, truth: np.ndarray) -> float:
    """Intersection over union of a region and a true mask."""
    found = region.mask(*truth.shape)
    return float((found & truth).sum() / (found | truth).sum())


def test_the_evidence_box_holds_the_whole_cat(model, lecture_cat):
    image, truth = lecture_cat
    evidence = object_evidence(model, image)
    assert evidence.method == "cam" and evidence.target == 282  # tiger cat
    x0, y0, x1, y1 = (round(v * 224) for v in evidence.box)
    inside = np.zeros_like(truth)
    inside[y0:y1, x0:x1] = True
    assert (truth & inside).sum() / truth.sum() > 0.99
    assert evidence.box != FRAME


def test_grabcut_from_the_evidence_finds_the_published_silhouette(model, lecture_cat):
    image, truth = lecture_cat
    from_evidence = overlap(find_object(model, image), truth)
    from_frame = overlap(extract_foreground(image, FRAME), truth)  # the old start: 5-95 % of the frame
    print(f"overlap with the published silhouette: {from_evidence:.3f} (frame: {from_frame:.3f})")
    assert from_evidence > 0.93 and from_evidence > from_frame + 0.05  # measured 0.959 and 0.845


def test_evidence_box_grows_and_reaches_the_edge_where_the_crop_ends():
    evidence = np.zeros((100, 200), bool)
    evidence[40:60, 90:110] = True  # well inside the crop (50..150 across)
    assert tuple(evidence_box(evidence, PixelBox(50, 0, 150, 100))) == pytest.approx((0.435, 0.37, 0.565, 0.63))
    evidence[30:70, 50:120] = True  # reaches the crop's left edge: the object may go on beyond it
    x0, y0, x1, _y1 = evidence_box(evidence, PixelBox(50, 0, 150, 100))
    assert x0 == 0 and y0 == pytest.approx(0.24) and x1 == pytest.approx((120 + 0.15 * 70) / 200)


def test_a_model_without_cam_uses_an_occlusion_map(tmp_path, lecture_cat):
    path, _ = tiny_classifier(tmp_path / "tiny.onnx", "max_pool")
    evidence = object_evidence(ClassifierModel(path, provider="cpu"), lecture_cat[0])
    assert evidence.method in ("occlusion", "frame")
    x0, y0, x1, y1 = evidence.box
    assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1


def test_the_texture_patch_is_uniform_inside_the_object_and_the_crop(model):
    rng = np.random.default_rng(5)
    image = np.full((200, 300, 3), 255, np.uint8)
    body = Region.rect(0.2, 0.1, 0.8, 0.9)
    fur = rng.integers(100, 140, (200, 300, 3), dtype=np.uint8)
    mask = body.mask(200, 300)
    image[mask] = fur[mask]
    image[60:110, 120:170] = (20, 200, 20)  # an "eye": a part, not texture
    crop = crop_box(200, 300, model.spec)
    left, top, right, bottom = patch_inside(image, body, crop, share=0.3)
    assert right - left == bottom - top == 2 * int(0.3 * (crop[2] - crop[0]) / 2) + 1
    assert mask[top:bottom, left:right].all()  # inside the object
    assert crop[0] <= left and right <= crop[2] and crop[1] <= top and bottom <= crop[3]  # inside what the model sees
    assert not (right > 120 and left < 170 and bottom > 60 and top < 110)  # away from the part
    with pytest.raises(ValueError, match="outside what the model sees"):
        patch_inside(image, Region.rect(0.0, 0.0, 0.05, 0.05), crop)
