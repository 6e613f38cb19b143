"""Safe image loading and saving: pixel limits before decoding, EXIF orientation, alpha, 16-bit, clear errors.

Everything that reads pixels from disk goes through this module; cv2.imread/imwrite are banned (they grey-fill
truncated JPEGs and fail on non-ASCII Windows paths). Files are read as bytes and decoded with cv2.imdecode.
"""

from __future__ import annotations

import logging
import os
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

DEFAULT_MAX_PIXELS: int = 100_000_000
MAX_PIXELS_ENV = "CLASSIFIER_EXPLORER_MAX_PIXELS"
MAX_FILE_BYTES = 512 * 2**20
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif")
_SUPPORTED_NAMES = "JPEG, PNG, WebP, BMP, TIFF and GIF"


class ImageLoadError(Exception):
    """An image could not be loaded; str(err) is a message a student understands."""


class ImageSaveError(Exception):
    """An image could not be saved; str(err) is a message a student understands."""


def max_pixels_setting() -> int:
    """The largest pixel count an image may have: CLASSIFIER_EXPLORER_MAX_PIXELS, else DEFAULT_MAX_PIXELS."""
    raw = os.environ.get(MAX_PIXELS_ENV, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value > 0:
            return value
        logger.warning("Ignoring %s=%r: not a positive whole number", MAX_PIXELS_ENV, raw)
    return DEFAULT_MAX_PIXELS


# Backstop for anything the header check below misses. OpenCV reads it once, when cv2 is first imported.
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(max(max_pixels_setting(), DEFAULT_MAX_PIXELS)))
import cv2  # noqa: E402

from desktop_app.core.export import write_atomically  # noqa: E402

# --------------------------------------------------------------------------------------------- headers

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _tiff_tags(tiff: bytes | memoryview, wanted: set[int]) -> dict[int, int]:
    """SHORT/LONG values of the wanted tags in the first IFD of TIFF-structured bytes (TIFF file or EXIF)."""
    order = {b"II": "<", b"MM": ">"}.get(bytes(tiff[:2]))
    found: dict[int, int] = {}
    if order is None:
        return found
    try:
        (ifd,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, ifd)
        for entry in range(ifd + 2, ifd + 2 + 12 * count, 12):
            tag, kind = struct.unpack_from(order + "HH", tiff, entry)
            if tag in wanted and kind in (3, 4):
                (found[tag],) = struct.unpack_from(order + ("H" if kind == 3 else "I"), tiff, entry + 8)
    except struct.error:
        pass
    return found


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
        elif marker in _JPEG_SOF:
            height, width = struct.unpack_from(">HH", data, pos + 5)
            return width, height
        elif marker in (0xDA, 0xD9):  # start of scan / end of image before any frame header
            return None
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
        else:
            pos += 2 + struct.unpack_from(">H", data, pos + 2)[0]
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack_from("<HH", data, 26)
        return width & 0x3FFF, height & 0x3FFF
    return None


def _sniff(data: bytes) -> tuple[str, tuple[int, int] | None] | None:
    """(format, (width, height) or None) for the supported formats, else None."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png", (struct.unpack_from(">II", data, 16) if data[12:16] == b"IHDR" else None)
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg", _jpeg_size(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif", struct.unpack_from("<HH", data, 6)
    if data[:2] == b"BM":
        if struct.unpack_from("<I", data, 14)[0] == 12:  # OS/2 header: 16-bit sizes
            return "bmp", struct.unpack_from("<HH", data, 18)
        width, height = struct.unpack_from("<ii", data, 18)
        return "bmp", (abs(width), abs(height))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", _webp_size(data)
    if data[:4] in (b"II*\0", b"MM\0*"):
        tags = _tiff_tags(data, {256, 257})
        return "tiff", ((tags[256], tags[257]) if len(tags) == 2 else None)
    return None


def image_size_from_header(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG/JPEG/GIF/BMP/WebP/TIFF image read from its header, or None if unknown."""
    try:
        found = _sniff(data)
    except (struct.error, IndexError):
        return None
    return None if found is None else found[1]


# --------------------------------------------------------------------------------------------- orientation


