"""Images per second through ClassifierModel versus a bare onnxruntime session, same model, same run.

Usage: python bench/bench_inference.py [--seconds S] [--provider cpu|cuda|auto]
Writes bench/results/inference-<provider>.json. Batches 1, 8, 32 and 64; the two contenders alternate in rounds
so that machine noise hits both alike, and the best round of each counts.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from desktop_app.core.imageio import load_image  # noqa: E402
from desktop_app.core.model import ClassifierModel  # noqa: E402
from desktop_app.core.paths import default_model_path  # noqa: E402

BATCHES = (1, 8, 32, 64)


def images_per_second(run, batch: np.ndarray, seconds: float) -> float:
    """Throughput of `run(batch)` over at least `seconds` (and at least 3 calls)."""
    run(batch)
    calls, started = 0, time.perf_counter()
    while calls < 3 or time.perf_counter() - started < seconds:
        run(batch)
        calls += 1
    return calls * len(batch) / (time.perf_counter() - started)


def main() -> None:
    """Runs the comparison and writes the JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--provider", default="cpu", choices=("cpu", "cuda", "auto"))
    args = parser.parse_args()

    model = ClassifierModel(default_model_path(), provider=args.provider, max_batch=max(BATCHES))
    session_providers = model.session.get_providers()
    bare = ort.InferenceSession(str(default_model_path()), providers=session_providers)
    cat = load_image(ROOT / "resources" / "samples" / "cat.png")
    rows = []
    for size in BATCHES:
        batch = model.preprocess([cat] * size)
        app, raw = [], []
        for _ in range(args.rounds):
            app.append(images_per_second(model.predict_tensor, batch, args.seconds))
            raw.append(images_per_second(lambda b: bare.run(None, {"image": b}), batch, args.seconds))
        row = {"batch": size, "app_images_per_s": max(app), "bare_ort_images_per_s": max(raw)}
        row["ratio"] = row["app_images_per_s"] / row["bare_ort_images_per_s"]
        rows.append(row)
        print(
            f"batch {size:3d}: app {row['app_images_per_s']:8.1f} img/s, "
            f"bare {row['bare_ort_images_per_s']:8.1f} img/s, ratio {row['ratio']:.3f}"
        )
    pipeline = images_per_second(lambda imgs: model.predict(imgs), [cat] * 32, args.seconds)
    print(f"full pipeline incl. preprocessing, batch 32: {pipeline:.1f} img/s")
    result = {
        "benchmark": "inference",
        "model": model.name,
        "provider": model.provider.active,
        "session_providers": session_providers,
        "onnxruntime": ort.__version__,
        "machine": {"platform": platform.platform(), "processor": platform.processor(), "cpus": _cpus()},
        "rows": rows,
        "pipeline_with_preprocessing_batch32_images_per_s": pipeline,
        "date": time.strftime("%Y-%m-%d"),
    }
    out = ROOT / "bench" / "results" / f"inference-{model.provider.active.lower()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


if __name__ == "__main__":
    main()
