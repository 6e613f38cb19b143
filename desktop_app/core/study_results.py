"""Study results: one row per image and run, in CSV or Parquet, written so that a study can be killed and resumed.

While a study runs, rows go to an append-only CSV journal, one batch per write(): a process killed at any moment
leaves whole batches plus at most one torn line, which reopening cuts off. The journal is the results file itself
for `.csv`, and `NAME.parquet.partial.csv` for `.parquet` (pyarrow, optional) until the study is complete. Finishing
rewrites the file sorted by (image, run), so a study killed and resumed ends byte for byte like one never stopped.
Beside it, `NAME.study.json` records the recipe, the folder and the model, so a rerun can check it is the same study.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

TOP_K = 5
META_FORMAT = "classifier-explorer-study"
META_VERSION = 1
SUFFIXES = (".csv", ".parquet")

Row = dict[str, Any]


class ResultsError(Exception):
    """A results file that cannot be read or written; str(err) says why."""


def result_columns(categories: bool) -> dict[str, str]:
    """Every column of a results file and its kind (str, int, prob, float, bool), in order."""
    columns = {"image": "str", "run": "int", "recipe": "str", "true_index": "int", "true_label": "str"}
    for when in ("before", "after"):
        columns[f"{when}_label"] = "str"
        for rank in range(1, TOP_K + 1):
            columns[f"{when}_top{rank}"] = "int"
            columns[f"{when}_p{rank}"] = "prob"
    columns.update(drop="prob", top1_kept="bool", true_p_before="prob", true_p_after="prob")
    if categories:
        columns.update(category_before="str", category_after="str")
    columns.update(shape_category="str", texture_category="str", map_target="int", map_file="str", error="str")
    return columns


def _text(value: Any, kind: str) -> str:
    """A value as journal text; probabilities as the shortest text that reads back to the same float32."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if kind in ("prob", "float"):
        return str(np.float32(value))
    if kind == "bool":
        return "True" if value else "False"
    if kind == "int":
        return str(int(value))
    return " ".join(str(value).split()) if ("\n" in str(value) or "\r" in str(value)) else str(value)


def rows_to_csv(rows: Iterable[Row], columns: dict[str, str], header: bool = False) -> str:
    """CSV text of rows (missing values empty), optionally with the header line first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(row.get(name), kind) for name, kind in columns.items()])
    return buffer.getvalue()


def _cut_torn_tail(path: Path) -> None:
    """Truncates a file after its last newline (what a kill in the middle of a write leaves behind)."""
    with open(path, "rb+") as stream:
        size = stream.seek(0, os.SEEK_END)
        position = size
        while position > 0:
            step = min(65536, position)
            stream.seek(position - step)
            chunk = stream.read(step)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                position = position - step + newline + 1
                break
            position -= step
        if position != size:
            stream.truncate(position)


def _read_text_rows(path: Path) -> Iterator[list[str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        yield from csv.reader(stream)


def _lock(stream: io.TextIOBase) -> bool:
    """Takes an exclusive lock on an open file for this process (POSIX; elsewhere always granted)."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class Journal:
    """The append-only CSV of a running study; knows which (image, run) pairs are already done."""

    def __init__(self, path: Path, columns: dict[str, str]) -> None:
        """Opens `path` for appending, creating it with its header or resuming it (a torn last line is cut off)."""
        self.path, self.columns = path, columns
        self.done: set[tuple[str, int]] = set()
        try:
            if path.exists() and path.stat().st_size > 0:
                self._resume()
            else:
                path.write_text(rows_to_csv([], columns, header=True), encoding="utf-8")
            self._stream = open(path, "a", encoding="utf-8", newline="")
        except OSError as err:
            raise ResultsError(f"could not write “{path.name}”: {err.strerror or err}") from err
        if not _lock(self._stream):
            self._stream.close()
            raise ResultsError(f"“{path.name}” is being written by another study right now")

    def _resume(self) -> None:
        _cut_torn_tail(self.path)
        rows = _read_text_rows(self.path)
        header = next(rows, None)
        if header != list(self.columns):
            raise ResultsError(
                f"“{self.path.name}” holds other results (its columns differ from this study's); choose another --out"
            )
        for row in rows:
            if len(row) == len(header):
                self.done.add((row[0], int(row[1])))

    def append(self, rows: list[Row]) -> None:
        """Writes a batch of rows in one write (flushed to the system, so a killed process keeps it)."""
        self._stream.write(rows_to_csv(rows, self.columns))
        self._stream.flush()
        self.done.update((row["image"], int(row["run"])) for row in rows)

    def sync(self) -> None:
        """Makes what was appended durable on disk (fsync)."""
        os.fsync(self._stream.fileno())

    def close(self) -> None:
        """Syncs and closes the file."""
        with contextlib.suppress(OSError, ValueError):
            self.sync()
        self._stream.close()


