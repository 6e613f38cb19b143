"""Study throughput: the local runner and the Ray runner against a bare onnxruntime session, same machine, same run.

Usage: python bench/bench_study.py [--images DIR] [--count N] [--rounds R] [--no-ray]
Writes bench/results/study-cpu.json. The study is the parts lesson (one seed: 2 model passes per image, the original
and the jigsaw) over N images of DIR (default: Geirhos et al.'s cue-conflict images from /work/shared, else variants
of the bundled samples). Throughput is model passes per second; for the runners it includes reading and decoding
each image, the edit, preprocessing and writing the results, and excludes starting the workers (measured apart).
Contenders alternate in rounds so machine noise hits them alike; the best round of each counts. Also measured:
Ray's per-task overhead (an empty actor call, round trip) and the per-image cost of the map study.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from desktop_app.core.imageio import load_image  # noqa: E402
from desktop_app.core.labels import imagenet_labels  # noqa: E402
from desktop_app.core.model import ClassifierModel  # noqa: E402
from desktop_app.core.paths import default_model_path  # noqa: E402
from desktop_app.core.study_images import find_images  # noqa: E402
from desktop_app.core.study_local import LocalPool, choose_threads, usable_cores  # noqa: E402
from desktop_app.core.study_recipes import parse_recipe  # noqa: E402
from desktop_app.core.study_results import open_journal  # noqa: E402
from desktop_app.core.study_runner import default_batch_images, plan_study, run_study  # noqa: E402

CUE_CONFLICT = Path("/work/shared/datasets/texture-vs-shape/cue-conflict")
BATCHES = (1, 8, 32, 64)


def image_folder(source: Path | None, count: int, scratch: Path) -> Path:
    """A folder of `count` images: links to the first ones of `source` (by sorted path), or generated variants."""
    folder = scratch / "images"
    if source is not None and source.is_dir():
        for image in find_images(source, imagenet_labels())[:count]:
            target = folder / image.relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(image.path(source), target)
        return folder
    from tests.study_folder import make_study_folder

    return make_study_folder(folder, per_folder=max(1, count // 4))


def bare_rate(session: ort.InferenceSession, batch: np.ndarray, seconds: float) -> float:
    """Passes per second of a bare session on a preprocessed batch."""
    session.run(None, {"image": batch})
    runs, started = 0, time.perf_counter()
    while runs < 3 or time.perf_counter() - started < seconds:
        session.run(None, {"image": batch})
        runs += 1
    return runs * len(batch) / (time.perf_counter() - started)


def study_rate(folder: Path, scratch: Path, recipe_text: str, make_pool, label: str) -> dict:
    """Runs one study to completion; its passes per second once the workers are up, and its start-up time."""
    recipe = parse_recipe(recipe_text)
    out = scratch / f"{label}-{time.perf_counter_ns()}.csv"
    study = plan_study(recipe, folder, out, default_model_path(), imagenet_labels())
    journal = open_journal(out, study.columns)
    started = time.perf_counter()
    pool = make_pool(study)
    ready = time.perf_counter()
    try:
        progress = run_study(study, pool, journal)
    finally:
        pool.close()
        journal.close()
    elapsed = time.perf_counter() - ready
    assert progress.complete, "the study did not finish"
    return {
        "passes_per_s": progress.passes / elapsed,
        "images_per_s": progress.done / elapsed,
        "startup_s": ready - started,
        "batches": len(study.batches()),
    }


def ray_overhead(calls: int) -> dict:
    """Round trip of an empty call to a Ray actor (sequential), and of a small batch's worth of arguments."""
    from desktop_app.core.study_ray import ray_module

    ray = ray_module()

    @ray.remote(num_cpus=1)
    class Echo:
        def echo(self, payload=None):
            return payload

    actor = Echo.remote()
    ray.get(actor.echo.remote())
    timings = []
    for payload in (None, ["n01440764/ILSVRC2012_val_00000293.JPEG"] * 64):
        started = time.perf_counter()
        for _ in range(calls):
            ray.get(actor.echo.remote(payload))
        timings.append((time.perf_counter() - started) / calls)
    ray.kill(actor)
    return {"empty_call_ms": 1e3 * timings[0], "call_with_64_paths_ms": 1e3 * timings[1], "calls": calls}


