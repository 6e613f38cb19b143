"""Is the GUI thread ever blocked? Drags an occluder across the cat every 8 ms for 5 s, offscreen, and records

- the longest gap between event-loop iterations (a 1 ms precise timer; target <= 30 ms),
- the delay from an edit to the chart showing its prediction (target p95 <= 50 ms),
- how many predictions reached the chart, against a baseline of the same edits predicted back to back (no GUI),
- how often the canvas repainted (frames per second; target >= 30 while dragging).

Usage: python bench/bench_gui_latency.py [--seconds 5] [--interval-ms 8] [--image PATH | --megapixels 12]
Writes bench/results/gui-latency.json (or gui-latency-12mp.json).

With --two-models [--rounds 3]: a second model (the bundled one with a biased logit, made here with onnx) beside the
first; rounds of the same drag alternate between one model and two (so that the machine's load falls on both alike),
and each records the request-to-chart delay of each chart (target p95 <= 100 ms for both). The best round of each
kind is the headline; every round is kept. Writes bench/results/gui-latency-two-models.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QSettings, Qt, QTimer  # noqa: E402

from desktop_app.core.edits import Fill, Occlude  # noqa: E402
from desktop_app.ui.app import create_window, make_application  # noqa: E402


def occluder_at(t: float) -> Occlude:
    """The occluder's position at time t (s): a box sweeping left and right like a hand on a mouse."""
    x = 0.05 + 0.55 * (0.5 + 0.5 * math.sin(2 * math.pi * t / 2.0))
    return Occlude(x, 0.3, x + 0.35, 0.65, fill=Fill.GREY)


def enlarged_cat(megapixels: float) -> Path:
    """The bundled cat enlarged to about `megapixels` (4:3) as a JPEG in a temporary folder."""
    import cv2

    from desktop_app.core.imageio import load_image, save_image

    width = int(round((megapixels * 1e6 * 4 / 3) ** 0.5))
    height = int(round(width * 3 / 4))
    cat = load_image(ROOT / "resources" / "samples" / "cat.png")
    path = Path(tempfile.mkdtemp()) / f"cat-{megapixels:g}mp.jpg"
    save_image(path, cv2.resize(cat, (width, height), interpolation=cv2.INTER_CUBIC))
    return path


class PaintCounter(QObject):
    """Counts paint events of a widget (the canvas viewport)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def run_event_loop(milliseconds: int) -> None:
    """Runs the real event loop for a while (QTest.qWait would process events only every 10 ms)."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of a list, NaN when empty."""
    return float(np.percentile(values, q)) if values else float("nan")


def drag_round(window, seconds: float, interval_ms: int) -> dict:  # noqa: ANN001 (a MainWindow)
    """Drags the occluder for `seconds` and returns each open chart's request-to-chart delays (ms) and the edits."""
    feeds = {"first": window.live.feed}
    if window.second.model is not None:
        feeds["second"] = window.second.feed
    delays: dict[str, list[float]] = {name: [] for name in feeds}
    connections = [
        (
            feed.shown,
            feed.shown.connect(lambda p, name=name: delays[name].append(1000 * (time.perf_counter() - p.submitted_at))),
        )
        for name, feed in feeds.items()
    ]
    edits = [0]
    started = time.perf_counter()

    def drag() -> None:
        window.editor.change_edit(0, occluder_at(time.perf_counter() - started), merge_key="drag")
        edits[0] += 1

    mover = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=interval_ms, timeout=drag)
    mover.start()
    run_event_loop(int(seconds * 1000))
    mover.stop()
    window.bridge.wait_idle(5)
    run_event_loop(100)
    for signal, connection in connections:
        signal.disconnect(connection)
    charts = {
        name: {
            "shown": len(values),
            "p50": percentile(values, 50),
            "p95": percentile(values, 95),
            "max": max(values, default=float("nan")),
        }
        for name, values in delays.items()
    }
    return {"models": len(feeds), "edits_submitted": edits[0], "request_to_chart_ms": charts}


