"""Chart rows: top-k, baseline values, and the original's top class kept in view."""

import numpy as np
import pytest

from desktop_app.core.labels import imagenet_labels
from desktop_app.core.prediction import chart_rows, prediction_record


def test_top_k_with_baseline_and_the_original_top_class_kept():
    labels = imagenet_labels()
    now = np.full(1000, 1e-4, np.float32)
    now[[223, 250, 100]] = [0.5, 0.3, 0.1]
    before = np.full(1000, 1e-4, np.float32)
    before[282] = 0.9
    rows = chart_rows(now, labels, 3, before)
    assert [r.index for r in rows] == [223, 250, 100, 282]  # tiger cat fell out of the top 3, still shown last
    assert rows[0].label == "schipperke" and rows[3].baseline == np.float32(0.9)
    assert rows[3].change < -0.8
    assert [r.index for r in chart_rows(now, labels, 3)] == [223, 250, 100]
    assert len(chart_rows(now, labels, 50)) == 10


def test_prediction_record_as_experiment_files_keep_it(model):
    now = np.full(1000, 1e-4, np.float32)
    now[[223, 250, 100]] = [0.5, 0.3, 0.1]
    before = np.full(1000, 1e-4, np.float32)
    before[282] = 0.9
    record = prediction_record(model, now, before, 2)
    assert record["top"] == [
        {"index": 223, "label": "schipperke", "probability": pytest.approx(0.5)},
        {"index": 250, "label": "Siberian husky", "probability": pytest.approx(0.3)},
    ]
    assert record["baseline_top"][0] == {"index": 282, "label": "tiger cat", "probability": pytest.approx(0.9)}
    assert record["label_set"] == model.labels.label_set
    assert "baseline_top" not in prediction_record(model, now, None, 2)
