"""Headless commands for instructors' scripts: classify, info, apply (experiment files), explain, screenshot, self-test.

Errors are one line on stderr starting with "error:" and exit status 2; never a traceback. Ctrl+C stops any
command within a second (exit status 130): model loading and runs happen on a worker thread that is cancelled.
Everything printed that came from a file (labels, model names, image names) has its control characters removed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.core.imageio import ImageLoadError, load_image
from desktop_app.core.model import ClassifierModel, ModelError
from desktop_app.core.model import load_model as load_checked_model
from desktop_app.core.providers import CHOICES
from desktop_app.core.scheduler import Cancelled, CancelToken

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 2, 130
CLI_MAX_SIDE = 4096  # images are decoded no larger than this: the model sees a 224-pixel crop
EXPLAIN_MAX_SIDE = 2048  # the map is 224 pixels; its overlay PNG over a larger image would only cost memory
PROGRESS_EVERY_S = 1.0
# C0 and C1 control characters (escape sequences, \r, BEL, ...) and the bidirectional overrides
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
T = TypeVar("T")


class CliError(Exception):
    """A problem reported as one `error:` line."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad options as one `error:` line (exit 2) instead of usage text."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def clean(text: object) -> str:
    """Text safe to print on a terminal: control characters (escape sequences, \\r, BEL, ...) replaced by "?"."""
    return _CONTROL.sub("?", str(text))


def say(text: object = "", stream: Any = None) -> None:
    """Prints one cleaned line to stdout (or `stream`)."""
    print(clean(text), file=stream or sys.stdout, flush=stream is sys.stderr)


def _error(message: str) -> None:
    say(f"error: {message}", sys.stderr)


def print_json(doc: object) -> None:
    """Prints a JSON document valid under a strict parser (no NaN or Infinity; control characters escaped)."""
    try:
        text = json.dumps(doc, indent=2, allow_nan=False)
    except ValueError as err:
        raise CliError("a result is not a finite number; the model's output cannot be trusted") from err
    print(text)


def run_cancellable(work: Callable[[CancelToken], T]) -> T:
    """work(token) on a worker thread; Ctrl+C cancels the token (onnxruntime's terminate, a killed model test run)
    and raises KeyboardInterrupt here at once."""
    token, outcome = CancelToken(), {}

    def target() -> None:
        try:
            outcome["result"] = work(token)
        except BaseException as err:  # handed to the main thread as it is
            outcome["error"] = err

    thread = threading.Thread(target=target, name="cli-work", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.05)
    except KeyboardInterrupt:
        token.cancel()
        thread.join(1.0)
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


