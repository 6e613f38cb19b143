"""Study throughput: the local runner and the Ray runner against a bare onnxruntime session, same machine, same run.

Usage: python bench/bench_study.py [--images DIR] [--count N] [--rounds R] [--window S] [--no-ray]
Writes bench/results/study-cpu.json. The study is the parts lesson (one seed: 2 model passes per image, the original
and the jigsaw) over N images of DIR (default: Geirhos et al.'s cue-conflict images from /work/shared, else variants
of the bundled samples). Throughput is model passes per second in the steady state: the workers (started once,
timed apart) are kept busy with the study's batches for a window of S seconds, each finished batch appended to a
results journal and synced as in a real study; the bare session runs preprocessed batches of 1, 8, 32 and 64 for
the same window. Contenders alternate in rounds, so the ratio of each round compares neighbours in time; the
median ratio over the rounds is the headline (robust on a shared machine), and the best round of each is given too.
Also measured: Ray's per-task overhead (an empty actor call), the driver's cost per batch, the per-image cost of
the occlusion-map study, and from all of these the README's estimate for 50,000 images on 1, 8 and 64 nodes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
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
from desktop_app.core.study_results import Journal, open_journal, result_columns  # noqa: E402
from desktop_app.core.study_runner import default_batch_images, plan_study, run_study  # noqa: E402

CUE_CONFLICT = Path("/work/shared/datasets/texture-vs-shape/cue-conflict")
BATCHES = (1, 8, 32, 64)
STUDY_BATCH = 32  # images per study batch here (64 passes, ~0.4-0.9 s per worker): several batches per window


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


def pool_rate(pool, batches: list, journal: Journal, seconds: float) -> float:
    """Passes per second of a pool kept busy for about `seconds`, each batch's rows appended and synced: the sum
    over workers of the passes each finished over the time from its first batch to its last (no idle tail)."""
    position, started = 0, time.perf_counter()
    passes, finished = [0] * pool.workers, [started] * pool.workers
    for worker in range(pool.workers):
        pool.submit(worker, batches[position % len(batches)])
        position += 1
    running = pool.workers
    while running:
        worker, result = pool.next_result()
        running -= 1
        journal.append(result.rows)
        passes[worker] += result.passes
        finished[worker] = time.perf_counter()
        if finished[worker] - started < seconds:
            pool.submit(worker, batches[position % len(batches)])
            position += 1
            running += 1
        journal.sync()
    return sum(p / (end - started) for p, end in zip(passes, finished, strict=True))


def study_run(folder: Path, scratch: Path, recipe_text: str, make_pool) -> dict:
    """Runs one whole study: passes per second once the workers are up, and their start-up time."""
    out = scratch / f"study-{time.perf_counter_ns()}.csv"
    study = plan_study(parse_recipe(recipe_text), folder, out, default_model_path(), imagenet_labels())
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
    return {
        "passes_per_s": progress.passes / elapsed,
        "images_per_s": progress.done / elapsed,
        "startup_s": ready - started,
    }


def ray_overhead(calls: int) -> dict:
    """Round trip of an empty call to a Ray actor (sequential), and of a batch's worth of arguments."""
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
    from desktop_app.core.study_worker import StudyWorker

    study = plan_study(parse_recipe("parts"), folder, scratch / "driver.csv", default_model_path(), imagenet_labels())
    rows = StudyWorker(study.settings(1)).process(list(study.images[:21])).rows  # a 5-seed lesson's batch: 21 images
    journal = Journal(scratch / "driver.csv", result_columns(False))
    started = time.perf_counter()
    for number in range(batches):
        journal.append([{**row, "run": number} for row in rows])
        journal.sync()
    elapsed = time.perf_counter() - started
    journal.close()
    return {"append_and_fsync_ms_per_batch": 1e3 * elapsed / batches, "rows_per_batch": len(rows)}


def scale_on_paper(doc: dict, images: int = 50_000) -> dict:
    """Seconds for a study of `images` images on 1, 8 and 64 nodes like this machine, from the measurements:
    T(n) = S + N c / (n r) + N o / (B n w) + t, with r this machine's study passes per second, w its workers,
    c the passes per image, B the images per batch, o Ray's per-task overhead, S the start of the workers and t
    the last batch (one worker's batch time). One node runs locally (no Ray overhead)."""
    rate, workers = doc["local"]["median_passes_per_s"], doc["cores"]
    overhead = doc["ray"]["overhead"]["empty_call_ms"] / 1e3 if "ray" in doc else 0.001
    startup = doc["ray"]["startup_s"] if "ray" in doc else doc["local"]["startup_s"]
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


