"""Window services: the busy indicator is counted, so one holder ending never hides another's work."""

from __future__ import annotations

import threading

from desktop_app.core import model as core_model
from desktop_app.core.model import ClassifierModel
from desktop_app.core.paths import default_model_path
from desktop_app.ui import model_slot
from desktop_app.ui.services import BusyIndicator


def test_the_busy_indicator_stays_on_until_its_last_holder_releases(qtbot):
    busy = BusyIndicator()
    turned: list[bool] = []
    busy.changed.connect(turned.append)
    loading, lesson = busy.hold(), busy.hold()
    assert busy.active and turned == [True]
    lesson.release()
    lesson.release()  # a second release of the same hold gives nothing back twice
    assert busy.active and turned == [True]
    loading.release()
    assert not busy.active and turned == [True, False]
    busy.hold()
    assert turned == [True, False, True]


def test_a_lesson_ending_while_a_model_loads_keeps_the_busy_bar(qtbot, window, monkeypatch, request):
    release = threading.Event()
    request.addfinalizer(release.set)  # never leave the loader waiting, even when an assertion fails

    def slow_load(*args, **kwargs) -> ClassifierModel:  # a slow disk: the load waits until the test lets it go
        release.wait(30)
        return core_model.load_model(*args, **kwargs)

    monkeypatch.setattr(model_slot, "load_model", slow_load)
    before = window.model
    window.load_model(default_model_path())
    assert window.status.busy_bar.isVisible()
    window.action_table["lesson-parts"].trigger()  # a quick lesson on the current model
    qtbot.waitUntil(lambda: len(window.editor.entries) == 1 and window.lessons.running is None, timeout=30_000)
    assert window.status.busy_bar.isVisible() and window.models.loading  # the model is still loading: still busy
    release.set()
    qtbot.waitUntil(lambda: window.model is not before, timeout=30_000)
    assert not window.status.busy_bar.isVisible()
