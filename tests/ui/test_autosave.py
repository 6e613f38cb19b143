"""The autosave: written a second after a change even while changes keep coming, one writer at a time, never after a
discard; and the app killed (SIGKILL) at random moments and in the middle of a write gives all its work back."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.experiment import load
from desktop_app.ui import autosave as autosave_module

ROOT = Path(__file__).resolve().parents[2]


def test_every_edit_is_written_and_a_long_drag_does_not_put_off_the_write(qtbot, window):
    autosave, editor = window.experiments.autosave, window.editor
    editor.add_edit(Occlude(0.1, 0.1, 0.3, 0.3))  # a step of its own: written at once
    qtbot.waitUntil(lambda: autosave.writes == 1, timeout=10_000)
    assert len(load(autosave.path).document.entries) == 1
    drag = object()  # the merge key of one long drag: its changes fold into one step
    index = editor.add_edit(Occlude(0.5, 0.5, 0.6, 0.6), drag)
    qtbot.waitUntil(lambda: autosave.writes == 2, timeout=10_000)
    editor.change_edit(index, Occlude(0.5, 0.5, 0.7, 0.7), drag)
    assert autosave.pending()
    first = autosave._timer.remainingTime()
    editor.change_edit(index, Occlude(0.5, 0.5, 0.8, 0.8), drag)
    assert autosave._timer.remainingTime() <= first  # the drag going on did not start the wait again
    qtbot.waitUntil(lambda: autosave.writes == 3, timeout=10_000)
    assert load(autosave.path).document.entries[1].edit == Occlude(0.5, 0.5, 0.8, 0.8)


def test_one_writer_at_a_time_and_nothing_lands_after_a_discard(qtbot, window, monkeypatch):
    """A write in progress holds up the discard until it ends; a write asked for before the discard never lands
    after it (it is dropped, or lands first and is deleted with the rest)."""
    autosave, real_save = window.experiments.autosave, autosave_module.save
    inside, most, release = [0], [0], threading.Event()

    def slow_save(experiment, path):  # noqa: ANN001, ANN202
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        release.wait(10)
        real_save(experiment, path)
        inside[0] -= 1

    monkeypatch.setattr(autosave_module, "save", slow_save)
    window.editor.add_edit(Occlude(0.1, 0.1, 0.3, 0.3, fill=Fill.BLACK))  # written at once: the write starts
    qtbot.waitUntil(lambda: inside[0] == 1, timeout=10_000)  # the first write is under way, and waits
    window.editor.add_edit(Occlude(0.4, 0.4, 0.6, 0.6))
    qtbot.waitUntil(lambda: not autosave.pending(), timeout=10_000)  # the second is asked for; its turn comes later
    threading.Timer(0.2, release.set).start()
    autosave.discard()  # waits for the first write to end, then deletes its file
    assert inside[0] == 0 and not autosave.path.exists()
    qtbot.waitUntil(lambda: window.bridge.wait_idle(0.01), timeout=10_000)
    assert most[0] == 1 and not autosave.path.exists()  # one writer at a time; nothing landed after the discard


def _kill_trials(command: str, tmp_path: Path, *options: str) -> dict:
    out = tmp_path / f"{command}.json"
    result = subprocess.run(
        [sys.executable, "tools/kill_trials.py", command, *options, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(out.read_text()) if out.exists() else {}
    assert result.returncode == 0, result.stdout + result.stderr
    return report


def test_killed_in_the_middle_of_a_write_the_last_complete_work_comes_back(tmp_path):
    """SIGKILL while the autosave of a large photo is being written: the restart offers the work (still, after its
    start-up photo has loaded), restores the edits of the last complete write, the same image and prediction."""
    report = _kill_trials("mid-write", tmp_path, "--count", "1", "--edits", "40")
    [trial] = report["trials"]
    assert trial["ok"] and trial["killed_in_a_write"] and trial["edits_restored"] > 0, trial


def test_killed_at_random_moments_no_edit_older_than_two_seconds_is_lost(tmp_path):
    """A shorter run of `tools/kill_trials.py trials` (README: 20 kills in 200-edit sessions)."""
    report = _kill_trials("trials", tmp_path, "--count", "1", "--edits", "40", "--seed", "1")
    [trial] = report["trials"]
    assert trial["ok"] and trial["edits_restored"] >= trial["edits_older_than_2s"], trial
