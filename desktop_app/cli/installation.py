"""screenshot (the main window with an image classified, as a PNG) and self-test (this installation, offline)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.common import EXIT_OK, CliError, say


def add_screenshot(commands: argparse._SubParsersAction) -> None:
    """The screenshot subcommand and its options."""
    shot = commands.add_parser("screenshot", help="render the main window with an image classified to a PNG")
    shot.add_argument("image", nargs="?", type=Path, metavar="IMAGE", help="image to show (default: the cat)")
    shot.add_argument("--out", type=Path, required=True, metavar="FILE.png")


def add_self_test(commands: argparse._SubParsersAction) -> None:
    """The self-test subcommand."""
    commands.add_parser("self-test", help="check this installation offline: bundled model, samples, main window")


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
