"""The shape-bias study over the full cue-conflict set through the app's code versus a bare pipeline, same run.

Usage: python bench/bench_shape_bias.py [--dir ../shared/datasets/texture-vs-shape/cue-conflict] [--rounds 3]
Writes bench/results/shape-bias-<provider>.json. The app is `run_study` (imageio's safe loading, the model's
preprocessing, ClassifierModel, the 16-category rule); the bare pipeline decodes with cv2, preprocesses with numpy,
runs a bare onnxruntime session at its best batch (measured first) and decides with numpy. The two alternate in
rounds so that machine noise hits both alike, and the best round of each counts. Both must reach the same decision
on every image. Also reports the shape bias (overall and per category) on the full set and on the bundled subset.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app sets it (desktop_app/__main__.py)

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from desktop_app.core.model import ClassifierModel  # noqa: E402
from desktop_app.core.paths import default_model_path  # noqa: E402
from desktop_app.core.shape_bias import run_study  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "datasets" / "texture-vs-shape" / "cue-conflict"
BATCHES = (8, 16, 32, 64)
CATEGORIES_FILE = ROOT / "resources" / "texture-vs-shape" / "categories16.json"


class BarePipeline:
    """cv2 decode, numpy preprocessing, a plain onnxruntime session, numpy decision: the least a study must do."""

    def __init__(self, model_path: Path, providers: list[str], spec: dict) -> None:
        self.session = ort.InferenceSession(str(model_path), providers=providers)
        self.input = self.session.get_inputs()[0].name
        self.size, self.resize = int(spec["size"]), int(spec["resize"])
        self.mean = np.asarray(json.loads(spec["mean"]), np.float32).reshape(1, 3, 1, 1)
        self.std = np.asarray(json.loads(spec["std"]), np.float32).reshape(1, 3, 1, 1)
        self.logits = spec.get("output", "logits") == "logits"
        table = json.loads(CATEGORIES_FILE.read_text("utf-8"))["categories"]
        self.names = list(table)
        self.columns = [np.asarray(indices) for indices in table.values()]
        self.batch = 32

    def pixels(self, path: Path) -> np.ndarray:
        """The centre crop the model sees, size x size RGB uint8."""
        image = cv2.cvtColor(cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        height, width = image.shape[:2]
        side = round(min(height, width) * self.size / self.resize)
        top, left = (height - side) // 2, (width - side) // 2
        square = image[top : top + side, left : left + side]
        method = cv2.INTER_AREA if side > self.size else cv2.INTER_LINEAR
        return cv2.resize(square, (self.size, self.size), interpolation=method)

    def tensor(self, pixels: list[np.ndarray]) -> np.ndarray:
        """NCHW float32, (x - mean) / std."""
        return (np.stack(pixels).transpose(0, 3, 1, 2).astype(np.float32) - self.mean) / self.std

    def decide(self, outputs: np.ndarray) -> list[str]:
        """The category with the highest mean probability, per row."""
        if self.logits:
            exp = np.exp(outputs - outputs.max(axis=1, keepdims=True))
            outputs = exp / exp.sum(axis=1, keepdims=True)
        means = np.stack([outputs[:, columns].mean(axis=1) for columns in self.columns], axis=1)
        return [self.names[i] for i in means.argmax(axis=1)]

    def run(self, paths: list[Path]) -> list[str]:
        """Decisions for every file, `self.batch` images per session run."""
        decisions: list[str] = []
        for start in range(0, len(paths), self.batch):
            batch = self.tensor([self.pixels(p) for p in paths[start : start + self.batch]])
            decisions += self.decide(self.session.run(None, {self.input: batch})[0])
        return decisions

    def best_batch(self, paths: list[Path]) -> dict[int, float]:
        """Measures session throughput at each batch size on real inputs and keeps the fastest."""
        tensor = self.tensor([self.pixels(p) for p in paths[: max(BATCHES) * 2]])
        rates = {}
        for size in BATCHES:
            self.session.run(None, {self.input: tensor[:size]})
            started = time.perf_counter()
            for start in range(0, len(tensor) - size + 1, size):
                self.session.run(None, {self.input: tensor[start : start + size]})
            rates[size] = (len(tensor) // size) * size / (time.perf_counter() - started)
        self.batch = max(rates, key=rates.get)
        return rates


def summary(result) -> dict:
    """Shape bias overall and per category from a StudyResult."""
    return {
        "images": result.bias.images,
        "cue_conflict": result.bias.cue_conflict,
        "shape_bias": result.bias.shape_bias,
        "per_category": {name: count.shape_bias for name, count in result.bias.per_category.items()},
    }


def main() -> None:
    """Runs both contenders in alternating rounds and writes the JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="the full cue-conflict set")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--provider", default="cpu", choices=("cpu", "cuda", "auto"))
    args = parser.parse_args()
    if not args.dir.is_dir():
        raise SystemExit(f"error: {args.dir} is not a folder (pass --dir)")

    model = ClassifierModel(default_model_path(), provider=args.provider)
    providers = model.session.get_providers()
    meta = {**model.spec.to_metadata(), "output": model.output_kind}
    bare = BarePipeline(default_model_path(), providers, meta)
    paths = sorted(args.dir.rglob("*.png"), key=lambda p: p.relative_to(args.dir).as_posix())
    rates = bare.best_batch(paths)
    print(f"{len(paths)} images; bare onnxruntime images/s by batch: {rates}; best batch {bare.batch}")

    app_times, bare_times = [], []
    app_result, bare_decisions = None, []
    for round_number in range(args.rounds):
        started = time.perf_counter()
        app_result = run_study(model, args.dir)
        app_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        bare_decisions = bare.run(paths)
        bare_times.append(time.perf_counter() - started)
        print(f"round {round_number + 1}: app {app_times[-1]:.2f} s, bare {bare_times[-1]:.2f} s")
    assert app_result is not None
    by_name = {d.image: d.decision for d in app_result.decisions}
    names = [p.relative_to(args.dir).as_posix() for p in paths]
    agree = sum(by_name.get(name) == decision for name, decision in zip(names, bare_decisions, strict=True))
    ratio = min(app_times) / min(bare_times)
    subset = run_study(model)
    result = {
        "benchmark": "shape-bias study",
        "model": model.name,
        "provider": model.provider.active,
        "session_providers": providers,
        "onnxruntime": ort.__version__,
        "machine": {"platform": platform.platform(), "processor": platform.processor(), "cpus": _cpus()},
        "images": len(paths),
        "rounds": args.rounds,
        "app_batch": min(32, model.max_batch),
        "bare_batch": bare.batch,
        "bare_images_per_s_by_batch": rates,
        "app_seconds": app_times,
        "bare_seconds": bare_times,
        "app_best_s": min(app_times),
        "bare_best_s": min(bare_times),
        "ratio_app_over_bare": ratio,
        "ratio_of_medians": statistics.median(app_times) / statistics.median(bare_times),
        "target_ratio": 1.15,
        "decisions_agreeing": agree,
        "full_set": summary(app_result),
        "bundled_subset": summary(subset),
        "date": time.strftime("%Y-%m-%d"),
    }
    print(
        f"app {min(app_times):.2f} s, bare {min(bare_times):.2f} s: ratio {ratio:.3f} (target <= 1.15); "
        f"{agree}/{len(paths)} decisions agree"
    )
    print(f"shape bias: full set {app_result.bias.shape_bias:.3f}, bundled subset {subset.bias.shape_bias:.3f}")
    out = ROOT / "bench" / "results" / f"shape-bias-{model.provider.active.lower()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


if __name__ == "__main__":
    main()