class Progress:
    """progress(done, total) callbacks that print a line on stderr at most once a second, after the first second."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.started = self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY_S and total:
            self.last = now
            say(f"progress: {self.what} {done:,} of {total:,} ({100 * done / total:.0f} %)", sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(prog="classifier-explorer", description="What does an ImageNet classifier look at?")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def model_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--model", type=Path, default=None, help="ONNX classifier (default: bundled EfficientNet-Lite0)"
        )
        sub.add_argument("--provider", choices=CHOICES, default="auto", help="execution provider (default: auto)")

    classify = commands.add_parser("classify", help="print the top classes of images")
    classify.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    classify.add_argument("--top", type=int, default=5, metavar="K", help="how many classes to show (default 5)")
    classify.add_argument("--json", action="store_true", help="print one JSON object")
    model_options(classify)

    info = commands.add_parser("info", help="versions, the model's input and the execution providers")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    model_options(info)

    apply = commands.add_parser("apply", help="render an experiment file's edits and print the predictions")
    apply.add_argument("experiment", type=Path, metavar="FILE.json")
    apply.add_argument("--out", type=Path, default=None, metavar="IMG.png", help="save the edited image (full size)")
    apply.add_argument("--top", type=int, default=5, metavar="K")
    apply.add_argument("--json", action="store_true", help="print one JSON object (the shape of classify's)")
    apply.add_argument(
        "--allow-outside-files",
        action="store_true",
        help="open files the experiment names outside its own folder (only for experiments you trust)",
    )
    model_options(apply)

    explain = commands.add_parser("explain", help="an explanation map of one image: occlusion, RISE or CAM")
    explain.add_argument("image", type=Path, metavar="IMAGE")
    explain.add_argument("--method", choices=("occlusion", "rise", "cam"), default="occlusion")
    explain.add_argument("--target", type=int, default=None, metavar="INDEX", help="class to explain (default: top)")
    explain.add_argument("--window", type=int, default=None, metavar="N", help="occlusion window in input pixels (32)")
    explain.add_argument("--stride", type=int, default=None, metavar="N", help="occlusion stride in input pixels (16)")
    explain.add_argument("--fill", choices=("grey", "black", "blur"), default=None, help="occluder (default: grey)")
    explain.add_argument("--masks", type=int, default=None, metavar="N", help="RISE masks (default 1000)")
    explain.add_argument("--seed", type=int, default=None, metavar="N", help="RISE random seed (default 0)")
    explain.add_argument("--out", type=Path, default=None, metavar="MAP.png", help="save the map over the image")
    explain.add_argument("--npy", type=Path, default=None, metavar="MAP.npy", help="save the raw map (input pixels)")
    explain.add_argument("--json", action="store_true", help="print one JSON object")
    model_options(explain)

    shot = commands.add_parser("screenshot", help="render the main window with an image classified to a PNG")
    shot.add_argument("image", nargs="?", type=Path, metavar="IMAGE", help="image to show (default: the cat)")
    shot.add_argument("--out", type=Path, required=True, metavar="FILE.png")

    commands.add_parser("self-test", help="check this installation offline: bundled model, samples, main window")
    return parser


def load_model(path: Path | None, provider: str) -> ClassifierModel:
    """The requested model (a foreign one checked in a child process first); notices go to stderr so JSON on
    stdout stays clean."""
    try:
        model = run_cancellable(lambda token: load_checked_model(path, provider, token))
    except ModelError as err:
        raise CliError(str(err)) from err
    for notice in model.notices:
        say(f"note: {notice}", sys.stderr)
    return model


def classify_image(model: ClassifierModel, image: Any, k: int) -> list[dict[str, Any]]:
    """The top-k classes of one image as JSON-ready dicts, run so that Ctrl+C stops it."""
    try:
        top = run_cancellable(lambda token: model.classify(image, k, token))
    except ModelError as err:
        raise CliError(str(err)) from err
    return [vars(t) for t in top]


def print_top(title: str, top: list[dict[str, Any]]) -> None:
    """The plain-text form of one result: a title line, then one line per class."""
    say(title)
    for t in top:
        say(f"  {100 * t['probability']:6.2f}%  {t['label']}  [{t['index']}]")


def cmd_classify(args: argparse.Namespace) -> int:
    """Classifies each image; bad images are reported and the rest still classified."""
    if not 1 <= args.top <= 1000:
        raise CliError(f"--top must be between 1 and 1000, not {args.top}")
    model = load_model(args.model, args.provider)
    results, status = [], EXIT_OK
    for path in args.images:
        try:
            image = load_image(path, max_side=CLI_MAX_SIDE)
            results.append({"image": str(path), "top": classify_image(model, image, args.top)})
        except (ImageLoadError, CliError) as err:
            _error(str(err))
            status = EXIT_ERROR
    if args.json:
        print_json({"model": model.name, "provider": model.provider.active, "results": results})
    else:
        for result in results:
            print_top(f"{result['image']}  ({model.name}, {model.provider.active})", result["top"])
    return status


def cmd_info(args: argparse.Namespace) -> int:
    """Prints versions, the model's input spec and the providers."""
    import cv2
    import numpy
    import onnxruntime

    model = load_model(args.model, args.provider)
    try:
        from PySide6 import __version__ as qt_version
    except ImportError:
        qt_version = "not installed"
    doc = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {
            "onnxruntime": onnxruntime.__version__,
            "numpy": numpy.__version__,
            "opencv": cv2.__version__,
            "pyside6": qt_version,
        },
        "model": {
            "name": model.name,
            "path": str(model.path),
            "input": model.input.describe(),
            "output": f"{1001 if model.background_class else 1000} {model.output_kind}",
            "preprocessing": {**model.spec.to_metadata(), "source": model.spec.source},
            "labels": model.labels.label_set,
        },
        "providers": {
            "available": onnxruntime.get_available_providers(),
            "requested": model.provider.requested,
            "active": model.provider.active,
            "session": model.session.get_providers(),
            "reason": model.provider.reason,
        },
    }
    if args.json:
        print_json(doc)
        return EXIT_OK
    say(f"Python {doc['python']} on {doc['platform']}")
    say("Versions: " + ", ".join(f"{k} {v}" for k, v in doc["versions"].items()))
    m = doc["model"]
    say(f"Model: {m['name']} ({m['path']})")
    say(f"  input  {m['input']}")
    say(f"  output {m['output']}, labels {m['labels']}")
    prep = m["preprocessing"]
    say(f"  preprocessing ({prep.pop('source')}): " + ", ".join(f"{k}={v}" for k, v in prep.items()))
    p = doc["providers"]
    say(f"Providers available: {', '.join(p['available'])}")
    say(
        f"Provider requested: {p['requested']}; running on: {p['active']}"
        + (f" ({p['reason']})" if p["reason"] else "")
    )
    return EXIT_OK