def driver_cost(scratch: Path, folder: Path, batches: int = 200) -> dict:
    """What the driver spends per finished batch: appending its rows to the journal and syncing the file."""
    from desktop_app.core.study_results import Journal, result_columns
    from desktop_app.core.study_worker import StudyWorker

    study = plan_study(parse_recipe("parts"), folder, scratch / "driver.csv", default_model_path(), imagenet_labels())
    rows = StudyWorker(study.settings(1)).process(study.images[:21]).rows  # a 5-seed lesson's batch: 21 images
    journal = Journal(scratch / "driver.csv", result_columns(False))
    started = time.perf_counter()
    for number in range(batches):
        journal.append([{**row, "run": number} for row in rows])
        journal.sync()
    elapsed = time.perf_counter() - started
    journal.close()
    return {"append_and_fsync_ms_per_batch": 1e3 * elapsed / batches, "rows_per_batch": len(rows)}


def main() -> None:
    """Runs the comparison and writes the JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=Path, default=CUE_CONFLICT)
    parser.add_argument("--count", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per bare measurement")
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()
    cores = usable_cores()
    scratch = Path(tempfile.mkdtemp(prefix="bench-study-"))
    try:
        result = run_benchmark(args, cores, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out = ROOT / "bench" / "results" / "study-cpu.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


def run_benchmark(args: argparse.Namespace, cores: int, scratch: Path) -> dict:
    """Every measurement, as the JSON document."""
    folder = image_folder(args.images, args.count, scratch)
    images = find_images(folder, imagenet_labels())
    model = ClassifierModel(default_model_path(), provider="cpu")
    bare = ort.InferenceSession(str(default_model_path()), providers=["CPUExecutionProvider"])
    sample = model.preprocess([load_image(i.path(folder)) for i in images[: max(BATCHES)]])
    layout = choose_threads(default_model_path(), "cpu", cores)
    print(f"{len(images)} images; {cores} cores; calibration: {layout.workers} x {layout.threads} ({layout.reason})")
    layouts = sorted({(cores // t, t) for t in (1, cores)} | {(layout.workers, layout.threads)})

    def local(workers: int, threads: int):
        return lambda study: LocalPool(study.settings(threads), workers)

    ray_started = False
    if not args.no_ray:
        from desktop_app.core.study_ray import RayPool, start_ray

        ray_started = start_ray(None, cpus=cores)
    rounds: dict[str, list] = {}
    for number in range(args.rounds):
        for size in BATCHES:
            rounds.setdefault(f"bare batch {size}", []).append(bare_rate(bare, sample[:size], args.seconds))
        for workers, threads in layouts:
            name = f"local {workers}x{threads}"
            rounds.setdefault(name, []).append(study_rate(folder, scratch, "parts", local(workers, threads), name))
        if ray_started:
            pool = lambda study: RayPool(study.settings(1), cores)  # noqa: E731
            rounds.setdefault("ray", []).append(study_rate(folder, scratch, "parts", pool, "ray"))
        print(f"round {number + 1}: " + ", ".join(f"{k} {_rate(v[-1]):.1f}" for k, v in rounds.items()))
    return summarise(args, cores, layout, layouts, rounds, folder, scratch, ray_started, len(images))


def _rate(measurement) -> float:
    return measurement if isinstance(measurement, float) else measurement["passes_per_s"]


def summarise(args, cores, layout, layouts, rounds, folder, scratch, ray_started, count) -> dict:
    """Best rounds, ratios, overheads and the map study's per-image cost."""
    best = {name: max(values, key=_rate) for name, values in rounds.items()}
    bare_best = max(_rate(best[f"bare batch {size}"]) for size in BATCHES)
    chosen = best[f"local {layout.workers}x{layout.threads}"]
    doc = {
        "benchmark": "study",
        "recipe": "lesson:parts, 1 seed (2 model passes per image)",
        "images": count,
        "image_source": str(args.images) if args.images and args.images.is_dir() else "bundled sample variants",
        "cores": cores,
        "onnxruntime": ort.__version__,
        "machine": {"platform": platform.platform(), "processor": platform.processor()},
        "calibration": {"workers": layout.workers, "threads": layout.threads, "measured": layout.measured},
        "bare_onnxruntime_passes_per_s": {str(size): _rate(best[f"bare batch {size}"]) for size in BATCHES},
        "bare_best_passes_per_s": bare_best,
        "local": {f"{w}x{t}": best[f"local {w}x{t}"] for w, t in layouts},
        "local_chosen_ratio_to_bare": _rate(chosen) / bare_best,
        "rounds": args.rounds,
        "load_average_1min_at_end": os.getloadavg()[0],
        "date": time.strftime("%Y-%m-%d"),
    }
    subset = _subset(folder, scratch, 8)
    map_study = study_rate(subset, scratch, "map:occlusion", lambda study: _chosen_pool(study, layout), "map")
    doc["map_occlusion"] = {**map_study, "passes_per_image": 171}
    doc["driver"] = driver_cost(scratch, folder)
    if ray_started:
        from desktop_app.core.study_ray import stop_ray

        doc["ray"] = {**best["ray"], "ratio_to_local": _rate(best["ray"]) / _rate(chosen)}
        passes_per_batch = 2 * count / best["ray"]["batches"]
        per_worker_batches = best["ray"]["batches"] / cores
        slower = (1 / _rate(best["ray"]) - 1 / _rate(chosen)) * 2 * count
        doc["ray"]["effective_overhead_per_batch_s"] = slower / per_worker_batches
        doc["ray"]["passes_per_batch"] = passes_per_batch
        doc["ray"]["overhead"] = ray_overhead(300)
        stop_ray()
    doc["scale_on_paper"] = scale_on_paper(doc)
    for key, value in doc.items():
        print(f"{key}: {value}")
    return doc


