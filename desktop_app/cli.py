"""Headless commands for instructors' scripts: classify, info, apply (experiment files), explain, shape-bias,
screenshot, self-test.

Errors are one line on stderr starting with "error:" and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from desktop_app.core.imageio import ImageLoadError, load_image
from desktop_app.core.model import ClassifierModel, ModelError
from desktop_app.core.paths import default_model_path
from desktop_app.core.providers import CHOICES

if TYPE_CHECKING:
    from desktop_app.core.explanation import ExplanationMap

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


def model_options(sub: argparse.ArgumentParser) -> None:
    """Adds --model and --provider to a subcommand."""
    sub.add_argument("--model", type=Path, default=None, help="ONNX classifier (default: bundled EfficientNet-Lite0)")
    sub.add_argument("--provider", choices=CHOICES, default="auto", help="execution provider (default: auto)")


def _add_explain(commands: argparse._SubParsersAction) -> None:
    """The explain subcommand and its options."""
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(prog="classifier-explorer", description="What does an ImageNet classifier look at?")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    classify = commands.add_parser("classify", help="print the top classes of images")
    classify.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    classify.add_argument("--top", type=int, default=5, metavar="K", help="how many classes to show (default 5)")
    classify.add_argument("--json", action="store_true", help="print one JSON object")
    classify.add_argument(
        "--categories", action="store_true", help="add the 16 categories of Geirhos et al. 2019 and the decision"
    )
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

    _add_explain(commands)

    bias = commands.add_parser("shape-bias", help="a model's shape bias on cue-conflict images (Geirhos et al. 2019)")
    bias.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=None,
        metavar="DIR",
        help="images named like cat7-elephant1.png (default: the bundled subset)",
    )
    bias.add_argument("--json", action="store_true", help="print one JSON object")
    bias.add_argument("--csv", type=Path, default=None, metavar="FILE", help="save every decision as CSV")
    model_options(bias)

    shot = commands.add_parser("screenshot", help="render the main window with an image classified to a PNG")
    shot.add_argument("image", nargs="?", type=Path, metavar="IMAGE", help="image to show (default: the cat)")
    shot.add_argument("--out", type=Path, required=True, metavar="FILE.png")
    shot.add_argument("--size", type=_window_size, default=None, metavar="WxH", help="window size (default 1200x760)")
    shot.add_argument("--projector", action="store_true", help="in projector mode (large chart, image and chart only)")

    commands.add_parser("self-test", help="check this installation offline: bundled model, samples, main window")
    return parser


def _window_size(text: str) -> tuple[int, int]:
    """ "1366x768" as (1366, 768); argparse reports anything else."""
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and 320 <= int(width) <= 8192 and 240 <= int(height) <= 8192):
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT between 320x240 and 8192x8192, not “{text}”")
    return int(width), int(height)


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
        probabilities = model.predict([image])[0]
        result = {"image": str(path), "top": [vars(t) for t in model.top_k(probabilities, args.top)]}
        if args.categories:
            result.update(_categories_of(path, probabilities))
        results.append(result)
    if args.json:
        doc = {"model": model.name, "provider": model.provider.active, "results": results}
        print(json.dumps(doc, indent=2))
    else:
        for result in results:
            print(f"{result['image']}  ({model.name}, {model.provider.active})")
            for t in result["top"]:
                print(f"  {100 * t['probability']:6.2f}%  {t['label']}  [{t['index']}]")
            if args.categories:
                _print_categories(result)
    return status


def _categories_of(path: Path, probabilities) -> dict:
    """The 16-category probabilities, the decision and, for a file named like the stimuli, the verdict."""
    from desktop_app.core.categories import category_probabilities, decide, parse_stimulus_name, verdict

    extra: dict = {"categories": category_probabilities(probabilities), "decision": decide(probabilities)}
    named = parse_stimulus_name(path)
    if named is not None:
        shape, texture = named
        extra["stimulus"] = {"shape": shape, "texture": texture}
        if shape != texture:
            extra["stimulus"]["verdict"] = verdict(shape, texture, extra["decision"])
    return extra


def _print_categories(result: dict) -> None:
    ranked = sorted(result["categories"].items(), key=lambda item: -item[1])
    print(f"  16 categories (mean probability of their classes): decision {result['decision']}")
    print("    " + ", ".join(f"{name} {100 * value:.2f}%" for name, value in ranked[:5]) + ", …")
    stimulus = result.get("stimulus")
    if stimulus:
        said = {"shape": "by shape", "texture": "by texture", "neither": "by neither shape nor texture"}
        how = said.get(stimulus.get("verdict", ""), "(shape and texture are the same category)")
        print(f"  shape {stimulus['shape']}, texture {stimulus['texture']}: decided {how}")


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


def _explanation_map(args: argparse.Namespace, model: ClassifierModel, image: np.ndarray) -> ExplanationMap:
    """The map the options ask for (the defaults are the Explain dock's)."""
    from desktop_app.core.cam import CamUnsupported, cam_map
    from desktop_app.core.explain import occlusion_map
    from desktop_app.core.rise import rise_map

    try:
        if args.method == "occlusion":
            window = 32 if args.window is None else args.window
            stride = 16 if args.stride is None else args.stride
            return occlusion_map(model, image, args.target, window, stride, args.fill or "grey", coarse_to_fine=False)
        if args.method == "rise":
            masks = 1000 if args.masks is None else args.masks
            return rise_map(model, image, args.target, masks=masks, seed=0 if args.seed is None else args.seed)
        return cam_map(model, image, args.target)
    except CamUnsupported as err:
        raise CliError(f"CAM is not available for “{model.path.name}”: {err}") from err
    except ValueError as err:
        raise CliError(str(err)) from err


def cmd_explain(args: argparse.Namespace) -> int:
    """Computes one explanation map; optionally saves it over the image (PNG) and raw (.npy)."""
    from desktop_app.core.export import overlay_with_colour_bar, save_npy
    from desktop_app.core.imageio import ImageSaveError, save_image

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
    result = _explanation_map(args, model, image)
    try:
        if args.npy is not None:
            save_npy(args.npy, result.values)
        if args.out is not None:
            save_image(args.out, overlay_with_colour_bar(image, result, model.labels.name(result.target)))
    except ImageSaveError as err:
        raise CliError(str(err)) from err
    except OSError as err:
        raise CliError(f"could not save “{args.npy.name}”: {err.strerror or err}") from err
    _print_explanation(args, model, result)
    return EXIT_OK


def _print_explanation(args: argparse.Namespace, model: ClassifierModel, result: ExplanationMap) -> None:
    """The map's summary as JSON or as lines of text, and the files written."""
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
        return
    height, width = result.values.shape
    print(f"{args.image}  ({model.name}, {model.provider.active})")
    print(
        f"  {result.method} map of “{label}” [{result.target}]: {height} x {width}, "
        f"{result.forward_passes} forward passes in {result.elapsed_s:.2f} s"
    )
    for path in (args.out, args.npy):
        if path is not None:
            print(f"wrote {path}")


def cmd_shape_bias(args: argparse.Namespace) -> int:
    """Runs the shape-bias study over a folder; skipped files are noted on stderr, never fatal."""
    from desktop_app.core.shape_bias import run_study, save_csv
    from desktop_app.core.stimuli import published_shape_bias

    if args.folder is not None and not args.folder.is_dir():
        raise CliError(f"“{args.folder}” is not a folder of images")
    if args.csv is not None and not args.csv.parent.is_dir():
        raise CliError(f"could not save “{args.csv.name}”: the folder “{args.csv.parent}” does not exist")
    model = load_model(args.model, args.provider)
    try:
        result = run_study(model, args.folder)
    except ValueError as err:
        raise CliError(str(err)) from err
    for skipped in result.skipped:
        print(f"note: skipped {skipped.name}: {skipped.reason}", file=sys.stderr)
    if not result.decisions:
        raise CliError(f"no readable images named like the stimuli (cat7-elephant1.png) in “{result.folder}”")
    if args.csv is not None:
        try:
            save_csv(result, args.csv)
        except OSError as err:
            raise CliError(f"could not save “{args.csv.name}”: {err.strerror or err}") from err
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
        return EXIT_OK
    bias = result.bias
    print(f"{result.folder}  ({model.name}, {model.provider.active})")
    print(f"  {bias.images} images, {bias.cue_conflict} with different shape and texture categories")
    print(f"  {'category':<10} {'shape':>6} {'texture':>8}  shape bias")
    for name, count in [*bias.per_category.items(), ("all", bias.overall)]:
        value = "–" if count.shape_bias is None else f"{count.shape_bias:.3f}"
        print(f"  {name:<10} {count.shape_decisions:>6} {count.texture_decisions:>8}  {value}")
    print("  published: " + ", ".join(f"{r.name} {r.shape_bias:.3f}" for r in published_shape_bias()))
    if args.csv is not None:
        print(f"wrote {args.csv}")
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Saves a PNG of the main window (offscreen unless QT_QPA_PLATFORM says otherwise)."""
    from desktop_app.ui.screenshot import WINDOW_SIZE, ScreenshotError, take_screenshot

    if args.image is not None and not args.image.is_file():
        raise CliError(f"“{args.image}” was not found")
    try:
        image = args.image.resolve() if args.image else None
        out = take_screenshot(args.out, image, size=args.size or WINDOW_SIZE, projector=args.projector)
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
    "shape-bias": cmd_shape_bias,
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
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_ERROR
