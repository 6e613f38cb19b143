"""Worksheets: the snapshots of a session (image, edits in words, top-5 chart, map, scores, note) as one HTML page.

A `Snapshot` keeps what was on screen when it was taken, with its pictures already scaled down (longer side at most
`PICTURE_MAX_SIDE`) and encoded as JPEG, so that a worksheet of many snapshots is written quickly and stays small.
`worksheet_html` writes the page with charts as HTML bars (no script, no SVG) so that the same page reads in a
browser and prints through Qt's rich text to PDF; pictures are embedded as base64 data, or named by the caller
(`image_source`) where a renderer takes them as resources. The questions of each lesson a snapshot was taken in
(`core.lesson_templates`) follow the snapshots; a lesson's worksheet alone is the same page without snapshots.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

import numpy as np

from desktop_app.core.document import Document
from desktop_app.core.explanation import ExplanationMap
from desktop_app.core.export import overlay_with_colour_bar
from desktop_app.core.imageio import encode_image, fit_within
from desktop_app.core.labels import Labels
from desktop_app.core.lesson_templates import BLANK, LessonTemplate, template
from desktop_app.core.prediction import ChartRow, chart_rows
from desktop_app.core.safe_files import atomic_write
from desktop_app.core.shape_bias import StudyResult
from desktop_app.core.texts import translate

PICTURE_MAX_SIDE = 800  # pixels: sharp on a printed half page, and 20 snapshots stay a few MB
JPEG_QUALITY = 85
CHART_ROWS = 5
SHOWN_WIDTH = 300  # the pictures' width on the page, in CSS pixels
BAR_WIDTH = 220  # the longest bar (probability 1), in CSS pixels
BAR_COLOUR, BASELINE_COLOUR = "#3b6ea8", "#9ab4d2"
STYLE = (
    "body{font-family:sans-serif;font-size:11pt;color:#111;max-width:760px;margin:1em auto}"
    "h1{font-size:18pt}h2{font-size:14pt;margin-top:1.2em}h3{font-size:11pt;margin:0.6em 0 0.2em}"
    ".meta{color:#555}.note{background:#fff8d6}td{vertical-align:top}"
    "@media print{.snapshot{page-break-before:always}}"
)


@dataclass(frozen=True)
class Picture:
    """An image as it goes into a worksheet: JPEG bytes, its size in pixels, and a caption."""

    jpeg: bytes
    width: int
    height: int
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    """A model's chart at the time of a snapshot: its name and its rows, most probable first."""

    model: str
    rows: tuple[ChartRow, ...]


@dataclass(frozen=True)
class LessonStep:
    """Where in a lesson a snapshot was taken: the lesson's template key, its title and the step."""

    lesson: str  # a key of core.lesson_templates
    title: str
    step: str = ""


@dataclass(frozen=True)
class BiasSummary:
    """A shape-bias study's result, as a worksheet shows it."""

    model: str
    shape_bias: float | None
    cue_conflict: int
    per_category: tuple[tuple[str, float], ...]  # categories with a shape bias, in the study's order


@dataclass
class Snapshot:
    """What was on screen when a snapshot was taken; only `note` changes afterwards."""

    document: Document
    picture: Picture
    chart: Chart
    edits: tuple[str, ...]
    map_picture: Picture | None = None
    lesson: LessonStep | None = None
    shape_bias: BiasSummary | None = None
    extra_charts: tuple[Chart, ...] = ()  # other models' charts of the same image (a second model)
    guess_score: tuple[int, int] | None = None  # guess-first: (right, asked) so far this session
    note: str = ""
    taken: datetime = field(default_factory=datetime.now)

    @property
    def label(self) -> str:
        """The top class's name."""
        return self.chart.rows[0].label

    @property
    def probability(self) -> float:
        """The top class's probability."""
        return self.chart.rows[0].probability


@dataclass(frozen=True)
class SnapshotMap:
    """An explanation map on screen: the image it explains, the map, its class's name and the overlay's opacity."""

    image: np.ndarray
    result: ExplanationMap
    target_name: str
    opacity: float


def picture(rgb: np.ndarray, caption: str = "", max_side: int = PICTURE_MAX_SIDE) -> Picture:
    """An RGB image scaled down to `max_side` and encoded as JPEG, for a worksheet."""
    small = np.ascontiguousarray(fit_within(rgb, max_side))
    jpeg = encode_image(small, ".jpg", JPEG_QUALITY)
    if jpeg is None:
        raise ValueError(f"could not encode a {small.shape} picture as JPEG")
    return Picture(jpeg, small.shape[1], small.shape[0], caption)


