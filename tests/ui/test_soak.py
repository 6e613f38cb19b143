"""A short soak (tools/soak.py runs the long one): 1,000 edit operations and 10 model switches in one window, then the
window closes; the chart ends on the last render, memory settles and every thread ends."""

from __future__ import annotations

import threading

import numpy as np

from tools.soak import make_variant, run_session

SHORT_BUDGET_MB = 50.0  # between half-way and the end; the long run's budget is the same over 19,000 operations


def test_a_short_soak_keeps_memory_and_leaves_no_thread(qtbot, window, tmp_path):
    variant = make_variant(tmp_path)
    before = set(threading.enumerate())
    report = run_session(window, ops=1000, switches=10, variant=variant)
    assert report.counts["switch"] == 10 and sum(report.counts.values()) == 1010
    assert {"add", "change", "undo", "redo", "delete", "select", "toggle", "tool"} <= report.counts.keys()
    assert report.notices == [] and report.growth_mb <= SHORT_BUDGET_MB, report
    expected = window.model.predict([window.editor.document.render()])[0]
    np.testing.assert_allclose(window.prediction.probabilities, expected, atol=1e-5)
    window.close()
    for thread in set(threading.enumerate()) - before:
        thread.join(5)
    assert not [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