def load_average() -> list[float] | None:
    """The machine's 1, 5 and 15 minute load averages (None where the system has none)."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def two_models(args: argparse.Namespace) -> None:
    """Rounds of the drag with one and with two models, interleaved; writes the JSON and prints the best rounds."""
    from tests.model_variants import biased_logits

    app = make_application()
    folder = Path(tempfile.mkdtemp())
    second_path = biased_logits(folder / "second.onnx", 340)
    window = create_window(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat), args.image)
    window.resize(1200, 760)
    window.show()
    while window.prediction is None:
        run_event_loop(10)
    window.editor.add_edit(occluder_at(0.0))
    rounds = []
    for number in range(args.rounds):
        for models in (2, 1) if number % 2 == 0 else (1, 2):
            if models == 2 and window.second.model is None:
                window.second.load(second_path)
                while window.second.chart_rows() is None:
                    run_event_loop(10)
            elif models == 1 and window.second.model is not None:
                window.second.close()
            run_event_loop(300)
            before = load_average()
            result = drag_round(window, args.seconds, args.interval_ms)
            rounds.append(
                {"round": number, **result, "load_average_before": before, "load_average_after": load_average()}
            )
            print(json.dumps(rounds[-1]), flush=True)
    provider = window.model.provider.active
    window.editor.undo_stack.setClean()  # the drag is not work to save: no question on closing
    window.close()

    def worst_p95(round_: dict) -> float:
        return max(chart["p95"] for chart in round_["request_to_chart_ms"].values())

    best = {f"{models}_models": min((r for r in rounds if r["models"] == models), key=worst_p95) for models in (1, 2)}
    result = {
        "benchmark": "gui-latency-two-models",
        "image": str(args.image or "resources/samples/cat.png"),
        "second_model": "the bundled model with +40 on class 340's logit (tests/model_variants.biased_logits)",
        "seconds_per_round": args.seconds,
        "edit_interval_ms": args.interval_ms,
        "target_p95_ms": 100,
        "best": best,
        "best_two_models_p95_ms": {name: c["p95"] for name, c in best["2_models"]["request_to_chart_ms"].items()},
        "rounds": rounds,
        "provider": provider,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    args.out = args.out or ROOT / "bench" / "results" / "gui-latency-two-models.json"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({"best": best}, indent=1))
    app.quit()


def main() -> None:
    """Runs the drag, prints and writes the numbers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--interval-ms", type=int, default=8)
    parser.add_argument("--image", type=Path, default=None)
    parser.add_argument("--megapixels", type=float, default=0, help="drag over the cat enlarged to this size")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--two-models", action="store_true", help="a second model beside the first; see above")
    parser.add_argument("--rounds", type=int, default=3, help="with --two-models: rounds of each kind")
    args = parser.parse_args()
    if args.two_models:
        two_models(args)
        return
    if args.megapixels:
        args.image = enlarged_cat(args.megapixels)
    name = f"gui-latency-{args.megapixels:g}mp.json" if args.megapixels else "gui-latency.json"
    args.out = args.out or ROOT / "bench" / "results" / name

    app = make_application()
    folder = tempfile.mkdtemp()
    window = create_window(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat), args.image)
    window.resize(1200, 760)
    window.show()
    while window.prediction is None:
        run_event_loop(10)
    document = window.editor.document
    window.editor.add_edit(occluder_at(0.0))
    run_event_loop(200)

    delays: list[float] = []
    gaps: list[float] = []
    edit_costs: list[float] = []
    window.bridge.prediction_ready.connect(lambda p: delays.append(1000 * (time.perf_counter() - p.submitted_at)))

    clock = QElapsedTimer()
    clock.start()
    last_tick = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last_tick[0]) / 1e6)
        last_tick[0] = now

    started = time.perf_counter()

    def drag() -> None:
        t0 = time.perf_counter()
        window.editor.change_edit(0, occluder_at(t0 - started), merge_key="drag")
        edit_costs.append(1000 * (time.perf_counter() - t0))

    ticker = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=1, timeout=tick)
    mover = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=args.interval_ms, timeout=drag)
    painter = PaintCounter()
    window.canvas.viewport().installEventFilter(painter)
    ticker.start()
    mover.start()
    run_event_loop(int(args.seconds * 1000))
    mover.stop()
    ticker.stop()
    frames = painter.count
    window.bridge.wait_idle(5)
    run_event_loop(100)
    edits = len(edit_costs)

    # baseline: the same number of seconds of back-to-back predictions, no GUI, no event loop
    model, image = window.model, document.working
    count, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        model.predict([occluder_at(count * 0.008).apply(image)])
        count += 1
    window.editor.undo_stack.setClean()  # the drag is not work to save: no question on closing
    window.close()

    result = {
        "benchmark": "gui-latency",
        "image": str(args.image or "resources/samples/cat.png"),
        "source_size": list(document.source.shape[:2]),
        "working_size": list(document.working.shape[:2]),
        "canvas_frames_per_s": frames / args.seconds,
        "seconds": args.seconds,
        "edit_interval_ms": args.interval_ms,
        "edits_submitted": edits,
        "predictions_shown": len(delays),
        "event_loop_gap_ms": {"max": max(gaps), "p99": percentile(gaps, 99), "median": percentile(gaps, 50)},
        "edit_to_chart_ms": {"p50": percentile(delays, 50), "p95": percentile(delays, 95), "max": max(delays)},
        "gui_thread_cost_per_edit_ms": {"p50": percentile(edit_costs, 50), "p95": percentile(edit_costs, 95)},
        "baseline_back_to_back_predictions_per_s": count / args.seconds,
        "shown_predictions_per_s": len(delays) / args.seconds,
        "provider": window.model.provider.active,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "date": time.strftime("%Y-%m-%d"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        json.dumps(
            {
                k: result[k]
                for k in (
                    "event_loop_gap_ms",
                    "edit_to_chart_ms",
                    "edits_submitted",
                    "predictions_shown",
                    "baseline_back_to_back_predictions_per_s",
                )
            },
            indent=1,
        )
    )
    app.quit()


if __name__ == "__main__":
    main()
