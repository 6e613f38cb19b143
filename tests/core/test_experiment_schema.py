"""The experiment schema: every field of every edit kind checked from its type hints and bounds, in words that name
the field; whatever fits the schema becomes an edit or an EditError, never anything else."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core import experiment_schema as schema
from desktop_app.core.edits import EDIT_KINDS, EditError
from desktop_app.core.experiment_schema import (
    Base64Text,
    Flag,
    ListOf,
    Nullable,
    Number,
    Record,
    SchemaError,
    Text,
    check_document,
    edit_from_json,
    nesting_depth,
    record_of,
)
from tests.fuzzing import crasher_kept, examples, fuzz, makes_an_edit_or_refuses

ROOT = Path(__file__).resolve().parents[2]
FORMAT_PAGE = ROOT / "docs" / "experiment-format.md"
OCCLUDE = {"kind": "occlude", "x0": 0.1, "y0": 0.2, "x1": 0.5, "y1": 0.6, "shape": "rect", "fill": "grey"}
REGION = {"polygons": [[[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]]], "invert": False}


def _document(*edits: dict) -> dict:
    return {"format": "classifier-explorer-experiment", "edits": [{"visible": True, "edit": e} for e in edits]}


def _message(doc: dict) -> str:
    with pytest.raises(SchemaError) as caught:
        check_document(doc)
    return str(caught.value)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({**OCCLUDE, "x0": "abc"}, 'edits[3].edit.x0 must be a number between 0 and 1, not "abc"'),
        ({**OCCLUDE, "y1": 2**70}, "edits[3].edit.y1 must be a number between 0 and 1, not 1180591620717411303424"),
        ({**OCCLUDE, "x1": True}, "edits[3].edit.x1 must be a number between 0 and 1, not true"),
        ({**OCCLUDE, "x1": float("inf")}, "edits[3].edit.x1 must be a number between 0 and 1, not Infinity"),
        (
            {**OCCLUDE, "fill": "lava"},
            'edits[3].edit.fill must be one of grey, black, white, blur, noise, mean, not "lava"',
        ),
        ({**OCCLUDE, "shape": None}, "edits[3].edit.shape must be one of rect, ellipse, not null"),
        ({"kind": "jigsaw", "n": 3.0}, "edits[3].edit.n must be a whole number between 2 and 8, not 3.0"),
        (
            {"kind": "jigsaw", "seed": -1},
            "edits[3].edit.seed must be a whole number between 0 and 2,147,483,647, not -1",
        ),
        (
            {"kind": "crop", "x0": 0, "y0": 0, "x1": 1, "y1": 1, "square": "no"},
            'edits[3].edit.square must be true or false, not "no"',
        ),
        (
            {"kind": "occlude-brush", "points": [[0.5, 0.5, 0.5]]},
            "edits[3].edit.points[0] must be a list of 2 items, not 3",
        ),
        (
            {"kind": "occlude-brush", "points": [[0.5, 0.5]], "radius": 0.6},
            "edits[3].edit.radius must be a number above 0 and at most 0.5, not 0.6",
        ),
        (
            {"kind": "silhouette", "region": {"polygons": [[[0.1, 0.1], [0.9, "x"], [0.5, 0.9]]]}},
            'edits[3].edit.region.polygons[0][1][1] must be a number between 0 and 1, not "x"',
        ),
        (
            {"kind": "silhouette", "region": {**REGION, "invert": 1}},
            "edits[3].edit.region.invert must be true or false, not 1",
        ),
        (
            {"kind": "silhouette", "region": REGION, "style": "pink"},
            "edits[3].edit.style must be one of black-on-white, white-on-black",
        ),
        (
            {"kind": "remove-background", "region": REGION, "background": "noise"},
            "edits[3].edit.background must be one of white, grey, black, blur, not",
        ),
        (
            {"kind": "texture-only", "source": {"kind": "patch", "box": [0, 0, 0.5]}},
            "edits[3].edit.source.box must be a list of 4 items, not 3",
        ),
        (
            {"kind": "texture-only", "source": {"kind": "web", "path": "x"}},
            'edits[3].edit.source.kind must be one of library, patch, file, not "web"',
        ),
        (
            {"kind": "texture-only", "source": {"name": "gravel"}},
            "edits[3].edit.source.kind is missing (a TextureSource needs it)",
        ),
        (
            {"kind": "texture-fill", "region": REGION, "source": {"kind": "library", "name": "gravel"}, "blend": -0.1},
            "edits[3].edit.blend must be a number between 0 and 1, not -0.1",
        ),
        (
            {"kind": "texture-fill", "region": REGION, "source": {"kind": "library", "name": "gravel"}, "area": 7},
            "edits[3].edit.area must be one of rectangle, lasso, object, background, region, not 7",
        ),
        (
            {"kind": "move-part", "x0": 0, "y0": 0, "x1": 0.5, "y1": 0.5, "to_x": 0.2},
            "edits[3].edit.to_y is missing (a move-part edit needs it)",
        ),
        (
            {**OCCLUDE, "colour": "red"},
            'edits[3].edit has no field "colour": an occlude edit has x0, y0, x1, y1, shape, fill',
        ),
        ({**OCCLUDE, "kind": "Occlude"}, "edits[3].edit.kind must be one of the edit kinds occlude, occlude-brush"),
        ("occlude", 'edits[3].edit must be an object with a kind, not "occlude"'),
    ],
)
def test_a_wrong_field_is_named_by_its_place_with_what_it_must_be(edit, message):
    doc = _document(OCCLUDE, OCCLUDE, OCCLUDE, edit)
    assert message in _message(doc)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"image": {"name": 5}}, "image.name must be text of at most 1,000 characters, not 5"),
        ({"image": {"path": "p" * 5000}}, "image.path is 5,000 characters long; the limit is 4,096"),
        ({"image": {"width": 0}}, "image.width must be a whole number between 1 and 1,000,000, not 0"),
        ({"image": {"embedded": {"encoding": "png-base64"}}}, "image.embedded.data is missing"),
        ({"model": {"name": ["x"]}}, "model.name must be text of at most 1,000 characters, not a list"),
        (
            {"predictions": {"top": [{"index": -1, "label": "x", "probability": 0.5}]}},
            "predictions.top[0].index must be",
        ),
        ({"predictions": {"top": [{"index": 1, "label": "x", "probability": "1"}]}}, "probability must be a number,"),
        ({"edits": [{"visible": "false", "edit": OCCLUDE}]}, 'edits[0].visible must be true or false, not "false"'),
        ({"edits": [{"visible": True}]}, "edits[0].edit is missing (an edit entry needs it)"),
        ({"saved": 2026}, "saved must be text of at most 100 characters, not 2026"),
    ],
)
def test_the_records_around_the_edits_are_checked_too(doc, message):
    assert message in _message({"format": "classifier-explorer-experiment", **doc})


def test_fields_it_does_not_know_are_ignored_outside_the_edits():
    check_document({"format": "x", "comment": [[["old"]]], "image": {"name": "a", "thumbnail": 5}, "model": {"x": 1}})


def test_limits_on_lengths_counts_and_nesting():
    points = [[0.5, 0.5]] * (schema.MAX_POINTS + 1)
    assert "edits[0].edit.points has 100,001 items; the limit is 100,000" in _message(
        _document({"kind": "occlude-brush", "points": points})
    )
    polygons = [[[0.1, 0.1], [0.2, 0.1], [0.2, 0.2]]] * (schema.MAX_POLYGONS + 1)
    region = {"kind": "silhouette", "region": {"polygons": polygons}}
    assert "edits[0].edit.region.polygons has 10,001 items; the limit is 10,000" in _message(_document(region))
    many = _document(*[OCCLUDE] * (schema.MAX_EDITS + 1))
    assert "edits has 10,001 items; the limit is 10,000" in _message(many)
    deep: Any = 0
    for _ in range(schema.MAX_DEPTH):
        deep = [deep]
    assert "nested too deeply (more than 16 levels" in _message({"format": "x", "unknown": deep})
    assert nesting_depth(deep) == schema.MAX_DEPTH and nesting_depth({"a": [1, {"b": 2}]}) == 3
    source = {"kind": "file", "path": "x.png", "data": "A" * (4 * schema.MAX_TEXTURE_BYTES // 3 + 8)}
    assert "edits[0].edit.source.data holds more than 16 MB" in _message(
        _document({"kind": "texture-only", "source": source})
    )


def test_every_edit_kind_has_a_rule_for_every_field_from_its_type_hints():
    for kind, cls in EDIT_KINDS.items():
        rule = record_of(cls)
        assert list(rule.fields) == [f.name for f in dataclasses.fields(cls)], kind
        assert rule.closed and rule.required == {
            f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING
        }
    texture_fill = record_of(EDIT_KINDS["texture-fill"]).fields
    assert texture_fill["scale"] == Number(0.01, 4.0) and texture_fill["shading"] == Flag()
    source = texture_fill["source"]
    assert isinstance(source, Record) and not source.closed
    assert source.fields["box"] == Nullable(ListOf(Number(0.0, 1.0), 4, length=4))
    assert source.fields["data"] == Base64Text(schema.MAX_TEXTURE_BYTES)
    assert source.fields["path"] == Text(schema.MAX_PATH)


def test_relations_between_fields_are_the_edits_own_checks_with_the_place_in_front():
    with pytest.raises(EditError) as caught:
        edit_from_json({**OCCLUDE, "x0": 0.7}, "edits[2].edit")
    assert not isinstance(caught.value, SchemaError)
    assert str(caught.value).startswith("edits[2].edit: the occluded box: (0.700, 0.200) to (0.500, 0.600)")


def test_the_format_page_lists_the_limits():
    page = FORMAT_PAGE.read_text(encoding="utf-8")
    limits = page[page.index("## Limits") :]
    for number in (
        "96 MB",
        "2,000,000",
        f"{schema.MAX_EDITS:,}",
        f"{schema.MAX_POINTS:,}",
        f"{schema.MAX_POLYGONS:,}",
        f"{schema.MAX_TEXT:,}",
        f"{schema.MAX_PATH:,}",
        f"{schema.MAX_TEXTURE_BYTES // 2**20} MB",
        f"{schema.MAX_EMBEDDED_BYTES // 2**20} MB",
        f"{schema.MAX_DEPTH}",
    ):
        assert number in limits, number


# -------------------------------------------------------------------------------- property tests


def values_of(rule: Any) -> st.SearchStrategy[Any]:
    """Values that fit a rule (a few characters of text, a few list items): the schema's own idea of valid."""
    if isinstance(rule, Number):
        if rule.whole:
            return st.integers(int(rule.low), int(min(rule.high, 2**31 - 1)))
        return st.floats(rule.low, rule.high, exclude_min=rule.above_low)
    if isinstance(rule, Text):
        return st.sampled_from(rule.choices) if rule.choices else st.text(max_size=12)
    if isinstance(rule, Flag):
        return st.booleans()
    if isinstance(rule, Base64Text):
        return st.binary(max_size=24).map(lambda data: __import__("base64").b64encode(data).decode())
    if isinstance(rule, ListOf):
        size = {"min_size": rule.length, "max_size": rule.length} if rule.length else {"max_size": 4}
        return st.lists(values_of(rule.item), **size)
    if isinstance(rule, Nullable):
        return st.none() | values_of(rule.rule)
    assert isinstance(rule, Record)
    optional = {key: values_of(value) for key, value in rule.fields.items() if key not in rule.required}
    required = {key: values_of(value) for key, value in rule.fields.items() if key in rule.required}
    return st.fixed_dictionaries(required, optional=optional)


