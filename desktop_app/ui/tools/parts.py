"""Parts tool (being written)."""

from desktop_app.ui.tools.base import Tool


class PartsTool(Tool):
    key = "parts"
    text = "Parts"
    shortcut = "P"
    tip = "Parts"
