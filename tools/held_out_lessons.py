"""The lessons on photos the app does not ship: for each image of a folder, the original's top class and each
lesson's (parts, occlusion, shape, texture, cue conflict), through the app's own code, as the window runs them
(on the working-size copy of the photo, with the bundled model on the CPU).

    .venv/bin/python tools/held_out_lessons.py FOLDER [--json bench/results/held-out-lessons.json] [--model PATH]

The cue conflict is the lecture's: the photo's object filled with the lecture's elephant skin (library texture) on
white. Prints a Markdown table; --json writes every result. Images are read from FOLDER only (nothing is fetched).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.core.cue_conflict import cue_conflict_edits  # noqa: E402
from desktop_app.core.document import working_copy  # noqa: E402
from desktop_app.core.edits import Edit, apply  # noqa: E402
from desktop_app.core.imageio import SUPPORTED_EXTENSIONS, load_image  # noqa: E402
from desktop_app.core.labels import coarse_category  # noqa: E402
from desktop_app.core.model import ClassifierModel  # noqa: E402
from desktop_app.core.paths import default_model_path  # noqa: E402
from desktop_app.core.presets import PRESETS  # noqa: E402
from desktop_app.core.texture import TextureSource  # noqa: E402

LESSONS = ("parts", "occlusion", "shape", "texture", "cue-conflict")
CUE_TEXTURE = "elephant skin"  # the lecture's


def top_result(model: ClassifierModel, image, baseline_index: int | None = None) -> dict:  # noqa: ANN001
    """Top-1 class, its probability and coarse category; with a baseline, the baseline class's probability too."""
    probabilities = model.predict([image])[0]
    [top] = model.top_k(probabilities, 1)
    result = {
        "index": top.index,
        "label": top.label,
        "probability": round(top.probability, 4),
        "coarse": coarse_category(top.index),
    }
    if baseline_index is not None:
        result["original_class_probability"] = round(float(probabilities[baseline_index]), 4)
    return result


def lesson_edits(model: ClassifierModel, key: str, image) -> list[Edit]:  # noqa: ANN001
    """The edits the window's lesson (or Tools › Cue Conflict with the elephant skin) makes on this image."""
    if key == "cue-conflict":
        return cue_conflict_edits(model, image, TextureSource.library(CUE_TEXTURE))
    [preset] = [p for p in PRESETS if p.key == key]
    return preset.make(model, image, None, None)


def run_photo(model: ClassifierModel, path: Path) -> dict:
    """The original's and every lesson's result on one photo."""
    image = working_copy(load_image(path))
    original = top_result(model, image)
    results = {"image": path.name, "size": list(image.shape[:2]), "original": original, "lessons": {}}
    for key in LESSONS:
        started = time.perf_counter()
        try:
            edits = lesson_edits(model, key, image)
        except ValueError as err:  # e.g. no object found
            results["lessons"][key] = {"error": str(err)}
            continue
        result = top_result(model, apply(image, edits), original["index"])
        result["edits"] = [edit.describe() for edit in edits]
        result["seconds"] = round(time.perf_counter() - started, 2)
        results["lessons"][key] = result
    return results


def cell(result: dict) -> str:
    """A table cell: 'tiger cat 50.6 %'."""
    if "error" in result:
        return f"— ({result['error']})"
    return f"{result['label']} {100 * result['probability']:.1f} %"


def markdown(photos: list[dict]) -> str:
    """The held-out table."""
    header = "| photo | original | " + " | ".join(LESSONS) + " |"
    lines = [header, "|" + "---|" * (len(LESSONS) + 2)]
    for photo in photos:
        cells = [cell(photo["lessons"][key]) for key in LESSONS]
        lines.append(f"| {photo['image']} | {cell(photo['original'])} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Runs the lessons over a folder of photos."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of photos the app does not ship")
    parser.add_argument("--json", type=Path, help="write every result as JSON here")
    parser.add_argument("--model", type=Path, default=None, help="an ONNX classifier (default: the bundled one)")
    args = parser.parse_args(argv)
    paths = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in SUPPORTED_EXTENSIONS)
    if not paths:
        print(f"error: no images in {args.folder}", file=sys.stderr)
        return 2
    model = ClassifierModel(args.model or default_model_path(), provider="cpu")
    photos = [run_photo(model, path) for path in paths]
    print(markdown(photos))
    if args.json is not None:
        doc = {"model": model.name, "provider": model.provider.active, "cue_conflict_texture": CUE_TEXTURE}
        doc["photos"] = photos
        args.json.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
