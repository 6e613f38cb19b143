"""What every command shares: one-line errors, output safe for a terminal and for strict JSON parsers, Ctrl+C that
stops within a second, progress on stderr, and loading a model the checked way."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.core.model import ClassifierModel, ModelError
from desktop_app.core.model import load_model as load_checked_model
from desktop_app.core.providers import CHOICES
from desktop_app.core.safe_files import printable
from desktop_app.core.scheduler import CancelToken

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 2, 130
PROGRESS_EVERY_S = 1.0
T = TypeVar("T")


class CliError(Exception):
    """A problem reported as one `error:` line."""


class Parser(argparse.ArgumentParser):
    """argparse that reports bad options as one `error:` line (exit 2) instead of usage text."""

    def error(self, message: str) -> None:  # type: ignore[override]  # argparse declares NoReturn; ours raises too
        print(f"error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


def clean(text: object) -> str:
    """Text safe to print on a terminal: control characters (escape sequences, \\r, BEL, ...) replaced by "?"."""
    return printable(text)


def say(text: object = "", stream: Any = None) -> None:
    """Prints one cleaned line to stdout (or `stream`)."""
    print(clean(text), file=stream or sys.stdout, flush=stream is sys.stderr)


def error(message: str) -> None:
    """Prints one `error:` line on stderr."""
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
    token = CancelToken()
    results: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            results.append(work(token))
        except BaseException as err:  # handed to the main thread as it is
            errors.append(err)

    thread = threading.Thread(target=target, name="cli-work", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.05)
    except KeyboardInterrupt:
        token.cancel()
        thread.join(1.0)
        raise
    if errors:
        raise errors[0]
    return results[0]


class StderrProgress:
    """progress(done, total) callbacks that print a line on stderr at most once a second, after the first second."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.started = self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY_S and total:
            self.last = now
            say(f"progress: {self.what} {done:,} of {total:,} ({100 * done / total:.0f} %)", sys.stderr)


def model_options(sub: argparse.ArgumentParser) -> None:
    """Adds --model and --provider to a subcommand."""
    sub.add_argument("--model", type=Path, default=None, help="ONNX classifier (default: bundled EfficientNet-Lite0)")
    sub.add_argument("--provider", choices=CHOICES, default="auto", help="execution provider (default: auto)")


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
