"""Shape tool (being written)."""

from desktop_app.ui.tools.base import Tool


class ShapeTool(Tool):
    key = "shape"
    text = "Shape"
    shortcut = "S"
    tip = "Shape"
