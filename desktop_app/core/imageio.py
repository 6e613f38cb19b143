"""Safe image loading and saving: pixel limits before decoding, EXIF orientation, alpha, 16-bit, clear errors.

Everything that reads pixels from disk goes through this module; cv2.imread/imwrite are banned (they grey-fill
truncated JPEGs and fail on non-ASCII Windows paths). Files are read as bytes (only regular files of at most
MAX_FILE_BYTES, through core.safe_files) and decoded with cv2.imdecode after their header passed the checks: the
pixel limit, complete PNG chunks, TIFF tiles and strips of sane size. Memory budget: decoding an image of the
largest allowed size (100 megapixels) peaks below DECODE_BUDGET_BYTES: the file's bytes, the decoded array and
one 8-bit RGB output; conversions run in strips, and `max_side` shrinks at decode (JPEG) or right after it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import struct
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from desktop_app.core.safe_files import (
    FileRefused,
    SaveError,
    atomic_write,
    describe_size,
    display_name,
    open_regular_file,
    quoted,
    read_bounded,
)

logger = logging.getLogger(__name__)

DEFAULT_MAX_PIXELS: int = 100_000_000
MAX_PIXELS_ENV = "CLASSIFIER_EXPLORER_MAX_PIXELS"
MAX_FILE_BYTES = 256 * 2**20  # a 100-megapixel PNG is ~150-250 MB; anything bigger is refused unread
HEADER_BYTES = 256 * 2**10  # read first, so a bomb is refused before the rest of the file
DECODE_BUDGET_BYTES = 3 * 2**29  # 1.5 GB: the stated peak for decoding one image (tests/hostile measures it)
STRIP_PIXELS = 2**22  # conversions to 8-bit RGB work on strips of about this many pixels
MAX_TILE_BYTES = 64 * 2**20  # one TIFF tile or strip; OpenCV allocates a whole one up front
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".gif")
_SUPPORTED_NAMES = "JPEG, PNG, WebP, BMP, TIFF or GIF"


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

cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)  # our messages say what failed, not libtiff's

# --------------------------------------------------------------------------------------------- headers

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _tiff_tags(tiff: bytes | memoryview, wanted: set[int]) -> dict[int, int]:
    """Single SHORT/LONG values of the wanted tags in the first IFD of TIFF-structured bytes (TIFF file or EXIF)."""
    order = {b"II": "<", b"MM": ">"}.get(bytes(tiff[:2]))
    found: dict[int, int] = {}
    if order is None:
        return found
    try:
        (ifd,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, ifd)
        for entry in range(ifd + 2, ifd + 2 + 12 * count, 12):
            tag, kind, values = struct.unpack_from(order + "HHI", tiff, entry)
            if tag in wanted and kind in (3, 4) and values == 1:
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
        if start + length + 4 > len(data) or not kind.isalpha():  # chunk types are four ASCII letters
            return False
        if kind == b"IEND":
            return True
    return False


def _without_text_chunks(data: bytes) -> bytes:
    """A complete PNG without its text and colour-profile chunks: libpng inflates them (up to 8 MB each) and prints
    warnings on stderr about them, and the app uses neither."""
    skipped = {b"tEXt", b"zTXt", b"iTXt", b"iCCP"}
    chunks = []
    for chunk in _chunks(data, "png"):
        chunks.append(chunk)
        if chunk[0] == b"IEND":
            break
    if not any(kind in skipped for kind, _start, _length in chunks):
        return data
    kept = [data[start - 8 : start + length + 4] for kind, start, length in chunks if kind not in skipped]
    return data[:8] + b"".join(kept)


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


def _megapixels(pixels: int) -> str:
    if pixels < 100_000:
        return f"{pixels:,} pixels"
    return f"{pixels / 1e6:,.1f}".removesuffix(".0") + " megapixels"


def _strip_to_rgb8(img: np.ndarray) -> np.ndarray:
    """A strip of a decoded array (grey, BGR, BGRA; 8 or 16 bit) as 8-bit RGB, alpha composited onto white."""
    if img.dtype == np.uint16:
        img = cv2.convertScaleAbs(img, alpha=1 / 257)  # 65535 -> 255, rounded
    if img.ndim == 2 or img.shape[2] == 1:
        return cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    if img.shape[2] == 4:
        rgb = cv2.cvtColor(img, cv2.COLOR_BGRA2RGB)
        alpha = cv2.cvtColor(np.ascontiguousarray(img[..., 3]), cv2.COLOR_GRAY2RGB)
        # out = rgb * a + white * (1 - a), in 8-bit: rgb*a/255 + (255 - a)
        return cv2.add(cv2.multiply(rgb, alpha, scale=1 / 255), cv2.bitwise_not(alpha))
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def _to_rgb8(img: np.ndarray, name: str) -> np.ndarray:
    """Any decoded array (grey, BGR, BGRA; 8 or 16 bit) to 8-bit RGB, converted strip by strip so that a huge
    image never needs more than the decoded array plus its 8-bit RGB copy."""
    if img.dtype not in (np.uint8, np.uint16) or img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[2] > 4):
        raise ImageLoadError(
            f"{quoted(name)} stores its pixels as {img.dtype} numbers, which this app cannot show. "
            "Save it as an ordinary 8-bit JPEG or PNG first."
        )
    if img.dtype == np.uint8 and img.ndim == 3 and img.shape[2] == 3:
        return cv2.cvtColor(img, cv2.COLOR_BGR2RGB, dst=img)  # in place
    height, width = img.shape[:2]
    out = np.empty((height, width, 3), np.uint8)
    rows = max(1, STRIP_PIXELS // max(1, width))
    for top in range(0, height, rows):
        out[top : top + rows] = _strip_to_rgb8(img[top : top + rows])
    return out


def _tiff_problem(data: bytes) -> str | None:
    """Why a TIFF's first image would cost far more memory than its pixels (huge tiles or strips), or None."""
    tags = _tiff_tags(data, {256, 257, 258, 277, 278, 322, 323})
    width, height = tags.get(256, 0), tags.get(257, 0)
    samples = tags.get(277, 3)
    bits = tags.get(258, 16)  # several values (one per sample) are not read here: assume the widest usual
    if samples > 4 or bits > 64:
        return f"{samples} samples of {bits} bits per pixel"
    pixel_bytes = max(4, samples * max(1, -(-bits // 8)))  # OpenCV may read tiles as 32-bit RGBA
    if 322 in tags or 323 in tags:
        tile_width, tile_height = tags.get(322, 0), tags.get(323, 0)
        if tile_width * tile_height * pixel_bytes > max(MAX_TILE_BYTES, 4 * width * height * pixel_bytes):
            return f"tiles of {tile_width:,} × {tile_height:,} pixels in a {width:,} × {height:,} image"
    rows = min(tags.get(278, height), height)
    if rows * width * pixel_bytes > max(MAX_TILE_BYTES, width * height * pixel_bytes):
        return f"strips of {rows:,} rows"
    return None


def _check_header(data: bytes, name: str, limit: int, complete: bool) -> tuple[str, tuple[int, int]]:
    """(format, (width, height)) of image bytes that pass every check before decoding; ImageLoadError otherwise.
    With complete=False the bytes are only the start of the file: undecided checks pass."""
    unreadable = (
        f"{quoted(name)} is not an image this app can read (the file may be damaged or in an unsupported format)."
    )
    if len(data) == 0:
        raise ImageLoadError(f"{quoted(name)} is empty (0 bytes), so it contains no image.")
    try:
        found = _sniff(data)
    except (struct.error, IndexError):
        found = None
    if found is None and (complete or len(data) >= 64):
        raise ImageLoadError(f"{unreadable} It should be a {_SUPPORTED_NAMES} file.")
    fmt, size = found if found is not None else ("", None)
    if size is None:
        if complete:
            raise ImageLoadError(unreadable)
        return fmt, (0, 0)
    width, height = size
    if width <= 0 or height <= 0 or (complete and fmt == "png" and not _png_is_complete(data)):
        raise ImageLoadError(unreadable)
    if width * height > limit:
        raise ImageLoadError(
            f"{quoted(name)} is too large: {width:,} \u00d7 {height:,} pixels "
            f"({_megapixels(width * height)}; the limit is {_megapixels(limit)}). Make it smaller in an "
            f"image editor first (or raise the limit with the {MAX_PIXELS_ENV} setting)."
        )
    problem = _tiff_problem(data) if fmt == "tiff" else None
    if problem:
        raise ImageLoadError(f"{quoted(name)} cannot be opened safely: it declares {problem}.")
    return fmt, size


def _reduced_flag(fmt: str, size: tuple[int, int], max_side: int | None) -> int:
    """The imdecode flag: JPEGs much larger than max_side are decoded at 1/2, 1/4 or 1/8 size directly."""
    if fmt != "jpeg":
        return cv2.IMREAD_UNCHANGED
    if max_side:
        for factor, flag in ((8, cv2.IMREAD_REDUCED_COLOR_8), (4, cv2.IMREAD_REDUCED_COLOR_4)):
            if max(size) // factor >= max_side:
                return flag
        if max(size) // 2 >= max_side:
            return cv2.IMREAD_REDUCED_COLOR_2
    return cv2.IMREAD_COLOR  # OpenCV applies EXIF orientation and converts grey/CMYK here


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """libpng and libjpeg print their complaints about damaged files straight to file descriptor 2, past OpenCV's
    logging; while decoding, that descriptor points at the null device (our own message says what went wrong)."""
    with _STDERR_LOCK:
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError, AttributeError):
            yield
            return
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def fit_within(image: np.ndarray, max_side: int | None) -> np.ndarray:
    """The image scaled down (area interpolation, never up) so that its longer side is at most max_side."""
    height, width = image.shape[:2]
    if not max_side or max(height, width) <= max_side:
        return image
    scale = max_side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def decode_image(
    data: bytes, name: str = "image", max_pixels: int | None = None, max_side: int | None = None
) -> np.ndarray:
    """Decode image file bytes into an upright HxWx3 uint8 RGB array (its longer side at most max_side when given),
    or raise ImageLoadError."""
    limit = max_pixels_setting() if max_pixels is None else max_pixels
    if len(data) > MAX_FILE_BYTES:
        raise ImageLoadError(
            f"{quoted(name)} is too large to open ({describe_size(len(data))}; the limit is "
            f"{describe_size(MAX_FILE_BYTES)})."
        )
    fmt, size = _check_header(data, name, limit, complete=True)
    unreadable = (
        f"{quoted(name)} is not an image this app can read (the file may be damaged or in an unsupported format)."
    )
    buf = np.frombuffer(_without_text_chunks(data) if fmt == "png" else data, dtype=np.uint8)
    try:
        with _native_stderr_silenced():
            img = cv2.imdecode(buf, _reduced_flag(fmt, size, max_side))
        if img is not None:
            img = _to_rgb8(fit_within(img, max_side), name)
            if fmt in ("png", "webp"):  # UNCHANGED skips EXIF orientation (JPEG and TIFF are oriented anyway)
                img = _apply_orientation(img, _exif_orientation(data, fmt))
    except cv2.error as err:
        if "MAX_IMAGE" in str(err):
            raise ImageLoadError(f"{quoted(name)} is too large for this app to open.") from err
        raise ImageLoadError(unreadable) from err
    except MemoryError as err:
        raise ImageLoadError(f"{quoted(name)} could not be opened: not enough memory.") from err
    if img is None:
        raise ImageLoadError(unreadable)
    return np.ascontiguousarray(img)


def read_image_file(path: str | os.PathLike[str], max_pixels: int | None = None) -> bytes:
    """The bytes of an image file, after the checks that need no decoding (a regular file, within the size limit,
    a header of a supported format within the pixel limit); ImageLoadError otherwise."""
    limit = max_pixels_setting() if max_pixels is None else max_pixels
    name = display_name(path)
    try:
        with open_regular_file(path, MAX_FILE_BYTES, "an image file") as (stream, _size):
            head = stream.read(HEADER_BYTES)
            _check_header(head, name, limit, complete=False)
            return read_bounded(stream, MAX_FILE_BYTES, name, "an image file", prefix=head)
    except FileRefused as err:
        if err.reason == "not-found":
            file = Path(path)
            raise ImageLoadError(f"{quoted(name)} was not found in the folder {quoted(str(file.parent))}.") from err
        raise ImageLoadError(str(err)) from err
    except OSError as err:
        raise ImageLoadError(f"{quoted(name)} could not be read ({err.strerror or err}).") from err


def load_image(path: str | os.PathLike[str], max_pixels: int | None = None, max_side: int | None = None) -> np.ndarray:
    """Load an image file as an upright HxWx3 uint8 RGB array (longer side at most max_side when given), or raise
    ImageLoadError; only regular files are read, within MAX_FILE_BYTES and the pixel limit."""
    data = read_image_file(path, max_pixels)
    return decode_image(data, display_name(path), max_pixels, max_side)


# --------------------------------------------------------------------------------------------- saving


def save_image(path: str | os.PathLike[str], pixels: np.ndarray) -> None:
    """Save an HxWx3 uint8 RGB array as PNG or JPEG (by the file's extension), or an HxWx4 RGBA array as PNG,
    atomically; ImageSaveError says why it could not be saved (the previous file is then intact)."""
    file = Path(path)
    ext = file.suffix.lower()
    if ext not in (".png", ".jpg", ".jpeg"):
        raise ImageSaveError(f"Cannot save {quoted(file.name)}: the name must end in .png, .jpg or .jpeg.")
    channels = pixels.shape[2] if pixels.ndim == 3 else 0
    if pixels.dtype != np.uint8 or channels not in (3, 4) or (channels == 4 and ext != ".png"):
        raise ValueError(f"save_image needs HxWx3 (or, for PNG, HxWx4) uint8, got {pixels.dtype} {pixels.shape}")
    encoded = encode_image(pixels, ext)
    if encoded is None:
        raise ImageSaveError(f"Could not save {quoted(file.name)}: the image could not be encoded.")
    try:
        atomic_write(file, encoded)
    except SaveError as err:
        raise ImageSaveError(str(err)) from err


def encode_image(pixels: np.ndarray, ext: str, jpeg_quality: int = 95) -> bytes | None:
    """The bytes of an RGB (or, for PNG, RGBA) uint8 image as a ".png" or ".jpg" file; None if it cannot be
    encoded."""
    params = [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality] if ext != ".png" else []
    to_bgr = cv2.COLOR_RGB2BGR if pixels.shape[2] == 3 else cv2.COLOR_RGBA2BGRA
    try:
        ok, encoded = cv2.imencode(ext, cv2.cvtColor(pixels, to_bgr), params)
    except cv2.error:
        return None
    return encoded.tobytes() if ok else None
