"""The code stays small enough to read: no class in desktop_app/ over 300 lines, no function over 60."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "desktop_app"
MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 60


def oversized() -> list[str]:
    """Every class and function of desktop_app/ over its limit, as 'path:line name (lines)'."""
    found = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                limit = MAX_CLASS_LINES
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                limit = MAX_FUNCTION_LINES
            else:
                continue
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > limit:
                found.append(f"{path.relative_to(APP.parent)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_class_over_300_and_no_function_over_60_lines():
    assert oversized() == []


def test_the_check_finds_an_oversized_function(tmp_path, monkeypatch):
    package = tmp_path / "desktop_app"
    package.mkdir()
    (package / "big.py").write_text("def big():\n" + "    x = 1\n" * 60, encoding="utf-8")
    monkeypatch.setattr("tests.test_code_shape.APP", package)
    assert oversized() == ["desktop_app/big.py:1 big (61 lines)"]
