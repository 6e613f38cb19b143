"""Textures: the bundled library, texture sources, tiling, and the texture edits.

"Is it the texture?" A region (rectangle, lasso, the object, the background) is filled with a texture from the
bundled library, from a patch of the image being edited, or from another image file; "texture only" tiles a
texture over the whole frame so no shape is left; a cue-conflict image fills the object's shape with another
object's texture. Textures are made seamless before they are tiled, so the copies meet without visible edges.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import cv2
import numpy as np

from desktop_app.core.edits import EditError, check_box, register_edit
from desktop_app.core.geometry import FracBox
from desktop_app.core.imageio import ImageLoadError, decode_image, read_image_file
from desktop_app.core.paths import resources_dir
from desktop_app.core.preprocess import PreprocessSpec, crop_box
from desktop_app.core.regions import Region
from desktop_app.core.texts import QT_TRANSLATE_NOOP, translate

SOURCE_KINDS = ("library", "patch", "file")
AREAS = ("rectangle", "lasso", "object", "background", "region")
AREA_WORDS = {  # an area as the edits' descriptions name it ("on the …")
    "rectangle": QT_TRANSLATE_NOOP("Edits", "rectangle"),
    "lasso": QT_TRANSLATE_NOOP("Edits", "lasso"),
    "object": QT_TRANSLATE_NOOP("Edits", "object"),
    "background": QT_TRANSLATE_NOOP("Edits", "background"),
    "region": QT_TRANSLATE_NOOP("Edits", "region"),
}
DEFAULT_SCALE = 0.25  # one texture tile is a quarter of the image's width
MIN_SCALE, MAX_SCALE = 0.01, 4.0
TEXTURE_MAX_SIDE = 2048  # textures from files are scaled down to this, so the cache stays small
EMBED_MAX_BYTES = 8 * 2**20  # larger texture files are kept as a PNG of the (scaled-down) pixels a texture uses
SHADING_SIGMA = 0.015  # shading keeps the image's brightness blurred by this share of its long side
SHADING_RANGE = (0.25, 2.5)  # the brightness ratio the shading may apply
SHADING_WORK_SIDE = 400  # the shading is measured on a copy this size at most
SHADING_FLOOR = 32.0  # added to the luminance before taking ratios: black is not infinitely darker than dark grey


@dataclass(frozen=True)
class TextureInfo:
    """One texture of the bundled library."""

    name: str
    path: Path
    description: str
    colour: bool = True
    source: str = ""
    licence: str = ""


def library_folder() -> Path:
    """The folder holding the bundled textures, their index and provenance."""
    return resources_dir() / "textures"


@lru_cache(maxsize=1)
def _library() -> tuple[TextureInfo, ...]:
    folder = library_folder()
    try:
        index = json.loads((folder / "textures.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(
        TextureInfo(
            name=item["name"],
            path=Path(os.path.normpath(folder / item["file"])),
            description=item.get("description", ""),
            colour=bool(item.get("colour", True)),
            source=item.get("source", ""),
            licence=item.get("licence", ""),
        )
        for item in index.get("textures", [])
    )


def texture_library() -> list[TextureInfo]:
    """The bundled textures, in the library's order (empty if the folder is missing)."""
    return list(_library())


def library_texture(name: str) -> TextureInfo:
    """The library texture of that name; EditError if there is none."""
    for info in _library():
        if info.name == name:
            return info
    names = ", ".join(info.name for info in _library()) or "none"
    raise EditError(f"there is no texture {name!r} in the library (it has: {names})")


