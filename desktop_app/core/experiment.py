"""Experiment files: the source image (referenced or embedded), the edits, the model and the predictions, as JSON.

The format is documented in docs/experiment-format.md. Reading is strict: a file that would not reproduce what was
saved (wrong version, missing or changed image, edits out of bounds) raises ExperimentError with a plain message.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from desktop_app.core.document import Document, EditEntry, working_copy
from desktop_app.core.edits import EDIT_KINDS, EditError, edit_to_dict
from desktop_app.core.experiment_schema import (
    MODEL,
    PREDICTIONS,
    SchemaError,
    build_edit,
    check_document,
    known_fields,
)
from desktop_app.core.imageio import MAX_FILE_BYTES, ImageLoadError, decode_image
from desktop_app.core.safe_files import FileRefused, SaveError, atomic_write, is_inside, read_regular_file
from desktop_app.core.scheduler import CancelToken

FORMAT = "classifier-explorer-experiment"
VERSION = 1
EMBED_LIMIT_BYTES = 64 * 2**20  # larger sources are always referenced, never embedded
MAX_EXPERIMENT_BYTES = 96 * 2**20  # an embedded image of EMBED_LIMIT_BYTES is ~86 MB of base64
CHECK_SIDE = 64  # each edit read from a file is tried on a copy of the image this small
MAX_JSON_ITEMS = 2_000_000  # objects, lists and list items: bounds the memory json.loads may take (~150 MB)
_EMBEDDED: dict[int, tuple[weakref.ref, str]] = {}  # id(source) -> (the source, its PNG in base64), while it lives


class ExperimentError(Exception):
    """An experiment file that cannot be read or written; str(err) says why."""


class OutsideFolderError(ExperimentError):
    """The experiment refers to a file outside its own folder that cannot be verified; the caller may ask the user
    and load again with allow_outside=True. `path` is the file it refers to."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass
