"""The hostile corpus as the tests see it: the committed cases of tests/data/hostile/manifest.json, the special cases
made at run time (FIFOs, devices, sparse and huge files), the budgets, and the words that must never reach a user.
Shared by the core and CLI runs (test_corpus.py), the window's (tests/ui/test_hostile_window.py) and the fuzzers."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "hostile"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
CAT = ROOT / "resources" / "samples" / "cat.png"
TIME_LIMIT_S = 15
MEMORY_BUDGET_BYTES = 3 * 2**29  # 1.5 GB for the whole process, any single command
INTERNALS = (
    "Traceback",
    "object is not subscriptable",
    "onnxruntime_src",
    "__init__()",
    "Errno",
    "[E:",
    "[ERROR:",
    "[ WARN:",
    "libpng",
    "TIFFRead",
    "has no attribute",
    "maximum recursion",
    "not supported for the input types",
)
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
CASES = {case["file"]: case for case in MANIFEST["cases"]}
# What special_files makes on Linux (FIFOs and devices exist), by name, and each one's kind
SPECIAL_KINDS = {
    **{f"fifo-{kind}": kind for kind in ("image", "model", "experiment")},
    **{f"{device}-{kind}": kind for device in ("zero", "urandom") for kind in ("image", "model")},
    "folder-image": "image",
    "folder-model": "model",
    "sparse-511mb-png": "image",
    "sparse-3gb-experiment": "experiment",
    "many-items-experiment": "experiment",
    "100k-edits": "experiment",
    "10k-edits": "experiment",
    "2000-blur-edits": "experiment",
}


def special_files(folder: Path) -> dict[str, dict]:
    """Cases that cannot be committed (special, huge or sparse files), made in `folder`: name -> case."""
    folder.mkdir(parents=True, exist_ok=True)
    specials: dict[str, dict] = {}

    def add(name: str, kind: str, path: Path | str, expect: str, phrase: str, what: str) -> None:
        specials[f"special/{name}"] = {
            "path": str(path),
            "kind": kind,
            "expect": expect,
            "phrase": phrase,
            "what": what,
        }

    if hasattr(os, "mkfifo"):
        for kind, suffix in (("image", ".png"), ("model", ".onnx"), ("experiment", ".json")):
            fifo = folder / f"fifo{suffix}"
            os.mkfifo(fifo)
            add(f"fifo-{kind}", kind, fifo, "refused:not-regular", "is a pipe (FIFO)", f"a FIFO as the {kind}")
    for device in ("/dev/zero", "/dev/urandom"):
        if os.path.exists(device):
            add(f"{device[5:]}-image", "image", device, "refused:not-regular", "is a device", f"{device} as an image")
            add(f"{device[5:]}-model", "model", device, "refused:not-regular", "is a device", f"{device} as a model")
    add("folder-image", "image", folder, "refused:not-regular", "is a folder", "a folder as an image")
    add("folder-model", "model", folder, "refused:not-regular", "is a folder", "a folder as a model")
    sparse = folder / "sparse.png"
    sparse.write_bytes((CORPUS / "images" / "plain.png").read_bytes())
    with sparse.open("r+b") as stream:
        stream.truncate(511 * 2**20)
    add("sparse-511mb-png", "image", sparse, "refused:too-large", "the limit is 256 MB", "a sparse 511 MB PNG")
    big = folder / "sparse.json"
    with big.open("wb") as stream:
        stream.truncate(3 * 2**30)
    add("sparse-3gb-experiment", "experiment", big, "experiment-error", "too large", "a sparse 3 GB experiment")
    many = folder / "many-items.json"
    many.write_bytes(b"[" + b"0," * 2_100_000 + b"0]")
    add("many-items-experiment", "experiment", many, "experiment-error", "items", "2.1 million list items")
    base = json.loads((CORPUS / "experiments" / "valid.json").read_text(encoding="utf-8"))
    (folder / "photo.png").write_bytes((CORPUS / "experiments" / "photo.png").read_bytes())
    box = {"kind": "occlude", "x0": 0.1, "y0": 0.1, "x1": 0.2, "y1": 0.2, "shape": "rect", "fill": "grey"}
    for name, count, fill, expect in (
        ("100k-edits", 100_000, "grey", "experiment-error"),
        ("10k-edits", 10_000, "grey", "ok"),
        ("2000-blur-edits", 2_000, "blur", "ok"),
    ):
        path = folder / f"{name}.json"
        path.write_text(json.dumps({**base, "edits": [{"visible": True, "edit": {**box, "fill": fill}}] * count}))
        add(name, "experiment", path, expect, "the limit is 10,000" if expect != "ok" else "", f"{count:,} edits")
    return specials
