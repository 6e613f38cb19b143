"""The HTML report of a study: one self-contained file, charts as inline SVG and mean maps as embedded PNG.

What it shows depends on the results: for edited images, the distribution of the drop of the original top class
and how often the top class (and the 16-way category) survives, per class; for maps, the mean map per class; for
the shape-bias study, the shape bias overall and per shape category.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

import cv2
import numpy as np

from desktop_app.core.categories import Decision, shape_bias
from desktop_app.core.colormap import colorize
from desktop_app.core.study_results import ResultsError
from desktop_app.core.study_table import StudyTable
from desktop_app.core.svg_charts import bars_svg, histogram_svg

MAX_CLASSES = 40  # classes shown per chart: those with the most rows
MAX_ERRORS = 20
STYLE = """body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}
table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}
.maps{display:flex;flex-wrap:wrap;gap:12px}.maps figure{margin:0;width:150px;font-size:12px}
.maps img{width:150px;height:150px;image-rendering:pixelated}"""


@dataclass(frozen=True)
class Rate:
    """How often something held within a group of rows."""

    name: str
    rate: float
    count: int


def _present(table: StudyTable, column: str) -> np.ndarray:
    """Rows where a column has a value and that have no error."""
    return table.present(column) & ~table.present("error")


def group_column(table: StudyTable) -> str:
    """The column that names each row's class: the true class where the folders give it, else the original top."""
    return "true_label" if _present(table, "true_label").any() else "before_label"


def _group_name(table: StudyTable, column: str, row: int | np.integer) -> str:
    return str(table.values[column][row] or "(class not known)")


def rates_by(table: StudyTable, held: np.ndarray, rows: np.ndarray, column: str) -> list[Rate]:
    """The share of `rows` where `held` is true, per value of `column`, for the classes with most rows."""
    groups: dict[str, list[bool]] = {}
    for index in np.flatnonzero(rows):
        groups.setdefault(_group_name(table, column, index), []).append(bool(held[index]))
    biggest = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))[:MAX_CLASSES]
    rates = [Rate(name, float(np.mean(flags)), len(flags)) for name, flags in biggest]
    return sorted(rates, key=lambda r: (r.rate, r.name))


def _bars(rates: list[Rate]) -> str:
    return bars_svg([r.name for r in rates], [r.rate for r in rates], [r.count for r in rates])


def _edits_section(table: StudyTable) -> list[str]:
    rows = _present(table, "drop")
    if not rows.any():
        return []
    drops = table.values["drop"][rows]
    kept = table.values["top1_kept"] == 1
    parts = [
        "<h2>Edited images</h2>",
        f"<p>{rows.sum()} edited images. The original top class kept its place in {100 * kept[rows].mean():.1f} % "
        f"of them; its probability dropped by {100 * np.mean(drops):.1f} points on average "
        f"(median {100 * np.median(drops):.1f}).</p>",
        "<h3>Drop of the original top class's probability (percentage points; negative: it rose)</h3>",
        histogram_svg(drops, 40, -1.0, 1.0, "probability before - after (points)", 100),
        "<h3>How often the top class survives, per class</h3>",
        _bars(rates_by(table, kept, rows, group_column(table))),
    ]
    both = rows & _present(table, "category_before") & _present(table, "category_after")
    if both.any():
        same = table.values["category_before"] == table.values["category_after"]
        parts += [
            f"<h3>How often the 16-way category survives ({100 * same[both].mean():.1f} % overall)</h3>",
            _bars(rates_by(table, same, both, "category_before")),
        ]
    return parts


def _accuracy_section(table: StudyTable) -> list[str]:
    rows = _present(table, "true_index") & _present(table, "before_top1")
    if not rows.any():
        return []
    truth = table.values["true_index"]
    text = f"top-1 accuracy on the originals {100 * np.mean(table.values['before_top1'][rows] == truth[rows]):.1f} %"
    edited = rows & _present(table, "after_top1")
    if edited.any():
        after = np.mean(table.values["after_top1"][edited] == truth[edited])
        text += f", on the edited images {100 * after:.1f} %"
    return [f"<p>Where the folder names the true class ({rows.sum()} rows): {text}.</p>"]


