"""Every input the fuzzers ever caught (tests/data/hostile/crashers/) still gets an image or a message in words."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fuzzing import CRASHERS, decodes_or_refuses, loads_or_refuses, makes_an_edit_or_refuses


def test_the_crashers_folder_says_how_crashers_arrive():
    assert "HYPOTHESIS_PROFILE=ci" in (CRASHERS / "README.md").read_text(encoding="utf-8")


def test_every_kept_image_crasher_decodes_or_is_refused_in_words():
    for file in sorted((CRASHERS / "images").glob("*")):
        decodes_or_refuses(file.read_bytes())


def test_every_kept_experiment_crasher_opens_or_is_refused_in_words(tmp_path: Path):
    for file in sorted((CRASHERS / "experiments").glob("*")):
        loads_or_refuses(file.read_bytes(), tmp_path / file.name)


def test_every_kept_edit_crasher_makes_an_edit_or_is_refused_in_words():
    for file in sorted((CRASHERS / "edits").glob("*")):
        makes_an_edit_or_refuses(json.loads(file.read_text(encoding="utf-8")))
