"""Image loading and saving: every supported pixel format, EXIF orientation, and a corpus of bad files.

Every file is generated in tmp_path (cv2.imencode or bytes built by hand); nothing is downloaded or committed.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core import imageio
from desktop_app.core.imageio import (
    ImageLoadError,
    ImageSaveError,
    decode_image,
    image_size_from_header,
    load_image,
    max_pixels_setting,
    save_image,
)
from tests.fuzzing import crasher_kept, decodes_or_refuses, examples, fuzz

ROOT = Path(__file__).resolve().parents[2]
RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def quadrants(height: int = 32, width: int = 48) -> np.ndarray:
    """RGB test picture: red, green, blue and white quadrants (flat, so lossy codecs keep them)."""
    img = np.empty((height, width, 3), np.uint8)
    h, w = height // 2, width // 2
    img[:h, :w], img[:h, w:], img[h:, :w], img[h:, w:] = RED, GREEN, BLUE, WHITE
    return img


def encode(ext: str, rgb: np.ndarray, params: tuple[int, ...] = ()) -> bytes:
    """File bytes for an RGB (or grey / 16-bit / 4-channel BGRA) array, through OpenCV's encoder."""
    if rgb.ndim == 3 and rgb.shape[2] == 3:
        rgb = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    ok, buf = cv2.imencode(ext, rgb, list(params))
    assert ok
    return buf.tobytes()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_rgb8(img: np.ndarray) -> None:
    assert img.dtype == np.uint8 and img.ndim == 3 and img.shape[2] == 3 and img.flags.c_contiguous


def close(a: np.ndarray, b: np.ndarray, tolerance: float = 4.0) -> bool:
    return a.shape == b.shape and float(np.abs(a.astype(int) - b.astype(int)).mean()) < tolerance