@dataclass(frozen=True)
class TextureSource:
    """Where a texture comes from: a library texture (`name`), a patch of the image being edited (`box`, in
    fractions: x0, y0, x1, y1) or an image file (`path`, with the file's bytes in `data`: read when the source is
    made, so the texture travels with the edit and its experiment file, whatever happens to the file)."""

    kind: str
    name: str = ""
    box: tuple[float, float, float, float] | None = None
    path: str = field(default="", compare=False)  # where a file came from: for the user, not for the pixels
    data: bytes = field(default=b"", repr=False)

    def __post_init__(self) -> None:
        if self.kind not in SOURCE_KINDS:
            raise EditError(f"a texture source is one of {', '.join(SOURCE_KINDS)}, not {self.kind!r}")
        # only the fields of its kind: what a file says about the others is never used, and never saved again
        for name, empty, used in (("name", "", "library"), ("box", None, "patch"), ("data", b"", "file")):
            if self.kind != used:
                object.__setattr__(self, name, empty)
        if self.kind != "file":
            object.__setattr__(self, "path", "")
        if self.kind == "library":
            library_texture(self.name)
        elif self.kind == "patch":
            if self.box is None or len(self.box) != 4:
                raise EditError("a patch texture needs a box (x0, y0, x1, y1) in fractions of the image")
            object.__setattr__(self, "box", tuple(check_box(*self.box, what="patch")))
        elif not str(self.path).strip():
            raise EditError("a texture file needs a path")
        else:
            object.__setattr__(self, "path", str(self.path))
            if not self.data:
                object.__setattr__(self, "data", _file_bytes(self.path))
            elif not isinstance(self.data, bytes):
                raise EditError("a texture file's data must be the bytes of an image")

    @classmethod
    def library(cls, name: str) -> TextureSource:
        """A texture of the bundled library."""
        return cls("library", name=name)

    @classmethod
    def patch(cls, x0: float, y0: float, x1: float, y1: float) -> TextureSource:
        """A patch of the image being edited (fractions of its width and height)."""
        return cls("patch", box=(x0, y0, x1, y1))

    @classmethod
    def file(cls, path: str | os.PathLike[str]) -> TextureSource:
        """Another image file, read now (EditError when it cannot be read)."""
        return cls("file", path=os.fspath(path))

    @classmethod
    def from_pixels(cls, pixels: np.ndarray, name: str) -> TextureSource:
        """A texture made of pixels (RGB uint8), e.g. a patch of another image, kept as a PNG named `name`."""
        ok, encoded = cv2.imencode(".png", cv2.cvtColor(np.ascontiguousarray(pixels), cv2.COLOR_RGB2BGR))
        if not ok:
            raise EditError("the texture's pixels could not be encoded")
        return cls("file", path=name, data=encoded.tobytes())

    def describe(self) -> str:
        """A short phrase for the Edits panel: 'gravel', 'a patch of the image', 'file bark.jpg'."""
        if self.kind == "library":
            return self.name
        if self.kind == "patch":
            x0, y0, x1, y1 = self.box  # type: ignore[misc]  # a patch source always has its box
            return translate("Edits", "patch at ({x:.0f} %, {y:.0f} %)").format(x=100 * x0, y=100 * y0)
        return translate("Edits", "file {name}").format(name=Path(self.path).name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (only the fields its kind uses; a file's bytes embedded as base64, its name without
        the folder it came from)."""
        if self.kind == "library":
            return {"kind": "library", "name": self.name}
        if self.kind == "patch":
            return {"kind": "patch", "box": list(self.box)}  # type: ignore[arg-type]  # a patch source always has its box
        return {"kind": "file", "path": Path(self.path).name, "data": base64.b64encode(self.data).decode("ascii")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextureSource:
        """The source written by `to_dict` (a file without embedded data, as older files have, is read from its
        path)."""
        box = data.get("box")
        embedded = data.get("data") or ""
        try:
            content = base64.b64decode(embedded, validate=True) if embedded else b""
        except (ValueError, TypeError) as err:
            raise EditError("the texture embedded in the file is damaged (it is not base64)") from err
        kind, name, path = str(data.get("kind", "")), str(data.get("name", "")), str(data.get("path", ""))
        return cls(kind, name, tuple(box) if box else None, path, content)


def _file_bytes(path: str | os.PathLike[str]) -> bytes:
    """A texture file's bytes to keep with its source: the file itself, or, when it is larger than
    EMBED_MAX_BYTES, a PNG of the pixels a texture uses (scaled down to TEXTURE_MAX_SIDE), so both give the same."""
    file = Path(path)
    if not file.exists():
        raise EditError(f"The texture file {file.name!r} was not found (looked in {str(file.parent)!r}).")
    try:
        data = read_image_file(file)
        if len(data) <= EMBED_MAX_BYTES:
            _decode_texture(data, file.name)  # refuse what is not an image now, not at the first render
            return data
        pixels = _downscaled_texture(decode_image(data, file.name))
    except ImageLoadError as err:
        raise EditError(f"The texture could not be loaded: {err}") from err
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR))
    if not ok:
        raise EditError(f"The texture {file.name!r} could not be kept (encoding failed).")
    return encoded.tobytes()


def _downscaled_texture(pixels: np.ndarray) -> np.ndarray:
    """The pixels with their long side at most TEXTURE_MAX_SIDE."""
    longest = max(pixels.shape[:2])
    if longest <= TEXTURE_MAX_SIDE:
        return pixels
    factor = TEXTURE_MAX_SIDE / longest
    size = (max(1, round(pixels.shape[1] * factor)), max(1, round(pixels.shape[0] * factor)))
    return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)


@lru_cache(maxsize=32)
def _decode_texture(data: bytes, name: str) -> np.ndarray:
    """An image file's bytes as texture pixels, read-only, scaled down to TEXTURE_MAX_SIDE (cached)."""
    try:
        pixels = _downscaled_texture(decode_image(data, name))
    except ImageLoadError as err:
        raise EditError(f"The texture could not be loaded: {err}") from err
    pixels.setflags(write=False)
    return pixels


@lru_cache(maxsize=32)
def _read_texture(path: str, modified_ns: int, size: int) -> np.ndarray:
    """A texture file's pixels, read-only, scaled down to TEXTURE_MAX_SIDE (cached by path, time and size)."""
    try:
        data = read_image_file(path)
    except ImageLoadError as err:
        raise EditError(f"The texture could not be loaded: {err}") from err
    return _decode_texture(data, Path(path).name)


def _load_file(path: str | os.PathLike[str]) -> np.ndarray:
    file = Path(path)
    try:
        status = file.stat()
    except FileNotFoundError as err:
        raise EditError(f"The texture file {file.name!r} was not found (looked in {str(file.parent)!r}).") from err
    except OSError as err:
        raise EditError(f"The texture file {file.name!r} could not be read ({err.strerror or err}).") from err
    return _read_texture(str(file), status.st_mtime_ns, status.st_size)


def load_texture(source: TextureSource | str | os.PathLike[str], image: np.ndarray | None = None) -> np.ndarray:
    """A texture's pixels (HxWx3 uint8, read-only): a library name, a file path, or a TextureSource; a patch
    source is cut from `image`. Files are cached; EditError with a clear message when one cannot be used."""
    if isinstance(source, TextureSource):
        if source.kind == "library":
            return _load_file(library_texture(source.name).path)
        if source.kind == "file":
            return _decode_texture(source.data, Path(source.path).name)
        if image is None:
            raise EditError("a patch texture needs the image it is cut from")
        height, width = image.shape[:2]
        if source.box is None:
            raise EditError("a patch texture needs its box")
        return image[FracBox(*source.box).to_pixels((height, width)).slices()]
    if isinstance(source, str) and any(info.name == source for info in _library()):
        return _load_file(library_texture(source).path)
    return _load_file(source)


def _check_scale(scale: float) -> None:
    if not (np.isfinite(scale) and MIN_SCALE <= scale <= MAX_SCALE):
        raise EditError(f"texture scale {scale} is not between {MIN_SCALE} and {MAX_SCALE} (tile width / image width)")


def make_seamless(texture: np.ndarray) -> np.ndarray:
    """The texture cross-faded with a copy of itself shifted by half its size, so that its right edge runs on into
    its left edge and its bottom into its top: copies laid side by side meet without a seam. The middle two
    thirds (in both directions) stay the original pixels."""
    height, width = texture.shape[:2]
    if height < 2 or width < 2:
        return np.ascontiguousarray(texture)
    shifted = np.roll(texture, (height // 2, width // 2), axis=(0, 1))
    across = np.sin(np.pi * (np.arange(width) + 0.5) / width)
    down = np.sin(np.pi * (np.arange(height) + 0.5) / height)
    weight = np.clip(2 * np.minimum.outer(down, across), 0, 1).astype(np.float32)  # 1 in the middle, 0 at edges
    weight3 = cv2.merge([weight, weight, weight])
    blended = texture.astype(np.float32) * weight3 + shifted.astype(np.float32) * (1 - weight3)
    return np.clip(blended + 0.5, 0, 255).astype(np.uint8)


def tile(texture: np.ndarray, height: int, width: int, scale: float = DEFAULT_SCALE) -> np.ndarray:
    """A height x width image covered with copies of the texture, each `scale` x the width wide (aspect kept),
    made seamless first (see `make_seamless`) so the copies meet without visible edges."""
    _check_scale(scale)
    tex_height, tex_width = texture.shape[:2]
    tile_width = max(1, round(scale * width))
    tile_height = max(1, round(tile_width * tex_height / tex_width))
    if (tile_width, tile_height) != (tex_width, tex_height):
        shrinking = tile_width < tex_width
        interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
        texture = cv2.resize(np.ascontiguousarray(texture), (tile_width, tile_height), interpolation=interpolation)
    block = make_seamless(texture)
    repeats = (-(-height // block.shape[0]), -(-width // block.shape[1]), 1)
    return np.ascontiguousarray(np.tile(block, repeats)[:height, :width])


def keep_shading(textured: np.ndarray, image: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The textured pixels brightened and darkened like the image's coarse shading inside the mask, so the
    object's form (light, shadow, contours) stays while its own fine texture goes.

    The shading is measured from the pixels inside the mask only (nothing from around it bleeds in), relative to
    their mean, with a floor (SHADING_FLOOR) added to both: a flat or black region (a silhouette) leaves the texture
    as it is instead of burning it."""
    height, width = image.shape[:2]
    luminance = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    # blur a small copy: the shading is coarse, and a wide blur at full size is slow
    factor = min(1.0, SHADING_WORK_SIDE / max(height, width))
    small_size = (max(1, round(width * factor)), max(1, round(height * factor)))
    small = cv2.resize(luminance, small_size, interpolation=cv2.INTER_AREA).astype(np.float32)
    weight = cv2.resize(mask.astype(np.float32), small_size, interpolation=cv2.INTER_AREA)
    sigma = max(1.0, SHADING_SIGMA * max(small_size))
    inside = cv2.GaussianBlur(small * weight, (0, 0), sigmaX=sigma)
    coverage = cv2.GaussianBlur(weight, (0, 0), sigmaX=sigma)
    small_shading = inside / np.maximum(coverage, 1e-3)  # the mean luminance of the masked pixels nearby
    shading = cv2.resize(small_shading, (width, height), interpolation=cv2.INTER_LINEAR)
    mean = float(luminance[mask].mean()) if mask.any() else 0.0
    ratio = np.clip((shading + SHADING_FLOOR) / (mean + SHADING_FLOOR), *SHADING_RANGE)
    return cv2.multiply(textured, cv2.merge([ratio, ratio, ratio]), dtype=cv2.CV_8U)


@register_edit
@dataclass(frozen=True)
class TextureFill:
    """Fill a region with a tiled texture; `blend` < 1 lets the image show through, `shading` keeps its light
    and shadow on the texture."""

    kind: ClassVar[str] = "texture-fill"
    region: Region
    source: TextureSource
    scale: float = DEFAULT_SCALE  # one tile's width as a fraction of the image's width
    blend: float = 1.0  # 1 replaces the region; 0 leaves it unchanged
    shading: bool = False
    area: str = "region"  # what the region is, for the Edits panel: rectangle, lasso, object, background

    def __post_init__(self) -> None:
        if not isinstance(self.region, Region):
            raise EditError(f"a texture fill needs a Region, not {type(self.region).__name__}")
        if not isinstance(self.source, TextureSource):
            raise EditError(f"a texture fill needs a TextureSource, not {type(self.source).__name__}")
        _check_scale(self.scale)
        if not (np.isfinite(self.blend) and 0.0 <= self.blend <= 1.0):
            raise EditError(f"blend {self.blend} is not between 0 (image) and 1 (texture)")
        if self.area not in AREAS:
            raise EditError(f"area must be one of {', '.join(AREAS)}, not {self.area!r}")
        object.__setattr__(self, "scale", float(self.scale))
        object.__setattr__(self, "blend", float(self.blend))
        object.__setattr__(self, "shading", bool(self.shading))

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The image with the region filled by the texture."""
        height, width = image.shape[:2]
        mask = self.region.mask(height, width)
        out = image.copy()
        if not mask.any():
            return out
        textured = tile(load_texture(self.source, image), height, width, self.scale)
        if self.shading:
            textured = keep_shading(textured, image, mask)
        if self.blend < 1.0:
            textured = cv2.addWeighted(textured, self.blend, image, 1.0 - self.blend, 0.0)
        np.copyto(out, textured, where=mask[:, :, None])
        return out

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        extras = "".join(
            [
                translate("Edits", ", {blend:.0f} % blend").format(blend=100 * self.blend) if self.blend < 1 else "",
                translate("Edits", ", shading kept") if self.shading else "",
            ]
        )
        text = translate("Edits", "Texture {texture} on the {area}, tile {width:.0f} % wide{extras}")
        area = translate("Edits", AREA_WORDS[self.area])
        return text.format(texture=self.source.describe(), area=area, width=100 * self.scale, extras=extras)


@register_edit
@dataclass(frozen=True)
class TextureOnly:
    """Only a texture: the source tiled over the whole frame, no shape left."""

    kind: ClassVar[str] = "texture-only"
    source: TextureSource
    scale: float = DEFAULT_SCALE

    def __post_init__(self) -> None:
        if not isinstance(self.source, TextureSource):
            raise EditError(f"texture only needs a TextureSource, not {type(self.source).__name__}")
        _check_scale(self.scale)
        object.__setattr__(self, "scale", float(self.scale))

    def apply(self, image: np.ndarray) -> np.ndarray:
        """The texture tiled over an image of the same size."""
        height, width = image.shape[:2]
        return tile(load_texture(self.source, image), height, width, self.scale)

    def describe(self) -> str:
        """A one-line summary for the Edits panel."""
        text = translate("Edits", "Texture only: {texture}, tile {width:.0f} % wide")
        return text.format(texture=self.source.describe(), width=100 * self.scale)


def cue_conflict(
    object_region: Region, source: TextureSource, scale: float = DEFAULT_SCALE, shading: bool = False
) -> TextureFill:
    """A cue-conflict edit: the object's shape entirely filled with another texture.

    No shading by default, as in the Texture tool: kept shading carries the object's own light, shadow and
    contours into the texture, so the shape would not be all that is left of it."""
    return TextureFill(replace(object_region, invert=False), source, scale, 1.0, shading, "object")


def model_scale(texture_width: float, image_shape: tuple[int, ...], spec: PreprocessSpec) -> float:
    """The tile width (fraction of the image's width) at which one texture pixel becomes about one pixel of the
    model's input, whatever the image's size: the scale a texture photographed for the model is meant to be seen at."""
    height, width = image_shape[:2]
    x0, _top, x1, _bottom = crop_box(height, width, spec)
    image_pixels_per_input_pixel = (x1 - x0) / spec.size
    scale = texture_width * image_pixels_per_input_pixel / width
    return float(min(MAX_SCALE, max(MIN_SCALE, scale)))


def natural_scale(source: TextureSource, image_shape: tuple[int, ...], spec: PreprocessSpec) -> float:
    """The tile width (fraction of the image's width) at which the model sees a texture at its own scale: a library
    or file texture one texture pixel per model-input pixel (model_scale), a patch of the image as large as it is."""
    height, width = image_shape[:2]
    if source.kind == "patch":  # the image's own pixels: as large, in model-input pixels, as they are in it
        left, _top, right, _bottom = crop_box(height, width, spec)
        patch = FracBox(*source.box).to_pixels((height, width))  # type: ignore[misc]
        texture_width = patch.width * spec.size / (right - left)
    else:
        texture_width = float(load_texture(source).shape[1])
    return model_scale(texture_width, image_shape, spec)
