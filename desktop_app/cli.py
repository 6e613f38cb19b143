"""Headless commands for instructors' scripts: classify, info, apply (experiment files), explain, screenshot, self-test.

Errors are one line on stderr starting with "error:" and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.imageio import ImageLoadError, load_image
from desktop_app.core.model import ClassifierModel, ModelError
from desktop_app.core.paths import default_model_path
from desktop_app.core.providers import CHOICES
from desktop_app.study_cli import add_study_command, cmd_study

EXIT_OK, EXIT_ERROR = 0, 2


class CliError(Exception):
    """A problem reported as one `error:` line."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad options as one `error:` line (exit 2) instead of usage text."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


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
    add_study_command(commands)
    return parser


def load_model(path: Path | None, provider: str) -> ClassifierModel:
    """The requested model; notices go to stderr so JSON on stdout stays clean."""
    try:
        model = ClassifierModel(path or default_model_path(), provider=provider)
    except ModelError as err:
        raise CliError(str(err)) from err
    for notice in model.notices:
        print(f"note: {notice}", file=sys.stderr)
    return model


def cmd_classify(args: argparse.Namespace) -> int:
    """Classifies each image; bad images are reported and the rest still classified."""
    if not 1 <= args.top <= 1000:
        raise CliError(f"--top must be between 1 and 1000, not {args.top}")
    model = load_model(args.model, args.provider)
    results, status = [], EXIT_OK
    for path in args.images:
        try:
            image = load_image(path)
        except ImageLoadError as err:
            _error(str(err))
            status = EXIT_ERROR
            continue
        top = model.classify(image, k=args.top)
        results.append({"image": str(path), "top": [vars(t) for t in top]})
    if args.json:
        doc = {"model": model.name, "provider": model.provider.active, "results": results}
        print(json.dumps(doc, indent=2))
    else:
        for result in results:
            print(f"{result['image']}  ({model.name}, {model.provider.active})")
            for t in result["top"]:
                print(f"  {100 * t['probability']:6.2f}%  {t['label']}  [{t['index']}]")
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
        print(json.dumps(doc, indent=2))
        return EXIT_OK
    print(f"Python {doc['python']} on {doc['platform']}")
    print("Versions: " + ", ".join(f"{k} {v}" for k, v in doc["versions"].items()))
    m = doc["model"]
    print(f"Model: {m['name']} ({m['path']})")
    print(f"  input  {m['input']}")
    print(f"  output {m['output']}, labels {m['labels']}")
    prep = m["preprocessing"]
    print(f"  preprocessing ({prep.pop('source')}): " + ", ".join(f"{k}={v}" for k, v in prep.items()))
    p = doc["providers"]
    print(f"Providers available: {', '.join(p['available'])}")
    print(
        f"Provider requested: {p['requested']}; running on: {p['active']}"
        + (f" ({p['reason']})" if p["reason"] else "")
    )
    return EXIT_OK


def cmd_apply(args: argparse.Namespace) -> int:
    """Renders an experiment headless; predictions are on the working-size image, as the app shows them."""
    from desktop_app.core.experiment import ExperimentError, load
    from desktop_app.core.imageio import ImageSaveError, save_image

    if not 1 <= args.top <= 1000:
        raise CliError(f"--top must be between 1 and 1000, not {args.top}")
    try:
        experiment = load(args.experiment)
    except ExperimentError as err:
        raise CliError(str(err)) from err
    for warning in experiment.warnings:
        print(f"note: {warning}", file=sys.stderr)
    recorded = experiment.model.get("path")
    model_path = args.model or (Path(recorded) if recorded and recorded != "bundled" else None)
    model = load_model(model_path, args.provider)
    document = experiment.document
    top = model.classify(document.render(), k=args.top)
    if args.out is not None:
        try:
            save_image(args.out, document.render(full_resolution=True))
        except ImageSaveError as err:
            raise CliError(str(err)) from err
    result = {"image": str(args.experiment), "top": [vars(t) for t in top]}
    if args.json:
        print(json.dumps({"model": model.name, "provider": model.provider.active, "results": [result]}, indent=2))
    else:
        print(f"{args.experiment}  ({len(document.entries)} edits; {model.name}, {model.provider.active})")
        for t in result["top"]:
            print(f"  {100 * t['probability']:6.2f}%  {t['label']}  [{t['index']}]")
        if args.out is not None:
            print(f"wrote {args.out}")
    return EXIT_OK


