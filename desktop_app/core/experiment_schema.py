"""The experiment file's schema: what every field may hold, checked before any value is used.

Each edit kind's fields come from its dataclass's type hints: `float` is a number, `int` a whole number, `bool` true
or false, `str` text, a StrEnum one of its values, `bytes` base64 text, a tuple a list, and a nested dataclass
(Region, TextureSource) an object with its own fields. `EDIT_BOUNDS` adds the ranges, choices and lengths. A value
that does not fit raises SchemaError naming the field by its place in the file, e.g.
`edits[3].edit.x0 must be a number between 0 and 1, not "abc"`. Relations between fields (x0 < x1, a moved part
staying inside the image) are checked by the edits themselves, and their messages get the same place in front.
The limits are listed in docs/experiment-format.md.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import json
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from desktop_app.core.edits import EDIT_KINDS, EDIT_MODULES, Edit, EditError
from desktop_app.core.geometry import TOLERANCE
from desktop_app.core.parts import MAX_GRID, MAX_SEED, MIN_GRID
from desktop_app.core.safe_files import describe_size
from desktop_app.core.shape import BACKGROUNDS, OUTLINE_MODES, SILHOUETTE_STYLES
from desktop_app.core.texture import AREAS, MAX_SCALE, MIN_SCALE, SOURCE_KINDS

MAX_EDITS = 10_000  # far more than a lesson needs; each edit is checked and rendered in turn
MAX_POINTS = 100_000  # points of one polygon or brush stroke (GrabCut outlines have hundreds)
MAX_POLYGONS = 10_000  # polygons of one region
MAX_TEXT = 1_000  # characters of a name, a label or a choice
MAX_PATH = 4_096  # characters of a file path (Linux's PATH_MAX)
MAX_TEXTURE_BYTES = 16 * 2**20  # a texture embedded in an edit (files over 8 MB are kept as a 2048 px PNG)
MAX_EMBEDDED_BYTES = 72 * 2**20  # the embedded source image (the app embeds PNGs of at most 64 MB)
MAX_DEPTH = 16  # levels of nested lists and objects; a valid file has at most 8
MAX_CLASSES = 1_000  # entries of a recorded top-k list


class SchemaError(EditError):
    """A value that does not fit the experiment schema; str(err) names the field by its place in the file."""


class Rule(Protocol):
    """What a field may hold: `check` raises SchemaError naming `path` when the value does not fit."""

    def check(self, value: object, path: str) -> None: ...


def shown(value: object) -> str:
    """A value as a message shows it: JSON for numbers, text, true/false/null (control characters escaped, long
    ones cut), "a list" or "an object" for containers."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:39] + "…"


def _number_text(value: float) -> str:
    return f"{value:,}" if float(value).is_integer() and abs(value) >= 1000 else f"{value:g}"


def at(path: str, key: str | int) -> str:
    """The place of a field or list item below `path`: "edits[3]", "edits[3].edit.x0"."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _refuse(path: str, expected: str, value: object) -> SchemaError:
    return SchemaError(f"{path or 'the value'} must be {expected}, not {shown(value)}")


@dataclass(frozen=True)
class Number:
    """A number (or a whole number) within [low, high]; above_low makes low itself not allowed."""

    low: float
    high: float
    whole: bool = False
    above_low: bool = False

    def expected(self) -> str:
        """What the rule asks for, in words."""
        kind = "a whole number" if self.whole else "a number"
        if math.isinf(self.low) and math.isinf(self.high):
            return kind
        if self.above_low:
            return f"{kind} above {_number_text(self.low)} and at most {_number_text(self.high)}"
        return f"{kind} between {_number_text(self.low)} and {_number_text(self.high)}"

    def check(self, value: object, path: str) -> None:
        """SchemaError unless the value is such a number."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _refuse(path, self.expected(), value)
        if isinstance(value, float) and (self.whole or not math.isfinite(value)):
            raise _refuse(path, self.expected(), value)
        slack = 0 if self.whole else TOLERANCE
        low_ok = value > self.low if self.above_low else value >= self.low - slack
        if not (low_ok and value <= self.high + slack):
            raise _refuse(path, self.expected(), value)


