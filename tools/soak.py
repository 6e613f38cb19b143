"""Soak: a scripted window session (offscreen) of many edit operations and model switches, watching memory and
threads.

    .venv/bin/python tools/soak.py                       # 20,000 operations, 200 model switches (~10 min)
    .venv/bin/python tools/soak.py --ops 1000 --switches 10 --map --json out.json

The session opens a sample photo, then runs `--ops` operations drawn with a fixed seed: add an occluder, change the
selected edit, undo, redo, delete, select another edit, hide or show one, switch tool; every `ops / switches`
operations it switches the model between the bundled one and a small variant made from it (tests/model_variants:
the bundled graph with a Softmax appended, so it loads through the model's test run like any foreign model), and
waits for the chart. `--map` ends with an occlusion map. Resident memory is read after the first 1,000 operations
(or half of a shorter run) and at the end; the window is closed and every thread must have ended.
Exit status 0 when the growth is within --budget-mb (50) and no thread is left, else 1. CI runs it after make test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402  (after the platform is chosen)
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.core.edits import Fill, Occlude  # noqa: E402
from desktop_app.core.paths import default_model_path, default_sample  # noqa: E402
from desktop_app.ui.app import create_window, make_application  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402

TOOLS = ("occlude", "crop", "parts", "shape", "texture", "pan")
MOST_EDITS = 24  # the session deletes rather than adds beyond this: the Edits panel is rebuilt on every change
WAIT_S = 60.0


@dataclass
class SoakReport:
    """What a soak run did and measured."""

    ops: int
    switches: int
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    rss_early_mb: float = 0.0  # after the first 1,000 operations (half of a shorter run)
    rss_end_mb: float = 0.0
    growth_mb: float = 0.0
    map_done: bool = False
    threads_left: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # error notices shown during the session

    def passed(self, budget_mb: float) -> bool:
        """Memory within budget and every thread ended."""
        return self.growth_mb <= budget_mb and not self.threads_left


def resident_mb() -> float:
    """This process's resident memory in MB (Linux /proc/self/statm; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


def wait_until(condition, timeout_s: float = WAIT_S) -> None:  # type: ignore[no-untyped-def]
    """Runs the event loop until condition() holds; RuntimeError after timeout_s."""
    deadline = time.monotonic() + timeout_s
    app = QApplication.instance()
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the window did not get there within {timeout_s:.0f} s")
        app.processEvents()  # type: ignore[union-attr]
        time.sleep(0.002)


def settled(window: MainWindow) -> bool:
    """Whether the chart shows the latest render's prediction and nothing is running."""
    prediction = window.prediction
    return (
        window.bridge.wait_idle(0)
        and not window.live.render_pending()
        and prediction is not None
        and prediction.request_id == window.bridge.latest_prediction_id
    )


def random_box(rng: random.Random) -> tuple[float, float, float, float]:
    x0, y0 = rng.uniform(0, 0.8), rng.uniform(0, 0.8)
    return x0, y0, rng.uniform(x0 + 0.05, 1.0), rng.uniform(y0 + 0.05, 1.0)


def one_operation(window: MainWindow, rng: random.Random) -> str:
    """Does one edit operation drawn from rng; returns its name."""
    editor, count = window.editor, len(window.editor.entries)
    choices = ["add", "change", "undo", "redo", "delete", "select", "toggle", "tool"]
    name = rng.choice(["delete", "undo"] if count >= MOST_EDITS else choices)
    if name == "add" or (count == 0 and name in ("change", "delete", "select", "toggle")):
        editor.add_edit(Occlude(*random_box(rng), fill=rng.choice(list(Fill))))
        return "add"
    if name == "change":
        index = editor.selected if editor.selected >= 0 else rng.randrange(count)
        editor.change_edit(index, Occlude(*random_box(rng), shape=rng.choice(["rect", "ellipse"])))
    elif name == "undo":
        editor.undo_stack.undo()
    elif name == "redo":
        editor.undo_stack.redo()
    elif name == "delete":
        editor.remove_edit(rng.randrange(count))
    elif name == "select":
        editor.select(rng.randrange(-1, count))
    elif name == "toggle":
        index = rng.randrange(count)
        editor.set_visible(index, not editor.entries[index].visible)
    else:
        window.tools.activate(rng.choice(TOOLS))
    return name