# ------------------------------------------------------------------------------------- hand-made files


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_by_hand(width: int, height: int, colour_type: int, rows: list[bytes], extra: bytes = b"") -> bytes:
    """An 8-bit PNG with the given colour type (3 palette, 4 grey+alpha, ...) and unfiltered rows."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    idat = zlib.compress(b"".join(b"\0" + row for row in rows))
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + extra + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def exif_block(orientation: int, byte_order: str = "<") -> bytes:
    """A minimal EXIF (TIFF-structured) block whose only tag is Orientation."""
    header = (b"II" if byte_order == "<" else b"MM") + struct.pack(byte_order + "HI", 42, 8)
    entry = struct.pack(byte_order + "HHIHH", 0x0112, 3, 1, orientation, 0)
    return header + struct.pack(byte_order + "H", 1) + entry + struct.pack(byte_order + "I", 0)


def with_exif(fmt: str, data: bytes, orientation: int, size: tuple[int, int]) -> bytes:
    """Insert an EXIF Orientation into a JPEG (APP1), PNG (eXIf) or WebP (VP8X + EXIF chunk) file."""
    if fmt == ".jpg":
        app1 = b"Exif\0\0" + exif_block(orientation, ">")
        return data[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + data[2:]
    if fmt == ".png":  # right after the IHDR chunk (8 signature + 25 IHDR bytes)
        return data[:33] + png_chunk(b"eXIf", exif_block(orientation, ">")) + data[33:]

    def riff(kind: bytes, payload: bytes) -> bytes:
        return kind + struct.pack("<I", len(payload)) + payload + b"\0" * (len(payload) % 2)

    width, height = size
    vp8x = riff(b"VP8X", b"\x08\0\0\0" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"))
    body = b"WEBP" + vp8x + data[12:] + riff(b"EXIF", exif_block(orientation))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def cmyk_jpeg(cmyk: tuple[int, int, int, int]) -> bytes:
    """A flat 8x8 four-component (Adobe, inverted CMYK) baseline JPEG; OpenCV cannot write one."""
    out, acc, nbits = bytearray(), 0, 0

    def put(value: int, n: int) -> None:
        nonlocal acc, nbits
        acc, nbits = (acc << n) | value, nbits + n
        while nbits >= 8:
            nbits -= 8
            byte = (acc >> nbits) & 0xFF
            out.extend(b"\xff\x00" if byte == 0xFF else bytes([byte]))

    for value in cmyk:  # one block per component: DC only (quantiser 1), then end-of-block
        dc = 8 * (value - 128)
        size = abs(dc).bit_length()
        put(size, 4)  # our DC table: category c has the 4-bit code c
        if size:
            put(dc if dc > 0 else dc + (1 << size) - 1, size)
        put(0, 1)  # our AC table: end-of-block has the 1-bit code 0
    if nbits:
        put((1 << (8 - nbits)) - 1, 8 - nbits)

    def seg(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    huffman = b"\x00" + bytes([0, 0, 0, 12] + [0] * 12) + bytes(range(12)) + b"\x10" + bytes([1] + [0] * 15) + b"\0"
    components = b"".join(bytes([i, 0x11, 0]) for i in range(1, 5))
    return (
        b"\xff\xd8"
        + seg(0xEE, b"Adobe" + struct.pack(">HHHB", 100, 0, 0, 0))
        + seg(0xDB, b"\x00" + bytes([1] * 64))
        + seg(0xC0, struct.pack(">BHHB", 8, 8, 8, 4) + components)
        + seg(0xC4, huffman)
        + seg(0xDA, b"\x04" + b"".join(bytes([i, 0]) for i in range(1, 5)) + b"\x00\x3f\x00")
        + bytes(out)
        + b"\xff\xd9"
    )


def textured(ext: str) -> bytes:
    """A file with detail everywhere, so cutting it anywhere cuts through compressed data."""
    noise = np.random.default_rng(1).integers(0, 256, (240, 320, 3), dtype=np.uint8)
    return encode(ext, cv2.GaussianBlur(noise, (0, 0), 2))


def chunk_length_bomb() -> bytes:
    """A 100-byte PNG whose IDAT chunk claims to be 4 GB long: OpenCV 5 would allocate that up front."""
    data = bytearray(png_by_hand(4, 4, 2, [bytes(12)] * 4))
    data[33:37] = struct.pack(">I", 0xFFFF_FFF0)
    return bytes(data)


def tiff_by_hand(width: int, height: int, extra: dict[int, int], samples: int = 1, bits: int = 8) -> bytes:
    """An uncompressed little-endian TIFF with 4 KB of zero pixel data; `extra` adds LONG tags (e.g. 322/323 tile
    size, 278 rows per strip). Offsets tags (273 strips, 324 tiles) point at the data."""
    tags = {256: width, 257: height, 258: bits, 259: 1, 262: 1 if samples == 1 else 2, 277: samples, **extra}
    if 322 not in tags:
        tags.setdefault(273, 0)
        tags.setdefault(279, 4096)
    else:
        tags.setdefault(324, 0)
        tags.setdefault(325, 4096)
    data_offset = 8 + 2 + 12 * len(tags) + 4
    ifd = struct.pack("<H", len(tags))
    for tag in sorted(tags):
        value = data_offset if tag in (273, 324) else tags[tag]
        ifd += struct.pack("<HHII", tag, 4, 1, value)
    return b"II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + bytes(4096)


def halve(data: bytes) -> bytes:
    return data[: len(data) // 2]


def bomb_png(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose IHDR declares a huge image (a decompression bomb's header)."""
    return png_by_hand(width, height, 2, [b"\0\0\0"])


# ------------------------------------------------------------------------------------------ good files


@pytest.mark.parametrize(
    ("ext", "params", "exact"),
    [
        (".png", (), True),
        (".jpg", (cv2.IMWRITE_JPEG_QUALITY, 95), False),
        (".bmp", (), True),
        (".webp", (cv2.IMWRITE_WEBP_QUALITY, 101), True),  # 101 = lossless
        (".webp", (cv2.IMWRITE_WEBP_QUALITY, 90), False),
        (".tiff", (), True),
    ],
    ids=["png", "jpeg", "bmp", "webp-lossless", "webp-lossy", "tiff"],
)
def test_formats_load_as_rgb(tmp_path: Path, ext: str, params: tuple[int, ...], exact: bool) -> None:
    img = load_image(write(tmp_path, "picture" + ext, encode(ext, quadrants(), params)))
    assert_rgb8(img)
    assert np.array_equal(img, quadrants()) if exact else close(img, quadrants())
    assert tuple(img[2, 2]) == RED if exact else img[2, 2, 0] > 200  # red stays red: not BGR


