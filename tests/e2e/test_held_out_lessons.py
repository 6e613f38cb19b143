"""tools/held_out_lessons.py: the lessons on a folder of photos, through the app's code, as a table and JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from desktop_app.core.stimuli import lecture_image

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ["parts", "occlusion", "shape", "texture", "cue-conflict"]


def test_the_lessons_on_a_folder_give_a_table_and_json(tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    shutil.copyfile(lecture_image("original"), photos / "cat7.png")
    (photos / "notes.txt").write_text("not a photo")
    out = tmp_path / "held-out.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "held_out_lessons.py"), str(photos), "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(out.read_text("utf-8"))
    [photo] = doc["photos"]
    assert photo["image"] == "cat7.png" and photo["original"]["label"] == "tiger cat"
    assert list(photo["lessons"]) == LESSONS
    assert photo["lessons"]["parts"]["label"] == "tiger cat"  # the lecture slide's figure: tiger cat 50.6 %
    assert photo["lessons"]["shape"]["coarse"] != "cat" and photo["lessons"]["cue-conflict"]["coarse"] != "cat"
    assert "| cat7.png | tiger cat 35.5 % | tiger cat 50.6 % |" in done.stdout


def test_an_empty_folder_is_an_error(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "held_out_lessons.py"), str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "no images" in done.stderr
