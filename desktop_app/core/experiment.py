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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from desktop_app.core.document import Document, EditEntry
from desktop_app.core.edits import EditError, edit_from_dict, edit_to_dict
from desktop_app.core.imageio import ImageLoadError, decode_image

FORMAT = "classifier-explorer-experiment"
VERSION = 1
EMBED_LIMIT_BYTES = 64 * 2**20  # larger sources are always referenced, never embedded
_EMBEDDED: dict[int, tuple[weakref.ref, str]] = {}  # id(source) -> (the source, its PNG in base64), while it lives


class ExperimentError(Exception):
    """An experiment file that cannot be read or written; str(err) says why."""


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
        data = path.read_bytes() if path.is_file() else b""
        image.update(path=_relative_or_absolute(path, file.parent), absolute_path=str(path.resolve()))
        image["sha256"] = _sha256(data) if data else None
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
    temporary = file.with_name(f".{file.name}.saving")
    try:
        temporary.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(temporary, file)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise ExperimentError(f"could not save “{file.name}”: {err.strerror or err}") from err
    return file


def load(file: str | os.PathLike[str]) -> Experiment:
    """Reads an experiment file back into a document with its edits; ExperimentError when it cannot."""
    file = Path(file)
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ExperimentError(f"the experiment file “{file.name}” was not found") from err
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ExperimentError(f"“{file.name}” is not an experiment file (it is not readable JSON)") from err
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExperimentError(f"“{file.name}” is not a Classifier Explorer experiment file")
    version = doc.get("version")
    if version != VERSION:
        raise ExperimentError(
            f"“{file.name}” is experiment format version {version}; this app reads version {VERSION}"
            + (
                " (it was written by a newer app: please update)"
                if isinstance(version, int) and version > VERSION
                else ""
            )
        )
    warnings: list[str] = []
    source, name, path = _read_image(doc.get("image") or {}, file, warnings)
    document = Document(source, name=name, path=path)
    for number, item in enumerate(doc.get("edits") or [], start=1):
        try:
            edit = edit_from_dict(_with_texture_files_found(dict(item["edit"]), file.parent))
            edit.apply(document.working)  # out-of-bounds or broken values fail here, not later in the window
        except (EditError, KeyError, TypeError, ValueError) as err:
            kind = item.get("edit", {}).get("kind", "?") if isinstance(item, dict) else "?"
            raise ExperimentError(f"edit {number} ({kind}) in “{file.name}” cannot be applied: {err}") from err
        document.entries.append(EditEntry(edit, bool(item.get("visible", True))))
    return Experiment(document, dict(doc.get("model") or {}), dict(doc.get("predictions") or {}), warnings)


def _read_image(image: dict[str, Any], file: Path, warnings: list[str]) -> tuple[np.ndarray, str, Path | None]:
    """The source pixels: from the embedded copy, else the referenced file (next to the experiment or absolute)."""
    name = str(image.get("name") or "image")
    embedded = image.get("embedded")
    if isinstance(embedded, dict) and embedded.get("encoding") == "png-base64":
        try:
            data = base64.b64decode(embedded["data"], validate=True)
            return decode_image(data, name=name), name, None
        except (ValueError, KeyError, ImageLoadError) as err:
            raise ExperimentError(f"the image embedded in “{file.name}” is damaged ({err})") from err
    candidates = [file.parent / str(image[key]) for key in ("path",) if image.get(key)]
    candidates += [Path(str(image["absolute_path"]))] if image.get("absolute_path") else []
    for candidate in candidates:
        if candidate.is_file():
            data = candidate.read_bytes()
            if image.get("sha256") and _sha256(data) != image["sha256"]:
                warnings.append(f"“{candidate.name}” has changed since the experiment was saved; results may differ.")
            try:
                return decode_image(data, name=candidate.name), name, candidate.resolve()
            except ImageLoadError as err:
                raise ExperimentError(str(err)) from err
    where = image.get("path") or image.get("absolute_path") or "(no path recorded)"
    raise ExperimentError(
        f"the image “{name}” of “{file.name}” was not found (looked for {where} next to the file and at its "
        "original place); put the image back or save experiments with the image embedded"
    )


def _with_texture_files_found(edit: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The edit with each texture file that older files name only by path (no embedded data) looked for where
    it was, then next to the experiment file, so an experiment moved with its textures still opens."""
    source = edit.get("source")
    if not isinstance(source, dict) or source.get("kind") != "file" or source.get("data") or not source.get("path"):
        return edit
    recorded = Path(str(source["path"]))
    for candidate in (recorded, folder / recorded, folder / recorded.name):
        if candidate.is_file():
            return {**edit, "source": {**source, "path": str(candidate)}}
    return edit


def _relative_or_absolute(path: Path, folder: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), folder.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())