def switch_model(window: MainWindow, variant: Path) -> None:
    """Loads the other model (bundled ↔ variant) and waits until it is in use and has predicted."""
    target = default_model_path() if window.model is not None and window.model.path == variant else variant
    window.load_model(target)
    wait_until(lambda: window.model is not None and window.model.path == target and not window.models.loading)


def run_session(
    window: MainWindow,
    ops: int,
    switches: int,
    variant: Path,
    run_map: bool = False,
    progress: Callable[[int, float], None] | None = None,
) -> SoakReport:
    """The scripted session on an open window (closed by the caller); see the module's docstring. progress(done,
    resident MB) is called every 1,000 operations."""
    report = SoakReport(ops, switches)
    rng = random.Random(11)
    errors: list[str] = []
    started = time.monotonic()
    window.open_path(default_sample())
    wait_until(lambda: window.editor.document is not None and settled(window))
    early_at = min(1000, max(1, ops // 2))
    switch_every = ops // switches if switches else ops + 1
    for number in range(1, ops + 1):
        name = one_operation(window, rng)
        report.counts[name] = report.counts.get(name, 0) + 1
        QApplication.processEvents()
        if window.notice.level == "error" and window.notice.message() and window.notice.message() not in errors:
            errors.append(window.notice.message())
        if number % switch_every == 0 and report.counts.get("switch", 0) < switches:
            switch_model(window, variant)
            report.counts["switch"] = report.counts.get("switch", 0) + 1
        if number % 50 == 0:
            wait_until(lambda: settled(window))
        if number == early_at:
            wait_until(lambda: settled(window))
            report.rss_early_mb = resident_mb()
        if progress is not None and number % 1000 == 0:
            progress(number, resident_mb())
    wait_until(lambda: settled(window))
    report.rss_end_mb = resident_mb()
    report.growth_mb = report.rss_end_mb - report.rss_early_mb
    if run_map:
        window.action_table["explain"].trigger()
        wait_until(lambda: window.explain.result is not None and window.explain.result.complete)
        report.map_done = True
    report.seconds = time.monotonic() - started
    report.notices = errors
    return report


def make_variant(folder: Path) -> Path:
    """The small variant of the bundled model the session switches to."""
    from tests.model_variants import probabilities

    return probabilities(folder / "bundled-with-softmax.onnx")


def _print_progress(done: int, megabytes: float) -> None:
    print(f"{done:,} operations, {megabytes:,.0f} MB resident", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Runs the soak and prints (and optionally writes) its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=20_000)
    parser.add_argument("--switches", type=int, default=200)
    parser.add_argument("--map", action="store_true", help="end with an occlusion map")
    parser.add_argument("--budget-mb", type=float, default=50.0)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    app = make_application()
    before = set(threading.enumerate())
    with tempfile.TemporaryDirectory() as folder:
        variant = make_variant(Path(folder))
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = create_window(settings)
        window.show()
        try:
            report = run_session(window, args.ops, args.switches, variant, args.map, _print_progress)
        finally:
            window.editor.undo_stack.setClean()  # the session's edits are thrown away: no "Save your changes?" at close
            window.close()
            app.processEvents()
    deadline = time.monotonic() + 5
    for thread in set(threading.enumerate()) - before:
        thread.join(max(0.0, deadline - time.monotonic()))
    report.threads_left = sorted(t.name for t in set(threading.enumerate()) - before if t.is_alive())
    text = json.dumps(asdict(report), indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if report.passed(args.budget_mb) else 1


if __name__ == "__main__":
    sys.exit(main())
