"""The translation sources (resources/i18n/*.ts, tools/translations.py): every message translated, every source string
of the code present, placeholders and accelerators kept. A failure lists the strings; `make translations` updates
the .ts files and lists what is left to translate."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tools import translations
from tools.translations import Message, read_messages, run_lupdate, ts_files, unfinished

GERMAN = next(path for path in ts_files() if path.stem.endswith("_de"))
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[pn]%?|%\d")
ACCELERATOR = re.compile(r"&(?!&)")


def _listed(messages: list[Message]) -> str:
    return "\n".join(f"  [{message.context}] {message.source!r}" for message in messages)


def test_there_is_a_german_translation_and_nothing_else_is_half_made():
    assert [path.name for path in ts_files()] == ["classifier_explorer_de.ts"]
    assert len(read_messages(GERMAN)) > 400


@pytest.mark.parametrize("ts_file", ts_files(), ids=lambda path: path.name)
def test_every_message_has_a_finished_translation(ts_file):
    missing = unfinished(ts_file)
    assert not missing, (
        f"{len(missing)} untranslated source strings in {ts_file.name} (translate them there, removing "
        f'type="unfinished"):\n{_listed(missing)}'
    )


@pytest.mark.parametrize("ts_file", ts_files(), ids=lambda path: path.name)
def test_the_ts_file_holds_every_source_string_of_the_code(ts_file, tmp_path):
    """lupdate over desktop_app/ into a copy adds nothing: every self.tr / translate / QT_TRANSLATE_NOOP string of
    the code is in the committed file (new strings fail here until `make translations` and a translation)."""
    copy = tmp_path / ts_file.name
    shutil.copy(ts_file, copy)
    run_lupdate(copy)
    committed = {(m.context, m.source) for m in read_messages(ts_file)}
    new = [m for m in read_messages(copy) if (m.context, m.source) not in committed]
    assert not new, f"{len(new)} source strings missing from {ts_file.name}; run `make translations`:\n{_listed(new)}"


def test_placeholders_and_accelerators_survive_translation():
    """Every {name}, {value:.1f}, %p% of the source is in the translation, and a menu text with an &-accelerator
    keeps exactly one."""
    broken = []
    for message in read_messages(GERMAN):
        if sorted(PLACEHOLDER.findall(message.source)) != sorted(PLACEHOLDER.findall(message.translation)):
            broken.append(message)
        elif len(ACCELERATOR.findall(message.source)) != len(ACCELERATOR.findall(message.translation)):
            broken.append(message)
    assert not broken, "placeholders or accelerators changed:\n" + "\n".join(
        f"  [{m.context}] {m.source!r} -> {m.translation!r}" for m in broken
    )


def test_todo_lists_the_unfinished_messages_and_fill_writes_them_back(tmp_path, monkeypatch, capsys):
    copy = tmp_path / GERMAN.name
    finished = "<translation>&amp;Datei</translation>"
    copy.write_text(GERMAN.read_text().replace(finished, '<translation type="unfinished"></translation>', 1))
    monkeypatch.setattr(translations, "I18N", tmp_path)
    translations.todo("de")
    todo = json.loads(capsys.readouterr().out)
    assert todo == [{"context": "Menus", "source": "&File", "translation": ""}]
    todo[0]["translation"] = "&Datei"
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(todo))
    translations.fill("de", answers)
    assert copy.read_text() == GERMAN.read_text()