def journal_path(out: Path) -> Path:
    """Where a study's rows go while it runs: the CSV itself, or a `.partial.csv` beside a Parquet file."""
    return out if out.suffix.lower() == ".csv" else out.with_name(out.name + ".partial.csv")


def meta_path(out: Path) -> Path:
    """The study's description beside its results file."""
    return out.with_name(out.name + ".study.json")


def maps_folder(out: Path) -> Path:
    """Where a map study saves one .npy per image and run."""
    return out.with_name(out.stem + "-maps")


def check_out_path(out: Path) -> None:
    """ResultsError unless `out` is a .csv or .parquet file name in an existing folder (Parquet: pyarrow present)."""
    if out.suffix.lower() not in SUFFIXES:
        raise ResultsError(f"the results file must end in .csv or .parquet, not “{out.name}”")
    if not out.parent.is_dir():
        raise ResultsError(f"the folder of “{out.name}” does not exist ({out.parent})")
    if out.suffix.lower() == ".parquet":
        _pyarrow()


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as err:
        raise ResultsError(
            "Parquet needs pyarrow, which is not installed (pip install pyarrow); or write .csv results"
        ) from err
    return pyarrow


def open_journal(out: Path, columns: dict[str, str]) -> Journal:
    """The journal of a study writing to `out`, resumed where it stopped (from a finished Parquet file too)."""
    journal = journal_path(out)
    if journal != out and not journal.exists() and out.exists():
        table = read_results(out)
        if list(table.columns) != list(columns):
            raise ResultsError(f"“{out.name}” holds other results (its columns differ from this study's)")
        journal.write_text(rows_to_csv(table.rows(), columns, header=True), encoding="utf-8")
    return Journal(journal, columns)


