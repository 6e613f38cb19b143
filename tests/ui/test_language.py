"""The class's language (ui/language.py): which language is spoken, the catalogue compiled when missing, the window's
menus in German with nothing left in English, and View › Language."""

from __future__ import annotations

import logging
import shutil

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QMenu

from desktop_app.core.categories import Decision, decision_sentence
from desktop_app.core.edits import Fill, Occlude
from desktop_app.core.lesson_templates import template
from desktop_app.core.parts import Jigsaw
from desktop_app.core.worksheet import worksheet_html
from desktop_app.ui import language
from desktop_app.ui.actions import MENU_ORDER, plain_text
from desktop_app.ui.app import make_application
from desktop_app.ui.language import available_languages, chosen_language, spoken_language, use_language
from tests.ui.helpers import started_window

# Menu entries that are the same word in German and English.
SAME_IN_GERMAN = {"&CPU", "English", "Deutsch"}
# Submenus filled with file names (recent files, the bundled samples): names, not words.
FILE_MENUS = ("&File/Open &Recent", "&File/&Samples")


@pytest.fixture
def german():
    """The app speaks German for this test, and English again after it."""
    make_application()
    assert use_language("de") == "de"
    yield
    use_language("en")


def test_the_languages_are_english_and_those_with_a_translation():
    assert available_languages() == {"en": "English", "de": "Deutsch"}


@pytest.mark.parametrize(
    ("choice", "system", "expected"),
    [
        ("system", "de_DE", "de"),
        ("system", "de_AT", "de"),
        ("system", "fr_FR", "en"),
        ("system", "en_GB", "en"),
        ("en", "de_DE", "en"),
        ("de", "en_US", "de"),
        ("xx", "de_CH", "de"),  # an unknown setting follows the system
    ],
)
def test_the_language_follows_the_system_unless_chosen(choice, system, expected):
    assert chosen_language(choice, QLocale(system)) == expected


def test_german_translates_and_english_goes_back_to_the_source(german):
    assert spoken_language() == "de"
    assert QCoreApplication.translate("Menus", "&File") == "&Datei"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"  # Qt's own buttons too
    use_language("en")
    assert spoken_language() == "en"
    assert QCoreApplication.translate("Menus", "&File") == "&File"


def test_a_missing_catalogue_is_compiled_from_the_source_with_the_bundled_lrelease(tmp_path, monkeypatch):
    make_application()
    shutil.copy(language.source_file("de"), tmp_path)
    monkeypatch.setattr(language, "translations_dir", lambda: tmp_path)
    monkeypatch.setattr(language.QStandardPaths, "writableLocation", lambda _where: str(tmp_path / "cache"))
    compiled = language.compiled_catalogue("de")
    assert compiled == tmp_path / "cache" / "i18n" / "classifier_explorer_de.qm"
    assert compiled.stat().st_size > 10_000


def test_without_catalogue_or_lrelease_the_app_speaks_english_and_says_why(tmp_path, monkeypatch, caplog):
    make_application()
    shutil.copy(language.source_file("de"), tmp_path)
    monkeypatch.setattr(language, "translations_dir", lambda: tmp_path)
    monkeypatch.setattr(language, "bundled_lrelease", lambda: None)
    with caplog.at_level(logging.INFO, logger="desktop_app.ui.language"):
        assert use_language("de") == "en"
    assert "English it is" in caplog.text
    assert QCoreApplication.translate("Menus", "&File") == "&File"


def _menu_entries(window) -> list[tuple[str, str, str]]:
    """(menu path, English source, shown text) for every menu title and every action the action table placed."""
    table = window.action_table
    entries = [(path, path.rpartition("/")[2], menu.title()) for path, menu in table.menus.items() if path]
    entries += [(spec.menu, spec.text, table[spec.key].text()) for spec in table.specs if spec.menu]
    return entries


