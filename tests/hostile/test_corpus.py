"""Every hostile case (tests/data/hostile, made by tools/make_hostile_corpus.py, plus special files made here) through
core and through the CLI: exit 0 or 2, never a traceback or a signal; one `error:` line of the expected class in
the user's terms; within 15 s and the 1.5 GB memory budget; strict JSON on stdout; no control characters printed.

The CLI runs in two batch processes (tests/hostile/runner.py) started once for the session, side by side: one for
the models (each test-run in its own child process by core.model_guard), one for everything else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop_app.core import experiment as experiments
from desktop_app.core.experiment import ExperimentError
from desktop_app.core.imageio import ImageLoadError, load_image
from tests.hostile.corpus import (
    CASES,
    CAT,
    CONTROL,
    CORPUS,
    INTERNALS,
    MANIFEST,
    MEMORY_BUDGET_BYTES,
    ROOT,
    SPECIAL_KINDS,
    TIME_LIMIT_S,
    special_files,
)


@pytest.fixture(scope="session")
def special_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return special_files(tmp_path_factory.mktemp("special"))


def _jobs(path: str, kind: str, key: str) -> list[dict]:
    """The CLI runs of one case."""
    if kind == "image":
        return [
            {"id": f"{key}|classify", "argv": ["classify", path, "--json", "--provider", "cpu"]},
            {"id": f"{key}|explain", "argv": ["explain", path, "--method", "cam", "--json", "--provider", "cpu"]},
        ]
    if kind == "model":
        return [
            {"id": f"{key}|info", "argv": ["info", "--model", path, "--provider", "cpu"]},
            {"id": f"{key}|classify", "argv": ["classify", str(CAT), "--model", path, "--top", "1000", "--json"]},
        ]
    return [{"id": f"{key}|apply", "argv": ["apply", path, "--json", "--provider", "cpu"]}]


def _all_cases(special_cases: dict[str, dict]) -> dict[str, dict]:
    committed = {key: {**case, "path": str(CORPUS / case["file"])} for key, case in CASES.items()}
    return {**committed, **special_cases}


@pytest.fixture(scope="session")
def cli_results(special_cases, tmp_path_factory) -> dict[str, dict]:
    """Every CLI run of every case, by id: two runner processes side by side."""
    folder = tmp_path_factory.mktemp("runs")
    cases = _all_cases(special_cases)
    batches = {"models": [], "others": []}
    for key, case in cases.items():
        batches["models" if case["kind"] == "model" else "others"] += _jobs(case["path"], case["kind"], key)
    processes = []
    for name, jobs in batches.items():
        (folder / f"{name}.json").write_text(json.dumps(jobs), encoding="utf-8")
        command = [sys.executable, "-m", "tests.hostile.runner", str(folder / f"{name}.json"), str(folder / name)]
        env = {**os.environ, "HOME": str(folder), "QT_QPA_PLATFORM": "offscreen"}
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True))
    failures = [process.communicate(timeout=600)[1] for process in processes]
    results = {}
    for name in batches:
        path = folder / name
        for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
            result = json.loads(line)
            results[result["id"]] = result
    results["__runner_stderr__"] = {"stderr": "\n".join(failures)}
    return results


def _strict_json(text: str) -> object:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_the_corpus_is_big_enough_and_complete():
    counts = MANIFEST["counts"]
    assert counts["image"] >= 60 and counts["model"] >= 25 and counts["experiment"] >= 60, counts
    for case in MANIFEST["cases"]:
        assert (CORPUS / case["file"]).is_file(), case["file"]
        assert case["expect"] == "ok" or case["expect"].startswith(("refused:", "model-error", "experiment-error"))


def _case_ids() -> list[str]:
    jobs = []
    for key, case in CASES.items():
        jobs += [job["id"] for job in _jobs("", case["kind"], key)]
    return jobs


SPECIAL_IDS = [
    f"special/{name}|{command}"
    for name, command in [
        *[
            (f"fifo-{kind}", c)
            for kind, cs in (("image", "classify"), ("model", "info"), ("experiment", "apply"))
            for c in [cs]
        ],
        ("zero-image", "classify"),
        ("urandom-image", "classify"),
        ("zero-model", "info"),
        ("urandom-model", "classify"),
        ("folder-image", "classify"),
        ("folder-model", "info"),
        ("sparse-511mb-png", "classify"),
        ("sparse-511mb-png", "explain"),
        ("sparse-3gb-experiment", "apply"),
        ("many-items-experiment", "apply"),
        ("100k-edits", "apply"),
        ("10k-edits", "apply"),
        ("2000-blur-edits", "apply"),
    ]
]


@pytest.mark.parametrize("run_id", _case_ids() + SPECIAL_IDS)
def test_cli_case(run_id, cli_results, special_cases):
    if run_id not in cli_results:
        pytest.fail(f"no result for {run_id}: the runner died (a hang or a crash)\n{cli_results['__runner_stderr__']}")
    key = run_id.split("|")[0]
    case = _all_cases(special_cases)[key]
    result = cli_results[run_id]
    assert not result["crash"], result["crash"]
    assert result["status"] in (0, 2), result
    lines = [line for line in result["stderr"].splitlines() if line.strip()]
    assert all(line.startswith(("error: ", "note: ", "progress: ")) for line in lines), result["stderr"]
    errors = [line for line in lines if line.startswith("error: ")]
    for internal in INTERNALS:
        assert internal not in result["stderr"], result["stderr"]
    assert not CONTROL.search(result["stdout"] + result["stderr"]), repr(result["stdout"] + result["stderr"])
    if case["expect"] == "ok":
        assert result["status"] == 0 and errors == [], result["stderr"]
        if "--json" in run_id or result["stdout"].lstrip().startswith("{"):
            _strict_json(result["stdout"])
    else:
        assert result["status"] == 2 and len(errors) == 1, result["stderr"]
        assert case["phrase"] in errors[0], (case["phrase"], errors[0])
    if case["phrase"] and case["expect"] == "ok":
        assert case["phrase"] in result["stderr"], (case["phrase"], result["stderr"])
    assert result["seconds"] < TIME_LIMIT_S, result["seconds"]
    if result["peak_bytes"]:
        assert result["peak_bytes"] < MEMORY_BUDGET_BYTES, f"{result['peak_bytes'] / 2**20:.0f} MB"


@pytest.mark.parametrize("key", [key for key, case in CASES.items() if case["kind"] == "image"])
def test_core_image_case(key):
    case = CASES[key]
    if case["expect"] == "ok":
        image = load_image(CORPUS / key)
        assert image.dtype.name == "uint8" and image.ndim == 3 and image.shape[2] == 3
        return
    with pytest.raises(ImageLoadError) as caught:
        load_image(CORPUS / key)
    assert case["phrase"] in str(caught.value)


@pytest.mark.parametrize("key", [key for key, case in CASES.items() if case["kind"] == "experiment"])
def test_core_experiment_case(key):
    case = CASES[key]
    if case["expect"] == "ok":
        loaded = experiments.load(CORPUS / key)
        assert loaded.document.source.shape[2] == 3
        return
    with pytest.raises(ExperimentError) as caught:
        experiments.load(CORPUS / key)
    message = str(caught.value)
    assert case["phrase"] in message
    assert not any(internal in message for internal in INTERNALS), message


def test_escape_sequences_from_a_model_never_reach_the_terminal(cli_results):
    result = cli_results["models/control-characters.onnx|info"]
    assert result["status"] == 0
    assert "?]0;owned?" in result["stdout"] and "\x1b" not in result["stdout"]
    labels = [
        entry["label"]
        for entry in _strict_json(cli_results["models/control-characters.onnx|classify"]["stdout"])["results"][0]["top"]
    ]
    assert "\x1b[2J\x1b]0;pwned\x07cleared" in labels  # JSON escapes it: \u001b on the wire, safe on a terminal


def test_large_experiments_are_applied(cli_results):
    result = cli_results["special/10k-edits|apply"]
    assert result["status"] == 0
    doc = _strict_json(result["stdout"])
    assert doc["results"][0]["top"]


def test_the_special_cases_are_the_ones_every_test_names(special_cases):
    assert {key.removeprefix("special/"): case["kind"] for key, case in special_cases.items()} == SPECIAL_KINDS
