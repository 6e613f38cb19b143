"""The command line, run as a user would: a separate process, real model, real files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core.imageio import load_image
from desktop_app.core.labels import coarse_category

ROOT = Path(__file__).resolve().parents[2]
CAT = ROOT / "resources" / "samples" / "cat.png"
COFFEE = ROOT / "resources" / "samples" / "coffee.png"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def assert_one_error_line(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith(("error:", "note:")) for line in lines), stderr
    assert "Traceback" not in stderr


def test_classify_json_shape_and_cat():
    started = time.perf_counter()
    result = cli("classify", str(CAT), "--json", "--provider", "cpu", "--top", "3")
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["model"] == "EfficientNet-Lite0" and doc["provider"] == "CPU"
    [entry] = doc["results"]
    assert entry["image"] == str(CAT) and len(entry["top"]) == 3
    first = entry["top"][0]
    assert set(first) == {"index", "label", "probability"}
    assert coarse_category(first["index"]) == "cat" and 0 < first["probability"] <= 1
    print(f"classify --json, whole process: {elapsed:.2f} s")


def test_bad_image_is_reported_and_the_others_still_classified(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    result = cli("classify", str(CAT), str(broken), str(tmp_path / "missing.png"), str(COFFEE), "--json")
    assert result.returncode == 2
    assert_one_error_line(result.stderr)
    assert "broken.jpg" in result.stderr and "missing.png" in result.stderr
    images = [r["image"] for r in json.loads(result.stdout)["results"]]
    assert images == [str(CAT), str(COFFEE)]


def test_plain_text_output():
    result = cli("classify", str(COFFEE), "--top", "2")
    assert result.returncode == 0, result.stderr
    assert "espresso" in result.stdout and result.stdout.count("%") == 2


@pytest.mark.parametrize(
    "args",
    [
        ("classify",),
        ("classify", str(CAT), "--top", "0"),
        ("classify", str(CAT), "--provider", "tpu"),
        ("frobnicate",),
        ("screenshot", "--out", "x.png", "--size", "10x10"),
        ("screenshot", "--out", "x.png", "--size", "wide"),
    ],
)
def test_bad_options(args):
    result = cli(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert_one_error_line(result.stderr)


def test_bad_model(tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    result = cli("classify", str(CAT), "--model", str(bad))
    assert result.returncode == 2
    assert_one_error_line(result.stderr)
    assert "bad.onnx" in result.stderr


def test_cuda_request_on_a_cpu_machine_says_so():
    result = cli("classify", str(CAT), "--provider", "cuda", "--json")
    assert result.returncode == 0, result.stderr
    if json.loads(result.stdout)["provider"] == "CPU":
        assert "CUDA was requested" in result.stderr


def test_info():
    result = cli("info", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["model"]["input"] == "image: NCHW float32 [batch, 3, 224, 224]"
    assert doc["providers"]["active"] in ("CPU", "CUDA") and "CPUExecutionProvider" in doc["providers"]["available"]
    text = cli("info")
    assert text.returncode == 0 and "running on:" in text.stdout


def test_apply_an_experiment_file(tmp_path):
    from desktop_app.core.document import Document, EditEntry
    from desktop_app.core.edits import Fill, Occlude
    from desktop_app.core.experiment import Experiment, save
    from desktop_app.core.imageio import load_image

    document = Document(load_image(CAT), name="cat.png", path=CAT)
    document.entries.append(EditEntry(Occlude(0.2, 0.0, 0.8, 0.6, fill=Fill.BLACK)))
    file = save(Experiment(document), tmp_path / "experiment.json")
    out = tmp_path / "edited.png"
    result = cli("apply", str(file), "--out", str(out), "--json", "--top", "3")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["model"] == "EfficientNet-Lite0" and len(doc["results"][0]["top"]) == 3
    edited = load_image(out)
    assert edited.shape == document.source.shape and (edited[0, document.source.shape[1] // 2] == 0).all()
    (tmp_path / "broken.json").write_text('{"format": "classifier-explorer-experiment", "version": 99}')
    bad = cli("apply", str(tmp_path / "broken.json"))
    assert bad.returncode == 2 and "version 99" in bad.stderr
    assert_one_error_line(bad.stderr)


def test_screenshot_at_a_size_and_in_projector_mode(tmp_path):
    """`screenshot --size WxH` draws the window at that size; `--projector` the image and a large white chart
    filling a screen of that size."""
    plain, projector = tmp_path / "plain.png", tmp_path / "projector.png"
    result = cli("screenshot", "--size", "1024x768", "--out", str(plain))
    assert result.returncode == 0, result.stderr
    result = cli("screenshot", "--size", "1366x768", "--projector", "--out", str(projector))
    assert result.returncode == 0, result.stderr
    assert load_image(plain).shape == (768, 1024, 3)
    shot = load_image(projector)
    assert shot.shape == (768, 1366, 3)
    chart = shot[100:-60, -500:]  # the chart's part of the screen: black on white
    assert (chart == 255).all(axis=2).mean() > 0.6 and (chart < 60).all(axis=2).mean() > 0.01


HOSTILE_MODELS = ROOT / "tests" / "data" / "hostile" / "models"


def _interrupted(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Sends Ctrl+C (SIGINT) and returns the exit status and the rest of stderr."""
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    return process.returncode, err


