"""explain: an explanation map of one image (occlusion, RISE or CAM), printed and optionally saved."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from desktop_app.cli.common import (
    EXIT_OK,
    CliError,
    load_model,
    model_options,
    print_json,
    run_cancellable,
    say,
)
from desktop_app.core.imageio import ImageLoadError, load_image
from desktop_app.core.model import ClassifierModel, ModelError
from desktop_app.core.scheduler import CancelToken

EXPLAIN_MAX_SIDE = 2048  # the map is 224 pixels; its overlay PNG over a larger image would only cost memory


def add_explain(commands: argparse._SubParsersAction) -> None:
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


METHOD_OPTIONS = {"window": "occlusion", "stride": "occlusion", "fill": "occlusion", "masks": "rise", "seed": "rise"}


def cmd_explain(args: argparse.Namespace) -> int:
    """Computes one explanation map; optionally saves it over the image (PNG) and raw (.npy)."""
    from desktop_app.core.cam import CamUnsupported, cam_map
    from desktop_app.core.explain import occlusion_map
    from desktop_app.core.export import overlay_with_colour_bar, save_npy
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
            save_image(args.out, overlay_with_colour_bar(image, result, model.labels.name(result.target)))
    except (ImageSaveError, SaveError) as err:
        raise CliError(str(err)) from err
    print_explanation(args, model, result)
    return EXIT_OK


def print_explanation(args: argparse.Namespace, model: ClassifierModel, result: Any) -> None:
    """What explain prints: one JSON object, or two lines and the files written."""
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