def main() -> None:
    """Runs the comparison and writes the JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=Path, default=CUE_CONFLICT)
    parser.add_argument("--count", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--window", type=float, default=4.0, help="seconds per steady-state measurement")
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-study-"))
    try:
        result = run_benchmark(args, usable_cores(), scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    out = ROOT / "bench" / "results" / "study-cpu.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


def run_benchmark(args: argparse.Namespace, cores: int, scratch: Path) -> dict:
    """Every measurement, as the JSON document."""
    folder = image_folder(args.images, args.count, scratch)
    model = ClassifierModel(default_model_path(), provider="cpu")
    study = plan_study(
        parse_recipe("parts"), folder, scratch / "r.csv", default_model_path(), model.labels, "cpu", STUDY_BATCH
    )
    bare = ort.InferenceSession(str(default_model_path()), providers=["CPUExecutionProvider"])
    sample = model.preprocess([load_image(i.path(folder)) for i in study.images[: max(BATCHES)]])
    layout = choose_threads(default_model_path(), "cpu", cores)
    print(
        f"{len(study.images)} images; {cores} cores; calibration: {layout.workers} x {layout.threads} ({layout.reason})"
    )
    contenders, startup = {}, {}
    for workers, threads in sorted({(cores, 1), (1, cores), (layout.workers, layout.threads)}):
        started = time.perf_counter()
        contenders[f"local {workers}x{threads}"] = LocalPool(study.settings(threads), workers)
        startup[f"local {workers}x{threads}"] = time.perf_counter() - started
    ray_started = False
    if not args.no_ray:
        from desktop_app.core.study_ray import RayPool, start_ray

        ray_started = start_ray(None, cpus=cores)
        started = time.perf_counter()
        contenders["ray"] = RayPool(study.settings(1), cores)
        startup["ray"] = time.perf_counter() - started
    journal = Journal(scratch / "journal.csv", study.columns)
    rounds: dict[str, list[float]] = {}
    try:
        for number in range(args.rounds):
            window = args.window / len(BATCHES)
            rounds.setdefault("bare", []).append(max(bare_rate(bare, sample[:size], window) for size in BATCHES))
            for name, pool in contenders.items():
                rounds.setdefault(name, []).append(pool_rate(pool, study.batches(), journal, args.window))
            print(f"round {number + 1}: " + ", ".join(f"{k} {v[-1]:.1f}" for k, v in rounds.items()), flush=True)
    finally:
        for pool in contenders.values():
            pool.close()
        journal.close()
    chosen = f"local {layout.workers}x{layout.threads}"
    doc = summarise(args, cores, layout, rounds, startup, chosen, len(study.images))
    doc["bare_passes_per_s_by_batch"] = {str(size): bare_rate(bare, sample[:size], 2.0) for size in BATCHES}
    doc["map_occlusion"] = {
        **study_run(
            _subset(folder, scratch, 8),
            scratch,
            "map:occlusion",
            lambda s: LocalPool(s.settings(layout.threads), layout.workers),
        ),
        "passes_per_image": 171,
    }
    doc["driver"] = driver_cost(scratch, folder)
    if ray_started:
        from desktop_app.core.study_ray import stop_ray

        doc["ray"]["overhead"] = ray_overhead(300)
        stop_ray()
    doc["scale_on_paper"] = scale_on_paper(doc)
    for key, value in doc.items():
        print(f"{key}: {value}")
    return doc


def summarise(args, cores, layout, rounds, startup, chosen, count) -> dict:
    """Medians of the paired ratios and best rounds."""

    def ratio(name: str, to: str) -> float:
        return statistics.median(a / b for a, b in zip(rounds[name], rounds[to], strict=True))

    doc = {
        "benchmark": "study",
        "recipe": f"lesson:parts, 1 seed (2 model passes per image), {STUDY_BATCH} images per batch",
        "images": count,
        "image_source": str(args.images) if args.images and args.images.is_dir() else "bundled sample variants",
        "cores": cores,
        "onnxruntime": ort.__version__,
        "machine": {"platform": platform.platform(), "processor": platform.processor()},
        "calibration": {"workers": layout.workers, "threads": layout.threads, "measured": layout.measured},
        "rounds": args.rounds,
        "window_s": args.window,
        "bare": {"median_passes_per_s": statistics.median(rounds["bare"]), "best_passes_per_s": max(rounds["bare"])},
        "layouts": {
            name.removeprefix("local "): {
                "median_passes_per_s": statistics.median(values),
                "best_passes_per_s": max(values),
                "median_ratio_to_bare": ratio(name, "bare"),
                "startup_s": startup[name],
            }
            for name, values in rounds.items()
            if name.startswith("local ")
        },
        "per_round": rounds,
        "load_average_1min_at_end": os.getloadavg()[0],
        "date": time.strftime("%Y-%m-%d"),
    }
    doc["local"] = {**doc["layouts"][chosen.removeprefix("local ")], "layout": chosen.removeprefix("local ")}
    if "ray" in rounds:
        doc["ray"] = {
            "median_passes_per_s": statistics.median(rounds["ray"]),
            "best_passes_per_s": max(rounds["ray"]),
            "median_ratio_to_local": ratio("ray", chosen),
            "startup_s": startup["ray"],
        }
    return doc


def _subset(folder: Path, scratch: Path, count: int) -> Path:
    subset = scratch / "subset"
    for image in find_images(folder, imagenet_labels())[:count]:
        target = subset / image.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(image.path(folder).resolve(), target)
    return subset


if __name__ == "__main__":
    main()