def finish(out: Path, columns: dict[str, str]) -> int:
    """Rewrites the results sorted by (image, run), once per pair, as CSV or Parquet; returns the row count."""
    journal = journal_path(out)
    _cut_torn_tail(journal)
    rows = _read_text_rows(journal)
    next(rows, None)
    unique = {(row[0], int(row[1])): row for row in rows if len(row) == len(columns)}
    ordered = [unique[key] for key in sorted(unique)]
    partial = out.with_name(f".{out.name}.partial")
    try:
        if out.suffix.lower() == ".csv":
            with open(partial, "w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream, lineterminator="\n")
                writer.writerow(columns)
                writer.writerows(ordered)
                stream.flush()
                os.fsync(stream.fileno())
        else:
            _write_parquet(partial, ordered, columns, read_meta(out))
        os.replace(partial, out)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise ResultsError(f"could not write “{out.name}”: {err.strerror or err}") from err
    if journal != out:
        journal.unlink(missing_ok=True)
    return len(ordered)


def _typed(text: str, kind: str) -> Any:
    if text == "":
        return None
    if kind == "int":
        return int(text)
    if kind in ("prob", "float"):
        return float(text)
    if kind == "bool":
        return text == "True"
    return text


def _write_parquet(path: Path, rows: list[list[str]], columns: dict[str, str], meta: dict[str, Any]) -> None:
    pa = _pyarrow()
    types = {"str": pa.string(), "int": pa.int64(), "prob": pa.float32(), "float": pa.float32(), "bool": pa.bool_()}
    arrays = [
        pa.array([_typed(row[i], kind) for row in rows], type=types[kind]) for i, kind in enumerate(columns.values())
    ]
    table = pa.Table.from_arrays(arrays, names=list(columns))
    table = table.replace_schema_metadata({META_FORMAT: json.dumps(meta)})
    pa.parquet.write_table(table, str(path))
    with open(path, "rb+") as stream:
        os.fsync(stream.fileno())


def write_meta(out: Path, meta: dict[str, Any]) -> None:
    """Saves the study's description beside its results (atomically)."""
    path = meta_path(out)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(json.dumps({"format": META_FORMAT, "version": META_VERSION, **meta}, indent=1) + "\n")
        os.replace(partial, path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise ResultsError(f"could not write “{path.name}”: {err.strerror or err}") from err


def read_meta(out: Path) -> dict[str, Any]:
    """The description saved beside a results file ({} when there is none or it is unreadable)."""
    try:
        doc = json.loads(meta_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) and doc.get("format") == META_FORMAT else {}


@dataclass
class StudyTable:
    """A results file in memory, column by column: numbers as float64 (NaN where missing), text as objects."""

    path: Path
    kinds: dict[str, str]
    values: dict[str, np.ndarray]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in file order."""
        return tuple(self.kinds)

    def __len__(self) -> int:
        return len(next(iter(self.values.values()))) if self.values else 0

    def value(self, row: int, column: str) -> Any:
        """One cell as a Python value (None where missing)."""
        value = self.values[column][row]
        if self.kinds[column] == "str":
            return value or None
        if np.isnan(value):
            return None
        return {"int": int, "bool": bool}.get(self.kinds[column], float)(value)

    def rows(self) -> Iterator[Row]:
        """Every row as a dict of Python values."""
        for index in range(len(self)):
            yield {column: self.value(index, column) for column in self.kinds}

    def order(self, column: str, descending: bool = False) -> np.ndarray:
        """Row indices sorted by a column (missing values last either way), ties kept in file order."""
        values = self.values[column]
        if self.kinds[column] == "str":
            keys = np.array([(v or "").lower() for v in values], dtype=object)
            present = np.array([bool(v) for v in values])
        else:
            keys, present = values, ~np.isnan(values)
        found, missing = np.flatnonzero(present), np.flatnonzero(~present)
        ranked = found[np.argsort(keys[found], kind="stable")]
        if descending:
            ranked = _reverse_keeping_ties(ranked, keys)
        return np.concatenate([ranked, missing]).astype(np.intp)

    def text(self, row: int, column: str) -> str:
        """A cell as the table shows it: probabilities in per cent, missing values empty."""
        value = self.value(row, column)
        if value is None:
            return ""
        kind = self.kinds[column]
        if kind == "prob":
            return f"{100 * value:.2f} %"
        if kind == "bool":
            return "yes" if value else "no"
        return str(value)

    def present(self, column: str) -> np.ndarray:
        """A boolean per row: whether the column has a value there (all False for a column the file lacks)."""
        if column not in self.values:
            return np.zeros(len(self), bool)
        values = self.values[column]
        return np.array([bool(v) for v in values], bool) if self.kinds[column] == "str" else ~np.isnan(values)

    def used_columns(self) -> list[str]:
        """The columns with at least one value."""
        return [column for column in self.kinds if self.present(column).any()]

    def matching(self, text: str) -> np.ndarray:
        """A boolean per row: whether any of its text columns (image, classes, categories, error) contains `text`,
        ignoring case (all True for empty text)."""
        wanted = text.strip().lower()
        found = np.ones(len(self), bool) if not wanted else np.zeros(len(self), bool)
        if wanted:
            for column in (c for c, kind in self.kinds.items() if kind == "str" and c != "recipe"):
                found |= np.array([wanted in (value or "").lower() for value in self.values[column]], bool)
        return found

    def image_path(self, row: int) -> Path | None:
        """The image file of a row, from the study folder recorded beside the results (None if unknown)."""
        folder = self.meta.get("folder")
        return Path(folder).joinpath(*str(self.value(row, "image")).split("/")) if folder else None


def _reverse_keeping_ties(ranked: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """A stable ascending order turned descending, equal keys still in file order."""
    groups: list[list[int]] = []
    for index in ranked:
        if groups and keys[groups[-1][0]] == keys[index]:
            groups[-1].append(int(index))
        else:
            groups.append([int(index)])
    return np.array([i for group in reversed(groups) for i in group], dtype=np.intp)


def read_results(path: Path) -> StudyTable:
    """A CSV or Parquet results file as a table; ResultsError with a plain message when it is not one."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ResultsError(f"“{path.name}” is not a study results file (.csv or .parquet)")
    if not path.is_file():
        raise ResultsError(f"the results file “{path.name}” was not found")
    meta = read_meta(path)
    try:
        names, texts = _read_parquet(path, meta) if path.suffix.lower() == ".parquet" else _read_csv(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as err:
        raise ResultsError(f"“{path.name}” could not be read as study results ({err})") from err
    known = {**result_columns(True)}
    if "image" not in names or "run" not in names:
        raise ResultsError(f"“{path.name}” is not a study results file (it has no image and run columns)")
    kinds = {name: known.get(name, "str") for name in names}
    values = {}
    for i, (name, kind) in enumerate(kinds.items()):
        column = [row[i] if i < len(row) else "" for row in texts]
        if kind == "str":
            values[name] = np.array(column, dtype=object)
        else:
            typed = [_typed(text, kind) for text in column]
            values[name] = np.array([np.nan if v is None else float(v) for v in typed], dtype=np.float64)
    return StudyTable(path, kinds, values, meta)


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = _read_text_rows(path)
    names = next(rows, [])
    return names, [row for row in rows if len(row) == len(names)]


def _read_parquet(path: Path, meta: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Parquet rows as the journal's text (so resuming from a Parquet file reproduces the same bytes)."""
    pa = _pyarrow()
    try:
        table = pa.parquet.read_table(str(path))
    except pa.ArrowException as err:
        raise ValueError(str(err)) from err
    embedded = (table.schema.metadata or {}).get(META_FORMAT.encode())
    if embedded and not meta:
        meta.update(json.loads(embedded))
    known = result_columns(True)
    columns = {name: known.get(name, "str") for name in table.column_names}
    text = rows_to_csv(table.to_pylist(), columns)
    return list(columns), [row for row in csv.reader(io.StringIO(text))]
