"""With two models open, Explain's maps and the shape-bias study run for the one chosen, and the study plots both
models' shape biases side by side; with one model the choice stays hidden."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_app.core.explain import occlusion_map
from desktop_app.core.model import ClassifierModel
from desktop_app.core.shape_bias import run_study
from tests import model_variants
from tests.ui.test_explain_ui import run_occlusion
from tests.ui.test_study import small_folder  # noqa: F401 (a fixture)

TABBY, ZEBRA = 281, 340
TIMEOUT_MS = 60_000


def open_second(qtbot, window, path) -> ClassifierModel:
    """Opens `path` as the second model and returns it."""
    with qtbot.waitSignal(window.services.second_models.changed, timeout=TIMEOUT_MS) as blocker:
        window.second.load(path)
    return blocker.args[0]


def test_the_choice_shows_only_while_two_models_are_open(qtbot, window, tmp_path):
    choice = window.explain.model_choice
    assert choice.isHidden() and choice.model() is window.model
    second = open_second(qtbot, window, model_variants.biased_logits(tmp_path / "zebra.onnx", ZEBRA))
    assert not choice.isHidden() and choice.combo.count() == 2
    assert [choice.combo.itemText(i) for i in range(2)] == [
        f"{window.model.name} (first)",
        "biased toward class 340 (second)",
    ]
    choice.choose(second)
    assert choice.model() is second
    window.action_table["close_second_model"].trigger()
    assert choice.isHidden() and choice.model() is window.model


def test_explain_maps_the_chosen_model(qtbot, window, tmp_path):
    second = open_second(qtbot, window, model_variants.biased_logits(tmp_path / "zebra.onnx", ZEBRA))
    qtbot.waitUntil(lambda: window.second.chart_rows() is not None, timeout=TIMEOUT_MS)
    explain = window.explain
    explain.model_choice.choose(second)
    assert explain.panel.target.itemData(1) == ZEBRA  # the class list is the second model's top classes
    run_occlusion(qtbot, explain, window_px=56, stride=56)
    assert explain.request.model is second and explain.result.target == ZEBRA
    expected = occlusion_map(second, window.editor.document.render(), None, window=56, stride=56, fill="grey")
    np.testing.assert_allclose(explain.result.values, expected.values, atol=1e-5)
    explain.model_choice.choose(window.model)  # the map is the other model's: hidden, and the status says so
    assert not explain.overlay.item.isVisible() and "The model changed" in explain.panel.status.text()


def test_the_study_runs_for_either_model_and_plots_both(qtbot, window, tmp_path, small_folder):  # noqa: F811
    second = open_second(qtbot, window, model_variants.biased_logits(tmp_path / "tabby.onnx", TABBY))
    window.action_table["shape_bias_study"].trigger()
    dialog = window.shape_bias_study.dialog
    assert not dialog.model_choice.isHidden()
    dialog.set_folder(small_folder)
    for model in (second, window.model):  # the second first: the figure lists the window's model first anyway
        dialog.model_choice.choose(model)
        dialog.run_button.click()
        qtbot.waitUntil(lambda model=model: dialog.study_result is not None and not dialog.running, timeout=TIMEOUT_MS)
        assert dialog.study_result.model == model.name
    first_series, second_series, *references = dialog.plot.series()
    for series, model in ((first_series, window.model), (second_series, second)):
        bias = run_study(model, small_folder).bias
        assert series.name == model.name and series.overall == bias.shape_bias
        assert series.per_category == {
            name: c.shape_bias for name, c in bias.per_category.items() if c.shape_bias is not None
        }
    assert first_series.colour != second_series.colour and first_series.overall != second_series.overall
    assert second_series.overall == pytest.approx(1.0)  # every image called a cat: the cat shapes decide by shape
    assert [r.name for r in references][0] == "humans"