FITTING_EDITS = st.sampled_from(sorted(EDIT_KINDS)).flatmap(
    lambda kind: values_of(record_of(EDIT_KINDS[kind])).map(lambda values: {"kind": kind, **values})
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=12,
)
ANY_FIELDS = st.sampled_from(sorted(EDIT_KINDS)).flatmap(
    lambda kind: st.dictionaries(
        st.sampled_from([f.name for f in dataclasses.fields(EDIT_KINDS[kind])] + ["kind", "x"]), JSON_VALUES
    ).map(lambda values: {**values, "kind": kind})
)


@fuzz
@settings(max_examples=examples(300))
@given(FITTING_EDITS)
def test_whatever_fits_the_schema_is_never_refused_by_the_schema(data):
    """Values of the right types and bounds pass the schema: what refuses them is the edit's own check of how its
    fields relate (or a texture that is no image), with the place in front."""
    with crasher_kept("edits", "fitting-edit", json.dumps(data).encode(), ".json"):
        try:
            edit_from_json(data, "edits[0].edit")
        except SchemaError as err:
            pytest.fail(f"the schema's own values were refused by the schema: {err}")
        except EditError as err:
            assert str(err).startswith("edits[0].edit"), str(err)
        makes_an_edit_or_refuses(data)


@fuzz
@settings(max_examples=examples(300))
@given(ANY_FIELDS)
def test_any_json_in_an_edit_gives_an_edit_or_a_message_naming_the_field(data):
    with crasher_kept("edits", "any-json-in-an-edit", json.dumps(data).encode(), ".json"):
        try:
            edit_from_json(data, "edits[0].edit")
        except EditError as err:
            assert str(err).startswith("edits[0].edit"), str(err)
        makes_an_edit_or_refuses(data)
