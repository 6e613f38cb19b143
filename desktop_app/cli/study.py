"""The `study` command: a recipe over every image of a folder, on local worker processes or a Ray cluster.

    classifier-explorer study RECIPE DIR [--out RESULTS] [--model PATH] [--workers N] [--ray [ADDRESS]]

A progress bar with rate and ETA goes to stderr (plain lines when it is not a terminal). Ctrl+C stops after the
batches in hand and prints the command that resumes; a rerun of the same command skips what is done.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop_app.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, error, load_model, say

if TYPE_CHECKING:  # the heavy modules load only when the command runs
    from desktop_app.core.model import ClassifierModel
    from desktop_app.core.study_recipes import Recipe
    from desktop_app.core.study_results import Journal
    from desktop_app.core.study_runner import Pool, Study, StudyProgress

PLAIN_INTERVAL_S = 10.0  # without a terminal: one progress line this often
BAR_INTERVAL_S = 0.2
BAR_WIDTH = 28


def add_study(commands: argparse._SubParsersAction) -> None:
    """Adds the `study` subcommand to the CLI's parser."""
    study = commands.add_parser(
        "study", help="run an experiment, lesson, map or the shape-bias study over a folder of images"
    )
    study.add_argument(
        "recipe",
        metavar="RECIPE",
        help="an experiment file (.json); a lesson: parts, lesson:occlusion, shape, texture; "
        "a map: map:occlusion, rise, cam; or shape-bias",
    )
    study.add_argument("folder", type=Path, metavar="DIR", help="folder of images (class-per-folder: true class)")
    study.add_argument("--out", type=Path, default=None, metavar="RESULTS", help="results .csv or .parquet")
    study.add_argument("--model", type=Path, default=None, help="ONNX classifier (default: bundled)")
    study.add_argument("--provider", choices=("auto", "cpu", "cuda"), default="cpu", help="(default: cpu)")
    study.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes or Ray actors")
    study.add_argument(
        "--ray",
        nargs="?",
        const="local",
        default=None,
        metavar="ADDRESS",
        help="run on Ray: a new local one, or the cluster at ADDRESS",
    )
    study.add_argument("--seeds", type=int, default=1, metavar="N", help="runs per image of a seeded recipe")
    study.add_argument("--masks", type=int, default=None, metavar="N", help="RISE masks (default 1000)")
    study.add_argument("--batch", type=int, default=None, metavar="N", help="images per batch (default: by recipe)")


class StoppedAtOnce(Exception):
    """The second Ctrl+C: the study stopped without waiting for the batches in hand (already reported)."""


def _note(message: str) -> None:
    say(f"note: {message}", sys.stderr)


def resume_command(args: argparse.Namespace, out: Path) -> str:
    """The command line that runs (or resumes) the same study from any folder."""
    words = ["classifier-explorer", "study", args.recipe, str(args.folder.resolve()), "--out", str(out)]
    for option in ("model", "workers", "seeds", "masks", "batch"):
        value = getattr(args, option)
        if value is not None and not (option == "seeds" and value == 1):
            words += [f"--{option}", str(value.resolve() if isinstance(value, Path) else value)]
    if args.provider != "cpu":
        words += ["--provider", args.provider]
    if args.ray is not None:
        words += ["--ray"] + ([] if args.ray == "local" else [args.ray])
    return shlex.join(words)


def _count(number: int, noun: str, plural: str = "s") -> str:
    return f"{number} {noun}{'' if number == 1 else plural}"


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ProgressBar:
    """A one-line progress bar with rate and ETA on a terminal; a plain line every few seconds elsewhere."""

    def __init__(self, stream: TextIO, terminal: bool | None = None) -> None:
        self.stream = stream
        self.terminal = stream.isatty() if terminal is None else terminal
        self.last = 0.0
        self.shown = False
        self.text = ""

    def line(self, done: int, total: int, done_at_start: int, elapsed: float) -> str:
        """The progress text: count, per cent, images per second in this run, and the time left."""
        rate = (done - done_at_start) / elapsed if elapsed > 0 else 0.0
        eta = _clock((total - done) / rate) if rate > 0 else "?"
        share = done / total if total else 1.0
        text = f"{done:,}/{total:,} images  {rate:.1f} images/s  ETA {eta}"
        if not self.terminal:
            return f"study: {text} ({100 * share:.0f} %)"
        filled = int(round(share * BAR_WIDTH))
        return f"{100 * share:3.0f}% |{'#' * filled}{'.' * (BAR_WIDTH - filled)}| {text}"

    def update(self, progress: StudyProgress, force: bool = False) -> None:
        """Redraws (at most a few times a second on a terminal; a plain line every few seconds elsewhere)."""
        now = time.monotonic()
        interval = BAR_INTERVAL_S if self.terminal else PLAIN_INTERVAL_S
        if not force and now - self.last < interval:
            return
        self.last = now
        text = self.line(progress.done, progress.total, progress.done_at_start, progress.elapsed_s)
        if force and not self.terminal and text == self.text:
            return
        self.text = text
        self.stream.write(f"\r{text}\x1b[K" if self.terminal else text + "\n")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Ends the bar's line on a terminal."""
        if self.terminal and self.shown:
            self.stream.write("\n")
            self.stream.flush()


