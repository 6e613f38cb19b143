"""The Explain dock: explanation maps of the current image over the canvas (see controller.py)."""