def test_16_bit_png_is_scaled_not_truncated(tmp_path: Path) -> None:
    values = np.array([0, 1000, 32768, 40000, 65535], np.uint16)
    img = load_image(write(tmp_path, "deep.png", encode(".png", np.tile(values, (4, 1)))))
    assert_rgb8(img)
    # x / 257 rounded; truncating (x % 256) would give 0, 232, 0, 64, 255
    assert img[0, :, 0].tolist() == [0, 4, 128, 156, 255]


def test_rgba_png_is_composited_onto_white(tmp_path: Path) -> None:
    bgra = np.zeros((10, 30, 4), np.uint8)
    bgra[:, :10] = (255, 0, 0, 0)  # transparent, hiding pure blue
    bgra[:, 10:20] = (0, 255, 0, 255)  # opaque green
    bgra[:, 20:] = (0, 0, 0, 128)  # half-transparent black
    img = load_image(write(tmp_path, "sticker.png", encode(".png", bgra)))
    assert_rgb8(img)
    assert tuple(img[5, 5]) == WHITE
    assert tuple(img[5, 15]) == GREEN
    assert all(abs(int(v) - 127) <= 1 for v in img[5, 25])


def test_16_bit_rgba_png(tmp_path: Path) -> None:
    bgra = np.full((4, 4, 4), 65535, np.uint16)
    bgra[:, :2] = (0, 0, 65535, 0)  # transparent red → white
    bgra[:, 2:] = (0, 0, 65535, 65535)  # opaque red
    img = load_image(write(tmp_path, "deep_sticker.png", encode(".png", bgra)))
    assert tuple(img[0, 0]) == WHITE and tuple(img[0, 3]) == RED


def test_greyscale_and_one_bit_png(tmp_path: Path) -> None:
    grey = np.tile(np.arange(0, 256, 16, dtype=np.uint8), (4, 1))
    img = load_image(write(tmp_path, "grey.png", encode(".png", grey)))
    assert_rgb8(img)
    assert np.array_equal(img, np.dstack([grey] * 3))
    bits = ((grey > 100) * 255).astype(np.uint8)
    img = load_image(write(tmp_path, "bits.png", encode(".png", bits, (cv2.IMWRITE_PNG_BILEVEL, 1))))
    assert np.array_equal(img, np.dstack([bits] * 3))


def test_palette_png_with_transparency(tmp_path: Path) -> None:
    palette = png_chunk(b"PLTE", bytes([*RED, *GREEN])) + png_chunk(b"tRNS", bytes([255, 0]))
    data = png_by_hand(4, 2, 3, [bytes([0, 1, 0, 1])] * 2, palette)
    img = load_image(write(tmp_path, "palette.png", data))
    assert_rgb8(img)
    assert tuple(img[0, 0]) == RED and tuple(img[0, 1]) == WHITE  # index 1 is transparent green


def test_grey_alpha_png(tmp_path: Path) -> None:
    img = load_image(write(tmp_path, "ga.png", png_by_hand(2, 1, 4, [bytes([100, 255, 50, 0])])))
    assert img[0].tolist() == [[100] * 3, [255] * 3]


def test_cmyk_jpeg(tmp_path: Path) -> None:
    img = load_image(write(tmp_path, "print.jpg", cmyk_jpeg((255, 0, 0, 255))))  # inverted CMYK: red
    assert_rgb8(img)
    assert close(img, np.full((8, 8, 3), RED, np.uint8))


def test_non_ascii_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "Фото José"
    folder.mkdir()
    img = load_image(write(folder, "kätzchen_猫.png", encode(".png", quadrants())))
    assert np.array_equal(img, quadrants())