@contextlib.contextmanager
def stop_on_interrupt(stop: threading.Event) -> Iterator[None]:
    """While inside: the first Ctrl+C sets `stop` (finish the batches in hand), the second stops at once."""

    def interrupted(_signal: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\nstopping after the batches in hand… (Ctrl+C again stops at once)", file=sys.stderr, flush=True)

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_study(args: argparse.Namespace) -> int:
    """Runs (or resumes) a study and writes its results and HTML report; errors are one `error:` line."""
    from desktop_app.core.model import ModelError
    from desktop_app.core.study_recipes import RecipeError
    from desktop_app.core.study_results import ResultsError
    from desktop_app.core.study_runner import StudyError

    try:
        return _study(args)
    except (RecipeError, ResultsError, StudyError, ModelError) as err:
        error(str(err))
        return EXIT_ERROR
    except StoppedAtOnce:
        return EXIT_INTERRUPTED


def _study(args: argparse.Namespace) -> int:
    from desktop_app.core.study_recipes import parse_recipe
    from desktop_app.core.study_results import check_out_path, open_journal, write_meta
    from desktop_app.core.study_runner import StudyError, pending_batches, plan_study

    for option in ("workers", "batch"):
        if getattr(args, option) is not None and getattr(args, option) < 1:
            raise StudyError(f"--{option} must be at least 1")
    recipe = parse_recipe(args.recipe, args.seeds, args.masks)
    if not args.folder.is_dir():
        raise StudyError(f"“{args.folder}” is not a folder of images")
    out = (args.out or Path(f"{args.folder.resolve().name}-{recipe.label.replace(':', '-')}.csv")).resolve()
    check_out_path(out)
    model = load_model(args.model, args.provider)
    categories = True  # the 16-category decision ships with the app
    _check_recipe_fits(recipe, model, categories)
    study = plan_study(recipe, args.folder, out, model.path, model.labels, args.provider, args.batch, categories)
    write_meta(out, study.meta())
    journal = open_journal(out, study.columns)
    try:
        pending = pending_batches(study, journal.done)
        progress = _run(args, study, journal, model, len(pending)) if pending else None
    finally:
        journal.close()
    return _finish(args, study, progress)


def _check_recipe_fits(recipe: Recipe, model: ClassifierModel, categories: bool) -> None:
    """StudyError when the recipe cannot run with this model or installation."""
    from desktop_app.core.cam import cam_support
    from desktop_app.core.study_runner import StudyError

    if recipe.label == "shape-bias" and not categories:
        raise StudyError("the shape-bias study needs the 16-category decision, which this installation lacks")
    if recipe.label == "map:cam":
        supported, reason = cam_support(model)
        if not supported:
            raise StudyError(f"CAM is not available for this model: {reason}")


def _pool(args: argparse.Namespace, study: Study, model: ClassifierModel, batches: int) -> tuple[Pool, bool]:
    """The workers: Ray actors or local processes; and whether this call started Ray."""
    from desktop_app.core.study_local import LocalPool, choose_threads, usable_cores

    if args.ray is not None:
        from desktop_app.core.study_ray import RayPool, cluster_cpus, start_ray, stop_ray

        started = start_ray(None if args.ray == "local" else args.ray)
        try:
            if args.workers and args.workers > cluster_cpus():
                _note(f"the Ray cluster has {cluster_cpus()} CPUs: {cluster_cpus()} actors, not {args.workers}")
            workers = min(args.workers or cluster_cpus(), cluster_cpus(), batches)
            _note(f"Ray: {_count(workers, 'actor')}, one thread each")
            return RayPool(study.settings(1), workers), started
        except BaseException:
            if started:
                stop_ray()
            raise
    cores = usable_cores()
    asked = args.workers if model.provider.active == "CPU" else (args.workers or 1)  # one GPU: one worker
    layout = choose_threads(model.path, args.provider, cores, asked)
    workers = min(layout.workers, batches)
    _note(f"{_count(workers, 'worker process', 'es')} × {_count(layout.threads, 'thread')} ({layout.reason})")
    return LocalPool(study.settings(layout.threads), workers), False


def _run(
    args: argparse.Namespace, study: Study, journal: Journal, model: ClassifierModel, batches: int
) -> StudyProgress:
    """Runs the pending batches with a progress bar; Ctrl+C stops after the batches in hand."""
    from desktop_app.core.study_runner import StudyError, run_study

    stop = threading.Event()
    bar = ProgressBar(sys.stderr)
    resume = f"finished batches are saved; resume with: {resume_command(args, study.out)}"
    with stop_on_interrupt(stop):
        pool, ray_started = _pool(args, study, model, batches)
        try:
            progress = run_study(study, pool, journal, bar.update, stop)
            bar.update(progress, force=True)
        except KeyboardInterrupt:
            pool.close(wait=False)
            bar.close()
            print(f"stopped at once; {resume}", file=sys.stderr)
            raise StoppedAtOnce() from None
        except StudyError as err:
            pool.close(wait=False)
            raise StudyError(f"{err}; {resume}") from err
        else:
            pool.close()
        finally:
            bar.close()
            if ray_started:
                from desktop_app.core.study_ray import stop_ray

                stop_ray()
    return progress


def _finish(args: argparse.Namespace, study: Study, progress: StudyProgress | None) -> int:
    """Sorts the results (when complete), writes the HTML report and says where everything is."""
    from desktop_app.core.study_report import write_report
    from desktop_app.core.study_results import finish, journal_path
    from desktop_app.core.study_table import read_results

    out = study.out
    complete = progress is None or not progress.stopped
    rows = finish(out, study.columns) if complete else None
    table = read_results(out if complete else journal_path(out))
    table.meta.update(study.meta())
    report = write_report(table, out.with_suffix(".html"), complete)
    errors = int(table.present("error").sum())
    if errors:
        _note(f"{errors} rows have an error (unreadable images, ...): see the error column")
    if complete or progress is None:
        print(f"wrote {out} ({rows} rows) and {report}")
        return EXIT_OK
    print(
        f"stopped: {progress.done} of {progress.total} images done; results so far in {journal_path(out)}, "
        f"report {report}"
    )
    print(f"resume with:\n  {resume_command(args, out)}")
    return EXIT_INTERRUPTED