def scale_on_paper(doc: dict, images: int = 50_000) -> dict:
    """Hours for a study of `images` images on 1, 8 and 64 nodes like this machine, from the measurements:
    T(n) = S + N c / (n r) + N o / (B n w) + t, with r this machine's study passes per second, w its workers,
    c the passes per image, B the images per batch, o Ray's per-task overhead, S the start of the workers and t
    the last batch (one worker's batch time). One node runs locally (no Ray overhead)."""
    chosen = f"{doc['calibration']['workers']}x{doc['calibration']['threads']}"
    rate, workers = _rate(doc["local"][chosen]), doc["cores"]
    overhead = doc["ray"]["overhead"]["empty_call_ms"] / 1e3 if "ray" in doc else 0.001
    startup = doc["ray"]["startup_s"] if "ray" in doc else 3.0
    studies = {"lesson parts, 5 seeds": parse_recipe("parts", seeds=5), "map occlusion": parse_recipe("map:occlusion")}
    estimates = {}
    for name, recipe in studies.items():
        passes, batch = recipe.passes_per_image, default_batch_images(recipe)
        last_batch = batch * passes * workers / rate
        row = {}
        for nodes in (1, 8, 64):
            ray_cost = 0.0 if nodes == 1 else images * overhead / (batch * nodes * workers)
            row[str(nodes)] = startup + images * passes / (nodes * rate) + ray_cost + last_batch
        estimates[name] = {"passes_per_image": passes, "images_per_batch": batch, "seconds_by_nodes": row}
    return {
        "images": images,
        "node_passes_per_s": rate,
        "workers_per_node": workers,
        "task_overhead_s": overhead,
        "startup_s": startup,
        "studies": estimates,
    }


def _chosen_pool(study, layout):
    return LocalPool(study.settings(layout.threads), layout.workers)


def _subset(folder: Path, scratch: Path, count: int) -> Path:
    subset = scratch / "subset"
    for image in find_images(folder, imagenet_labels())[:count]:
        target = subset / image.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(image.path(folder).resolve(), target)
    return subset


if __name__ == "__main__":
    main()