@dataclass(frozen=True)
class Text:
    """Text of at most max_length characters, or one of `choices`."""

    max_length: int = MAX_TEXT
    choices: tuple[str, ...] = ()

    def check(self, value: object, path: str) -> None:
        """SchemaError unless the value is such text."""
        if self.choices:
            if value not in self.choices or not isinstance(value, str):
                raise _refuse(path, "one of " + ", ".join(self.choices), value)
        elif not isinstance(value, str):
            raise _refuse(path, f"text of at most {self.max_length:,} characters", value)
        elif len(value) > self.max_length:
            raise SchemaError(f"{path} is {len(value):,} characters long; the limit is {self.max_length:,}")


@dataclass(frozen=True)
class Flag:
    """true or false."""

    def check(self, value: object, path: str) -> None:
        """SchemaError unless the value is a JSON boolean."""
        if not isinstance(value, bool):
            raise _refuse(path, "true or false", value)


@dataclass(frozen=True)
class Base64Text:
    """Base64 text of at most max_bytes once decoded (whether it decodes is the edit's own check)."""

    max_bytes: int

    def check(self, value: object, path: str) -> None:
        """SchemaError unless the value is text short enough."""
        if not isinstance(value, str):
            raise _refuse(path, "base64 text", value)
        if len(value) > 4 * -(-self.max_bytes // 3):
            raise SchemaError(f"{path} holds more than {describe_size(self.max_bytes)}, the limit, once decoded")


@dataclass(frozen=True)
class ListOf:
    """A list of items of one rule: at most max_items, or exactly `length`."""

    item: Rule
    max_items: int
    length: int | None = None

    def check(self, value: object, path: str) -> None:
        """SchemaError unless the value is such a list (each item checked)."""
        if not isinstance(value, list):
            size = f"{self.length} items" if self.length else f"at most {self.max_items:,} items"
            raise _refuse(path, f"a list of {size}", value)
        if self.length is not None and len(value) != self.length:
            raise SchemaError(f"{path} must be a list of {self.length} items, not {len(value)}")
        if len(value) > self.max_items:
            raise SchemaError(f"{path} has {len(value):,} items; the limit is {self.max_items:,}")
        for index, item in enumerate(value):
            self.item.check(item, at(path, index))


@dataclass(frozen=True)
class Nullable:
    """null, or a value of the inner rule."""

    rule: Rule

    def check(self, value: object, path: str) -> None:
        """SchemaError unless the value is null or fits the inner rule."""
        if value is not None:
            self.rule.check(value, path)


@dataclass(frozen=True)
class Record:
    """An object with known fields; `required` ones must be there. Other fields are refused when `closed` (an
    edit's), else ignored (they are never used)."""

    fields: Mapping[str, Rule]
    required: frozenset[str] = frozenset()
    closed: bool = False
    name: str = "this object"

    def check(self, value: object, path: str) -> None:
        """SchemaError unless the value is an object whose known fields fit their rules."""
        if not isinstance(value, dict):
            raise _refuse(path, "an object", value)
        for key in sorted(self.required):
            if key not in value:
                raise SchemaError(f"{at(path, key)} is missing ({self.name} needs it)")
        if self.closed:
            unknown = sorted(str(key) for key in value if key not in self.fields)
            if unknown:
                raise SchemaError(
                    f"{path or 'the edit'} has no field {shown(unknown[0])}: {self.name} has " + ", ".join(self.fields)
                )
        for key, rule in self.fields.items():
            if key in value:
                rule.check(value[key], at(path, key))


# ------------------------------------------------------------------------------------------------ the edits


@dataclass(frozen=True)
class Bound:
    """The range, choices or lengths a field's type hint does not say."""

    low: float = -math.inf
    high: float = math.inf
    above_low: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = MAX_TEXT
    max_items: tuple[int, ...] = ()  # per level of nested lists, outermost first
    max_bytes: int = MAX_TEXTURE_BYTES


FRACTION = Bound(0.0, 1.0)  # coordinates: fractions of the image's width and height
# Per (class name, field name), the bounds beyond the type; "*" applies to every class.
EDIT_BOUNDS: dict[tuple[str, str], Bound] = {
    **{("*", name): FRACTION for name in ("x0", "y0", "x1", "y1", "to_x", "to_y", "blend")},
    ("*", "points"): Bound(0.0, 1.0, max_items=(MAX_POINTS,)),
    ("Region", "polygons"): Bound(0.0, 1.0, max_items=(MAX_POLYGONS, MAX_POINTS)),
    ("TextureSource", "box"): FRACTION,
    ("TextureSource", "kind"): Bound(choices=SOURCE_KINDS),
    ("TextureSource", "path"): Bound(max_length=MAX_PATH),
    ("OccludeStroke", "radius"): Bound(0.0, 0.5, above_low=True),
    ("Occlude", "shape"): Bound(choices=("rect", "ellipse")),
    ("Jigsaw", "n"): Bound(MIN_GRID, MAX_GRID),
    ("Jigsaw", "seed"): Bound(0, MAX_SEED),
    ("TextureFill", "scale"): Bound(MIN_SCALE, MAX_SCALE),
    ("TextureOnly", "scale"): Bound(MIN_SCALE, MAX_SCALE),
    ("TextureFill", "area"): Bound(choices=AREAS),
    ("Silhouette", "style"): Bound(choices=SILHOUETTE_STYLES),
    ("Outline", "mode"): Bound(choices=OUTLINE_MODES),
    ("RemoveBackground", "background"): Bound(choices=tuple(fill.value for fill in BACKGROUNDS)),
}


def _rule_for(hint: Any, bound: Bound, level: int = 0) -> Rule:
    """The rule for a field of this type hint and bounds (lists nest: `level` counts how deep)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return Nullable(_rule_for(inner[0], bound, level)) if len(inner) == 1 else _unsupported(hint)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            most = bound.max_items[level] if level < len(bound.max_items) else MAX_POINTS
            return ListOf(_rule_for(args[0], bound, level + 1), most)
        return ListOf(_rule_for(args[0], bound, level + 1), len(args), length=len(args))
    if hint is bool:
        return Flag()
    if hint is int or hint is float:
        return Number(bound.low, bound.high, whole=hint is int, above_low=bound.above_low)
    if hint is bytes:
        return Base64Text(bound.max_bytes)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return Text(choices=bound.choices or tuple(member.value for member in hint))
    if hint is str:
        return Text(bound.max_length, bound.choices)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return record_of(hint, closed=False)
    return _unsupported(hint)


def _unsupported(hint: Any) -> Rule:
    raise TypeError(f"the experiment schema has no rule for the type {hint!r}")  # a programming error


@functools.cache
def record_of(cls: type, closed: bool = True) -> Record:
    """The rule of a dataclass's fields in JSON, from its type hints and EDIT_BOUNDS (cached per class)."""
    hints = _hints(cls)
    rules: dict[str, Rule] = {}
    required = set()
    for item in dataclasses.fields(cls):
        bound = EDIT_BOUNDS.get((cls.__name__, item.name)) or EDIT_BOUNDS.get(("*", item.name)) or Bound()
        rules[item.name] = _rule_for(hints[item.name], bound)
        if item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING:
            required.add(item.name)
    kind = getattr(cls, "kind", None)
    name = f"a{'n' if str(kind)[:1] in 'aeiou' else ''} {kind} edit" if closed and kind else f"a {cls.__name__}"
    return Record(rules, frozenset(required), closed, name)


def _load_edit_kinds() -> None:
    for module in EDIT_MODULES:
        importlib.import_module(module)


def edit_class(value: object, path: str) -> type:
    """The edit class a JSON edit names, after checking all its fields; SchemaError naming the first that is
    wrong."""
    _load_edit_kinds()
    if not isinstance(value, dict):
        raise _refuse(path, "an object with a kind", value)
    kind = value.get("kind")
    if not isinstance(kind, str) or kind not in EDIT_KINDS:
        raise _refuse(at(path, "kind"), "one of the edit kinds " + ", ".join(EDIT_KINDS), kind)
    cls = EDIT_KINDS[kind]
    record_of(cls).check({key: item for key, item in value.items() if key != "kind"}, path)
    return cls


def build_edit(cls: type, values: dict[str, Any], path: str) -> Edit:
    """The edit of a class from JSON values that passed `edit_class`: nested objects become Region, TextureSource;
    the edit's own checks (x0 < x1, a texture file that is gone, ...) raise EditError with the place in front."""
    nested_classes = _nested_classes(cls)
    arguments = {}
    for key, item in values.items():
        if key == "kind":
            continue
        nested = nested_classes.get(key)
        try:
            arguments[key] = nested.from_dict(item) if nested is not None and isinstance(item, dict) else item
        except (ValueError, TypeError, ArithmeticError, LookupError) as err:  # EditError is a ValueError
            raise EditError(f"{at(path, key)}: {err}") from err
    try:
        edit: Edit = cls(**arguments)
    except (ValueError, TypeError, ArithmeticError, LookupError) as err:
        raise EditError(f"{path or 'the edit'}: {err}") from err
    return edit


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """A class's resolved type hints (resolving them is slow: once per class)."""
    return typing.get_type_hints(cls)


@functools.cache
def _nested_classes(cls: type) -> dict[str, Any]:
    """Per field of a class, the dataclass with a from_dict that its hint names (directly or in a union)."""
    nested = {}
    for name, hint in _hints(cls).items():
        union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        found = [c for c in (typing.get_args(hint) if union else (hint,)) if hasattr(c, "from_dict")]
        if found:
            nested[name] = found[0]
    return nested


def edit_from_json(value: object, path: str = "", resolve: Callable[[dict], dict] | None = None) -> Edit:
    """The edit a JSON value describes, every field checked first; `resolve` may rewrite the checked values (file
    references) before the edit is made. SchemaError says what is wrong and where."""
    cls = edit_class(value, path)
    values = dict(value)  # type: ignore[call-overload]  # edit_class has checked that it is an object
    return build_edit(cls, resolve(values) if resolve is not None else values, path)


# ------------------------------------------------------------------------------------------------ the file

_TOP_CLASS = Record(
    # a record only, never used: a probability a float32 sum put a hair above 1 still opens
    {"index": Number(0, 10**6, whole=True), "label": Text(), "probability": Number(-math.inf, math.inf)},
    frozenset({"index", "label", "probability"}),
)
IMAGE = Record(
    {
        "name": Text(MAX_TEXT),
        "width": Number(1, 10**6, whole=True),
        "height": Number(1, 10**6, whole=True),
        "path": Nullable(Text(MAX_PATH)),
        "absolute_path": Nullable(Text(MAX_PATH)),
        "sha256": Nullable(Text(128)),
        "embedded": Nullable(
            Record(
                {"encoding": Text(choices=("png-base64",)), "data": Base64Text(MAX_EMBEDDED_BYTES)},
                frozenset({"encoding", "data"}),
            )
        ),
    }
)
MODEL = Record({"name": Nullable(Text()), "path": Nullable(Text(MAX_PATH)), "provider": Nullable(Text())})
PREDICTIONS = Record(
    {
        "top": ListOf(_TOP_CLASS, MAX_CLASSES),
        "baseline_top": ListOf(_TOP_CLASS, MAX_CLASSES),
        "label_set": Nullable(Text()),
    }
)


ENTRY = Record({"visible": Flag()}, frozenset({"edit"}), name="an edit entry")


@dataclass(frozen=True)
class EditEntryRule:
    """One entry of "edits": {"visible": true/false (default true), "edit": an edit of a known kind}."""

    def check(self, value: object, path: str) -> None:
        """SchemaError unless the entry and its edit fit."""
        ENTRY.check(value, path)
        edit_class(value["edit"], at(path, "edit"))  # type: ignore[index]  # checked to be an object with "edit"


DOCUMENT = Record(
    {
        "format": Text(),
        "saved": Nullable(Text(100)),
        "image": Nullable(IMAGE),
        "edits": Nullable(ListOf(EditEntryRule(), MAX_EDITS)),
        "model": Nullable(MODEL),
        "predictions": Nullable(PREDICTIONS),
    }
)


def known_fields(value: object, rule: Record) -> dict[str, Any]:
    """The fields of a checked object that its rule knows (unknown ones are dropped, never used or saved again)."""
    return {key: item for key, item in value.items() if key in rule.fields} if isinstance(value, dict) else {}


def nesting_depth(value: object, limit: int = MAX_DEPTH) -> int:
    """How deeply lists and objects nest in a JSON value, counted up to limit + 1 (no deeper is looked at)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth > limit:
            return depth
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def check_document(doc: dict[str, Any]) -> None:
    """SchemaError naming the first field of an experiment document (format and version already checked) that
    does not fit: the image record, every edit entry and edit, the model and predictions records."""
    if nesting_depth(doc) > MAX_DEPTH:
        raise SchemaError(f"it is nested too deeply (more than {MAX_DEPTH} levels of lists and objects)")
    DOCUMENT.check(doc, "")
