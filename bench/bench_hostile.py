"""Peak memory and time of the worst cases of issue 11, each a whole CLI process measured by /usr/bin/time -v.

Usage: python bench/bench_hostile.py
Writes bench/results/hostile.json. The inputs are made in a temporary folder: a 10,000 x 10,000 JPEG and its RGBA
PNG twin, and the corpus's fixed-batch-4096, endless-loop and runtime-allocation models. The budget is 1.5 GB
resident for any one command (children included: /usr/bin/time reports the largest process).
"""

from __future__ import annotations

import json
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "hostile"
BUDGET_MB = 1536


def measure(args: list[str]) -> dict:
    """Runs the CLI with args under /usr/bin/time -v; exit status, seconds and peak resident MB."""
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "desktop_app", *args]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    seconds = time.perf_counter() - started
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    return {"status": done.returncode, "seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024), "error": errors}


def make_photos(folder: Path) -> tuple[Path, Path]:
    """A 10,000 x 10,000 JPEG with detail, and the same picture as an RGBA PNG."""
    side = 10_000
    small = cv2.GaussianBlur(np.random.default_rng(0).integers(0, 256, (500, 500, 3), np.uint8), (0, 0), 3)
    big = cv2.resize(small, (side, side), interpolation=cv2.INTER_CUBIC)
    jpeg = folder / "ten-thousand.jpg"
    ok, data = cv2.imencode(".jpg", big, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    jpeg.write_bytes(data.tobytes())
    rgba = np.dstack([big, np.full((side, side), 200, np.uint8)])
    del big
    png = folder / "ten-thousand-rgba.png"
    ok, data = cv2.imencode(".png", rgba, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    assert ok
    png.write_bytes(data.tobytes())
    return jpeg, png


def main() -> None:
    """Measures every case and writes the JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        jpeg, png = make_photos(Path(tmp))
        cases = {
            "classify 10000x10000 JPEG": ["classify", str(jpeg), "--json", "--provider", "cpu"],
            "explain occlusion 10000x10000 JPEG (+ PNG overlay)": [
                "explain",
                str(jpeg),
                "--method",
                "occlusion",
                "--out",
                str(Path(tmp) / "map.png"),
                "--provider",
                "cpu",
            ],
            "explain cam 10000x10000 JPEG": ["explain", str(jpeg), "--method", "cam", "--provider", "cpu"],
            "classify 10000x10000 RGBA PNG": ["classify", str(png), "--json", "--provider", "cpu"],
            "classify, fixed batch 4096 model": [
                "classify",
                str(jpeg),
                "--model",
                str(CORPUS / "models" / "fixed-batch-4096.onnx"),
            ],
            "info, endless-loop model (found in the graph)": [
                "info",
                "--model",
                str(CORPUS / "models" / "endless-loop.onnx"),
            ],
            "info, loop count computed at run time (10 s test run)": [
                "info",
                "--model",
                str(CORPUS / "models" / "runtime-endless-loop.onnx"),
            ],
            "info, 2.5 GB allocated at run time": [
                "info",
                "--model",
                str(CORPUS / "models" / "runtime-allocation.onnx"),
            ],
        }
        results = {name: measure(args) for name, args in cases.items()}
    for name, result in results.items():
        verdict = "ok" if result["peak_mb"] <= BUDGET_MB else "OVER BUDGET"
        print(f"{name:58} exit {result['status']}  {result['seconds']:6.2f} s  {result['peak_mb']:5} MB  {verdict}")
    out = ROOT / "bench" / "results" / "hostile.json"
    doc = {"machine": platform.platform(), "python": platform.python_version(), "budget_mb": BUDGET_MB, **results}
    out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
