"""The hostile corpus through the window's own open paths (offscreen): every image and experiment file through
File › Open (ImageFiles.open_path, which drops, pastes, recent files and samples use too), every model through the
model slot. For each case: no exception escapes, the notice shows a message of the expected class in words, the work
(or the model) from before stays when the case is refused, and it takes under 15 s and the memory budget.

One window serves every case (creating one per case would cost a minute): its worker threads are started before the
first case, so the thread guard sees them as already there, and the window closes after the last.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop_app.core.experiment import OutsideFolderError
from desktop_app.core.model_guard import TIMEOUT_ENV
from desktop_app.core.paths import default_model_path
from desktop_app.ui.app import create_window, make_application
from desktop_app.ui.jobs import Lane
from desktop_app.ui.main_window import MainWindow
from tests.hostile.corpus import (
    CASES,
    CONTROL,
    CORPUS,
    INTERNALS,
    MEMORY_BUDGET_BYTES,
    SPECIAL_KINDS,
    TIME_LIMIT_S,
    special_files,
)
from tests.hostile.runner import peak_bytes, reset_peak
from tests.ui.helpers import wait_for_chart

MODEL_TEST_RUN_S = "4"  # the never-ending models are stopped after 4 s here (10 s in the app): same outcome, sooner
# what a case may add to the window's process: the window itself holds ~0.4 GB, so it stays within the 1.5 GB budget
# (the test process holds whatever the tests before it left, so its own size says nothing)
CASE_MEMORY_BYTES = MEMORY_BUDGET_BYTES - 2**29
KIND_ORDER = {"image": 0, "experiment": 1, "model": 2}  # models last: an ok model is replaced by the bundled one


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every case by key: the committed corpus and the special files made at run time."""
    committed = {key: {**case, "path": str(CORPUS / case["file"])} for key, case in CASES.items()}
    return {**committed, **special_files(tmp_path_factory.mktemp("special"))}


@pytest.fixture(scope="module")
def hostile_window(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    """One window for every case, on the bundled model and the cat, its lanes' threads already running."""
    make_application()
    settings = QSettings(str(tmp_path_factory.mktemp("settings") / "s.ini"), QSettings.Format.IniFormat)
    window = create_window(settings)
    window.show()
    window.experiments.ask_open_outside = _answer_cancel  # type: ignore[method-assign]
    _settle(lambda: window.prediction is not None and window.bridge.wait_idle(0.01))
    for lane in Lane:  # start every worker now: the thread guard compares each case with the threads before it
        if lane is not Lane.PREDICTIONS:
            window.bridge.run_job(lane, lambda _token, _progress: None)
    _settle(lambda: window.bridge.wait_idle(0.01))
    yield window
    window.close()


def _settle(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        make_application().processEvents()
        assert time.monotonic() < deadline, "the window did not settle"


asked: list[Path] = []  # the files the window asked about opening (outside the experiment's folder)


def _answer_cancel(refusal: OutsideFolderError, _file: Path) -> bool:
    asked.append(refusal.path)
    return False


def _keys() -> list[str]:
    kinds = {key: case["kind"] for key, case in CASES.items()} | {f"special/{k}": v for k, v in SPECIAL_KINDS.items()}
    return sorted(kinds, key=lambda key: (KIND_ORDER[kinds[key]], key))


class Outcome:
    """What the window did about one case: its signals, caught while the case runs."""

    def __init__(self, window: MainWindow) -> None:
        self.events: list[tuple[str, object]] = []
        self.asked_before = len(asked)
        self.connections = [
            (window.images.open_failed, lambda message: self.events.append(("failed", message))),
            (window.experiments.open_failed, lambda message: self.events.append(("failed", message))),
            (window.editor.document_replaced, lambda: self.events.append(("opened", window.editor.document))),
            (window.models.changed, lambda model: self.events.append(("model", model))),
            (window.models.failed, lambda message: self.events.append(("failed", message))),
        ]
        for signal, slot in self.connections:
            signal.connect(slot)

    def ended(self) -> bool:
        return bool(self.events) or len(asked) > self.asked_before

    def disconnect(self) -> None:
        for signal, slot in self.connections:
            signal.disconnect(slot)


def _open(window: MainWindow, case: dict) -> None:
    if case["kind"] == "model":
        window.load_model(Path(case["path"]))
    else:
        window.open_path(case["path"])


@pytest.mark.parametrize("key", _keys())
def test_window_case(key, cases, hostile_window, qtbot, monkeypatch):
    window, case = hostile_window, cases[key]
    monkeypatch.setenv(TIMEOUT_ENV, MODEL_TEST_RUN_S)
    document, entries, model = window.editor.document, window.editor.entries, window.model
    window.notice.hide()
    outcome = Outcome(window)
    reset_peak()
    resident = peak_bytes()  # right after the reset: what the test process holds now
    started = time.monotonic()
    with qtbot.captureExceptions() as exceptions:
        _open(window, case)
        qtbot.waitUntil(outcome.ended, timeout=TIME_LIMIT_S * 1000)
    seconds = time.monotonic() - started
    outcome.disconnect()
    assert exceptions == [], exceptions
    added = peak_bytes() - resident
    assert seconds < TIME_LIMIT_S and added < CASE_MEMORY_BYTES, (seconds, f"{added / 2**20:.0f} MB more")
    message = window.notice.message()
    assert not any(internal in message for internal in INTERNALS) and not CONTROL.search(message), message
    assert not re.search(r"(?<![.\d])\.\.(?![.\d])", message), message  # one full stop where two messages meet
    if case["expect"] == "ok":
        _assert_opened(qtbot, window, case, outcome)
    else:
        _assert_refused_and_kept(window, case, outcome, message)
        assert window.editor.document is document and window.editor.entries == entries and window.model is model


def _assert_opened(qtbot, window: MainWindow, case: dict, outcome: Outcome) -> None:
    kind, opened = outcome.events[0]
    assert kind == ("model" if case["kind"] == "model" else "opened"), outcome.events
    if case["kind"] == "model":
        assert window.model.path == Path(case["path"])
        if case["phrase"]:
            assert case["phrase"] in window.notice.message()
        wait_for_chart(qtbot, window)  # the model predicts in the window too
        window.load_model(default_model_path())
        qtbot.waitUntil(lambda: window.model.path == default_model_path(), timeout=30_000)
    elif case["kind"] == "experiment":
        assert window.experiments.current_file == Path(case["path"])
    wait_for_chart(qtbot, window)
    assert window.notice.level != "error" or not window.notice.message(), window.notice.message()


def _assert_refused_and_kept(window: MainWindow, case: dict, outcome: Outcome, message: str) -> None:
    if len(asked) > outcome.asked_before:  # a file outside the experiment's folder: asked, answered Cancel
        assert case["phrase"] in ("outside", "") and "was not opened" in message, (case, message)
        return
    assert [kind for kind, _ in outcome.events] == ["failed"], outcome.events
    assert window.notice.level == "error" and case["phrase"] in message, (case["phrase"], message)
    stays = "Still using" if case["kind"] == "model" else "stays open"
    assert stays in message, message
