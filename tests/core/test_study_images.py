"""Finding a study's images and reading the true class from ImageNet-style folder names."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.labels import imagenet_labels
from desktop_app.core.study_images import ClassFolders, StudyImage, find_images


def touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")


def test_class_folders_by_wnid_index_and_name():
    classes = ClassFolders(imagenet_labels())
    assert classes.index("n01440764") == 0
    assert classes.index("N03063599") == 504
    assert classes.index("282") == 282 and classes.index("0999") == 999
    assert classes.index("1000") is None
    assert classes.index("tiger cat") == 282 and classes.index("Tiger_Cat") == 282
    assert classes.index("holiday photos") is None


def test_find_images_sorted_with_true_classes_and_skips(tmp_path):
    for name in (
        "n01440764/b.JPEG",
        "n01440764/a.jpg",
        "282/x.png",
        "loose.webp",
        "misc/deep/y.png",
        "notes.txt",
        ".hidden/z.png",
        "282/.partial.png",
        "results-maps/282/x.png.0.png",
    ):
        touch(tmp_path / name)
    found = find_images(tmp_path, imagenet_labels(), skip=(tmp_path / "results-maps",))
    assert found == [
        StudyImage("282/x.png", 282),
        StudyImage("loose.webp", None),
        StudyImage("misc/deep/y.png", None),
        StudyImage("n01440764/a.jpg", 0),
        StudyImage("n01440764/b.JPEG", 0),
    ]
    assert found[2].path(tmp_path) == tmp_path / "misc" / "deep" / "y.png"
