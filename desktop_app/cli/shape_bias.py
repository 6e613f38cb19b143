"""shape-bias: a model's shape bias on cue-conflict images, by the rule of Geirhos et al. 2019."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.common import (
    EXIT_OK,
    CliError,
    load_model,
    model_options,
    print_json,
    run_cancellable,
    say,
)
from desktop_app.core.model import ModelError
from desktop_app.core.safe_files import SaveError


def add_shape_bias(commands: argparse._SubParsersAction) -> None:
    """The shape-bias subcommand and its options."""
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
        result = run_cancellable(lambda token: run_study(model, args.folder, cancel=token))
    except (ValueError, ModelError) as err:
        raise CliError(str(err)) from err
    for skipped in result.skipped:
        say(f"note: skipped {skipped.name}: {skipped.reason}", sys.stderr)
    if not result.decisions:
        raise CliError(f"no readable images named like the stimuli (cat7-elephant1.png) in “{result.folder}”")
    if args.csv is not None:
        try:
            save_csv(result, args.csv)
        except SaveError as err:
            raise CliError(str(err)) from err
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    bias = result.bias
    say(f"{result.folder}  ({model.name}, {model.provider.active})")
    say(f"  {bias.images} images, {bias.cue_conflict} with different shape and texture categories")
    say(f"  {'category':<10} {'shape':>6} {'texture':>8}  shape bias")
    for name, count in [*bias.per_category.items(), ("all", bias.overall)]:
        value = "–" if count.shape_bias is None else f"{count.shape_bias:.3f}"
        say(f"  {name:<10} {count.shape_decisions:>6} {count.texture_decisions:>8}  {value}")
    say("  published: " + ", ".join(f"{r.name} {r.shape_bias:.3f}" for r in published_shape_bias()))
    if args.csv is not None:
        say(f"wrote {args.csv}")
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
    say(f"wrote {out}")
    return EXIT_OK


def cmd_self_test(_args: argparse.Namespace) -> int:
    """Checks the installation end to end; prints one line per check and exits 0 only when all passed."""
    from desktop_app.selftest import run_self_test

    return run_self_test(sys.stdout)