def oriented(img: np.ndarray, orientation: int) -> np.ndarray:
    """What a viewer shows for stored pixels with this EXIF Orientation (the EXIF 2.3 table)."""
    transforms: dict[int, Callable[[np.ndarray], np.ndarray]] = {
        1: lambda a: a,
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: a.swapaxes(0, 1),  # transpose
        6: lambda a: np.rot90(a, -1),  # rotate 90° clockwise
        7: lambda a: a.swapaxes(0, 1)[::-1, ::-1],  # transverse
        8: lambda a: np.rot90(a, 1),  # rotate 90° counter-clockwise
    }
    return np.ascontiguousarray(transforms[orientation](img))


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("ext", [".jpg", ".png", ".webp"])
def test_exif_orientation(tmp_path: Path, ext: str, orientation: int) -> None:
    stored = quadrants(32, 48)
    params = (cv2.IMWRITE_WEBP_QUALITY, 101) if ext == ".webp" else ()
    data = with_exif(ext, encode(ext, stored, params), orientation, (48, 32))
    img = load_image(write(tmp_path, "phone" + ext, data))
    assert_rgb8(img)
    assert img.shape == ((48, 32, 3) if orientation >= 5 else (32, 48, 3))
    assert close(img, oriented(stored, orientation))


def test_exif_orientation_on_rgba_png(tmp_path: Path) -> None:
    bgra = np.zeros((20, 40, 4), np.uint8)
    bgra[:10, :10] = (0, 0, 255, 255)  # opaque red top-left, the rest transparent
    data = with_exif(".png", encode(".png", bgra), 6, (40, 20))
    img = load_image(write(tmp_path, "rotated_sticker.png", data))
    assert img.shape == (40, 20, 3)
    assert tuple(img[2, 17]) == RED and tuple(img[2, 2]) == WHITE  # top-left went to top-right


@pytest.mark.parametrize("ext", [".gif", ".webp", ".png"])
def test_animation_gives_first_frame(tmp_path: Path, ext: str) -> None:
    if not hasattr(cv2, "imencodeanimation"):
        pytest.skip("this OpenCV cannot write animations (needs 4.11+)")
    animation = cv2.Animation()
    animation.frames = [np.full((20, 30, 3), bgr, np.uint8) for bgr in [(0, 0, 255), (0, 255, 0), (255, 0, 0)]]
    animation.durations = [100, 100, 100]
    ok, buf = cv2.imencodeanimation(ext, animation)
    if not ok:
        pytest.skip(f"this OpenCV build cannot write animated {ext}")
    img = load_image(write(tmp_path, "animated" + ext, np.asarray(buf, np.uint8).tobytes()))
    assert_rgb8(img)
    assert img.shape == (20, 30, 3)
    assert close(img, np.full((20, 30, 3), RED, np.uint8))  # first frame: red


def test_decode_image_from_bytes() -> None:
    assert np.array_equal(decode_image(encode(".png", quadrants()), "clipboard"), quadrants())
    with pytest.raises(ImageLoadError, match="clipboard"):
        decode_image(b"not an image", "clipboard")


@pytest.mark.parametrize("ext", [".png", ".jpg", ".gif", ".bmp", ".webp", ".tiff"])
def test_image_size_from_header(ext: str) -> None:
    if ext == ".gif" and not cv2.haveImageWriter(".gif"):
        pytest.skip("this OpenCV build cannot write GIF")
    data = encode(ext, quadrants(30, 70))
    assert image_size_from_header(data) == (70, 30)
    if ext != ".tiff":  # OpenCV writes the TIFF directory after the pixels
        assert image_size_from_header(data[:300]) == (70, 30)  # the header is enough


def test_image_size_from_header_special_cases() -> None:
    rotated_jpeg = with_exif(".jpg", encode(".jpg", quadrants(30, 70)), 6, (70, 30))
    assert image_size_from_header(rotated_jpeg) == (70, 30)  # the stored size, before orientation
    lossless_webp = encode(".webp", quadrants(30, 70), (cv2.IMWRITE_WEBP_QUALITY, 101))
    assert image_size_from_header(lossless_webp) == (70, 30)
    assert image_size_from_header(bomb_png(100_000, 100_000)) == (100_000, 100_000)
    for junk in (b"", b"\x89PNG", b"\xff\xd8\xff", b"BM", b"RIFF", b"hello world", bytes(100)):
        assert image_size_from_header(junk) is None