def shape_bias_rates(table: StudyTable) -> tuple[Rate | None, list[Rate]]:
    """Shape bias overall and per shape category by the paper's rule (core.categories.shape_bias) over the
    cue-conflict rows of the table."""
    rows = np.flatnonzero(_present(table, "shape_category") & _present(table, "category_before"))
    values = table.values
    bias = shape_bias(
        Decision(str(index), values["shape_category"][index], values["texture_category"][index],
                 values["category_before"][index])
        for index in rows
    )  # fmt: skip
    if bias.shape_bias is None:
        return None, []
    counted = bias.overall.shape_decisions + bias.overall.texture_decisions
    per_category = [
        Rate(name, count.shape_bias, count.shape_decisions + count.texture_decisions)
        for name, count in bias.per_category.items()
        if count.shape_bias is not None
    ]
    return Rate("all", bias.shape_bias, counted), sorted(per_category, key=lambda r: (r.rate, r.name))


def _shape_bias_section(table: StudyTable) -> list[str]:
    overall, per_category = shape_bias_rates(table)
    if overall is None:
        return []
    return [
        "<h2>Shape bias</h2>",
        f"<p>Shape bias {overall.rate:.3f} over {overall.count} shape or texture decisions "
        "(Geirhos et al. 2019: humans 0.96, ResNet-50 0.22).</p>",
        _bars(per_category),
    ]


def mean_maps(table: StudyTable) -> list[tuple[str, np.ndarray, int]]:
    """The mean map per class (each map scaled to its largest absolute value first), for the classes with most
    maps: (class, mean map, count)."""
    rows = _present(table, "map_file")
    column = group_column(table)
    sums: dict[str, tuple[np.ndarray, int]] = {}
    for index in np.flatnonzero(rows):
        try:
            values = np.load(table.path.parent / str(table.values["map_file"][index]), allow_pickle=False)
        except (OSError, ValueError):
            continue
        scale = float(np.nanmax(np.abs(values))) or 1.0
        name = _group_name(table, column, index)
        total, count = sums.get(name, (np.zeros(values.shape, np.float64), 0))
        if total.shape == values.shape:
            sums[name] = (total + values / scale, count + 1)
    biggest = sorted(sums.items(), key=lambda item: (-item[1][1], item[0]))[:MAX_CLASSES]
    return [(name, (total / count).astype(np.float32), count) for name, (total, count) in biggest]


def _png_data_uri(rgb: np.ndarray) -> str:
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return "data:image/png;base64," + base64.b64encode(encoded.tobytes()).decode("ascii") if ok else ""


def _maps_section(table: StudyTable) -> list[str]:
    maps = mean_maps(table)
    if not maps:
        return []
    figures = []
    for name, values, count in maps:
        limit = float(np.max(np.abs(values))) or 1.0
        image = colorize(values, -limit if values.min() < 0 else 0.0, limit)[..., :3]
        figures.append(
            f'<figure><img src="{_png_data_uri(np.ascontiguousarray(image))}" alt="mean map of {escape(name)}">'
            f"<figcaption>{escape(name)} (n={count})</figcaption></figure>"
        )
    return [
        "<h2>Mean map per class</h2>",
        "<p>Each map scaled to its largest absolute value, then averaged (viridis: yellow = most important).</p>",
        f'<div class="maps">{"".join(figures)}</div>',
    ]


def _errors_section(table: StudyTable) -> list[str]:
    rows = np.flatnonzero(table.present("error"))
    if not len(rows):
        return []
    items = "".join(
        f"<tr><td>{escape(str(table.values['image'][i]))}</td><td>{escape(str(table.values['error'][i]))}</td></tr>"
        for i in rows[:MAX_ERRORS]
    )
    return [f"<h2>Images that could not be used ({len(rows)})</h2><table>{items}</table>"]


def report_html(table: StudyTable, complete: bool = True) -> str:
    """The report as one HTML document."""
    meta = table.meta
    recipe = meta.get("recipe_label", "?")
    images = len(set(table.values["image"])) if len(table) else 0
    head = [
        f"<h1>Study: {escape(recipe)}</h1>",
        f"<p>Folder {escape(str(meta.get('folder', '?')))}; model {escape(Path(str(meta.get('model', '?'))).name)}; "
        f"{images} images, {len(table)} rows{'' if complete else ' (stopped before the end: partial results)'}."
        f" Results: {escape(table.path.name)}.</p>",
    ]
    sections = [
        *_accuracy_section(table),
        *_edits_section(table),
        *_shape_bias_section(table),
        *_maps_section(table),
        *_errors_section(table),
    ]
    body = "\n".join(head + sections)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Study: {escape(recipe)}</title>'
        f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def write_report(table: StudyTable, path: Path, complete: bool = True) -> Path:
    """Writes the report to `path` (atomically); ResultsError if it cannot be written."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(report_html(table, complete), encoding="utf-8")
        os.replace(partial, path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise ResultsError(f"could not write the report “{path.name}”: {err.strerror or err}") from err
    return path
