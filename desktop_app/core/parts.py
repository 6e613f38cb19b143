"""Parts edits: shuffle the image as a jigsaw, move a part elsewhere or swap two parts.

They answer the lecture's first question: does the classifier need the parts of an object in their proper
places, or only the parts? Both edits keep every pixel value of the parts; they only rearrange them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from desktop_app.core.edits import EditError, Fill, check_box, fill_pixels, fill_word, register_edit
from desktop_app.core.geometry import TOLERANCE, FracBox, PixelBox
from desktop_app.core.texts import translate

MIN_GRID = 2
MAX_GRID = 8
MAX_SEED = 2**31 - 1  # fits a 32-bit spin box; any seed in 0..MAX_SEED is accepted


def _check_whole_number(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise EditError(f"{name} must be a whole number, not {value!r}")
    if not low <= int(value) <= high:
        raise EditError(f"{name} must be between {low} and {high}, not {value}")
    return int(value)


def jigsaw_order(n: int, seed: int) -> np.ndarray:
    """The tile order of an n×n jigsaw: output tile k (row-major) shows input tile order[k]; never the identity."""
    rng = np.random.default_rng(seed)
    identity = np.arange(n * n)
    order = rng.permutation(n * n)
    while np.array_equal(order, identity):  # redrawn from the same generator: still deterministic
        order = rng.permutation(n * n)
    return order


@register_edit
@dataclass(frozen=True)
class Jigsaw:
    """Cut the image (or a box of it) into an n×n grid of equal tiles and shuffle them with a seed.

    Every tile has the same size, `box width // n` by `box height // n` pixels, counted from the box's top-left
    corner; the few pixels left over at the right and bottom (fewer than n) stay where they are. A box smaller
    than n pixels across is left unchanged.
    """

    kind: ClassVar[str] = "jigsaw"
    n: int = 3
    seed: int = 0
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 1.0
    y1: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "n", _check_whole_number(self.n, "the jigsaw grid size", MIN_GRID, MAX_GRID))
        object.__setattr__(self, "seed", _check_whole_number(self.seed, "the jigsaw seed", 0, MAX_SEED))
        check_box(self.x0, self.y0, self.x1, self.y1, "jigsaw box")

    @property
    def box(self) -> FracBox:
        """The shuffled box."""
        return FracBox(self.x0, self.y0, self.x1, self.y1)

    @property
    def whole_image(self) -> bool:
        """True when the jigsaw covers the whole image."""
        return (self.x0, self.y0, self.x1, self.y1) == (0.0, 0.0, 1.0, 1.0)

    def order(self) -> np.ndarray:
        """The tile order (see `jigsaw_order`)."""
        return jigsaw_order(self.n, self.seed)

    def tile_grid(self, height: int, width: int) -> tuple[list[int], list[int]]:
        """The grid's column and row edges in pixels (n + 1 each), or two empty lists if the tiles are empty."""
        left, top, right, bottom = self.box.to_pixels((height, width))
        tile_w, tile_h = (right - left) // self.n, (bottom - top) // self.n
        if tile_w == 0 or tile_h == 0:
            return [], []
        return [left + i * tile_w for i in range(self.n + 1)], [top + i * tile_h for i in range(self.n + 1)]

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The image with its tiles shuffled."""
        xs, ys = self.tile_grid(*image.shape[:2])
        out = image.copy()
        if not xs:
            return out
        n, tile_h, tile_w = self.n, ys[1] - ys[0], xs[1] - xs[0]
        area = (slice(ys[0], ys[-1]), slice(xs[0], xs[-1]))
        channels = image.shape[2:]
        tiles = (
            image[area]
            .reshape(n, tile_h, n, tile_w, *channels)
            .swapaxes(1, 2)
            .reshape(n * n, tile_h, tile_w, *channels)
        )
        shuffled = tiles[self.order()].reshape(n, n, tile_h, tile_w, *channels).swapaxes(1, 2)
        out[area] = shuffled.reshape(n * tile_h, n * tile_w, *channels)
        return out

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        if self.whole_image:
            return translate("Edits", "Jigsaw {n}×{n}, seed {seed}").format(n=self.n, seed=self.seed)
        text = translate("Edits", "Jigsaw {n}×{n}, seed {seed}, {width:.0f}×{height:.0f} % box")
        width, height = 100 * (self.x1 - self.x0), 100 * (self.y1 - self.y0)
        return text.format(n=self.n, seed=self.seed, width=width, height=height)


@register_edit
@dataclass(frozen=True)
class MovePart:
    """Move the part in a source box so its top-left corner lands at (to_x, to_y), or swap it with what is there.

    Every pixel is taken from the input image, so overlapping boxes are well defined: the moved part always
    arrives whole at its destination (written last). Move (`swap=False`): the rest of the source box is
    covered with `fill`. Swap: the rest of the source box receives the destination's original content.
    """

    kind: ClassVar[str] = "move-part"
    x0: float
    y0: float
    x1: float
    y1: float
    to_x: float
    to_y: float
    fill: Fill = Fill.GREY
    swap: bool = False

    def __post_init__(self) -> None:
        check_box(self.x0, self.y0, self.x1, self.y1, "part's box")
        for name, value, size in (("to_x", self.to_x, self.x1 - self.x0), ("to_y", self.to_y, self.y1 - self.y0)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise EditError(f"the part's destination {name} must be a finite number, not {value!r}")
            if not (0.0 <= value and value + size <= 1.0 + TOLERANCE):
                raise EditError(f"the moved part would leave the image ({name} = {value:.3f}, size {size:.3f})")
        if not isinstance(self.swap, bool | np.bool_):
            raise EditError(f"swap must be true or false, not {self.swap!r}")
        try:
            object.__setattr__(self, "fill", Fill(self.fill))
        except ValueError as err:
            raise EditError(f"unknown fill {self.fill!r}") from err
        object.__setattr__(self, "swap", bool(self.swap))

    @property
    def box(self) -> FracBox:
        """The part's box, where it comes from."""
        return FracBox(self.x0, self.y0, self.x1, self.y1)

    @property
    def destination(self) -> FracBox:
        """The box the part goes to."""
        return FracBox(self.to_x, self.to_y, self.to_x + self.x1 - self.x0, self.to_y + self.y1 - self.y0)

    def boxes(self, height: int, width: int) -> tuple[PixelBox, PixelBox]:
        """The source and destination boxes in pixels of an image this size (same size, both inside)."""
        source = self.box.to_pixels((height, width))
        to_left = min(max(round(self.to_x * width), 0), width - source.width)
        to_top = min(max(round(self.to_y * height), 0), height - source.height)
        return source, PixelBox(to_left, to_top, to_left + source.width, to_top + source.height)

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The image with the part moved (hole filled) or swapped."""
        (left, top, right, bottom), (to_left, to_top, to_right, to_bottom) = self.boxes(*image.shape[:2])
        source = (slice(top, bottom), slice(left, right))
        destination = (slice(to_top, to_bottom), slice(to_left, to_right))
        out = image.copy()
        out[source] = image[destination] if self.swap else fill_pixels(image, self.fill, source)
        out[destination] = image[source]
        return out

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        source, destination = (
            f"({100 * self.x0:.0f}, {100 * self.y0:.0f} %)",
            f"({100 * self.to_x:.0f}, {100 * self.to_y:.0f} %)",
        )
        if self.swap:
            return translate("Edits", "Swap parts {source} ↔ {destination}").format(
                source=source, destination=destination
            )
        text = translate("Edits", "Move part {source} → {destination}, {fill} hole")
        return text.format(source=source, destination=destination, fill=fill_word(self.fill))
