"""`classifier-explorer self-test`: passes on a good installation, names what is wrong on a broken one.

Broken installations are made by pointing the app at a copied bundle (`sys._MEIPASS`, as in a frozen build) with
a file missing or corrupt, or by changing what a sample is expected to be.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "classifier-explorer" / ("classifier-explorer" + (".exe" if os.name == "nt" else ""))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=180, cwd=ROOT, env=_env()
    )


def check_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line[:6] in ("ok    ", "note  ", "FAIL  ")]


def fake_bundle(tmp_path: Path) -> Path:
    """A copy of the bundled files laid out like a frozen build's _internal/ folder."""
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "resources", bundle / "resources")
    shutil.copytree(ROOT / "onnx_models", bundle / "onnx_models")
    return bundle


def self_test_in(bundle: Path) -> subprocess.CompletedProcess[str]:
    return run_python(
        f"import sys; sys._MEIPASS = {str(bundle)!r}\n"
        "from desktop_app.selftest import run_self_test\n"
        "sys.exit(run_self_test())"
    )


def test_cli_self_test_passes():
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "self-test"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = check_lines(result.stdout)
    assert not [line for line in lines if line.startswith("FAIL")]
    names = {line[6:].split(":")[0] for line in lines}
    assert {
        "bundled files",
        "model",
        "sample cat.png",
        "sample coffee.png",
        "main window",
        "translations",
        "offline",
    } <= names
    assert "expected a cat class" in result.stdout and "expected espresso" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("self-test passed in")
    assert "Traceback" not in result.stdout + result.stderr


def test_a_wrong_class_is_named_and_fails():
    code = (
        "import sys\n"
        "import desktop_app.selftest as s\n"
        "s._expectations = lambda: {'cat.png': s.Expectation('espresso', lambda i, n: n == 'espresso')}\n"
        "sys.exit(s.run_self_test())"
    )
    result = run_python(code)
    assert result.returncode == 1
    assert "FAIL  sample cat.png: tiger cat" in result.stdout and "but expected espresso" in result.stdout
    assert "self-test FAILED (sample cat.png)" in result.stdout


def test_a_missing_model_is_named_and_fails(tmp_path):
    bundle = fake_bundle(tmp_path)
    (bundle / "onnx_models" / "efficientnet_lite0.onnx").unlink()
    result = self_test_in(bundle)
    assert result.returncode == 1
    assert "FAIL  bundled files: missing model" in result.stdout
    assert "self-test FAILED (bundled files)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_corrupt_model_is_named_and_fails(tmp_path):
    bundle = fake_bundle(tmp_path)
    (bundle / "onnx_models" / "efficientnet_lite0.onnx").write_bytes(b"this is not an onnx model")
    result = self_test_in(bundle)
    assert result.returncode == 1
    assert "FAIL  model:" in result.stdout and "efficientnet_lite0.onnx" in result.stdout


def test_a_missing_sample_is_named_and_fails(tmp_path):
    bundle = fake_bundle(tmp_path)
    (bundle / "resources" / "samples" / "coffee.png").unlink()
    result = self_test_in(bundle)
    assert result.returncode == 1
    assert "FAIL  sample coffee.png: the bundled sample is missing" in result.stdout


def test_a_network_attempt_fails_the_self_test():
    code = (
        "import socket, sys\n"
        "import desktop_app.selftest as s\n"
        "real = s.check_versions\n"
        "def phoning_home(report):\n"
        "    real(report)\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "s.check_versions = phoning_home\n"
        "sys.exit(s.run_self_test())"
    )
    result = run_python(code)
    assert result.returncode == 1
    assert "FAIL  offline: 1 network connection(s) attempted: ('127.0.0.1', 9)" in result.stdout
    assert "network access is not allowed" in result.stdout


@pytest.mark.skipif(not FROZEN.is_file(), reason="no frozen build in dist/ (make dist builds it)")
def test_frozen_app_self_test_passes():
    result = subprocess.run([str(FROZEN), "self-test"], capture_output=True, text=True, timeout=180, env=_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(frozen build)" in result.stdout and "self-test passed" in result.stdout
