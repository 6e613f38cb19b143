"""Interactive tools, one module each; TOOL_CLASSES is the order of the tools toolbar."""

from desktop_app.ui.tools.base import Tool, ToolContext
from desktop_app.ui.tools.crop import CropTool
from desktop_app.ui.tools.occlude import OccludeTool
from desktop_app.ui.tools.parts import PartsTool
from desktop_app.ui.tools.shape import ShapeTool
from desktop_app.ui.tools.texture import TextureTool

TOOL_CLASSES: list[type[Tool]] = [OccludeTool, CropTool, PartsTool, ShapeTool, TextureTool]

__all__ = ["TOOL_CLASSES", "Tool", "ToolContext"]
