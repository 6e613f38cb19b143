"""Starting the desktop app: QApplication, settings, the main window on the bundled model and a sample."""

from __future__ import annotations

import logging
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QSettings, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.core.paths import default_model_path, default_sample, resources_dir
from desktop_app.ui.jobs import describe_error
from desktop_app.ui.language import use_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.settings import AppSettings

logger = logging.getLogger("desktop_app")
ORGANISATION = "ClassifierExplorer"
APPLICATION = "Classifier Explorer"


# Qt messages that say nothing to a user or a developer of this app.
QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Routes Qt's own messages to logging, minus known noise."""
    if message in QUIET_QT_MESSAGES:
        return
    level = logging.DEBUG if kind == QtMsgType.QtDebugMsg else logging.WARNING
    logging.getLogger("qt").log(level, message)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named so QSettings has a home."""
    qInstallMessageHandler(_qt_message)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("classifier-explorer")  # matches the installed .desktop file (Wayland app id, dock icon)
    icon = resources_dir() / "icons" / "app.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def create_window(settings: QSettings | None = None, image: Path | None = None) -> MainWindow:
    """A main window that loads the remembered (or bundled) model and opens `image` or the cat sample."""
    app_settings = AppSettings(settings or QSettings())
    window = MainWindow(app_settings)
    chosen = Path(app_settings.model_path) if app_settings.model_path else None
    if chosen is not None and not chosen.is_file():
        text = QCoreApplication.translate("App", "The last model, “{name}”, is gone; using the bundled one.")
        window.notice.show_message(text.format(name=chosen.name), "warning")
        chosen = None
    window.load_model(chosen or default_model_path())
    window.open_path(image or default_sample())
    window.experiments.offer_restore()
    return window


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Logs an unexpected error and tells the user, instead of letting Qt abort the process."""
    logger.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
    message = describe_error(error.with_traceback(tb))  # our own errors in their words; anything else plainly
    running = QApplication.instance() is not None
    widgets = QApplication.topLevelWidgets() if running else []
    window = next((w for w in widgets if isinstance(w, MainWindow)), None)
    if window is not None:
        text = QCoreApplication.translate("App", "Something went wrong: {error}. Your work is still here.")
        window.notice.show_message(text.format(error=message), "error")
    elif running:
        text = QCoreApplication.translate("App", "Something went wrong: {error}.")
        QMessageBox.critical(None, APPLICATION, text.format(error=message))


def run_gui(args: list[str]) -> int:
    """Runs the desktop app until its window closes; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    started = time.perf_counter()
    quit_after_first = "--gui-exit-after-first-result" in args
    image = next((Path(a) for a in args if not a.startswith("--")), None)
    app = make_application()
    sys.excepthook = _excepthook
    use_language(AppSettings(QSettings()).language)
    window = create_window(image=image)
    window.show()
    if quit_after_first:

        def report() -> None:
            print(f"first result on screen after {time.perf_counter() - started:.2f} s", flush=True)
            QTimer.singleShot(0, window.close)

        window.bridge.prediction_ready.connect(lambda _p: QTimer.singleShot(0, report))
    return app.exec()
