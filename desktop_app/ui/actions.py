"""Every action of the window as data: its words, the callable it runs, its menu, its shortcuts and its icon.

The window, the tools, the lessons and the Explain panel each contribute `ActionSpec` rows; one `ActionTable` turns
them into QActions, puts them in their menus and generates Help › Keyboard Shortcuts from the same rows, so a
shortcut exists exactly where it is listed.

The rows' words (text, tip, menu titles) are English marked with `QT_TRANSLATE_NOOP("Menus", …)` where they are
written; the table translates them, in the "Menus" context, where it builds the QActions and menus: one place.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle

from desktop_app.core.texts import QT_TRANSLATE_NOOP

Shortcut = QKeySequence.StandardKey | str
MENU_ORDER = ("&File", "&Edit", "&View", "&Tools", "&Lessons", "&Model", "&Help")
# Every menu and submenu title, marked for translation (a menu path is written in English, "&View/&Panels").
MENU_TITLES = (
    QT_TRANSLATE_NOOP("Menus", "&File"),
    QT_TRANSLATE_NOOP("Menus", "&Edit"),
    QT_TRANSLATE_NOOP("Menus", "&View"),
    QT_TRANSLATE_NOOP("Menus", "&Tools"),
    QT_TRANSLATE_NOOP("Menus", "&Lessons"),
    QT_TRANSLATE_NOOP("Menus", "&Model"),
    QT_TRANSLATE_NOOP("Menus", "&Help"),
    QT_TRANSLATE_NOOP("Menus", "Open &Recent"),
    QT_TRANSLATE_NOOP("Menus", "&Samples"),
    QT_TRANSLATE_NOOP("Menus", "Bars in the &Chart"),
    QT_TRANSLATE_NOOP("Menus", "Run &On"),
    QT_TRANSLATE_NOOP("Menus", "&Panels"),
    QT_TRANSLATE_NOOP("Menus", "&Language"),
    QT_TRANSLATE_NOOP("Menus", "&Lesson Worksheets"),
)
GESTURES = (  # keys and mouse gestures that are not actions, listed with the shortcuts
    (QT_TRANSLATE_NOOP("Menus", "Hold Space and drag"), QT_TRANSLATE_NOOP("Menus", "Pan the image, whatever the tool")),
    (QT_TRANSLATE_NOOP("Menus", "Mouse wheel"), QT_TRANSLATE_NOOP("Menus", "Zoom the image")),
    (
        QT_TRANSLATE_NOOP("Menus", "Double-click an edit"),
        QT_TRANSLATE_NOOP("Menus", "Change it with the tool that made it"),
    ),
)


def menu_text(text: str) -> str:
    """A row's words (action text, tip, menu title) in the user's language."""
    return QCoreApplication.translate("Menus", text) if text else text


def menu_path_text(path: str) -> str:
    """A menu path as a person reads it, translated: "&View/&Panels" → "View › Panels"."""
    return " › ".join(plain_text(menu_text(title)) for title in path.split("/") if title)


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
            shown = menu_text(title)
            menu = self.menu(parent).addMenu(shown) if parent else self.window.menuBar().addMenu(shown)
            menu.setToolTipsVisible(True)
            self.menus[path] = menu
        return self.menus[path]

    def _create(self, spec: ActionSpec) -> QAction:
        action = spec.existing or QAction(self.window)
        action.setText(menu_text(spec.text))
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts] if spec.shortcuts else [])
        if spec.icon is not None:
            action.setIcon(self.window.style().standardIcon(spec.icon))
        tip = menu_text(spec.tip) or plain_text(menu_text(spec.text))
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
            (plain_text(menu_text(spec.text)), menu_path_text(spec.menu), ", ".join(shown_keys(spec.shortcuts)))
            for spec in self.specs
            if shown_keys(spec.shortcuts)
        ]
        return rows + [(menu_text(what), "", menu_text(keys)) for keys, what in GESTURES]

    def shortcuts_html(self) -> str:
        """Help › Keyboard Shortcuts as an HTML table."""
        cells = "".join(
            f"<tr><td>{html.escape(what)}</td><td>{html.escape(where)}</td><td><b>{html.escape(keys)}</b></td></tr>"
            for what, where, keys in self.shortcut_rows()
        )
        head = "".join(
            f"<th>{html.escape(title)}</th>" for title in (self.tr("Action"), self.tr("Menu"), self.tr("Keys"))
        )
        return f"<table cellspacing='6'><tr>{head}</tr>{cells}</table>"


def keys(*shortcuts: Shortcut) -> tuple[Shortcut, ...]:
    """A spec's shortcuts, written as a call for readability in the tables."""
    return tuple(shortcuts)


def checked_in(actions: Sequence[QAction], value: object) -> None:
    """Checks the action of an exclusive group whose data equals `value` (restoring a setting)."""
    for action in actions:
        action.setChecked(action.data() == value)