METHOD_OPTIONS = {"window": "occlusion", "stride": "occlusion", "fill": "occlusion", "masks": "rise", "seed": "rise"}


def cmd_explain(args: argparse.Namespace) -> int:
    """Computes one explanation map; optionally saves it over the image (PNG) and raw (.npy)."""
    import numpy as np

    from desktop_app.core.cam import CamUnsupported, cam_map
    from desktop_app.core.explain import occlusion_map
    from desktop_app.core.explanation import overlay_image, save_npy
    from desktop_app.core.imageio import ImageSaveError, save_image
    from desktop_app.core.rise import rise_map

    for option, method in METHOD_OPTIONS.items():
        if getattr(args, option) is not None and args.method != method:
            raise CliError(f"--{option} applies to --method {method} only")
    if args.out is not None and args.out.suffix.lower() != ".png":
        raise CliError(f"--out must name a .png file, not “{args.out.name}”")
    try:
        image = load_image(args.image)
    except ImageLoadError as err:
        raise CliError(str(err)) from err
    model = load_model(args.model, args.provider)
    try:
        if args.method == "occlusion":
            window = 32 if args.window is None else args.window
            stride = 16 if args.stride is None else args.stride
            result = occlusion_map(model, image, args.target, window, stride, args.fill or "grey", coarse_to_fine=False)
        elif args.method == "rise":
            masks = 1000 if args.masks is None else args.masks
            result = rise_map(model, image, args.target, masks=masks, seed=0 if args.seed is None else args.seed)
        else:
            result = cam_map(model, image, args.target)
    except CamUnsupported as err:
        raise CliError(f"CAM is not available for “{model.path.name}”: {err}") from err
    except ValueError as err:
        raise CliError(str(err)) from err
    try:
        if args.npy is not None:
            save_npy(args.npy, result.values)
        if args.out is not None:
            save_image(args.out, overlay_image(image, result))
    except ImageSaveError as err:
        raise CliError(str(err)) from err
    except OSError as err:
        raise CliError(f"could not save “{args.npy.name}”: {err.strerror or err}") from err
    label = model.labels.name(result.target)
    if args.json:
        doc = {
            "image": str(args.image),
            "method": result.method,
            "target": result.target,
            "label": label,
            "map_shape": list(result.values.shape),
            "value_range": [float(np.min(result.values)), float(np.max(result.values))],
            "crop": list(result.crop),
            "forward_passes": result.forward_passes,
            "elapsed_s": result.elapsed_s,
            "model": model.name,
            "provider": model.provider.active,
        }
        print(json.dumps(doc, indent=2))
        return EXIT_OK
    height, width = result.values.shape
    print(f"{args.image}  ({model.name}, {model.provider.active})")
    print(
        f"  {result.method} map of “{label}” [{result.target}]: {height} x {width}, "
        f"{result.forward_passes} forward passes in {result.elapsed_s:.2f} s"
    )
    for path in (args.out, args.npy):
        if path is not None:
            print(f"wrote {path}")
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Saves a PNG of the main window (offscreen unless QT_QPA_PLATFORM says otherwise)."""
    from desktop_app.ui.screenshot import ScreenshotError, take_screenshot

    if args.image is not None and not args.image.is_file():
        raise CliError(f"“{args.image}” was not found")
    try:
        out = take_screenshot(args.out, args.image.resolve() if args.image else None)
    except ScreenshotError as err:
        raise CliError(str(err)) from err
    print(f"wrote {out}")
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
    "study": cmd_study,
}


def main(argv: Sequence[str]) -> int:
    """Runs one command and returns its exit status."""
    args = build_parser().parse_args(list(argv))
    try:
        return COMMANDS[args.command](args)
    except CliError as err:
        _error(str(err))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_ERROR
