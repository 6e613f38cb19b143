"""pyproject.toml picks exactly one ONNX Runtime distribution and a safe Qt on every platform."""

import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = {
    "linux-x86_64": ("linux", "x86_64", "onnxruntime-gpu"),
    "windows-amd64": ("win32", "AMD64", "onnxruntime-gpu"),
    "macos-arm64": ("darwin", "arm64", "onnxruntime"),
    "linux-aarch64": ("linux", "aarch64", "onnxruntime"),
    "windows-arm64": ("win32", "ARM64", "onnxruntime"),
}


def chosen(sys_platform: str, machine: str, python: str) -> list[Requirement]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = {"sys_platform": sys_platform, "platform_machine": machine, "python_version": python, "extra": ""}
    reqs = [Requirement(d) for d in deps]
    return [r for r in reqs if r.marker is None or Marker(str(r.marker)).evaluate(env)]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
def test_one_onnxruntime_and_a_safe_pyside(platform, python):
    sys_platform, machine, expected = PLATFORMS[platform]
    reqs = chosen(sys_platform, machine, python)
    runtimes = [r.name for r in reqs if r.name.startswith("onnxruntime")]
    assert runtimes == [expected]
    [qt] = [r for r in reqs if r.name == "PySide6-Essentials"]
    assert qt.specifier.contains("6.12.0") == (python != "3.11")  # 6.12.0 aborts on 3.11 (see README)
    assert any(r.name == "opencv-python-headless" for r in reqs) and not any(r.name == "opencv-python" for r in reqs)


def test_ray_and_pyarrow_are_optional_extras_and_never_frozen():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(Requirement(d).name in ("ray", "pyarrow") for d in project["dependencies"])
    assert [Requirement(d).name for d in project["optional-dependencies"]["cluster"]] == ["ray"]
    assert [Requirement(d).name for d in project["optional-dependencies"]["parquet"]] == ["pyarrow"]
    for requirements in (ROOT / "packaging").glob("requirements-dist*.txt"):
        names = [line.split("==")[0].strip().lower() for line in requirements.read_text().splitlines()]
        assert "ray" not in names and "pyarrow" not in names, requirements.name
    spec = (ROOT / "packaging" / "classifier-explorer.spec").read_text()
    assert '"ray", "pyarrow"' in spec
