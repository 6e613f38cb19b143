"""Copies Geirhos et al. 2019's stimuli into resources/texture-vs-shape/: the lecture figure, the silhouettes, the
edges, and an even subset of the cue-conflict images (files byte for byte, never re-encoded).

Run by the maintainers when the bundled subset should change:
    python3 packaging/select_stimuli.py [--source ../shared/datasets/texture-vs-shape]
The selection is deterministic (same source, same list) and written to resources/texture-vs-shape/cue-conflict.txt.

The rule: for each shape category, PER_SHAPE images whose texture category differs from the shape category (only
those count for shape bias). The 15 other texture categories each get PER_SHAPE // 15 images and PER_SHAPE % 15 of
them one more, rotating with the shape category so that over the whole subset every texture category appears equally
often. Within one (shape, texture) pair the image whose shape exemplar (cat7 in cat7-elephant1.png) has been used
least in that shape category is taken, then the least-used texture exemplar, then the first by name.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "datasets" / "texture-vs-shape"
OUT = ROOT / "resources" / "texture-vs-shape"
PER_SHAPE = 20
COPIED_FOLDERS = ("lecture", "filled-silhouettes", "edges")
COPIED_FILES = ("categories16.json", "published.json", "LICENSE")
NAME = re.compile(r"^([a-z]+)(\d+)-([a-z]+)(\d+)\.png$")


def natural_key(name: str) -> tuple:
    """Sort key that puts cat2 before cat10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def select(files: dict[str, list[str]], categories: list[str], per_shape: int = PER_SHAPE) -> list[str]:
    """The chosen cue-conflict files as "shape/name.png", in category order (see the module docstring)."""
    others = len(categories) - 1
    chosen: list[str] = []
    for position, shape in enumerate(categories):
        textures = [categories[(position + step) % len(categories)] for step in range(1, len(categories))]
        wanted = {texture: per_shape // others + (rank < per_shape % others) for rank, texture in enumerate(textures)}
        shape_uses: Counter[str] = Counter()
        texture_uses: Counter[str] = Counter()
        for texture in textures:
            candidates = sorted(
                (name for name in files[shape] if (match := NAME.match(name)) and match.group(3) == texture),
                key=natural_key,
            )
            for _ in range(min(wanted[texture], len(candidates))):
                best = min(
                    candidates,
                    key=lambda n: (shape_uses[_exemplar(n, 1)], texture_uses[_exemplar(n, 3)], natural_key(n)),
                )
                candidates.remove(best)
                shape_uses[_exemplar(best, 1)] += 1
                texture_uses[_exemplar(best, 3)] += 1
                chosen.append(f"{shape}/{best}")
    return chosen


def _exemplar(name: str, group: int) -> str:
    match = NAME.match(name)
    assert match is not None
    return match.group(group) + match.group(group + 1)


README_HEAD = """# Texture-vs-shape stimuli (Geirhos et al. 2019)

The images behind the lecture's shape and texture slides, and a subset of the standard set for measuring a
classifier's shape bias, copied byte for byte from the paper's published stimuli by `packaging/select_stimuli.py`.

Licence: Creative Commons Attribution 4.0 International (`LICENSE`). Cite as: Robert Geirhos, Patricia Rubisch,
Claudio Michaelis, Matthias Bethge, Felix A. Wichmann, Wieland Brendel. "ImageNet-trained CNNs are biased towards
texture; increasing shape bias improves accuracy and robustness." ICLR 2019. Source: the public repository
`rgeirhos/texture-vs-shape`, folder `stimuli/` (files unchanged).

| folder or file | what | files |
|---|---|---|
"""
README_ROWS = (
    (
        "`lecture/`",
        "the lecture's figure: `cat7_original.png`, `cat7_greyscale.png`, `cat7_silhouette_filled.png`, "
        "`cat7_edge.png`, `elephant1.png` (a texture), `cat7-elephant1_nomask.png` (cat shape, elephant texture)",
        "lecture",
    ),
    (
        "`cue-conflict/<shape category>/`",
        "style-transfer images, 224 x 224, named `<shape><n>-<texture><m>.png`: "
        f"{PER_SHAPE} per shape category, all with a texture category other than the shape's, spread evenly over the "
        "texture categories (the list: `cue-conflict.txt`; the full set has 1,280)",
        "cue-conflict",
    ),
    ("`filled-silhouettes/<category>/`", "black object silhouettes on white", "filled-silhouettes"),
    ("`edges/<category>/`", "edge drawings", "edges"),
    (
        "`categories16.json`",
        "the 16 entry-level categories as lists of ImageNet-1k indices, as the paper defines them",
        "",
    ),
    (
        "`published.json`",
        "shape bias of humans and of ImageNet models, computed from the trial data published with the paper",
        "",
    ),
)


def copy_tree(source: Path, target: Path, names: list[str] | None = None) -> int:
    """Copies the PNG files under source (or only `names`, relative paths) to target; returns how many."""
    paths = [source / n for n in names] if names is not None else sorted(source.rglob("*.png"))
    for path in paths:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    return len(paths)


def main() -> None:
    """Copies the lecture, silhouettes, edges, the chosen cue-conflict images and the metadata; writes the list."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    source = parser.parse_args().source
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    counts = {folder: copy_tree(source / folder, OUT / folder) for folder in COPIED_FOLDERS}
    for name in COPIED_FILES:
        shutil.copyfile(source / name, OUT / name)
    categories = list(json.loads((source / "categories16.json").read_text("utf-8"))["categories"])
    files = {c: [p.name for p in (source / "cue-conflict" / c).glob("*.png")] for c in categories}
    chosen = select(files, categories)
    counts["cue-conflict"] = copy_tree(source / "cue-conflict", OUT / "cue-conflict", chosen)
    (OUT / "cue-conflict.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")
    rows = [f"| {where} | {what} | {counts.get(key, '')} |" for where, what, key in README_ROWS]
    (OUT / "README.md").write_text(README_HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    print(", ".join(f"{folder}: {count}" for folder, count in counts.items()) + f" files copied to {OUT}")


if __name__ == "__main__":
    main()
