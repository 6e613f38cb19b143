"""The translation workflow in one place (`make translations` runs `update`):

    python tools/translations.py update [--ts FILE]  # pyside6-lupdate over desktop_app/ into each resources/i18n/*.ts,
                                                     # then lists what each language still lacks
    python tools/translations.py compile             # pyside6-lrelease: every .ts to its .qm (install / freeze time)
    python tools/translations.py new LANG            # starts resources/i18n/classifier_explorer_LANG.ts

Translate the `type="unfinished"` messages with Qt Linguist (`pyside6-linguist FILE.ts`) or any text editor, removing
`type="unfinished"` from each one done. The tests fail while a message is unfinished or a source string is missing.
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args()
    if args.command == "update":
        return update(args.ts)
    if args.command == "compile":
        return compile_all(args.out)
    return new(args.language)


if __name__ == "__main__":
    sys.exit(main())