def test_max_pixels_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert int(os.environ["OPENCV_IO_MAX_IMAGE_PIXELS"]) >= imageio.DEFAULT_MAX_PIXELS  # backstop set at import
    monkeypatch.delenv("CLASSIFIER_EXPLORER_MAX_PIXELS", raising=False)
    assert max_pixels_setting() == imageio.DEFAULT_MAX_PIXELS == 100_000_000
    monkeypatch.setenv("CLASSIFIER_EXPLORER_MAX_PIXELS", "250_000_000")
    assert max_pixels_setting() == 250_000_000
    for bad in ("lots", "-5", "0"):
        monkeypatch.setenv("CLASSIFIER_EXPLORER_MAX_PIXELS", bad)
        assert max_pixels_setting() == imageio.DEFAULT_MAX_PIXELS


def test_pixel_limit_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "big.png", encode(".png", np.full((5000, 5000, 3), 90, np.uint8)))
    monkeypatch.setenv("CLASSIFIER_EXPLORER_MAX_PIXELS", "20000000")
    with pytest.raises(ImageLoadError, match="big.png"):
        load_image(path)  # 25 MP > 20 MP from the environment
    assert load_image(path, max_pixels=30_000_000).shape == (5000, 5000, 3)
    with pytest.raises(ImageLoadError, match=r"big\.png.*5,000 × 5,000 pixels.*limit is 1,000 pixels"):
        load_image(path, max_pixels=1000)


def test_100_megapixel_photo_loads_with_the_default_limit(tmp_path: Path) -> None:
    # Deliberately not marked slow: this is the size the app promises to open, so `make test` runs it.
    path = write(tmp_path, "huge.jpg", encode(".jpg", np.full((10_000, 10_000, 3), (30, 140, 200), np.uint8)))
    start = time.perf_counter()
    img = load_image(path)
    elapsed = time.perf_counter() - start
    try:
        assert img.shape == (10_000, 10_000, 3) and img.flags.c_contiguous
        assert close(img[5000:5008, 5000:5008], np.full((8, 8, 3), (30, 140, 200), np.uint8))
        assert elapsed < 15, f"100 MP JPEG took {elapsed:.1f} s"
    finally:
        del img


# ------------------------------------------------------------------------------------------- bad files


def _permission_denied(tmp_path: Path) -> Path:
    if os.name == "nt" or os.geteuid() == 0:
        pytest.skip("file permissions do not stop this user (root or Windows)")
    path = write(tmp_path, "secret.png", encode(".png", quadrants()))
    path.chmod(0)
    return path


def _oversized(tmp_path: Path) -> Path:
    path = tmp_path / "enormous.bmp"
    with path.open("wb") as f:
        f.truncate(600 * 2**20)  # sparse: no disk space used, never read
    return path


def _float_tiff(tmp_path: Path) -> Path:
    return write(tmp_path, "scientific.tiff", encode(".tiff", np.zeros((8, 8, 3), np.float32)))