def _chunks(data: bytes, fmt: str) -> Iterator[tuple[bytes, int, int]]:
    """(kind, payload offset, payload length) of each PNG or WebP (RIFF) chunk, in file order."""
    pos = 8 if fmt == "png" else 12
    while pos + 8 <= len(data):
        if fmt == "png":
            length, kind = struct.unpack_from(">I4s", data, pos)
            step = 12 + length  # length, type, payload, CRC
        else:
            kind, length = struct.unpack_from("<4sI", data, pos)
            step = 8 + length + (length & 1)  # RIFF payloads are padded to an even size
        yield kind, pos + 8, length
        pos += step


def _png_is_complete(data: bytes) -> bool:
    """Every chunk lies inside the file, up to IEND (OpenCV 5 allocates a chunk's declared size up front)."""
    for kind, start, length in _chunks(data, "png"):
        if start + length + 4 > len(data):
            return False
        if kind == b"IEND":
            return True
    return False


def _exif_orientation(data: bytes, fmt: str) -> int:
    """EXIF Orientation (1-8) from a PNG eXIf or WebP EXIF chunk; 1 when there is none."""
    for kind, start, length in _chunks(data, fmt):
        if kind in (b"eXIf", b"EXIF"):
            exif = memoryview(data)[start : start + length]
            if exif[:6].tobytes() == b"Exif\0\0":
                exif = exif[6:]
            return _tiff_tags(exif, {0x0112}).get(0x0112, 1)
    return 1


def _apply_orientation(img: np.ndarray, orientation: int) -> np.ndarray:
    """Turn stored pixels into the upright view, with the same transforms OpenCV uses for JPEG."""
    if orientation in (5, 6, 7, 8):
        img = cv2.transpose(img)
    flip = {2: 1, 3: -1, 4: 0, 6: 1, 7: -1, 8: 0}.get(orientation)
    return img if flip is None else cv2.flip(img, flip)


# --------------------------------------------------------------------------------------------- loading


def _quoted(name: str) -> str:
    return f"\u201c{name}\u201d"


def _megapixels(pixels: int) -> str:
    if pixels < 100_000:
        return f"{pixels:,} pixels"
    return f"{pixels / 1e6:,.1f}".removesuffix(".0") + " megapixels"


def _file_too_large(name: str, size: int) -> str:
    limit = MAX_FILE_BYTES // 2**20
    return f"{_quoted(name)} is too large to open ({size / 2**20:,.0f} MB; the limit is {limit} MB)."


def _to_rgb8(img: np.ndarray, name: str) -> np.ndarray:
    """Any decoded array (grey, BGR, BGRA; 8 or 16 bit) to 8-bit RGB, alpha composited onto white."""
    if img.dtype == np.uint16:
        img = cv2.convertScaleAbs(img, alpha=1 / 257)  # 65535 -> 255, rounded
    elif img.dtype != np.uint8:
        raise ImageLoadError(
            f"{_quoted(name)} stores its pixels as {img.dtype} numbers, which this app cannot show. "
            "Save it as an ordinary 8-bit JPEG or PNG first."
        )
    if img.ndim == 2 or img.shape[2] == 1:
        return cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    if img.shape[2] == 4:
        rgb = cv2.cvtColor(img, cv2.COLOR_BGRA2RGB)
        alpha = cv2.cvtColor(np.ascontiguousarray(img[..., 3]), cv2.COLOR_GRAY2RGB)
        # out = rgb * a + white * (1 - a), in 8-bit: rgb*a/255 + (255 - a)
        return cv2.add(cv2.multiply(rgb, alpha, scale=1 / 255), cv2.bitwise_not(alpha))
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def decode_image(data: bytes, name: str = "image", max_pixels: int | None = None) -> np.ndarray:
    """Decode image file bytes into an upright HxWx3 uint8 RGB array, or raise ImageLoadError."""
    limit = max_pixels_setting() if max_pixels is None else max_pixels
    unreadable = (
        f"{_quoted(name)} is not an image this app can read (the file may be damaged or in an unsupported format)."
    )
    if len(data) == 0:
        raise ImageLoadError(f"{_quoted(name)} is empty (0 bytes), so it contains no image.")
    if len(data) > MAX_FILE_BYTES:
        raise ImageLoadError(_file_too_large(name, len(data)))
    try:
        found = _sniff(data)
    except (struct.error, IndexError):
        found = None
    if found is None:
        raise ImageLoadError(f"{unreadable} It should be a {_SUPPORTED_NAMES} file.")
    fmt, size = found
    if size is None or size[0] <= 0 or size[1] <= 0 or (fmt == "png" and not _png_is_complete(data)):
        raise ImageLoadError(unreadable)
    width, height = size
    if width * height > limit:
        raise ImageLoadError(
            f"{_quoted(name)} is too large: {width:,} \u00d7 {height:,} pixels "
            f"({_megapixels(width * height)}; the limit is {_megapixels(limit)}). Make it smaller in an "
            f"image editor first (or raise the limit with the {MAX_PIXELS_ENV} setting)."
        )
    buf = np.frombuffer(data, dtype=np.uint8)
    try:
        if fmt == "jpeg":  # OpenCV applies EXIF orientation and converts grey/CMYK here
            img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
            if img is not None:
                img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        else:  # UNCHANGED keeps alpha and 16-bit, but skips EXIF orientation (TIFF is oriented anyway)
            img = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
            if img is not None:
                img = _to_rgb8(img, name)
                if fmt in ("png", "webp"):
                    img = _apply_orientation(img, _exif_orientation(data, fmt))
    except cv2.error as err:
        if "MAX_IMAGE" in str(err):
            raise ImageLoadError(f"{_quoted(name)} is too large for this app to open.") from err
        raise ImageLoadError(unreadable) from err
    except MemoryError as err:
        raise ImageLoadError(f"{_quoted(name)} could not be opened: not enough memory.") from err
    if img is None:
        raise ImageLoadError(unreadable)
    return np.ascontiguousarray(img)


