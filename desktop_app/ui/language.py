"""The class's language: the translation that follows the system (or the one chosen in View › Language), loaded from
resources/i18n. The source `.ts` files live in the repository; the `.qm` files are compiled from them by
`pyside6-lrelease` when the app is installed or frozen, and on the fly (the bundled lrelease, no network) when a
plain install lacks them. Without either, the app speaks English and the log says why."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QStandardPaths,
    QTranslator,
)

from desktop_app.core.paths import resources_dir
from desktop_app.core.texts import QT_TRANSLATE_NOOP, use_translator
from desktop_app.ui.actions import ActionSpec, ActionTable, checked_in
from desktop_app.ui.services import WindowServices

logger = logging.getLogger(__name__)

CATALOGUE = "classifier_explorer"
SOURCE_LANGUAGE = "en"
SYSTEM = "system"
COMPILE_TIMEOUT_S = 30

MENU = "&View/&Language"

_installed: list[QTranslator] = []  # kept alive while installed: Qt does not own them
_spoken = [SOURCE_LANGUAGE]  # the language use_language installed last


def translations_dir() -> Path:
    """The folder of the `.ts` sources and the compiled `.qm` catalogues."""
    return resources_dir() / "i18n"


def source_file(language: str) -> Path:
    """The translation source of a language, e.g. resources/i18n/classifier_explorer_de.ts."""
    return translations_dir() / f"{CATALOGUE}_{language}.ts"


def available_languages() -> dict[str, str]:
    """The languages the app speaks, by code, each named in its own language: English and one per `.ts` source
    (or `.qm`, in a frozen app) in resources/i18n."""
    found = {path.stem.removeprefix(f"{CATALOGUE}_") for path in translations_dir().glob(f"{CATALOGUE}_*.[tq][sm]")}
    named = {code: QLocale(code).nativeLanguageName() for code in sorted(found)}
    return {SOURCE_LANGUAGE: "English"} | {code: name[:1].upper() + name[1:] for code, name in named.items()}


def chosen_language(choice: str, locale: QLocale | None = None) -> str:
    """The language to speak: the choice when it is one we have, else the first of the system's UI languages we
    have, else English."""
    languages = available_languages()
    if choice in languages:
        return choice
    for name in (locale or QLocale.system()).uiLanguages():
        language = name.replace("-", "_").split("_")[0].lower()
        if language in languages:
            return language
    return SOURCE_LANGUAGE


def bundled_lrelease() -> Path | None:
    """PySide6's own lrelease beside the installed package (absent in a frozen app, which ships the `.qm`)."""
    folder = Path(PySide6.__file__).parent
    for name in ("lrelease.exe", "lrelease") if sys.platform == "win32" else ("lrelease",):
        if (folder / name).is_file():
            return folder / name
    found = shutil.which("pyside6-lrelease")
    return Path(found) if found else None


def compiled_catalogue(language: str) -> Path | None:
    """The `.qm` of a language: the one installed beside its source, else one compiled now from the `.ts` into the
    cache folder with the bundled lrelease; None (and a log line) when neither can be had."""
    installed = translations_dir() / f"{CATALOGUE}_{language}.qm"
    source = source_file(language)
    if installed.is_file() and (not source.is_file() or installed.stat().st_mtime >= source.stat().st_mtime):
        return installed
    lrelease = bundled_lrelease()
    if not source.is_file() or lrelease is None:
        logger.info("no compiled %s translation (%s) and no lrelease to make one: English it is", language, installed)
        return None
    cache = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)) / "i18n"
    target = cache / installed.name
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    cache.mkdir(parents=True, exist_ok=True)
    command = [str(lrelease), "-silent", str(source), "-qm", str(target)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=COMPILE_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as err:
        logger.warning("could not compile the %s translation (%s): English it is", language, err)
        return None
    return target if target.is_file() else None


def use_language(choice: str) -> str:
    """Installs the translation of the chosen language (or the system's: `"system"`), with Qt's own for its standard
    buttons and dialogs, replacing any installed before; returns the language now spoken."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("use_language needs a QApplication")
    while _installed:
        app.removeTranslator(_installed.pop())
    _spoken[0] = SOURCE_LANGUAGE
    use_translator(None)
    language = chosen_language(choice)
    if language == SOURCE_LANGUAGE:
        return language
    catalogue = compiled_catalogue(language)
    if catalogue is None:
        return SOURCE_LANGUAGE
    ours = QTranslator(app)
    if not ours.load(str(catalogue)):
        logger.warning("the %s translation %s cannot be read: English it is", language, catalogue)
        return SOURCE_LANGUAGE
    qt_own = QTranslator(app)
    qt_folders = (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(translations_dir()))
    if any(qt_own.load(f"qtbase_{language}", folder) for folder in qt_folders):  # the frozen app: the second
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    _spoken[0] = language
    use_translator(QCoreApplication.translate)  # the core's words too (the edits' descriptions)
    return language


def spoken_language() -> str:
    """The language the window speaks now (the one use_language installed last)."""
    return _spoken[0]


class LanguageMenu(QObject):
    """View › Language: the system's, or one the app speaks; remembered, and used from the next start (every window
    text is set once, when it is built)."""

    def __init__(self, services: WindowServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services

    def action_specs(self) -> list[ActionSpec]:
        """System Language, then each language the app speaks, named in itself (never translated)."""
        system = QT_TRANSLATE_NOOP("Menus", "&System Language")
        rows = [ActionSpec("language_system", system, lambda: self.choose(SYSTEM), MENU, group="language", data=SYSTEM)]
        for code, name in available_languages().items():
            rows.append(
                ActionSpec(f"language_{code}", name, lambda c=code: self.choose(c), MENU, group="language", data=code)
            )
        return rows

    def install(self, table: ActionTable) -> None:
        """Adds View › Language to the window's actions, the remembered choice checked."""
        actions = table.add(self.action_specs())
        checked_in(list(actions.values()), self.services.settings.language)

    def choose(self, choice: str) -> None:
        """Remembers the language; says when it differs from the one spoken now."""
        self.services.settings.language = choice
        language = chosen_language(choice)
        if language != spoken_language():
            name = available_languages()[language]
            self.services.notify(
                self.tr("{language} from the next start of Classifier Explorer.").format(language=name)
            )
