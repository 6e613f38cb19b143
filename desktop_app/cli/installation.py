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
    shot.add_argument("--size", type=window_size, default=None, metavar="WxH", help="window size (default 1200x760)")
    shot.add_argument("--projector", action="store_true", help="in projector mode (large chart, image and chart only)")


def window_size(text: str) -> tuple[int, int]:
    """ "1366x768" as (1366, 768); argparse reports anything else."""
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and 320 <= int(width) <= 8192 and 240 <= int(height) <= 8192):
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT between 320x240 and 8192x8192, not “{text}”")
    return int(width), int(height)


def add_self_test(commands: argparse._SubParsersAction) -> None:
    """The self-test subcommand."""
    commands.add_parser("self-test", help="check this installation offline: bundled model, samples, main window")


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
    say(f"wrote {out}")
    return EXIT_OK


def cmd_self_test(_args: argparse.Namespace) -> int:
    """Checks the installation end to end; prints one line per check and exits 0 only when all passed."""
    from desktop_app.selftest import run_self_test

    return run_self_test(sys.stdout)