def _ppm(tmp_path: Path) -> Path:  # OpenCV decodes PPM, but it is not on our list of formats
    return write(tmp_path, "old.ppm", b"P6\n2 2\n255\n" + bytes(12))


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda p: p / "missing_cat.jpg", "not found"),
    "directory": (lambda p: (p / "holiday_photos").mkdir() or p / "holiday_photos", "folder"),
    "empty": (lambda p: write(p, "empty.png", b""), "empty"),
    "random-bytes": (
        lambda p: write(p, "noise.jpg", np.random.default_rng(0).bytes(4096)),
        "not an image this app can read",
    ),
    "text": (
        lambda p: write(p, "notes.png", b"Dear diary, today I trained a cat classifier.\n" * 20),
        "not an image",
    ),
    "truncated-jpeg": (lambda p: write(p, "half.jpg", halve(textured(".jpg"))), "damaged"),
    "jpeg-without-end": (lambda p: write(p, "almost.jpg", textured(".jpg")[:-2]), "damaged"),
    "truncated-png": (lambda p: write(p, "half.png", halve(textured(".png"))), "damaged"),
    "png-without-end": (lambda p: write(p, "almost.png", textured(".png")[:-12]), "damaged"),
    "truncated-webp": (lambda p: write(p, "half.webp", halve(textured(".webp"))), "damaged"),
    "bomb": (lambda p: write(p, "bomb.png", bomb_png(100_000, 100_000)), "100,000 × 100,000 pixels"),
    "over-default-limit": (
        lambda p: write(p, "poster.png", bomb_png(12_000, 12_000)),
        "limit is 100 megapixels",
    ),
    "png-chunk-length-bomb": (lambda p: write(p, "sneaky.png", chunk_length_bomb()), "damaged"),
    "zero-size-header": (lambda p: write(p, "zero.png", bomb_png(0, 10)), "damaged"),
    "float-tiff": (_float_tiff, "float32"),
    "unsupported-format": (_ppm, "unsupported format"),
    "oversized-file": (_oversized, "the limit is 256 MB"),
    "permission-denied": (_permission_denied, "permission denied"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_raise_image_load_error(tmp_path: Path, case: str) -> None:
    make, expected = BAD_FILES[case]
    path = make(tmp_path)
    start = time.perf_counter()
    with pytest.raises(ImageLoadError) as caught:
        load_image(path)
    elapsed = time.perf_counter() - start
    message = str(caught.value)
    assert f"\u201c{path.name}\u201d" in message  # names the file, in words
    assert expected in message
    assert "Traceback" not in message and "cv2" not in message
    assert elapsed < 1.0, f"{case}: refused only after {elapsed:.2f} s"


def _fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "pipe.png")
    return tmp_path / "pipe.png"


def _device(name: str) -> Callable[[Path], Path]:
    def make(_tmp_path: Path) -> Path:
        if not os.path.exists(name):
            pytest.skip(f"no {name} here")
        return Path(name)

    return make


def _sparse_png(tmp_path: Path) -> Path:
    path = write(tmp_path, "huge.png", bomb_png(1000, 1000))
    with path.open("r+b") as f:
        f.truncate(511 * 2**20)
    return path


SPECIAL_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (_fifo, "is a pipe (FIFO), not an image file"),
    "dev-zero": (_device("/dev/zero"), "is a device"),
    "dev-urandom": (_device("/dev/urandom"), "is a device"),
    "sparse-511-mb-png": (_sparse_png, "the limit is 256 MB"),
    "tiff-tile-bomb": (
        lambda p: write(p, "tiles.tif", tiff_by_hand(64, 64, {322: 16384, 323: 16384})),
        "declares tiles of 16,384 × 16,384 pixels in a 64 × 64 image",
    ),
    "tiff-sample-bomb": (
        lambda p: write(p, "samples.tif", tiff_by_hand(64, 64, {}, samples=200)),
        "it declares 200 samples of 8 bits per pixel",
    ),
}


@pytest.mark.parametrize("case", SPECIAL_FILES)
def test_special_files_and_bombs_are_refused_at_once(tmp_path: Path, case: str) -> None:
    make, expected = SPECIAL_FILES[case]
    path = make(tmp_path)
    with pytest.raises(ImageLoadError) as caught:
        load_image(path)
    assert expected in str(caught.value)


def test_a_small_tiled_tiff_still_loads(tmp_path: Path) -> None:
    img = load_image(write(tmp_path, "ok.tif", tiff_by_hand(64, 64, {322: 64, 323: 64})))
    assert img.shape == (64, 64, 3) and not img.any()


@pytest.mark.parametrize("ext", [".jpg", ".png"])
def test_max_side_shrinks_at_decode(tmp_path: Path, ext: str) -> None:
    path = write(tmp_path, f"big{ext}", encode(ext, quadrants(1200, 1600)))
    small = load_image(path, max_side=200)
    assert small.shape == (150, 200, 3)
    assert close(small, cv2.resize(quadrants(1200, 1600), (200, 150), interpolation=cv2.INTER_AREA), 6.0)
    assert load_image(path, max_side=5000).shape == (1200, 1600, 3)


def test_rgba_strips_match_a_whole_image_composite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    bgra = rng.integers(0, 256, (97, 61, 4), dtype=np.uint8)
    data = encode(".png", bgra)
    whole = decode_image(data)
    monkeypatch.setattr(imageio, "STRIP_PIXELS", 7 * 61)  # many strips, the last one short
    np.testing.assert_array_equal(decode_image(data), whole)
    alpha = bgra[..., 3:4].astype(np.float64) / 255
    expected = bgra[..., 2::-1] * alpha + 255 * (1 - alpha)
    assert np.abs(whole.astype(np.float64) - expected).max() <= 1.0