def _read_experiment(args: argparse.Namespace) -> Any:
    """The experiment file, its edits checked with progress on stderr; CliError in the user's terms."""
    from desktop_app.core.experiment import ExperimentError, OutsideFolderError, load

    try:
        experiment = load(args.experiment, allow_outside=args.allow_outside_files, progress=Progress("checking edit"))
    except OutsideFolderError as err:
        raise CliError(f"{err} (pass --allow-outside-files to open it anyway)") from err
    except ExperimentError as err:
        raise CliError(str(err)) from err
    for warning in experiment.warnings:
        say(f"note: {warning}", sys.stderr)
    recorded = experiment.model.get("path")
    if args.model is None and isinstance(recorded, str) and recorded != "bundled":
        say(
            f"note: this experiment was made with the model {recorded[:200]}; it is not loaded from the file: "
            "using the bundled model (pass --model to use another)",
            sys.stderr,
        )
    return experiment


def _experiment_inputs(args: argparse.Namespace, experiment: Any) -> list[Any]:
    """Every file an apply run reads: the experiment, its photo, texture files."""
    inputs = [args.experiment, experiment.document.path]
    for entry in experiment.document.entries:
        source = getattr(entry.edit, "source", None)
        if getattr(source, "kind", "") == "file":
            inputs.append(source.path)
    return [path for path in inputs if path is not None]


def cmd_apply(args: argparse.Namespace) -> int:
    """Renders an experiment headless; predictions are on the working-size image, as the app shows them."""
    from desktop_app.core.edits import apply
    from desktop_app.core.imageio import ImageSaveError, save_image
    from desktop_app.core.safe_files import SaveError, refuse_overwriting_inputs

    if not 1 <= args.top <= 1000:
        raise CliError(f"--top must be between 1 and 1000, not {args.top}")
    experiment = _read_experiment(args)
    document = experiment.document
    if args.out is not None:
        try:
            refuse_overwriting_inputs(args.out, _experiment_inputs(args, experiment))
        except SaveError as err:
            raise CliError(str(err)) from err
    model = load_model(args.model, args.provider)
    top = classify_image(model, apply(document.working, document.edits, progress=Progress("applying edit")), args.top)
    if args.out is not None:
        try:
            save_image(args.out, apply(document.source, document.edits, progress=Progress("applying full-size edit")))
        except ImageSaveError as err:
            raise CliError(str(err)) from err
    result = {"image": str(args.experiment), "top": top}
    if args.json:
        print_json({"model": model.name, "provider": model.provider.active, "results": [result]})
    else:
        print_top(f"{args.experiment}  ({len(document.entries)} edits; {model.name}, {model.provider.active})", top)
        if args.out is not None:
            say(f"wrote {args.out}")
    return EXIT_OK


METHOD_OPTIONS = {"window": "occlusion", "stride": "occlusion", "fill": "occlusion", "masks": "rise", "seed": "rise"}


