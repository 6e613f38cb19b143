"""Help › About's text: what the app is, and the credits of what it ships (the model, the photos, the stimuli)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.stimuli import CITATION, CREDIT, LICENCE_NAME

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def about_html() -> str:
    """The About box as HTML (the credit and the citation stay as their authors wrote them)."""
    translate = QCoreApplication.translate
    pitch = translate(
        "About",
        "Find out by experiment what an ImageNet classifier looks at: cover parts, scramble them, keep only the shape "
        "or only the texture, and watch the prediction.",
    )
    bundled = translate("About", "Bundled model: EfficientNet-Lite0 (Apache-2.0). Sample photos: CC0 / public domain.")
    licence = translate("About", "Licence: {licence} ({link}); the licence text is in {file}.").format(
        licence=LICENCE_NAME,
        link=f"<a href='{LICENCE_URL}'>{LICENCE_URL}</a>",
        file="<i>resources/texture-vs-shape/LICENSE</i>",
    )
    cite = translate("About", "Cite as: {citation}").format(citation=html.escape(CITATION))
    return (
        f"<b>Classifier Explorer</b><p>{html.escape(pitch)}</p><p>{html.escape(bundled)}</p>"
        f"<p>{html.escape(CREDIT)}<br>{licence}</p><p>{cite}</p>"
    )


def show_about(parent: QWidget) -> None:
    """Help › About, crediting the model, the photos and the lecture's stimuli (CC BY 4.0)."""
    QMessageBox.about(parent, QCoreApplication.translate("About", "About Classifier Explorer"), about_html())
