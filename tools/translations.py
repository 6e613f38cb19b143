"""The translation workflow in one place (`make translations` runs `update`):

    python tools/translations.py update [--ts FILE]  # pyside6-lupdate over desktop_app/ into each resources/i18n/*.ts,
                                                     # then lists what each language still lacks
    python tools/translations.py compile             # pyside6-lrelease: every .ts to its .qm (install / freeze time)
    python tools/translations.py new LANG            # starts resources/i18n/classifier_explorer_LANG.ts
    python tools/translations.py todo LANG > todo.json   # the unfinished messages as JSON, "translation" empty
    python tools/translations.py fill LANG todo.json     # writes the translations filled in there into the .ts

Translate the `type="unfinished"` messages with Qt Linguist (`pyside6-linguist FILE.ts`), any text editor (removing
`type="unfinished"` from each one done), or `todo` + `fill`. The tests fail while a message is unfinished or a source
string is missing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "desktop_app"
I18N = ROOT / "resources" / "i18n"
CATALOGUE = "classifier_explorer"


@dataclass(frozen=True)
class Message:
    """One message of a .ts file: its context (the class or the name given to translate()), source and translation."""

    context: str
    source: str
    translation: str
    finished: bool


def qt_tool(name: str) -> str:
    """The path of pyside6-lupdate / pyside6-lrelease: beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"error: pyside6-{name} not found (it comes with PySide6-Essentials)")
    return found


def ts_files() -> list[Path]:
    """Every translation source in the repository."""
    return sorted(I18N.glob(f"{CATALOGUE}_*.ts"))


def run_lupdate(ts_file: Path) -> None:
    """Adds the source strings of desktop_app/ to a .ts file (keeping its translations) and drops vanished ones."""
    command = [qt_tool("lupdate"), "-silent", "-extensions", "py", "-no-obsolete", "-locations", "none"]
    subprocess.run([*command, str(SOURCES), "-ts", str(ts_file)], check=True, cwd=ROOT)


def read_messages(ts_file: Path) -> list[Message]:
    """Every message of a .ts file."""
    messages = []
    for context in ElementTree.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = "" if translation is None else "".join(translation.itertext())
            finished = translation is not None and translation.get("type") is None and text.strip() != ""
            messages.append(Message(name, message.findtext("source", ""), text, finished))
    return messages


def unfinished(ts_file: Path) -> list[Message]:
    """The messages of a .ts file that still lack a finished translation."""
    return [message for message in read_messages(ts_file) if not message.finished]


def update(only: Path | None) -> int:
    """Runs lupdate into each .ts (or one) and prints what remains to translate."""
    todo = 0
    for ts_file in [only] if only else ts_files():
        run_lupdate(ts_file)
        missing = unfinished(ts_file)
        todo += len(missing)
        print(f"{ts_file.relative_to(ROOT)}: {len(read_messages(ts_file))} messages, {len(missing)} to translate")
        for message in missing:
            print(f"  [{message.context}] {message.source!r}")
    return 0


def compile_all(out_dir: Path | None) -> int:
    """Compiles every .ts to a .qm beside it (or in `out_dir`)."""
    for ts_file in ts_files():
        target = (out_dir or ts_file.parent) / ts_file.with_suffix(".qm").name
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([qt_tool("lrelease"), "-silent", str(ts_file), "-qm", str(target)], check=True)
        print(f"{target}")
    return 0


def new(language: str) -> int:
    """Starts the .ts of a new language (e.g. fr) and fills it with every source string to translate."""
    ts_file = I18N / f"{CATALOGUE}_{language}.ts"
    if ts_file.exists():
        raise SystemExit(f"error: {ts_file} exists already; run `make translations`")
    ts_file.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="{language}">\n</TS>\n'
    )
    return update(ts_file)


def ts_file_of(language: str) -> Path:
    """The .ts of a language; exits with a message when there is none."""
    ts_file = I18N / f"{CATALOGUE}_{language}.ts"
    if not ts_file.exists():
        raise SystemExit(f"error: no {ts_file.name} in {I18N}; `new {language}` starts it")
    return ts_file


def todo(language: str) -> int:
    """Prints the unfinished messages of a language as JSON, to fill in and give to `fill`."""
    missing = [{"context": m.context, "source": m.source, "translation": ""} for m in unfinished(ts_file_of(language))]
    print(json.dumps(missing, ensure_ascii=False, indent=1))
    return 0


def fill(language: str, answers: Path) -> int:
    """Writes the non-empty translations of a `todo` JSON file into the unfinished messages of a language's .ts."""
    ts_file = ts_file_of(language)
    given = {(a["context"], a["source"]): a["translation"] for a in json.loads(answers.read_text(encoding="utf-8"))}
    tree = ElementTree.parse(ts_file)
    filled = 0
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            text = given.get((context.findtext("name", ""), message.findtext("source", "")), "")
            translation = message.find("translation")
            if text.strip() and translation is not None and translation.get("type") == "unfinished":
                translation.text, filled = text, filled + 1
                del translation.attrib["type"]
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    run_lupdate(ts_file)  # back to lupdate's own layout (ElementTree drops the DOCTYPE)
    print(f"{ts_file.name}: {filled} translations written, {len(unfinished(ts_file))} still to translate")
    return 0


def main() -> int:
    """The command line above."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    update_command = commands.add_parser("update", help="lupdate into the .ts files, list what is untranslated")
    update_command.add_argument("--ts", type=Path, help="only this .ts file")
    compile_command = commands.add_parser("compile", help="lrelease every .ts into a .qm")
    compile_command.add_argument("--out", type=Path, help="write the .qm files here instead of beside the .ts")
    new_command = commands.add_parser("new", help="start the .ts of another language")
    new_command.add_argument("language", help="ISO 639-1 code, e.g. fr")
    todo_command = commands.add_parser("todo", help="print the unfinished messages as JSON")
    todo_command.add_argument("language")
    fill_command = commands.add_parser("fill", help="write translations from a filled-in todo JSON file")
    fill_command.add_argument("language")
    fill_command.add_argument("answers", type=Path)
    args = parser.parse_args()
    if args.command == "update":
        return update(args.ts)
    if args.command == "compile":
        return compile_all(args.out)
    if args.command == "todo":
        return todo(args.language)
    if args.command == "fill":
        return fill(args.language, args.answers)
    return new(args.language)


if __name__ == "__main__":
    sys.exit(main())
