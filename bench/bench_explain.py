"""Explanation maps: occlusion through the app's code versus a bare onnxruntime session and Captum, same run.

Usage: python bench/bench_explain.py [--provider cpu|cuda|auto] [--rounds R] [--captum-python PATH] [--no-captum]
Writes bench/results/explain-<provider>.json.

Occlusion map of the cat photo, 224 x 224 input, window 32, grey baseline, stride 16 (13 x 13 windows + the
original = 170 forward passes) and stride 8 (626). Contenders, interleaved in every round so that the noise of a
shared machine hits all of them alike (the best round of each counts):
  app          occlusion_map as the GUI runs it: coarse to fine, a partial map after every run;
  app_plain    occlusion_map as the CLI runs it: the plain sweep;
  bare_ort     the same number of forward passes through a bare onnxruntime session on prepared inputs, at its
               best batch size among BARE_BATCHES (picked in a calibration run first; no occluding, no softmax,
               no map: the floor);
  captum       Captum's Occlusion with its defaults (perturbations_per_eval=1) on the same network in PyTorch, in a
               worker process in the bench venv (.venv-bench, bench/requirements-captum.txt: torch is no app
               dependency). Its map is compared with the app's (max |difference| of the probability drops).
Also: the time to the first (coarse) map, RISE with 1000 masks, and CAM (first call with the session build, a new
image, another class of the same image).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_BATCHES = (8, 16, 32, 64)
STRIDES = (16, 8)
WINDOW = 32
GREY = 128


# -- Captum, in a worker process in the bench venv --------------------------------------------------------------------


def captum_worker(input_path: str, target: int) -> None:
    """Serves Captum occlusion runs: reads a stride per stdin line, answers one JSON line and writes the map."""
    import captum
    import numpy as np
    import torch
    from captum.attr import Occlusion

    sys.path.insert(0, str(ROOT / "packaging"))
    from export_default_model import SPEC, build_torch_model

    network = build_torch_model()
    x = torch.from_numpy(np.load(input_path))
    baseline = (GREY - SPEC.mean[0]) / SPEC.std[0]  # the grey occluder as the model sees it, all channels alike
    occlusion = Occlusion(lambda batch: torch.softmax(network(batch), dim=1))
    with torch.no_grad():
        network(x)  # warm up
    versions = {"torch": torch.__version__, "captum": captum.__version__, "threads": torch.get_num_threads()}
    print(json.dumps(versions), flush=True)
    for line in sys.stdin:
        stride = int(line)
        started = time.perf_counter()
        attribution = occlusion.attribute(
            x, sliding_window_shapes=(3, WINDOW, WINDOW), strides=(3, stride, stride), baselines=baseline, target=target
        )
        seconds = time.perf_counter() - started
        out = Path(input_path).with_name(f"captum-{stride}.npy")
        np.save(out, attribution[0, 0].numpy())  # every channel carries the same value
        print(json.dumps({"stride": stride, "seconds": seconds, "map": str(out)}), flush=True)


class Captum:
    """The worker process: start it, ask it for runs, stop it."""

    def __init__(self, python: Path, input_path: Path, target: int) -> None:
        command = [str(python), __file__, "--captum-worker", str(input_path), str(target)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT
        )
        self.versions = self._answer()

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the Captum worker stopped (is .venv-bench complete?)")
        return json.loads(line)

    def run(self, stride: int) -> dict:
        """Captum's seconds and map file for one stride."""
        self.process.stdin.write(f"{stride}\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        """Ends the worker."""
        self.process.stdin.close()
        self.process.wait(timeout=60)


# -- the run --------------------------------------------------------------------------------------------------------


def main() -> None:
    """Runs every contender and writes the JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--provider", default="cpu", choices=("cpu", "cuda", "auto"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rise-rounds", type=int, default=2)
    parser.add_argument("--captum-python", type=Path, default=ROOT / ".venv-bench" / "bin" / "python")
    parser.add_argument("--no-captum", action="store_true")
    args = parser.parse_args()

    import numpy as np
    import onnxruntime as ort

    sys.path.insert(0, str(ROOT))
    from desktop_app.core.cam import cam_map
    from desktop_app.core.explain import occlusion_map
    from desktop_app.core.imageio import load_image
    from desktop_app.core.model import ClassifierModel
    from desktop_app.core.paths import default_model_path
    from desktop_app.core.rise import rise_map

    load_before = os.getloadavg()
    model = ClassifierModel(default_model_path(), provider=args.provider)
    bare = ort.InferenceSession(str(default_model_path()), providers=model.session.get_providers())
    cat = load_image(ROOT / "resources" / "samples" / "cat.png")
    x = model.preprocess([cat])
    target = int(np.argmax(model.predict_tensor(x)[0]))
    stacks = {batch: np.repeat(x, batch, axis=0) for batch in BARE_BATCHES}
    folder = Path(tempfile.mkdtemp(prefix="bench-explain-"))
    np.save(folder / "input.npy", x)

    def bare_sweep(passes: int, batch: int) -> float:
        started = time.perf_counter()
        for start in range(0, passes, batch):
            bare.run(None, {"image": stacks[batch][: min(batch, passes - start)]})
        return time.perf_counter() - started

    captum = None
    if not args.no_captum:
        if args.captum_python.exists():
            captum = Captum(args.captum_python, folder / "input.npy", target)
        else:
            print(f"captum: skipped, no {args.captum_python} (see bench/requirements-captum.txt)", file=sys.stderr)

    for batch in BARE_BATCHES:  # every shape once, to warm up
        bare_sweep(batch, batch)
    occlusion_map(model, cat, window=WINDOW, stride=16)

    passes = {stride: ((224 - WINDOW) // stride + 1) ** 2 + 1 for stride in STRIDES}
    # the bare session's best batch size first, so that it then runs exactly as often as the app does
    calibration = {s: {b: min(bare_sweep(passes[s], b) for _ in range(2)) for b in BARE_BATCHES} for s in STRIDES}
    best_batch = {s: min(BARE_BATCHES, key=calibration[s].__getitem__) for s in STRIDES}
    times: dict[int, dict[str, list[float]]] = {
        s: {"app": [], "app_plain": [], "bare_ort": [], "first_map": [], "captum": []} for s in STRIDES
    }
    maps, captum_maps = {}, {}
    for round_index in range(args.rounds):
        for stride in STRIDES:
            row = times[stride]
            started, first = time.perf_counter(), []

            def partial(_map, started=started, first=first) -> None:
                if not first:
                    first.append(time.perf_counter() - started)

            result = occlusion_map(model, cat, window=WINDOW, stride=stride, on_partial=partial)
            row["app"].append(time.perf_counter() - started)
            row["first_map"].append(first[0])
            assert result.forward_passes == passes[stride]
            maps[stride] = result.values
            row["bare_ort"].append(bare_sweep(passes[stride], best_batch[stride]))
            started = time.perf_counter()
            occlusion_map(model, cat, window=WINDOW, stride=stride, coarse_to_fine=False)
            row["app_plain"].append(time.perf_counter() - started)
            if captum is not None:
                answer = captum.run(stride)
                row["captum"].append(answer["seconds"])
                captum_maps[stride] = np.load(answer["map"])
            print(
                f"round {round_index + 1} stride {stride:2d}: "
                + ", ".join(f"{name} {values[-1]:.2f} s" for name, values in row.items() if values),
                file=sys.stderr,
            )
    if captum is not None:
        captum.close()
    shutil.rmtree(folder, ignore_errors=True)

    rows = []
    for stride in STRIDES:
        best = {name: min(values) for name, values in times[stride].items() if values}
        row = {
            "stride": stride,
            "window": WINDOW,
            "forward_passes": passes[stride],
            "app_s": best["app"],
            "app_plain_s": best["app_plain"],
            "bare_ort_s": best["bare_ort"],
            "bare_ort_batch": best_batch[stride],
            "bare_ort_calibration_s_by_batch": {str(b): t for b, t in calibration[stride].items()},
            "first_coarse_map_s": best["first_map"],
            "first_coarse_map_worst_s": max(times[stride]["first_map"]),
            "app_over_bare": best["app"] / best["bare_ort"],
            "app_plain_over_bare": best["app_plain"] / best["bare_ort"],
            "rounds_s": times[stride],
        }
        if stride in captum_maps:
            row["captum_s"] = best["captum"]
            row["captum_over_app"] = best["captum"] / best["app"]
            row["max_abs_difference_from_captum"] = float(np.abs(captum_maps[stride] - maps[stride]).max())
        rows.append(row)
        print(
            f"stride {stride:2d}: {passes[stride]} passes  app {row['app_s']:.2f} s (plain {row['app_plain_s']:.2f})  "
            f"bare ORT {row['bare_ort_s']:.2f} s @ batch {best_batch[stride]}  app/bare {row['app_over_bare']:.3f}  "
            f"first map {row['first_coarse_map_s']:.3f} s"
            + (
                f"  Captum {row['captum_s']:.2f} s = {row['captum_over_app']:.1f}x the app, "
                f"max |difference| {row['max_abs_difference_from_captum']:.1e}"
                if "captum_s" in row
                else ""
            ),
            file=sys.stderr,
        )

    rise_times, rise_passes = [], None
    for _ in range(args.rise_rounds):
        rise_result = rise_map(model, cat, masks=1000, on_partial=lambda _map: None)
        rise_times.append(rise_result.elapsed_s)
        rise_passes = rise_result.forward_passes
    rise_bare = bare_sweep(rise_passes, best_batch[8])
    print(f"RISE 1000 masks: {min(rise_times):.2f} s (bare ORT, same passes: {rise_bare:.2f} s)", file=sys.stderr)

    fresh = ClassifierModel(default_model_path(), provider=args.provider)
    started = time.perf_counter()
    cam_first = cam_map(fresh, cat)
    cam = {
        "first_call_with_session_build_s": time.perf_counter() - started,
        "new_image_s": cam_map(fresh, np.ascontiguousarray(cat[::-1])).elapsed_s,
        "other_class_same_image_s": cam_map(fresh, cat, 285).elapsed_s,
        "feature_shape": list(cam_first.details["feature_shape"]),
    }
    print(f"CAM: {cam}", file=sys.stderr)

    doc = {
        "benchmark": "explain",
        "model": model.name,
        "provider": model.provider.active,
        "session_providers": model.session.get_providers(),
        "onnxruntime": ort.__version__,
        "machine": {"platform": platform.platform(), "processor": platform.processor(), "cpus": os.cpu_count()},
        "load_average_before": list(load_before),
        "load_average_after": list(os.getloadavg()),
        "rounds": args.rounds,
        "occlusion": rows,
        "rise_1000_masks_s": min(rise_times),
        "rise_rounds_s": rise_times,
        "rise_forward_passes": rise_passes,
        "rise_bare_ort_same_passes_s": rise_bare,
        "cam": cam,
        "captum": None if captum is None else captum.versions,
        "targets": {"app_over_bare_max": 1.15, "captum_over_app_min": 3.0, "first_map_s_max": 0.5, "rise_s_max": 10},
        "date": time.strftime("%Y-%m-%d"),
    }
    out = ROOT / "bench" / "results" / f"explain-{args.provider}.json"
    out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--captum-worker":
        captum_worker(sys.argv[2], int(sys.argv[3]))
    else:
        main()
