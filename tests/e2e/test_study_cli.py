"""The `study` command as a user runs it: a separate process, real model, real files; killed and resumed."""

from __future__ import annotations

import io
import os
import random
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop_app.cli import build_parser, main
from desktop_app.cli.study import ProgressBar, resume_command, stop_on_interrupt
from desktop_app.core.study_local import TRACE_ENV
from desktop_app.core.study_table import read_results
from tests.study_folder import make_study_folder

ROOT = Path(__file__).resolve().parents[2]
PYTHON_CLI = [sys.executable, "-m", "desktop_app"]
# 4 class folders x 6 images, 2 seeds, 1 image per batch: 24 batches, a few seconds on 2 workers
STUDY = ["parts", "--seeds", "2", "--workers", "2", "--batch", "1"]


def study(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PYTHON_CLI, "study", *args], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)


def assert_one_error_line(stderr: str, fragment: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and fragment in lines[0], stderr


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_study_folder(tmp_path_factory.mktemp("photos"), per_folder=6)


@pytest.fixture(scope="module")
def first_run(folder, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The study run once without interruption: its results file and the process."""
    out = tmp_path_factory.mktemp("reference") / "results.csv"
    return out, study(STUDY[0], str(folder), *STUDY[1:], "--out", str(out))


@pytest.fixture(scope="module")
def reference(first_run) -> bytes:
    """The results of the study run once without interruption."""
    out, result = first_run
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def test_results_report_and_messages(folder, first_run, reference):
    out, result = first_run
    assert result.stdout.strip() == f"wrote {out} (48 rows) and {out.with_suffix('.html')}"
    assert "note: 2 worker processes × 1 thread (2 workers asked for)" in result.stderr
    assert "study: 24/24 images" in result.stderr and "Traceback" not in result.stderr
    table = read_results(out)
    assert len(table) == 48 and table.meta["folder"] == str(folder.resolve())
    assert [(table.value(i, "image"), table.value(i, "run")) for i in range(3)] == [
        ("282/cat-00.png", 0),
        ("282/cat-00.png", 1),
        ("282/cat-01.png", 0),
    ]
    assert table.value(0, "true_label") == "tiger cat" and table.value(0, "recipe") == "lesson:parts"
    report = out.with_suffix(".html").read_text()
    assert "<h1>Study: lesson:parts</h1>" in report and report.count("<svg") == 3  # drops, top-1, 16-category


def test_a_finished_study_rerun_does_nothing(folder, reference, tmp_path):
    out = tmp_path / "results.csv"
    out.write_bytes(reference)  # a finished study's results, without the record beside them: taken as they are
    again = study(STUDY[0], str(folder), *STUDY[1:], "--out", str(out))
    assert again.returncode == 0 and "worker" not in again.stderr and "study:" not in again.stderr
    assert out.read_bytes() == reference


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["jigsaw", "{folder}"], "“jigsaw” is not a recipe"),
        (["parts", "{folder}/missing"], "is not a folder of images"),
        (["parts", "{folder}", "--out", "{tmp}/r.xlsx"], "must end in .csv or .parquet"),
        (["parts", "{folder}", "--workers", "0"], "--workers must be at least 1"),
        (["texture", "{folder}", "--seeds", "3"], "has no random seed"),
        (["parts", "{tmp}", "--out", "{tmp}/r.csv"], "there are no images"),
        (["parts", "{folder}", "--model", "{tmp}/none.onnx", "--out", "{tmp}/r.csv"], "was not found"),
    ],
)
def test_bad_input_is_one_error_line(folder, tmp_path, args, message, capsys):
    status = main(["study", *(a.format(folder=folder, tmp=tmp_path) for a in args)])
    assert status == 2
    assert_one_error_line(capsys.readouterr().err, message)


def test_another_study_in_the_same_file_is_refused(folder, first_run, reference, capsys):
    out, _ = first_run
    assert main(["study", "texture", str(folder), "--out", str(out)]) == 2
    expected = f"holds the results of another study (lesson:parts --seeds 2 over {folder.resolve()} with "
    assert_one_error_line(capsys.readouterr().err, expected + "efficientnet_lite0.onnx, --batch 1); rerun that")
    assert out.read_bytes() == reference


def start_traced(out: Path, trace: Path, folder: Path) -> subprocess.Popen:
    """The study started in its own process group, workers logging to `trace`; returns once a batch is done."""
    command = [*PYTHON_CLI, "study", STUDY[0], str(folder), *STUDY[1:], "--out", str(out)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, TRACE_ENV: str(trace)},
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_a_finished_batch(trace, process)
    return process


def wait_for_a_finished_batch(trace: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if trace.exists() and any(line.startswith("done ") for line in trace.read_text().splitlines()):
            return
        assert process.poll() is None, "the study ended before a batch was done"
        time.sleep(0.02)
    raise AssertionError("no batch finished in time")


def started_and_written(trace: Path, out: Path) -> dict[str, list[str]]:
    """Per worker process: the batches it started whose rows are not all in the results (work to redo)."""
    table = read_results(out)
    written = {(table.value(i, "image"), table.value(i, "run")) for i in range(len(table))}
    lost: dict[str, list[str]] = {}
    for line in trace.read_text().splitlines():
        event, pid, image = line.split(" ", 2)
        if event == "start" and not {(image, 0), (image, 1)} <= written:
            lost.setdefault(pid, []).append(image)
    return lost


def test_killed_at_a_random_moment_and_rerun(folder, reference, tmp_path):
    seed = random.randrange(1_000_000)
    delay = random.Random(seed).uniform(0.0, 1.0)
    out, trace = tmp_path / "results.csv", tmp_path / "trace.txt"
    process = start_traced(out, trace, folder)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)  # the driver and its workers, like a machine losing power
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, f"seed {seed}: the study had ended before the kill"
    lost = started_and_written(trace, out)
    print(f"seed {seed}, kill after {delay:.2f} s: {len(read_results(out))} rows kept, lost batches {lost}")
    assert len(read_results(out)) < 48, f"seed {seed}: the study was complete when killed"
    assert all(len(batches) <= 1 for batches in lost.values()), f"seed {seed}: {lost}"
    rerun = study(STUDY[0], str(folder), *STUDY[1:], "--out", str(out))
    assert rerun.returncode == 0, rerun.stderr
    assert out.read_bytes() == reference, f"seed {seed}"


def test_a_worker_killed_is_reported_with_how_to_resume(folder, tmp_path):
    out, trace = tmp_path / "results.csv", tmp_path / "trace.txt"
    process = start_traced(out, trace, folder)
    worker = int(trace.read_text().split()[1])
    os.kill(worker, signal.SIGKILL)  # e.g. the system ran out of memory
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2 and "Traceback" not in stderr
    [error] = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert "stopped unexpectedly (exit code -9); finished batches are saved; resume with: " in error
    assert shlex.split(error.split("resume with: ")[1])[:3] == ["classifier-explorer", "study", "parts"]


def test_ctrl_c_stops_after_the_batches_in_hand_and_says_how_to_resume(folder, reference, tmp_path):
    out, trace = tmp_path / "results.csv", tmp_path / "trace.txt"
    process = start_traced(out, trace, folder)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl+C reaches the whole foreground group
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "stopping after the batches in hand" in stderr and "Traceback" not in stderr
    assert started_and_written(trace, out) == {}  # every batch started was finished and written
    assert stdout.startswith("stopped: ") and "resume with:" in stdout
    resume = shlex.split(stdout.strip().splitlines()[-1])
    assert resume[:2] == ["classifier-explorer", "study"] and "--out" in resume
    resumed = subprocess.run([*PYTHON_CLI, *resume[1:]], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == reference


def test_the_first_ctrl_c_asks_to_stop_and_the_second_stops_at_once(capsys):
    stop = threading.Event()
    with stop_on_interrupt(stop):
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.is_set() and "stopping after the batches in hand" in capsys.readouterr().err
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_progress_lines():
    plain = ProgressBar(io.StringIO(), terminal=False)
    assert plain.line(250, 1000, 50, 10.0) == "study: 250/1,000 images  20.0 images/s  ETA 0:00:38 (25 %)"
    bar = ProgressBar(io.StringIO(), terminal=True)
    assert bar.line(500, 1000, 0, 0.0) == " 50% |##############..............| 500/1,000 images  0.0 images/s  ETA ?"


def test_resume_command_names_everything(tmp_path):
    args = build_parser().parse_args(["study", "rise", "photos dir", "--seeds", "2", "--masks", "50", "--ray"])
    command = resume_command(args, tmp_path / "r.csv")
    assert shlex.split(command) == [
        "classifier-explorer", "study", "rise", str(Path("photos dir").resolve()), "--out", str(tmp_path / "r.csv"),
        "--seeds", "2", "--masks", "50", "--ray",
    ]  # fmt: skip
