"""Crop tool (being written)."""

from desktop_app.ui.tools.base import Tool


class CropTool(Tool):
    key = "crop"
    text = "Crop"
    shortcut = "C"
    tip = "Crop"