def cmd_explain(args: argparse.Namespace) -> int:
    """Computes one explanation map; optionally saves it over the image (PNG) and raw (.npy)."""

    from desktop_app.core.cam import CamUnsupported, cam_map
    from desktop_app.core.explain import occlusion_map
    from desktop_app.core.explanation import overlay_image, save_npy
    from desktop_app.core.imageio import ImageSaveError, save_image
    from desktop_app.core.rise import rise_map
    from desktop_app.core.safe_files import SaveError, refuse_overwriting_inputs

    for option, method in METHOD_OPTIONS.items():
        if getattr(args, option) is not None and args.method != method:
            raise CliError(f"--{option} applies to --method {method} only")
    if args.out is not None and args.out.suffix.lower() != ".png":
        raise CliError(f"--out must name a .png file, not “{args.out.name}”")
    try:
        for out in (args.out, args.npy):
            if out is not None:
                refuse_overwriting_inputs(out, [args.image])
        image = load_image(args.image, max_side=EXPLAIN_MAX_SIDE)
    except (ImageLoadError, SaveError) as err:
        raise CliError(str(err)) from err
    model = load_model(args.model, args.provider)

    def compute(token: CancelToken) -> Any:
        if args.method == "occlusion":
            window = 32 if args.window is None else args.window
            stride = 16 if args.stride is None else args.stride
            fill = args.fill or "grey"
            return occlusion_map(model, image, args.target, window, stride, fill, coarse_to_fine=False, cancel=token)
        if args.method == "rise":
            masks = 1000 if args.masks is None else args.masks
            seed = 0 if args.seed is None else args.seed
            return rise_map(model, image, args.target, masks=masks, seed=seed, cancel=token)
        return cam_map(model, image, args.target)

    try:
        result = run_cancellable(compute)
    except CamUnsupported as err:
        raise CliError(f"CAM is not available for “{model.path.name}”: {err}") from err
    except (ValueError, ModelError) as err:
        raise CliError(str(err)) from err
    try:
        if args.npy is not None:
            save_npy(args.npy, result.values)
        if args.out is not None:
            save_image(args.out, overlay_image(image, result))
    except (ImageSaveError, SaveError) as err:
        raise CliError(str(err)) from err
    print_explanation(args, model, result)
    return EXIT_OK


def print_explanation(args: argparse.Namespace, model: ClassifierModel, result: Any) -> None:
    """What explain prints: one JSON object, or two lines and the files written."""
    import numpy as np

    label = model.labels.name(result.target)
    if args.json:
        doc = {
            "image": str(args.image),
            "method": result.method,
            "target": result.target,
            "label": label,
            "map_shape": list(result.values.shape),
            "value_range": [float(np.nanmin(result.values)), float(np.nanmax(result.values))],
            "crop": list(result.crop),
            "forward_passes": result.forward_passes,
            "elapsed_s": result.elapsed_s,
            "model": model.name,
            "provider": model.provider.active,
        }
        print_json(doc)
        return
    height, width = result.values.shape
    say(f"{args.image}  ({model.name}, {model.provider.active})")
    say(
        f"  {result.method} map of “{label}” [{result.target}]: {height} x {width}, "
        f"{result.forward_passes} forward passes in {result.elapsed_s:.2f} s"
    )
    for path in (args.out, args.npy):
        if path is not None:
            say(f"wrote {path}")


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Saves a PNG of the main window (offscreen unless QT_QPA_PLATFORM says otherwise)."""
    from desktop_app.ui.screenshot import ScreenshotError, take_screenshot

    if args.image is not None and not args.image.is_file():
        raise CliError(f"“{args.image}” was not found")
    try:
        out = take_screenshot(args.out, args.image.resolve() if args.image else None)
    except ScreenshotError as err:
        raise CliError(str(err)) from err
    say(f"wrote {out}")
    return EXIT_OK


def cmd_self_test(_args: argparse.Namespace) -> int:
    """Checks the installation end to end; prints one line per check and exits 0 only when all passed."""
    from desktop_app.selftest import run_self_test

    return run_self_test(sys.stdout)


COMMANDS = {
    "classify": cmd_classify,
    "info": cmd_info,
    "apply": cmd_apply,
    "explain": cmd_explain,
    "screenshot": cmd_screenshot,
    "self-test": cmd_self_test,
}


def main(argv: Sequence[str]) -> int:
    """Runs one command and returns its exit status."""
    args = build_parser().parse_args(list(argv))
    try:
        return COMMANDS[args.command](args)
    except CliError as err:
        _error(str(err))
        return EXIT_ERROR
    except (KeyboardInterrupt, Cancelled):
        _error("interrupted (Ctrl+C); nothing more was done")
        if threading.active_count() > 1:  # a worker still inside onnxruntime: leave without waiting for it
            sys.stdout.flush()
            os._exit(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED
