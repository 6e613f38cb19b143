"""Help › About's text: what the app is, and the credits of what it ships (the model, the photos, the stimuli)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.stimuli import CITATION, CREDIT, LICENCE_NAME

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def about_html() -> str:
    """The About box as HTML."""
    return (
        "<b>Classifier Explorer</b><p>Find out by experiment what an ImageNet classifier looks at: cover parts, "
        "scramble them, keep only the shape or only the texture, and watch the prediction.</p>"
        "<p>Bundled model: EfficientNet-Lite0 (Apache-2.0). Sample photos: CC0 / public domain.</p>"
        f"<p>{html.escape(CREDIT)}<br>Licence: {LICENCE_NAME} (<a href='{LICENCE_URL}'>{LICENCE_URL}</a>); "
        "the licence text is in <i>resources/texture-vs-shape/LICENSE</i>.</p>"
        f"<p>Cite as: {html.escape(CITATION)}</p>"
    )


def show_about(parent: QWidget) -> None:
    """Help › About, crediting the model, the photos and the lecture's stimuli (CC BY 4.0)."""
    QMessageBox.about(parent, "About Classifier Explorer", about_html())