def test_permission_denied_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The chmod case above is skipped for root (as in many CI containers); this one always runs.
    path = write(tmp_path, "locked.png", encode(".png", quadrants()))

    def refuse(name: str, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ImageLoadError, match="“locked.png” could not be opened: permission denied"):
        load_image(path)


def test_bomb_is_refused_without_allocating() -> None:
    # A fresh interpreter, so that ru_maxrss (a high-water mark) is not hidden by earlier, bigger tests.
    script = textwrap.dedent(
        """
        import resource, time
        from desktop_app.core.imageio import ImageLoadError, decode_image
        from tests.core.test_imageio import bomb_png, chunk_length_bomb
        for data in (bomb_png(100_000, 100_000), chunk_length_bomb()):
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            try:
                decode_image(data, "bomb.png")
            except ImageLoadError:
                pass
            else:
                raise SystemExit("the bomb was decoded")
            elapsed = time.perf_counter() - start
            growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
            print(elapsed, growth_kib)
        """
    )
    pytest.importorskip("resource")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    for line in run.stdout.splitlines():
        elapsed, growth_kib = line.split()
        assert float(elapsed) < 1.0
        assert int(growth_kib) < 200 * 1024  # KiB on Linux


# ---------------------------------------------------------------------------------------------- saving


@pytest.mark.parametrize("name", ["round_trip.png", "round_trip.jpg", "Übung_猫.png", "Übung_猫.JPEG"])
def test_save_image_round_trip(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    save_image(path, quadrants())
    loaded = load_image(path)
    assert np.array_equal(loaded, quadrants()) if name.endswith(".png") else close(loaded, quadrants())
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left behind


def test_save_image_keeps_the_alpha_of_an_rgba_png(tmp_path: Path) -> None:
    alpha = np.zeros((32, 48), np.uint8)
    alpha[:, ::2] = 255
    rgba = np.dstack([quadrants(), alpha])
    save_image(tmp_path / "map.png", rgba)
    bgra = cv2.imdecode(np.frombuffer((tmp_path / "map.png").read_bytes(), np.uint8), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(cv2.cvtColor(bgra, cv2.COLOR_BGRA2RGBA), rgba)
    with pytest.raises(ValueError):
        save_image(tmp_path / "map.jpg", rgba)  # JPEG has no alpha


def test_save_image_errors(tmp_path: Path) -> None:
    with pytest.raises(ImageSaveError, match=r"“picture\.gif”.*\.png"):
        save_image(tmp_path / "picture.gif", quadrants())
    with pytest.raises(ImageSaveError, match="does not exist"):
        save_image(tmp_path / "no_such_folder" / "out.png", quadrants())
    with pytest.raises(ValueError):
        save_image(tmp_path / "float.png", quadrants().astype(np.float32))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------- fuzzing

FUZZ_SEEDS = {ext: encode(ext, quadrants(24, 32)) for ext in (".png", ".jpg", ".bmp", ".webp", ".tiff")}
FUZZ_SEEDS[".gif"] = encode(".gif", quadrants(24, 32)) if cv2.haveImageWriter(".gif") else FUZZ_SEEDS[".png"]


@fuzz
@settings(max_examples=examples(300))
@given(st.binary(max_size=4096))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    with crasher_kept("images", "arbitrary-bytes", data, ".bin"):
        decodes_or_refuses(data)


@fuzz
@settings(max_examples=examples(400))
@given(
    ext=st.sampled_from(sorted(FUZZ_SEEDS)),
    changes=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
    cut=st.none() | st.integers(0, 10_000),
)
def test_fuzz_damaged_files(ext: str, changes: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(FUZZ_SEEDS[ext])
    for position, value in changes:
        data[position % len(data)] = value
    damaged = bytes(data[:cut] if cut is not None else data)
    with crasher_kept("images", f"damaged{ext}", damaged, ext):
        decodes_or_refuses(damaged)
