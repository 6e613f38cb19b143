"""Headless commands for instructors' scripts: classify, info, apply (experiment files), explain, shape-bias,
study, screenshot, self-test; one module per command family, the shared behaviour in `common`.

Errors are one line on stderr starting with "error:" and exit status 2; never a traceback. Ctrl+C stops any
command within a second (exit status 130): model loading and runs happen on a worker thread that is cancelled.
Everything printed that came from a file (labels, model names, image names) has its control characters removed.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable, Sequence

from desktop_app.cli import common
from desktop_app.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, CliError, Parser, error
from desktop_app.cli.experiments import add_apply, cmd_apply
from desktop_app.cli.images import add_classify, add_info, cmd_classify, cmd_info
from desktop_app.cli.installation import add_screenshot, add_self_test, cmd_screenshot, cmd_self_test
from desktop_app.cli.maps import add_explain, cmd_explain
from desktop_app.cli.shape_bias import add_shape_bias, cmd_shape_bias
from desktop_app.cli.study import add_study, cmd_study
from desktop_app.core.scheduler import Cancelled

Command = tuple[Callable[[argparse._SubParsersAction], None], Callable[[argparse.Namespace], int]]
COMMANDS: dict[str, Command] = {
    "classify": (add_classify, cmd_classify),
    "info": (add_info, cmd_info),
    "apply": (add_apply, cmd_apply),
    "explain": (add_explain, cmd_explain),
    "shape-bias": (add_shape_bias, cmd_shape_bias),
    "screenshot": (add_screenshot, cmd_screenshot),
    "self-test": (add_self_test, cmd_self_test),
    "study": (add_study, cmd_study),
}
__all__ = ["COMMANDS", "build_parser", "common", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = Parser(prog="classifier-explorer", description="What does an ImageNet classifier look at?")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for add, _run in COMMANDS.values():
        add(commands)
    return parser


def main(argv: Sequence[str]) -> int:
    """Runs one command and returns its exit status."""
    args = build_parser().parse_args(list(argv))
    try:
        return COMMANDS[args.command][1](args)
    except CliError as err:
        error(str(err))
        return EXIT_ERROR
    except (KeyboardInterrupt, Cancelled):
        error("interrupted (Ctrl+C); nothing more was done")
        if threading.active_count() > 1:  # a worker still inside onnxruntime: leave without waiting for it
            sys.stdout.flush()
            os._exit(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED
