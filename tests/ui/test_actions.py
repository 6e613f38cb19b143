"""The action table: every action of the window (tools, lessons and Explain included) is a row with a real callable,
a menu and its shortcuts; each shortcut is unique, works, and is listed in Help › Keyboard Shortcuts."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from desktop_app.core.edits import Fill, Occlude
from desktop_app.ui.actions import portable, shown_keys


def menu_actions(menu: QMenu) -> list[QAction]:
    """Every action in a menu and its submenus."""
    found = []
    for action in menu.actions():
        found.extend(menu_actions(action.menu()) if action.menu() else [action])
    return found


def test_every_shortcut_is_unique(window):
    table = window.action_table
    sequences = Counter(text for spec in table.specs for shortcut in spec.shortcuts for text in portable(shortcut))
    assert sequences and max(sequences.values()) == 1, [s for s, n in sequences.items() if n > 1]
    assert all(shown_keys(spec.shortcuts) for spec in table.specs if spec.shortcuts), "a shortcut with no key here"


def test_every_menu_action_with_a_shortcut_comes_from_the_table(window):
    in_table = set(map(id, window.action_table.actions.values()))
    everywhere = [a for top in window.menuBar().actions() for a in menu_actions(top.menu())]
    stray = [a.text() for a in everywhere if not a.shortcut().isEmpty() and id(a) not in in_table]
    assert everywhere and stray == []


def test_the_shortcuts_dialog_lists_every_shortcut_the_issue_found_missing(window):
    listed = window.action_table.shortcuts_html()
    rows = window.action_table.shortcut_rows()
    for spec in window.action_table.specs:
        for keys in shown_keys(spec.shortcuts):
            assert f"<b>{keys}" in listed or f", {keys}" in listed, (spec.key, keys)
    by_keys = {keys: what for what, _where, keys in rows}
    for key, tool in {"O": "Occlude", "C": "Crop", "P": "Parts", "S": "Shape", "T": "Texture", "H": "Pan"}.items():
        assert by_keys[key] == tool
    assert [by_keys[f"Ctrl+{n}"].split()[0] for n in range(2, 6)] == ["Parts:", "Occlusion:", "Shape:", "Texture:"]
    assert by_keys["Ctrl+Shift+E"] == "Explain Prediction"
    assert by_keys["Ctrl+Shift+Z, Ctrl+Y"] == "Redo"
    assert by_keys["Hold Space and drag"].startswith("Pan the image")


def test_shortcut_keys_trigger_their_actions(qtbot, window):
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_P)
    assert window.tools.active is window.tools.tools["parts"] and window.action_table["parts"].isChecked()
    QTest.keyClick(window, Qt.Key.Key_H)
    assert window.tools.active is None and window.action_table["pan"].isChecked()
    window.editor.add_edit(Occlude(0.1, 0.1, 0.4, 0.4, fill=Fill.BLACK))
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.entries == []
    QTest.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo, on every platform
    assert [entry.edit for entry in window.editor.entries] == [Occlude(0.1, 0.1, 0.4, 0.4, fill=Fill.BLACK)]


def test_panel_toggles_are_in_view_panels_with_a_key_each(window):
    toggle = window.action_table["explain_panel"]
    assert toggle is window.explain.dock.toggleViewAction()
    panels = window.action_table.menu("&View/&Panels").actions()
    keys = {}
    for key in ("side_panel", "snapshot_strip", "explain_panel", "tool_options"):
        action = window.action_table[key]
        assert action in panels and action.isCheckable()
        keys[key] = action.shortcut().toString()
    assert keys == {"side_panel": "F7", "snapshot_strip": "F8", "explain_panel": "F9", "tool_options": "F4"}