def read_image_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an image file (size-limited, not decoded), or ImageLoadError saying why they cannot be read."""
    file = Path(path)
    name = _quoted(file.name or str(file))
    try:
        if file.is_dir():
            raise ImageLoadError(f"{name} is a folder, not an image file.")
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImageLoadError(_file_too_large(file.name, size))
        return file.read_bytes()
    except FileNotFoundError as err:
        raise ImageLoadError(f"{name} was not found in the folder {_quoted(str(file.parent))}.") from err
    except PermissionError as err:
        raise ImageLoadError(f"{name} could not be opened: permission denied.") from err
    except OSError as err:
        raise ImageLoadError(f"{name} could not be read ({err.strerror or err}).") from err


def load_image(path: str | os.PathLike[str], max_pixels: int | None = None) -> np.ndarray:
    """Load an image file as an upright HxWx3 uint8 RGB array, or raise ImageLoadError."""
    file = Path(path)
    return decode_image(read_image_file(file), file.name or str(file), max_pixels)


# --------------------------------------------------------------------------------------------- saving


def save_image(path: str | os.PathLike[str], pixels: np.ndarray) -> None:
    """Save an HxWx3 uint8 RGB array as PNG or JPEG (by the file's extension), or an HxWx4 RGBA array as PNG;
    ImageSaveError says why it could not be saved. A failed save never leaves half a file."""
    file = Path(path)
    ext = file.suffix.lower()
    if ext not in (".png", ".jpg", ".jpeg"):
        raise ImageSaveError(f"Cannot save {_quoted(file.name)}: the name must end in .png, .jpg or .jpeg.")
    channels = pixels.shape[2] if pixels.ndim == 3 else 0
    if pixels.dtype != np.uint8 or channels not in (3, 4) or (channels == 4 and ext != ".png"):
        raise ValueError(f"save_image needs HxWx3 (or, for PNG, HxWx4) uint8, got {pixels.dtype} {pixels.shape}")
    params = [cv2.IMWRITE_JPEG_QUALITY, 95] if ext != ".png" else []
    to_bgr = cv2.COLOR_RGB2BGR if channels == 3 else cv2.COLOR_RGBA2BGRA
    try:
        ok, encoded = cv2.imencode(ext, cv2.cvtColor(pixels, to_bgr), params)
    except cv2.error as err:
        raise ImageSaveError(f"Could not save {_quoted(file.name)}: the image could not be encoded.") from err
    if not ok:
        raise ImageSaveError(f"Could not save {_quoted(file.name)}: the image could not be encoded.")
    try:
        write_atomically(file, encoded.tobytes())
    except OSError as err:
        reason = "permission denied" if isinstance(err, PermissionError) else (err.strerror or str(err))
        if isinstance(err, FileNotFoundError):
            reason = f"the folder {_quoted(str(file.parent))} does not exist"
        raise ImageSaveError(f"Could not save {_quoted(file.name)}: {reason}.") from err