def test_a_window_started_in_german_has_german_menus_and_no_english_entry(qtbot, settings, german):
    window = started_window(qtbot, settings)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&Datei", "&Bearbeiten", "&Ansicht", "&Werkzeuge", "&Lektionen", "&Modell", "&Hilfe"]
    english = [
        f"{path}: {source!r}"
        for path, source, shown in _menu_entries(window)
        if shown == source and source not in SAME_IN_GERMAN
    ]
    assert not english, "menu entries still in English:\n" + "\n".join(english)
    assert len(_menu_entries(window)) > 60
    assert window.chart.isVisible() and window.tools.pan_hint.text().startswith("Wählen Sie links ein Werkzeug")


def test_every_german_menu_has_unique_accelerators(qtbot, settings, german):
    """Alt+letter picks one entry: within each menu (and the menu bar) no two entries share a letter."""
    window = started_window(qtbot, settings)
    menus: list[tuple[str, list[str]]] = [("menu bar", [a.text() for a in window.menuBar().actions()])]
    for path, menu in window.action_table.menus.items():
        if path not in FILE_MENUS:
            menus.append((path, [a.text() for a in menu.actions() if a.text()]))
    clashes = []
    for path, texts in menus:
        letters = [text.split("&", 1)[1][0].lower() for text in texts if "&" in text.replace("&&", "")]
        clashes += [f"{path}: {texts}"] if len(set(letters)) != len(letters) else []
    assert not clashes, "\n".join(clashes)


def test_the_edits_panel_describes_edits_in_german(qtbot, settings, german):
    window = started_window(qtbot, settings)
    window.editor.add_edit(Occlude(0.1, 0.2, 0.4, 0.6, fill=Fill.BLACK))
    window.editor.add_edit(Jigsaw(n=3, seed=7))
    shown = [window.edits_panel.list.item(row).text() for row in range(window.edits_panel.list.count())]
    assert shown == ["Rechteck (schwarz), 30×40 % bei (10 %, 20 %)", "Puzzle 3×3, Startwert 7"]


def test_the_core_sentences_the_window_shows_speak_german(german):
    """The cue-conflict verdict under the 16 categories; the category names themselves stay English."""
    decision = Decision("cat7-elephant1.png", "cat", "elephant", "elephant")
    assert decision_sentence(decision) == "Form cat, Textur elephant: entschieden nach der Textur (elephant)"
    use_language("en")
    assert decision_sentence(decision) == "shape cat, texture elephant: decided by texture (elephant)"


def test_the_shortcuts_dialog_and_the_about_box_speak_german(qtbot, settings, german):
    window = started_window(qtbot, settings)
    html = window.action_table.shortcuts_html()
    assert "<th>Aktion</th><th>Menü</th><th>Tasten</th>" in html
    assert "Ansicht › Bereiche" in html and "Leertaste halten und ziehen" in html
    from desktop_app.ui.about import about_html

    assert "Mitgeliefertes Modell: EfficientNet-Lite0" in about_html()


def test_view_language_remembers_the_choice_for_the_next_start(qtbot, window):
    table = window.action_table
    assert [plain_text(a.text()) for a in table.menu("&View/&Language").actions()] == [
        "System Language",
        "English",
        "Deutsch",
    ]
    assert table["language_system"].isChecked()
    table["language_de"].trigger()
    assert window.settings.language == "de"
    assert window.notice.message() == "Deutsch from the next start of Classifier Explorer."
    assert spoken_language() == "en"  # the running window keeps its language
    table["language_en"].trigger()
    assert window.settings.language == "en"


def test_every_menu_of_the_menu_bar_is_in_the_menu_order(window):
    assert [isinstance(a.menu(), QMenu) for a in window.menuBar().actions()] == [True] * len(MENU_ORDER)


def test_a_lessons_worksheet_speaks_german(german):
    """The worksheet's words and the lesson's questions come from the catalogue; the blanks stay."""
    page = worksheet_html("Arbeitsblatt", [], [template("texture")])
    assert "Fragen: Textur: nur Textur" in page and "Name: ________" in page and "Datum: ________" in page
    assert "Was wird das Modell sagen, wenn die Textur gegen Elefantenhaut getauscht wird? ________" in page
    use_language("en")
    english = worksheet_html("Worksheet", [], [template("texture")])
    assert "Questions: Texture: texture only" in english and "swapped for elephant skin? ________" in english
