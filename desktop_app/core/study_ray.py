"""Studies on Ray (optional: `pip install '.[cluster]'`): the local runner's batches, run by Ray actors.

Each actor loads the model once (one StudyWorker) and takes one batch at a time; finished batches stream back to
the driver, which writes them as the local runner does. `start_ray(None)` starts a private local Ray (no dashboard,
no usage statistics: Ray never phones home); `start_ray(ADDRESS)` joins a running cluster, whose nodes must see the
study folder at the same path and have this package installed.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from desktop_app.core.study_images import StudyImage
from desktop_app.core.study_local import usable_cores
from desktop_app.core.study_runner import StudyError
from desktop_app.core.study_worker import BatchResult, StudyWorker, WorkerSettings

LOCAL_OBJECT_STORE_BYTES = 256 * 2**20  # batches and results are small; Ray's default takes 30 % of the memory
NO_PHONING_HOME = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_USAGE_STATS_PROMPT_ENABLED": "0"}


def ray_module() -> Any:
    """The ray package, with usage statistics switched off first; StudyError when Ray is not installed."""
    os.environ.update(NO_PHONING_HOME)
    try:
        import ray
    except ImportError as err:
        raise StudyError(
            "--ray needs Ray, which is not installed: pip install 'classifier-explorer[cluster]' (or ray)"
        ) from err
    return ray


def _last_line(err: BaseException) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return (lines[-1] if lines else type(err).__name__)[:300]


def start_ray(address: str | None, cpus: int | None = None) -> bool:
    """Connects this process to Ray: a new local instance (address None) or a cluster; True if this call
    connected (and the caller should `stop_ray`), False if Ray was already initialised by someone else."""
    ray = ray_module()
    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.ERROR, "log_to_driver": False}
    try:
        if address is None:
            ray.init(num_cpus=cpus or usable_cores(), object_store_memory=LOCAL_OBJECT_STORE_BYTES, **options)
        else:
            ray.init(address=address, **options)
    except Exception as err:  # Ray raises ConnectionError, RuntimeError, ValueError... in its own words
        where = "start a local Ray" if address is None else f"join the Ray cluster at “{address}”"
        raise StudyError(f"could not {where}: {_last_line(err)}") from err
    return True


def stop_ray() -> None:
    """Disconnects from Ray (and stops the local instance this process started)."""
    ray_module().shutdown()


def cluster_cpus() -> int:
    """The CPUs of the connected Ray cluster."""
    return max(1, int(ray_module().cluster_resources().get("CPU", 1)))


class StudyActor:
    """The body of a Ray actor: one StudyWorker, loaded once."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.worker = StudyWorker(settings)

    def process(self, batch: list[StudyImage]) -> BatchResult:
        """The rows of one batch."""
        return self.worker.process(batch)

    def echo(self, payload: Any = None) -> Any:
        """Returns its argument: a do-nothing call, to measure Ray's per-task overhead."""
        return payload


class RayPool:
    """Ray actors that each take one batch at a time (the local pool's contract)."""

    def __init__(self, settings: WorkerSettings, workers: int, threads: int = 1) -> None:
        """Creates the actors and waits until each has loaded the model; StudyError if one cannot."""
        self._ray = ray_module()
        actor = self._ray.remote(num_cpus=threads)(StudyActor)
        self.actors = [actor.remote(settings) for _ in range(workers)]
        self.running: dict[Any, int] = {}
        try:
            self._ray.get([a.echo.remote() for a in self.actors])
        except self._ray.exceptions.RayError as err:
            self.close(wait=False)
            raise StudyError(f"a Ray worker could not start: {_last_line(err)}") from err

    @property
    def workers(self) -> int:
        """How many actors there are."""
        return len(self.actors)

    def submit(self, worker: int, batch: list[StudyImage]) -> None:
        """Gives a batch to an idle actor."""
        self.running[self.actors[worker].process.remote(batch)] = worker

    def next_result(self) -> tuple[int, BatchResult]:
        """Waits for any actor to finish its batch: (worker, result); StudyError if it failed."""
        if not self.running:
            raise StudyError("no batch is running")
        [ready], _ = self._ray.wait(list(self.running), num_returns=1)
        worker = self.running.pop(ready)
        try:
            return worker, self._ray.get(ready)
        except self._ray.exceptions.RayError as err:
            raise StudyError(f"Ray worker {worker + 1} failed: {_last_line(err)}") from err

    def close(self, wait: bool = True) -> None:
        """Ends the actors (batches still running are abandoned: the driver has stopped asking)."""
        for actor in self.actors:
            self._ray.kill(actor)
        self.actors, self.running = [], {}
