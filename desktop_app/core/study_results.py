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
        pyarrow_module()


def pyarrow_module() -> Any:
    """The pyarrow package (with its parquet and compute parts); ResultsError when it is not installed."""
    try:
        import pyarrow
        import pyarrow.compute
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
        _parquet_to_journal(out, journal, columns)
    return Journal(journal, columns)


def _parquet_to_journal(out: Path, journal: Path, columns: dict[str, str]) -> None:
    """A finished Parquet file's rows written back as journal text (the same text they were made from)."""
    pa = pyarrow_module()
    try:
        table = pa.parquet.read_table(str(out))
    except (OSError, pa.ArrowException) as err:
        raise ResultsError(f"“{out.name}” could not be read as study results ({_first_line(err)})") from err
    if table.column_names != list(columns):
        raise ResultsError(f"“{out.name}” holds other results (its columns differ from this study's)")
    with open(journal, "w", encoding="utf-8", newline="") as stream:
        stream.write(rows_to_csv([], columns, header=True))
        for batch in table.to_batches(max_chunksize=10_000):
            stream.write(rows_to_csv(batch.to_pylist(), columns))


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:200]


def _key(line: str) -> tuple[str, int]:
    image, run = next(csv.reader([line]))[:2]
    return image, int(run)


def finish(out: Path, columns: dict[str, str]) -> int:
    """Rewrites the results sorted by (image, run), once per pair, as CSV or Parquet; returns the row count."""
    journal = journal_path(out)
    _cut_torn_tail(journal)
    with open(journal, encoding="utf-8", newline="") as stream:
        lines = stream.read().splitlines(keepends=True)[1:]
    unique: dict[tuple[str, int], str] = {}
    for line in lines:
        unique.setdefault(_key(line), line)
    text = rows_to_csv([], columns, header=True) + "".join(unique[key] for key in sorted(unique))
    partial = out.with_name(f".{out.name}.partial")
    try:
        if out.suffix.lower() == ".csv":
            with open(partial, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
        else:
            _write_parquet(partial, text, columns, read_meta(out))
        os.replace(partial, out)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise ResultsError(f"could not write “{out.name}”: {err.strerror or err}") from err
    if journal != out:
        journal.unlink(missing_ok=True)
    return len(unique)


def _write_parquet(path: Path, text: str, columns: dict[str, str], meta: dict[str, Any]) -> None:
    """The journal's CSV text as a typed Parquet file (pyarrow parses it), with the study's description."""
    pa = pyarrow_module()
    import pyarrow.csv

    types = {"str": pa.string(), "int": pa.int64(), "prob": pa.float32(), "float": pa.float32(), "bool": pa.bool_()}
    options = pyarrow.csv.ConvertOptions(
        column_types={name: types[kind] for name, kind in columns.items()},
        strings_can_be_null=True,
        true_values=["True"],
        false_values=["False"],
    )
    table = pyarrow.csv.read_csv(pa.BufferReader(text.encode("utf-8")), convert_options=options)
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
