"""Local study workers: spawned processes, each with its own onnxruntime session, one batch in hand at a time.

The thread count per session is chosen by a short calibration (`choose_threads`): a session with T threads is
worth it only when it runs almost T times as fast as one thread, because decoding, editing and preprocessing the
images run in parallel only across processes; otherwise T single-thread processes are faster.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from desktop_app.core.study_images import StudyImage
from desktop_app.core.study_runner import StudyError
from desktop_app.core.study_worker import BatchResult, StudyModel, StudyWorker, WorkerSettings

TRACE_ENV = "CLASSIFIER_EXPLORER_STUDY_TRACE"  # tests: a file where workers log each batch they start and finish
CALIBRATION_SECONDS = 0.25
CALIBRATION_BATCH = 16
EFFICIENCY_NEEDED = 0.97  # a T-thread session must reach this share of T single-thread sessions


def usable_cores() -> int:
    """The CPU cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Layout:
    """How many worker processes, with how many threads each, and the measurements behind the choice."""

    workers: int
    threads: int
    measured: dict[int, float]  # threads -> images per second of one session
    reason: str


def _session_rate(model_path: Path, provider: str, threads: int, seconds: float) -> float:
    """Images per second of one session with `threads` threads, on a fixed batch."""
    model = StudyModel(model_path, provider, threads)
    image = np.random.default_rng(0).integers(0, 256, (256, 256, 3), dtype=np.uint8)
    batch = model.preprocess([image] * CALIBRATION_BATCH)
    model.predict_tensor(batch)
    runs, started = 0, time.perf_counter()
    while runs < 2 or time.perf_counter() - started < seconds:
        model.predict_tensor(batch)
        runs += 1
    return runs * CALIBRATION_BATCH / (time.perf_counter() - started)


def choose_threads(model_path: Path, provider: str, cores: int, workers: int | None = None) -> Layout:
    """Workers and threads per worker for `cores` cores: the given workers share the cores evenly; otherwise a
    short calibration picks the most threads per session that still scale (>= 97 % per thread), else one."""
    if workers is not None:
        threads = max(1, cores // max(1, workers))
        return Layout(workers, threads, {}, f"{workers} workers asked for")
    candidates = [t for t in (1, 2, 4, 8, 16, 32, 64) if t <= cores]
    measured = {t: _session_rate(model_path, provider, t, CALIBRATION_SECONDS) for t in candidates}
    threads = max(t for t in candidates if measured[t] >= EFFICIENCY_NEEDED * t * measured[1])
    scaling = ", ".join(f"{t} thread{'s' if t > 1 else ''} {rate:.0f}/s" for t, rate in measured.items())
    return Layout(max(1, cores // threads), threads, measured, f"measured one session: {scaling}")


def _trace(event: str, batch: list[StudyImage]) -> None:
    path = os.environ.get(TRACE_ENV)
    if path and batch:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(f"{event} {os.getpid()} {batch[0].relative}\n")


def worker_main(connection: multiprocessing.connection.Connection, settings: WorkerSettings) -> None:
    """A worker process: load the model once, then answer one batch at a time until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the driver's: it stops after the current batch
    try:
        worker = StudyWorker(settings)
    except Exception as err:  # the message travels to the driver, which reports it in words
        connection.send(("failed", f"the model could not be loaded in a worker: {err}"))
        return
    connection.send(("ready", None))
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):  # the driver is gone
            return
        if batch is None:
            return
        _trace("start", batch)
        try:
            result = worker.process(batch)
        except Exception as err:
            connection.send(("failed", f"{type(err).__name__}: {err}"))
            return
        _trace("done", batch)
        connection.send(("done", result))


class LocalPool:
    """Worker processes (spawned) that each take one batch at a time."""

    def __init__(self, settings: WorkerSettings, workers: int) -> None:
        """Starts the workers and waits until each has loaded the model; StudyError if one cannot."""
        context = multiprocessing.get_context("spawn")
        self.connections: list[multiprocessing.connection.Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for number in range(workers):
            parent, child = context.Pipe()
            process = context.Process(
                target=worker_main, args=(child, settings), name=f"study-worker-{number}", daemon=True
            )
            process.start()
            child.close()
            self.connections.append(parent)
            self.processes.append(process)
        self.busy: set[int] = set()
        try:
            for number in range(workers):
                self._receive(number, "ready")
        except BaseException:
            self.close()
            raise

    @property
    def workers(self) -> int:
        """How many workers there are."""
        return len(self.processes)

    def submit(self, worker: int, batch: list[StudyImage]) -> None:
        """Gives a batch to an idle worker."""
        self.connections[worker].send(batch)
        self.busy.add(worker)

    def next_result(self) -> tuple[int, BatchResult]:
        """Waits for any busy worker to finish its batch: (worker, result); StudyError if a worker failed."""
        if not self.busy:
            raise StudyError("no batch is running")
        waiting: dict[Any, int] = {self.connections[w]: w for w in self.busy}  # pipes and process sentinels
        waiting |= {self.processes[w].sentinel: w for w in self.busy}
        ready = multiprocessing.connection.wait(list(waiting))
        worker = waiting[ready[0]]
        self.busy.discard(worker)
        return worker, self._receive(worker, "done")

    def _receive(self, worker: int, expected: str) -> BatchResult:
        connection, process = self.connections[worker], self.processes[worker]
        multiprocessing.connection.wait([connection, process.sentinel])
        try:
            if not connection.poll():
                raise EOFError
            kind, payload = connection.recv()
        except (EOFError, OSError) as err:  # the process died (its pipe closed, maybe half-way through a message)
            process.join(timeout=5)
            raise StudyError(f"worker {worker + 1} stopped unexpectedly (exit code {process.exitcode})") from err
        if kind != expected:
            raise StudyError(f"worker {worker + 1} failed: {payload}")
        return payload

    def close(self, wait: bool = True) -> None:
        """Stops the workers: politely after their batch when `wait`, else at once."""
        for worker, connection in enumerate(self.connections):
            if wait and worker not in self.busy:
                try:
                    connection.send(None)
                except OSError:
                    pass
        for process in self.processes:
            if wait:
                process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
        for connection in self.connections:
            connection.close()
