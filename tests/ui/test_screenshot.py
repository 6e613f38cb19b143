"""The screenshot command's window picture: written atomically, so a full disk keeps the previous screenshot."""

from __future__ import annotations

import errno
import os

import pytest

from desktop_app.core import safe_files
from desktop_app.core.imageio import load_image
from desktop_app.ui.screenshot import WINDOW_SIZE, ScreenshotError, take_screenshot


def test_a_screenshot_onto_a_full_disk_keeps_the_previous_one(qtbot, tmp_path, monkeypatch):
    out = tmp_path / "window.png"
    take_screenshot(out)
    previous = out.read_bytes()
    assert load_image(out).shape == (WINDOW_SIZE[1], WINDOW_SIZE[0], 3)

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(safe_files.os, "fsync", disk_full)
    with pytest.raises(ScreenshotError, match="^The disk is full: could not save “window.png”.$"):
        take_screenshot(out)
    assert out.read_bytes() == previous and [p.name for p in tmp_path.iterdir()] == ["window.png"]
