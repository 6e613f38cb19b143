"""Fuzzing with hypothesis: how long a run is, and where a crasher goes so that it joins the hostile corpus.

`make test` runs every fuzz test with its ordinary number of examples; CI then runs them again, `pytest -m fuzz`
with HYPOTHESIS_PROFILE=ci, FUZZ_SCALE times longer (`.ci/run`). An input that breaks a fuzz test's contract is
written to tests/data/hostile/crashers/<kind>/ (the last write is hypothesis's shrunk example): commit it, and
tests/hostile/test_crashers.py runs it from then on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from desktop_app.core.edits import EditError, edit_to_dict
from desktop_app.core.experiment import ExperimentError, load
from desktop_app.core.experiment_schema import edit_from_json
from desktop_app.core.imageio import ImageLoadError, decode_image
from tests.hostile.corpus import INTERNALS

CRASHERS = Path(__file__).resolve().parent / "data" / "hostile" / "crashers"
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
FUZZ_SCALE = 20 if PROFILE == "ci" else 1

hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile(
    "ci", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
hypothesis_settings.load_profile(PROFILE)

fuzz = pytest.mark.fuzz  # the tests .ci/run runs again for longer


def examples(count: int) -> int:
    """A fuzz test's number of examples: `count` in `make test`, FUZZ_SCALE times more in CI's fuzz pass."""
    return count * FUZZ_SCALE


@contextlib.contextmanager
def crasher_kept(kind: str, test: str, data: bytes, suffix: str) -> Iterator[None]:
    """Writes `data` to crashers/<kind>/<test>-<sha>.<suffix> when the block fails (any exception, a failed assert
    included) and re-raises. Earlier writes of the same test are replaced, so the shrunk example is what stays."""
    try:
        yield
    except BaseException:
        folder = CRASHERS / kind
        folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^a-z0-9]+", "-", test.lower()).strip("-")
        for older in folder.glob(f"{stem}-new-*"):
            older.unlink()
        (folder / f"{stem}-new-{hashlib.sha256(data).hexdigest()[:12]}{suffix}").write_bytes(data)
        raise


def decodes_or_refuses(data: bytes) -> None:
    """The image loader's whole contract: an RGB uint8 image, or ImageLoadError in words; nothing else."""
    try:
        image = decode_image(data, "fuzz.bin")
    except ImageLoadError as err:
        assert "fuzz.bin" in str(err) and not any(internal in str(err) for internal in INTERNALS), str(err)
    else:
        assert image.dtype.name == "uint8" and image.ndim == 3 and image.shape[2] == 3 and image.flags.c_contiguous


def loads_or_refuses(data: bytes, file: Path) -> None:
    """The experiment reader's whole contract: an experiment, or ExperimentError in words; nothing else."""
    file.write_bytes(data)
    try:
        load(file)
    except ExperimentError as err:
        assert not any(internal in str(err) for internal in INTERNALS), str(err)


def makes_an_edit_or_refuses(data: object) -> None:
    """The schema's contract for one edit: an edit that applies and saves back to itself, or EditError (a
    SchemaError among them) with the field's place in front; nothing else, and no internals."""
    image = np.random.default_rng(3).integers(0, 256, (24, 32, 3), dtype=np.uint8)
    try:
        edit = edit_from_json(data, "edits[0].edit")
        assert edit_from_json(json.loads(json.dumps(edit_to_dict(edit)))) == edit
        edit.apply(image)
    except EditError as err:
        assert not any(internal in str(err) for internal in INTERNALS), str(err)
