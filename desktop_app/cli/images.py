"""classify (the top classes of images, and the paper's 16 categories) and info (versions, the model, providers)."""

from __future__ import annotations

import argparse
import platform
from pathlib import Path
from typing import Any

import numpy as np

from desktop_app.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    CliError,
    error,
    load_model,
    model_options,
    print_json,
    print_top,
    run_cancellable,
    say,
)
from desktop_app.core.imageio import ImageLoadError, load_image
from desktop_app.core.model import ClassifierModel, ModelError

CLI_MAX_SIDE = 4096  # images are decoded no larger than this: the model sees a 224-pixel crop


def add_classify(commands: argparse._SubParsersAction) -> None:
    """The classify subcommand and its options."""
    classify = commands.add_parser("classify", help="print the top classes of images")
    classify.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    classify.add_argument("--top", type=int, default=5, metavar="K", help="how many classes to show (default 5)")
    classify.add_argument("--json", action="store_true", help="print one JSON object")
    classify.add_argument(
        "--categories", action="store_true", help="add the 16 categories of Geirhos et al. 2019 and the decision"
    )
    model_options(classify)


def add_info(commands: argparse._SubParsersAction) -> None:
    """The info subcommand and its options."""
    info = commands.add_parser("info", help="versions, the model's input and the execution providers")
    info.add_argument("--json", action="store_true", help="print one JSON object")
    model_options(info)


def _predict(model: ClassifierModel, image: np.ndarray) -> np.ndarray:
    """The model's probabilities for one image, run so that Ctrl+C stops it."""
    return run_cancellable(lambda token: model.predict([image], token)[0])


def cmd_classify(args: argparse.Namespace) -> int:
    """Classifies each image; bad images are reported and the rest still classified."""
    if not 1 <= args.top <= 1000:
        raise CliError(f"--top must be between 1 and 1000, not {args.top}")
    model = load_model(args.model, args.provider)
    results, status = [], EXIT_OK
    for path in args.images:
        try:
            image = load_image(path, max_side=CLI_MAX_SIDE)
            probabilities = _predict(model, image)
        except (ImageLoadError, CliError) as err:
            error(str(err))
            status = EXIT_ERROR
            continue
        except ModelError as err:
            error(str(err))
            status = EXIT_ERROR
            continue
        result: dict[str, Any] = {"image": str(path), "top": [vars(t) for t in model.top_k(probabilities, args.top)]}
        if args.categories:
            result.update(categories_of(path, probabilities))
        results.append(result)
    if args.json:
        print_json({"model": model.name, "provider": model.provider.active, "results": results})
    else:
        for result in results:
            print_top(f"{result['image']}  ({model.name}, {model.provider.active})", result["top"])
            if args.categories:
                _print_categories(result)
    return status


def categories_of(path: Path, probabilities: np.ndarray) -> dict[str, Any]:
    """The 16-category probabilities, the decision and, for a file named like the stimuli, the verdict."""
    from desktop_app.core.categories import category_probabilities, decide, parse_stimulus_name, verdict

    extra: dict[str, Any] = {"categories": category_probabilities(probabilities), "decision": decide(probabilities)}
    named = parse_stimulus_name(path)
    if named is not None:
        shape, texture = named
        extra["stimulus"] = {"shape": shape, "texture": texture}
        if shape != texture:
            extra["stimulus"]["verdict"] = verdict(shape, texture, extra["decision"])
    return extra


def _print_categories(result: dict[str, Any]) -> None:
    ranked = sorted(result["categories"].items(), key=lambda item: -item[1])
    say(f"  16 categories (mean probability of their classes): decision {result['decision']}")
    say("    " + ", ".join(f"{name} {100 * value:.2f}%" for name, value in ranked[:5]) + ", …")
    stimulus = result.get("stimulus")
    if stimulus:
        said = {"shape": "by shape", "texture": "by texture", "neither": "by neither shape nor texture"}
        how = said.get(stimulus.get("verdict", ""), "(shape and texture are the same category)")
        say(f"  shape {stimulus['shape']}, texture {stimulus['texture']}: decided {how}")


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
    doc: dict[str, Any] = {
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
