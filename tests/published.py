"""The results README.md publishes for the bundled cat and model (its lessons table and the original's top three),
read from the README itself so that the tests pin exactly what is published."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from desktop_app.core.prediction import ChartRow

README = Path(__file__).resolve().parents[1] / "README.md"
TOLERANCE_POINTS = 0.5  # CPU float results differ slightly between processors and onnxruntime builds
LESSON_ROW = re.compile(r"^\| (Parts|Occlusion|Shape|Texture) \|[^|]*\| ([^|]+) \|", re.MULTILINE)
ORIGINAL = re.compile(r"the original is ([^)]+)\)")
RESULT = re.compile(r"(.+?) (\d+\.\d) %")

Published = tuple[tuple[str, float], ...]  # (label, percent), most probable first


def _results(text: str) -> Published:
    """'tiger cat 39.2 %, Egyptian cat 36.3 %' as (('tiger cat', 39.2), ('Egyptian cat', 36.3))."""
    found = [RESULT.fullmatch(item.strip()) for item in " ".join(text.split()).split(",")]
    assert all(found), f"unreadable results in the README: {text!r}"
    return tuple((match.group(1), float(match.group(2))) for match in found if match)


@cache
def published() -> dict[str, Published]:
    """The README's top three by lesson key ("parts", "occlusion", "shape", "texture") and for "original"."""
    text = README.read_text(encoding="utf-8")
    results = {name.lower(): _results(cell) for name, cell in LESSON_ROW.findall(text)}
    original = ORIGINAL.search(text)
    assert original and len(results) == 4, "the README's lessons table or original result is not where it was"
    results["original"] = _results(original.group(1))
    return results


def assert_as_published(key: str, rows: Sequence[ChartRow]) -> None:
    """Asserts that the first rows are the README's top three for `key`, each to ±0.5 percentage points."""
    expected = published()[key]
    shown = [(row.label, round(100 * row.probability, 2)) for row in rows[: len(expected)]]
    assert [label for label, _ in shown] == [label for label, _ in expected], f"{key}: {shown} != {expected}"
    for (label, percent), (_, published_percent) in zip(shown, expected, strict=True):
        assert abs(percent - published_percent) <= TOLERANCE_POINTS, f"{key}: {label} {percent} % != {expected}"
