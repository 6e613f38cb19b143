"""Texture tool (being written)."""

from desktop_app.ui.tools.base import Tool


class TextureTool(Tool):
    key = "texture"
    text = "Texture"
    shortcut = "T"
    tip = "Texture"
