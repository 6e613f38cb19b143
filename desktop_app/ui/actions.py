"""Every action of the window as data: its words, the callable it runs, its menu, its shortcuts and its icon.

The window, the tools, the lessons and the Explain panel each contribute `ActionSpec` rows; one `ActionTable` turns
them into QActions, puts them in their menus and generates Help › Keyboard Shortcuts from the same rows, so a
shortcut exists exactly where it is listed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle

Shortcut = QKeySequence.StandardKey | str
MENU_ORDER = ("&File", "&Edit", "&View", "&Tools", "&Lessons", "&Model", "&Help")
GESTURES = (  # keys and mouse gestures that are not actions, listed with the shortcuts
    ("Hold Space and drag", "Pan the image, whatever the tool"),
    ("Mouse wheel", "Zoom the image"),
    ("Double-click an edit", "Change it with the tool that made it"),
)


@dataclass(frozen=True)
class ActionSpec:
    """One action: called with no argument, or with the new checked state when `checkable` (and not in a group)."""

    key: str
    text: str
    trigger: Callable[[], object] | Callable[[bool], object]
    menu: str = ""  # menu path, e.g. "&View/Bars in the &Chart"; "" for none
    shortcuts: tuple[Shortcut, ...] = ()
    icon: QStyle.StandardPixmap | None = None
    tip: str = ""
    checkable: bool = False
    group: str = ""  # actions sharing a group are exclusive; each calls `trigger()` when the user picks it
    data: object = None
    separator: bool = False  # a separator before it in its menu
    existing: QAction | None = None  # a QAction Qt made (a dock's toggle), placed and described like the others


@dataclass(frozen=True)
class SubmenuSpec:
    """A submenu filled elsewhere (recent files, samples), placed among the actions of its parent menu."""

    key: str
    menu: str
    title: str


def portable(shortcut: Shortcut) -> list[str]:
    """Every key sequence a shortcut stands for on this platform, as text (a standard key may have several, the
    platform's usual one first, or none)."""
    if isinstance(shortcut, QKeySequence.StandardKey):
        return [sequence.toString() for sequence in QKeySequence.keyBindings(shortcut)]
    return [QKeySequence(shortcut).toString()]


def shown_keys(shortcuts: Sequence[Shortcut]) -> list[str]:
    """The keys to tell a person: each shortcut's usual sequence (a standard key's alternatives left out)."""
    return [texts[0] for texts in map(portable, shortcuts) if texts]


def plain_text(text: str) -> str:
    """Menu text without its mnemonic ampersands and ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


class ActionTable(QObject):
    """Creates the window's QActions from specs, places them in the menu bar, and lists their shortcuts."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.specs: list[ActionSpec] = []
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.groups: dict[str, QActionGroup] = {}
        for title in MENU_ORDER:
            self.menu(title)

    def __getitem__(self, key: str) -> QAction:
        return self.actions[key]

    def add(self, rows: Iterable[ActionSpec | SubmenuSpec]) -> dict[str, QAction]:
        """Creates and places the actions (and submenus) of these rows, in order; returns the new actions by key."""
        added: dict[str, QAction] = {}
        for row in rows:
            if isinstance(row, SubmenuSpec):
                self.menu(f"{row.menu}/{row.title}")
                continue
            if row.key in self.actions:
                raise ValueError(f"two actions are called {row.key!r}")
            action = self._create(row)
            self.specs.append(row)
            self.actions[row.key] = added[row.key] = action
            if row.menu:
                menu = self.menu(row.menu)
                if row.separator:
                    menu.addSeparator()
                menu.addAction(action)
        return added

    def menu(self, path: str) -> QMenu:
        """The menu at a path such as "&View/Bars in the &Chart", created (at the end of its parent) if new."""
        if path not in self.menus:
            parent, _, title = path.rpartition("/")
            menu = self.menu(parent).addMenu(title) if parent else self.window.menuBar().addMenu(title)
            menu.setToolTipsVisible(True)
            self.menus[path] = menu
        return self.menus[path]

    def _create(self, spec: ActionSpec) -> QAction:
        action = spec.existing or QAction(self.window)
        action.setText(spec.text)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts] if spec.shortcuts else [])
        if spec.icon is not None:
            action.setIcon(self.window.style().standardIcon(spec.icon))
        tip = spec.tip or plain_text(spec.text)
        if shown := shown_keys(spec.shortcuts):
            tip = f"{tip} ({shown[0]})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setData(spec.data)
        if spec.existing is None:
            action.setCheckable(spec.checkable or bool(spec.group))
            if spec.group:
                self.groups.setdefault(spec.group, QActionGroup(self)).addAction(action)
                action.triggered.connect(lambda _checked=False, run=spec.trigger: run())
            elif spec.checkable:
                action.toggled.connect(spec.trigger)
            else:
                action.triggered.connect(lambda _checked=False, run=spec.trigger: run())
        self.window.addAction(action)  # shortcuts work while the menu bar is hidden (projector mode)
        return action

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(what, where, keys) for every action with a shortcut, in menu order, then the gestures."""
        rows = [
            (plain_text(spec.text), plain_text(spec.menu.replace("/", " › ")), ", ".join(shown_keys(spec.shortcuts)))
            for spec in self.specs
            if shown_keys(spec.shortcuts)
        ]
        return rows + [(what, "", keys) for keys, what in GESTURES]

    def shortcuts_html(self) -> str:
        """Help › Keyboard Shortcuts as an HTML table."""
        cells = "".join(
            f"<tr><td>{html.escape(what)}</td><td>{html.escape(where)}</td><td><b>{html.escape(keys)}</b></td></tr>"
            for what, where, keys in self.shortcut_rows()
        )
        return f"<table cellspacing='6'><tr><th>Action</th><th>Menu</th><th>Keys</th></tr>{cells}</table>"


def keys(*shortcuts: Shortcut) -> tuple[Shortcut, ...]:
    """A spec's shortcuts, written as a call for readability in the tables."""
    return tuple(shortcuts)


def checked_in(actions: Sequence[QAction], value: object) -> None:
    """Checks the action of an exclusive group whose data equals `value` (restoring a setting)."""
    for action in actions:
        action.setChecked(action.data() == value)