def _test_runs_of(model: Path) -> list[int]:
    """The process ids of test runs (probe children) of this model file still alive."""
    alive = []
    for entry in Path("/proc").iterdir():
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--probe-model" in words and str(model).encode() in words:
            alive.append(int(entry.name))
    return alive


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="lists processes through /proc")
def test_a_test_run_never_outlives_the_app(tmp_path):
    """Killing the app (even with SIGKILL) ends a model's test run too: it cannot burn a core for ever."""
    model = tmp_path / "endless.onnx"
    shutil.copyfile(HOSTILE_MODELS / "runtime-endless-loop.onnx", model)
    env = {**os.environ, "CLASSIFIER_EXPLORER_MODEL_TIMEOUT": "120"}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "info", "--model", str(model)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not _test_runs_of(model) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _test_runs_of(model), "the model's test run did not start"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 5
    while _test_runs_of(model) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _test_runs_of(model) == []


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process is a POSIX affair")
def test_ctrl_c_stops_a_model_that_never_finishes():
    env = {**os.environ, "CLASSIFIER_EXPLORER_MODEL_TIMEOUT": "120"}
    model = HOSTILE_MODELS / "runtime-endless-loop.onnx"
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "classify", str(CAT), "--model", str(model)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    time.sleep(2)  # the model's test run is under way (it would go on for 120 s)
    status, err = _interrupted(process)
    assert status == 130, err
    assert err.strip() == "error: interrupted (Ctrl+C); nothing more was done"


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process is a POSIX affair")
def test_a_long_experiment_shows_progress_and_stops_on_ctrl_c(tmp_path):
    stroke = {"kind": "occlude-brush", "points": [[0.1, 0.1], [0.9, 0.9]], "radius": 0.05, "fill": "blur"}
    (tmp_path / "cat.png").write_bytes(CAT.read_bytes())
    doc = {
        "format": "classifier-explorer-experiment",
        "version": 1,
        "image": {"name": "cat.png", "path": "cat.png"},
        "edits": [{"visible": True, "edit": stroke}] * 10_000,
    }
    (tmp_path / "long.json").write_text(json.dumps(doc))
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "apply", str(tmp_path / "long.json")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    first = process.stderr.readline()
    # checking the 10,000 edits may end before the first report is due: then the first is about applying them
    assert first.startswith(("progress: checking edit ", "progress: applying edit ")), first
    assert " of 10,000 (" in first, first
    status, err = _interrupted(process)
    assert status == 130 and "Traceback" not in err, err


def test_apply_never_overwrites_its_own_photo(tmp_path):
    photo = tmp_path / "cat.png"
    photo.write_bytes(CAT.read_bytes())
    doc = {
        "format": "classifier-explorer-experiment",
        "version": 1,
        "image": {"name": "cat.png", "path": "cat.png"},
        "edits": [{"visible": True, "edit": {"kind": "occlude", "x0": 0, "y0": 0, "x1": 1, "y1": 1, "fill": "black"}}],
        "model": {"name": "other", "path": "/somewhere/else.onnx"},
    }
    (tmp_path / "exp.json").write_text(json.dumps(doc))
    result = cli("apply", str(tmp_path / "exp.json"), "--out", str(photo))
    assert result.returncode == 2
    assert "“cat.png” is one of this command's input files; it is never overwritten" in result.stderr
    assert photo.read_bytes() == CAT.read_bytes()
    ok = cli("apply", str(tmp_path / "exp.json"), "--json")
    assert ok.returncode == 0, ok.stderr
    assert "made with the model /somewhere/else.onnx; it is not loaded from the file" in ok.stderr
    assert json.loads(ok.stdout)["model"] == "EfficientNet-Lite0"
