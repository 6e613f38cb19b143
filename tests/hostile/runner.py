"""Runs many CLI invocations in one process and records, per run, what a user would see and what it cost.

    python -m tests.hostile.runner JOBS.json RESULTS.jsonl

JOBS.json is a list of {"id", "argv"}; each run goes through desktop_app.cli.main with file descriptors 1 and 2
redirected to files, so native output (onnxruntime, OpenCV, libtiff) is caught too. One JSON line per run:
id, exit status, stdout, stderr, seconds, peak resident bytes during the run (Linux: VmHWM after resetting it),
and whether it raised past main (a traceback). A run over the time limit ends the whole process with a traceback
on stderr (faulthandler), which the test reports as a hang. The process's address space is capped as a backstop.

Two shortcuts keep the suite fast, neither hiding what is tested: the bundled model is loaded once and reused,
and a model file's test run (core.model_guard.probe_model, which really runs) is remembered per file.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HANG_S = 15
ADDRESS_SPACE_CAP = 8 * 2**30


def reset_peak() -> None:
    """Starts measuring this process's peak resident memory afresh (Linux: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def peak_bytes() -> int:
    """This process's peak resident memory since reset_peak (Linux VmHWM); 0 where it cannot be read."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _speed_ups() -> None:
    from desktop_app import cli
    from desktop_app.core import model, model_guard
    from desktop_app.core.paths import default_model_path

    bundled: dict[str, object] = {}
    load = cli.common.load_checked_model

    def cached_load(path: object, provider: str = "auto", cancel: object = None, **kwargs: object) -> object:
        if path is None or Path(str(path)).resolve() == default_model_path().resolve():
            if provider not in bundled:
                bundled[provider] = load(path, provider, cancel, **kwargs)
            return bundled[provider]
        return load(path, provider, cancel, **kwargs)

    probes: dict[tuple, object] = {}
    probe = model_guard.probe_model

    def remembered_probe(path: Path, timeout_s: float | None = None, cancel: object = None) -> object:
        info = path.stat()
        key = (str(path), info.st_size, info.st_mtime_ns)
        if key not in probes:
            try:
                probes[key] = probe(path, timeout_s, cancel)
            except model_guard.ModelError as err:
                probes[key] = err
        if isinstance(probes[key], Exception):
            raise probes[key]
        return probes[key]

    cli.common.load_checked_model = cached_load
    model.probe_model = remembered_probe


def run_one(argv: list[str], out_fd: int, err_fd: int) -> dict:
    from desktop_app import cli

    saved = os.dup(1), os.dup(2)
    sys.stdout.flush(), sys.stderr.flush()
    os.dup2(out_fd, 1), os.dup2(err_fd, 2)
    reset_peak()
    started = time.perf_counter()
    crashed = ""
    try:
        status = cli.main(argv)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 2
    except BaseException:
        crashed = traceback.format_exc()
        status = 1
    finally:
        sys.stdout.flush(), sys.stderr.flush()
        os.dup2(saved[0], 1), os.dup2(saved[1], 2)
        os.close(saved[0]), os.close(saved[1])
    return {"status": status, "seconds": time.perf_counter() - started, "peak_bytes": peak_bytes(), "crash": crashed}


def main(jobs_file: str, results_file: str) -> int:
    """Runs every job and appends its result line to results_file."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))
    except (ImportError, ValueError, OSError):
        pass
    _speed_ups()
    real_stderr = os.fdopen(os.dup(2), "w")  # where a hang's traceback goes, whatever fd 2 is during a run
    jobs = json.loads(Path(jobs_file).read_text(encoding="utf-8"))
    with open(results_file, "a", encoding="utf-8") as results:
        for job in jobs:
            with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
                faulthandler.dump_traceback_later(HANG_S, exit=True, file=real_stderr)
                outcome = run_one(job["argv"], out.fileno(), err.fileno())
                faulthandler.cancel_dump_traceback_later()
                out.seek(0), err.seek(0)
                outcome.update(
                    id=job["id"],
                    stdout=out.read().decode("utf-8", "replace"),
                    stderr=err.read().decode("utf-8", "replace"),
                )
            results.write(json.dumps(outcome) + "\n")
            results.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