def bias_summary(result: StudyResult) -> BiasSummary:
    """The parts of a shape-bias study a worksheet shows."""
    per_category = tuple(
        (name, count.shape_bias) for name, count in result.bias.per_category.items() if count.shape_bias is not None
    )
    return BiasSummary(result.model, result.bias.shape_bias, result.bias.cue_conflict, per_category)


@dataclass(frozen=True)
class SnapshotContext:
    """What else was on screen when a snapshot was taken, besides the image and its chart."""

    shown_map: SnapshotMap | None = None
    lesson: LessonStep | None = None
    shape_bias: BiasSummary | None = None
    extra_charts: tuple[Chart, ...] = ()
    guess_score: tuple[int, int] | None = None


def take_snapshot(
    document: Document,
    model_name: str,
    labels: Labels,
    probabilities: np.ndarray,
    baseline: np.ndarray | None = None,
    context: SnapshotContext = SnapshotContext(),
) -> Snapshot:
    """A snapshot of the document as rendered, with its top-5 chart and the context (the map on screen as an
    overlay with its colour bar, the lesson, the shape bias, other models' charts, the guess-first score)."""
    edited = bool(document.edits)  # the original image's chart needs no "was" beside it
    rows = tuple(chart_rows(probabilities, labels, CHART_ROWS, baseline if edited else None))
    map_picture, shown = None, context.shown_map
    if shown is not None:
        small = fit_within(shown.image, PICTURE_MAX_SIDE)  # the map blended at the picture's size: 4x less work
        overlay = overlay_with_colour_bar(small, shown.result, shown.target_name, shown.opacity)
        caption = translate("Worksheet", "{method} map for {name}").format(
            method=shown.result.method, name=shown.target_name
        )
        map_picture = picture(overlay, caption)
    return Snapshot(
        document.snapshot(),
        picture(document.render(), document.name),
        Chart(model_name, rows),
        tuple(document.edits_in_words()),
        map_picture,
        context.lesson,
        context.shape_bias,
        context.extra_charts,
        context.guess_score,
    )


# -- the page ------------------------------------------------------------------------------------------


def data_uri(item: Picture) -> str:
    """A picture as a base64 data URI, to embed it in a page."""
    return "data:image/jpeg;base64," + base64.b64encode(item.jpeg).decode("ascii")


def _percent(value: float) -> str:
    return f"{100 * value:.1f} %"


def chart_html(chart: Chart) -> str:
    """A chart as an HTML table of bars: class, bar, probability (and the original image's, when known)."""
    lines = []
    for row in chart.rows:
        width = max(1, round(BAR_WIDTH * row.probability))
        bar = (
            f'<table cellspacing="0" cellpadding="0"><tr><td width="{width}" height="12" bgcolor="{BAR_COLOUR}">'
            "</td></tr></table>"
        )
        was_text = translate("Worksheet", "was {0}")
        was = "" if row.baseline is None else f"<td class=meta>{was_text.format(_percent(row.baseline))}</td>"
        lines.append(
            f"<tr><td>{escape(row.label)}</td><td width={BAR_WIDTH + 4}>{bar}</td>"
            f'<td align="right">{_percent(row.probability)}</td>{was}</tr>'
        )
    return f'<table class="chart" cellspacing="2" cellpadding="1">{"".join(lines)}</table>'


def _pictures_html(snapshot: Snapshot, image_source: Callable[[Picture], str]) -> str:
    cells = []
    for item in (snapshot.picture, snapshot.map_picture):
        if item is not None:
            height = round(SHOWN_WIDTH * item.height / item.width)
            cells.append(
                f'<td><img src="{image_source(item)}" width="{SHOWN_WIDTH}" height="{height}" '
                f'alt="{escape(item.caption)}"><br><span class=meta>{escape(item.caption)}</span></td>'
            )
    return f'<table cellspacing="4"><tr>{"".join(cells)}</tr></table>'


def _bias_html(bias: BiasSummary) -> str:
    value = "–" if bias.shape_bias is None else f"{bias.shape_bias:.2f}"
    categories = ", ".join(f"{escape(name)} {share:.2f}" for name, share in bias.per_category)
    head = translate("Worksheet", "Shape bias of {model}: {value}").format(model=escape(bias.model), value=value)
    rest = translate("Worksheet", "on {count} cue-conflict images (humans 0.96). Per category: {categories}.")
    return f"<p><b>{head}</b> {rest.format(count=bias.cue_conflict, categories=categories or '–')}</p>"


def _chart_title(chart: Chart) -> str:
    title = translate("Worksheet", "{model}: top {count}").format(model=escape(chart.model), count=CHART_ROWS)
    return f"<h3>{title}</h3>"


