"""apply: an experiment file's edits rendered headless, the predictions printed, the edited image saved."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    EXIT_OK,
    CliError,
    StderrProgress,
    classify_image,
    load_model,
    model_options,
    print_json,
    print_top,
    say,
)


def add_apply(commands: argparse._SubParsersAction) -> None:
    """The apply subcommand and its options."""
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


def _read_experiment(args: argparse.Namespace) -> Any:
    """The experiment file, its edits checked with progress on stderr; CliError in the user's terms."""
    from desktop_app.core.experiment import ExperimentError, OutsideFolderError, load

    try:
        experiment = load(
            args.experiment, allow_outside=args.allow_outside_files, progress=StderrProgress("checking edit")
        )
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
        if source is not None and getattr(source, "kind", "") == "file":
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
    top = classify_image(
        model, apply(document.working, document.edits, progress=StderrProgress("applying edit")), args.top
    )
    if args.out is not None:
        try:
            save_image(
                args.out, apply(document.source, document.edits, progress=StderrProgress("applying full-size edit"))
            )
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