class Experiment:
    """A document plus what was recorded about it."""

    document: Document
    model: dict[str, Any] = field(default_factory=dict)  # {"name", "path" ("bundled" or a path)}
    predictions: dict[str, Any] = field(default_factory=dict)  # {"top": [...], "baseline_top": [...]}
    warnings: list[str] = field(default_factory=list)  # things the reader should tell the user


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _png_bytes(rgb: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    if not ok:
        raise ExperimentError("the image could not be encoded for embedding")
    return encoded.tobytes()


def _embedded_png(source: np.ndarray) -> str:
    """The source as PNG in base64, encoded once per source (its pixels never change): an autosave each second
    of a large pasted photo re-encodes nothing."""
    key = id(source)
    known, encoded = _EMBEDDED.get(key, (None, ""))
    if known is None or known() is not source:
        png = _png_bytes(source)
        if len(png) > EMBED_LIMIT_BYTES:
            raise ExperimentError("the image is too large to embed; save it to a file first")
        encoded = base64.b64encode(png).decode("ascii")
        _EMBEDDED[key] = (weakref.ref(source, lambda _gone: _EMBEDDED.pop(key, None)), encoded)
    return encoded


def to_json(experiment: Experiment, file: Path, embed: bool | None = None) -> dict[str, Any]:
    """The JSON document for an experiment saved as `file` (None: embed only when the image has no file)."""
    document = experiment.document
    path = document.path
    embed = path is None if embed is None else embed
    image: dict[str, Any] = {
        "name": document.name,
        "width": document.source.shape[1],
        "height": document.source.shape[0],
    }
    if path is not None:
        digest = _file_sha256(path)
        image.update(path=_relative_or_absolute(path, file.parent), absolute_path=str(path.resolve()))
        image["sha256"] = document.sha256 or digest
        if digest is None or (document.sha256 is not None and digest != document.sha256):
            embed = True  # the photo was deleted or replaced after opening: keep the pixels that were edited
    if embed:
        image["embedded"] = {"encoding": "png-base64", "data": _embedded_png(document.source)}
    return {
        "format": FORMAT,
        "version": VERSION,
        "saved": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "image": image,
        "edits": [{"visible": e.visible, "edit": edit_to_dict(e.edit)} for e in document.entries],
        "model": experiment.model,
        "predictions": experiment.predictions,
    }


def save(experiment: Experiment, file: str | os.PathLike[str], embed: bool | None = None) -> Path:
    """Writes the experiment to `file` atomically (a failed save never leaves half a file)."""
    file = Path(file)
    doc = to_json(experiment, file, embed)
    text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    try:
        atomic_write(file, text.encode("utf-8"))
    except SaveError as err:
        raise ExperimentError(str(err)) from err
    return file


def _read_json(file: Path) -> Any:
    """The JSON value of an experiment file: a regular file, of bounded size and number of items."""
    try:
        data = read_regular_file(file, MAX_EXPERIMENT_BYTES, "an experiment file")
    except FileRefused as err:
        if err.reason == "not-found":
            raise ExperimentError(f"the experiment file “{file.name}” was not found") from err
        raise ExperimentError(str(err)) from err
    if data.count(b"{") + data.count(b"[") + data.count(b",") > MAX_JSON_ITEMS:
        raise ExperimentError(f"“{file.name}” holds more than {MAX_JSON_ITEMS:,} items; it is not an experiment file")
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError as err:
        raise ExperimentError(f"“{file.name}” is nested too deeply to be an experiment file") from err
    except (UnicodeDecodeError, ValueError) as err:
        raise ExperimentError(f"“{file.name}” is not an experiment file (it is not readable JSON)") from err


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _check_format(doc: Any, file: Path) -> None:
    """ExperimentError unless the document says it is an experiment of this app's version."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExperimentError(f"“{file.name}” is not a Classifier Explorer experiment file")
    version = doc.get("version")
    if type(version) is not int or version != VERSION:
        shown = json.dumps(version)[:20] if not isinstance(version, int | float) or abs(version) < 1e6 else "?"
        raise ExperimentError(
            f"“{file.name}” is experiment format version {shown}; this app reads version {VERSION}"
            + (" (it was written by a newer app: please update)" if type(version) is int and version > VERSION else "")
        )


def load(
    file: str | os.PathLike[str],
    allow_outside: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> Experiment:
    """Reads an experiment file back into a document with its edits; ExperimentError when it cannot.

    Every field is checked against the schema (core.experiment_schema) before it is used. Files it refers to (the
    image, texture files) are looked for relative to the experiment's folder; one outside that folder is used only
    when its sha256 matches the record or allow_outside is set, else OutsideFolderError. progress(done, total) is
    called while the edits are made; Cancelled once `cancel` is set."""
    file = Path(file)
    doc = _read_json(file)
    _check_format(doc, file)
    try:
        check_document(doc)
    except SchemaError as err:
        raise ExperimentError(f"“{file.name}” is damaged: {err}") from err
    warnings: list[str] = []
    source, name, path, digest = _read_image(doc.get("image") or {}, file, warnings, allow_outside)
    document = Document(source, name=name, path=path, sha256=digest)
    entries = doc.get("edits") or []
    sample = working_copy(document.working, CHECK_SIDE)
    for index, item in enumerate(entries):
        if cancel is not None:
            cancel.raise_if_cancelled()
        document.entries.append(_read_edit(item, index, sample, file, allow_outside))
        if progress is not None:
            progress(index + 1, len(entries))
    model, predictions = known_fields(doc.get("model"), MODEL), known_fields(doc.get("predictions"), PREDICTIONS)
    return Experiment(document, model, predictions, warnings)


def _read_edit(item: dict[str, Any], index: int, sample: np.ndarray, file: Path, allow_outside: bool) -> EditEntry:
    """One entry of "edits" (checked by the schema), made into an edit and tried on a small copy of the image."""
    place = f"edits[{index}].edit"
    raw = item["edit"]
    opened = f"“{file.name}” cannot be opened:"
    try:
        edit = build_edit(EDIT_KINDS[raw["kind"]], _resolve_files(dict(raw), file, allow_outside), place)
    except EditError as err:  # its message starts with the field's place
        raise ExperimentError(f"{opened} {err}") from err
    except OSError as err:
        raise ExperimentError(f"{opened} {place} names a file that cannot be read ({err.strerror})") from err
    try:
        edit.apply(sample)  # an embedded texture that is no image fails here, not later in the window
    except (EditError, ImageLoadError) as err:
        raise ExperimentError(f"{opened} {place}: {err}") from err
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError, cv2.error) as err:
        raise ExperimentError(f"{opened} {place} has values this app cannot use") from err
    return EditEntry(edit, item.get("visible", True))


def _resolve_files(values: dict[str, Any], file: Path, allow_outside: bool, depth: int = 0) -> dict[str, Any]:
    """The edit's values with every file reference ({"kind": "file", "path": ...}, e.g. a texture file) resolved
    against the experiment's folder and confined to it (OutsideFolderError unless allow_outside)."""
    if depth > 4:
        return values
    for key, value in values.items():
        if isinstance(value, dict):
            values[key] = _resolve_files(dict(value), file, allow_outside, depth + 1)
    if (
        values.get("kind") == "file"
        and isinstance(values.get("path"), str)
        and values["path"]
        and not values.get("data")
    ):
        # an older file names its texture by path (newer ones embed the bytes): look next to the experiment
        target = file.parent / values["path"]
        beside = file.parent / Path(values["path"]).name
        if (not target.is_file() or not is_inside(target, file.parent)) and beside.is_file():
            target = beside  # moved with the experiment, or recorded by an absolute path elsewhere
        # refused: a file outside that exists, or a relative path climbing out; an old absolute path that is gone
        # is left to fail as "not found"
        escapes = target.exists() or not Path(values["path"]).is_absolute()
        if not allow_outside and not is_inside(target, file.parent) and escapes:
            raise OutsideFolderError(_outside_message(target, file, "a file"), target)
        values["path"] = str(target)
    return values


def _outside_message(target: Path, file: Path, what: str) -> str:
    shown = str(target)[:200]
    return (
        f"“{file.name}” refers to {what} outside its own folder ({shown}); it is not opened without asking. "
        "Copy the file next to the experiment, or open the experiment only if you trust it"
    )


def _read_image(
    image: dict[str, Any], file: Path, warnings: list[str], allow_outside: bool
) -> tuple[np.ndarray, str, Path | None, str | None]:
    """The source pixels (the image record checked by the schema): from the embedded copy, else the referenced file
    (next to the experiment or absolute), with the image's name, its file and the sha256 of the bytes decoded."""
    name = image.get("name") or "image"
    embedded = image.get("embedded")
    if embedded is not None:
        try:
            data = base64.b64decode(embedded["data"], validate=True)
            return decode_image(data, name=name), name, None, _sha256(data)
        except (ValueError, ImageLoadError) as err:
            raise ExperimentError(f"the image embedded in “{file.name}” is damaged ({err})") from err
    recorded = image.get("sha256")
    candidates = [file.parent / image["path"]] if image.get("path") else []
    if image.get("absolute_path"):
        candidates.append(Path(image["absolute_path"]))
    for candidate in candidates:
        try:
            data = read_regular_file(candidate, MAX_FILE_BYTES, "an image file")
        except FileRefused as err:
            if err.reason == "not-found":
                continue
            raise ExperimentError(str(err)) from err
        except (OSError, ValueError):
            continue  # a name the system cannot even look up (too long, NUL): not there
        digest = _sha256(data)
        inside = is_inside(candidate, file.parent)
        if not inside and not allow_outside and digest != recorded:
            raise OutsideFolderError(_outside_message(candidate, file, "an image"), candidate)
        if recorded and digest != recorded:
            warnings.append(f"“{candidate.name}” has changed since the experiment was saved; results may differ.")
        try:
            return decode_image(data, name=candidate.name), name, candidate.resolve(), digest
        except ImageLoadError as err:
            raise ExperimentError(str(err)) from err
    where = image.get("path") or image.get("absolute_path") or "(no path recorded)"
    where = str(where)[:200]
    raise ExperimentError(
        f"the image “{name[:200]}” of “{file.name}” was not found (looked for {where} next to the file and at its "
        "original place); put the image back or save experiments with the image embedded"
    )


def _file_sha256(path: Path) -> str | None:
    """The sha256 of an image file's bytes, or None when it is gone or cannot be read."""
    try:
        return _sha256(read_regular_file(path, MAX_FILE_BYTES, "an image file"))
    except FileRefused:
        return None


def _relative_or_absolute(path: Path, folder: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), folder.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())