def snapshot_html(number: int, snapshot: Snapshot, image_source: Callable[[Picture], str] = data_uri) -> str:
    """One snapshot's section of a worksheet."""
    where = f" · {escape(snapshot.lesson.title)}" if snapshot.lesson else ""
    where += f", {escape(snapshot.lesson.step)}" if snapshot.lesson and snapshot.lesson.step else ""
    edits_title, no_edits = translate("Worksheet", "Edits:"), translate("Worksheet", "none (the original image)")
    parts = [
        f'<h2 class="snapshot" style="page-break-before:{"auto" if number == 1 else "always"}">'
        + translate("Worksheet", "Snapshot {number}: {label} {percent}").format(
            number=number, label=escape(snapshot.label), percent=_percent(snapshot.probability)
        )
        + "</h2>",
        f"<p class=meta>{escape(snapshot.document.name)} · {escape(snapshot.chart.model)}{where} · "
        f"{snapshot.taken:%H:%M}</p>",
        _pictures_html(snapshot, image_source),
        f"<p><b>{edits_title}</b> {escape('; '.join(snapshot.edits)) or no_edits}</p>",
        _chart_title(snapshot.chart),
        chart_html(snapshot.chart),
    ]
    for extra in snapshot.extra_charts:
        parts += [_chart_title(extra), chart_html(extra)]
    if snapshot.guess_score is not None:
        right, asked = snapshot.guess_score
        score = translate("Worksheet", "{right} of {asked} guesses right so far.").format(right=right, asked=asked)
        guess_title = translate("Worksheet", "Guess first:")
        parts.append(f"<p><b>{guess_title}</b> {score}</p>")
    if snapshot.shape_bias is not None:
        parts.append(_bias_html(snapshot.shape_bias))
    note = escape(snapshot.note).replace("\n", "<br>") if snapshot.note else BLANK * 4
    note_title = translate("Worksheet", "Note:")
    parts.append(f'<p class="note"><b>{note_title}</b> {note}</p>')
    return "\n".join(parts)


def lesson_html(lesson: LessonTemplate, new_page: bool = True) -> str:
    """A lesson's questions, with blanks to fill in by hand (on a page of their own unless `new_page` is False)."""
    lesson = lesson.in_words()
    questions = "".join(f"<li><p>{escape(question)}</p></li>" for question in lesson.questions)
    heading = translate("Worksheet", "Questions: {title}").format(title=escape(lesson.title))
    name, date = translate("Worksheet", "Name:"), translate("Worksheet", "Date:")
    return (
        f'<h2 style="page-break-before:{"always" if new_page else "auto"}">{heading}</h2>'
        f"<p>{escape(lesson.task)}</p><ol>{questions}</ol>"
        f"<p>{name} {BLANK * 3}  {date} {BLANK * 2}</p>"
    )


def lessons_of(snapshots: Iterable[Snapshot]) -> list[LessonTemplate]:
    """The templates of the lessons the snapshots were taken in, in order of first appearance."""
    keys = dict.fromkeys(s.lesson.lesson for s in snapshots if s.lesson is not None)
    return [template(key) for key in keys]


def worksheet_html(
    title: str,
    snapshots: Sequence[Snapshot],
    lessons: Sequence[LessonTemplate] | None = None,
    image_source: Callable[[Picture], str] = data_uri,
) -> str:
    """The worksheet as one self-contained HTML page: the snapshots in order, then the questions of `lessons`
    (by default, those of the lessons the snapshots were taken in)."""
    chosen = lessons_of(snapshots) if lessons is None else lessons
    body = [f"<h1>{escape(title)}</h1>", f"<p class=meta>{datetime.now():%Y-%m-%d %H:%M} · Classifier Explorer</p>"]
    if snapshots:
        count = translate("Worksheet", "Snapshots: {count}").format(count=len(snapshots))
        body.append(f"<p>{count}</p>")
    body += [snapshot_html(number, snapshot, image_source) for number, snapshot in enumerate(snapshots, start=1)]
    body += [lesson_html(lesson, new_page=bool(snapshots) or i > 0) for i, lesson in enumerate(chosen)]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def worksheet_paths(chosen: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The HTML and PDF files of a worksheet from the name chosen (name.html and name.pdf side by side)."""
    path = Path(chosen)
    stem = path.with_suffix("") if path.suffix.lower() in (".html", ".htm", ".pdf") else path
    return stem.with_name(stem.name + ".html"), stem.with_name(stem.name + ".pdf")


def write_html(path: str | os.PathLike[str], html: str) -> Path:
    """Writes a page as UTF-8 (atomically; SaveError says why it failed)."""
    return atomic_write(path, html.encode("utf-8"))
